package main

import (
	"strings"
	"testing"
)

// gongkai declare records a 零报告 and takes it back; a county-wide kind, a
// second declaration and a withdrawal with none in force are refused.
func TestDeclare(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out, _ := c.want(0, "declare", "--db", c.db, "--unit", "财政局", "--kind", "appeals", "--year", "2024", "--note", "无案件")
	if !strings.Contains(out, "已声明：") || !strings.Contains(out, "2024 年度“行政复议、行政诉讼台账”本年度无此类事项") {
		t.Errorf("declare: %q", out)
	}
	if _, e := c.want(1, "declare", "--db", c.db, "--unit", "财政局", "--kind", "appeals", "--year", "2024"); !strings.Contains(e, "已于") {
		t.Errorf("declared twice: %q", e)
	}
	if _, e := c.want(1, "declare", "--db", c.db, "--unit", "财政局", "--kind", "tasks", "--year", "2024"); !strings.Contains(e, "是全县的台账") {
		t.Errorf("county-wide: %q", e)
	}
	c.want(2, "declare", "--db", c.db, "--unit", "财政局", "--kind", "nope", "--year", "2024")
	c.want(2, "declare", "--db", c.db, "--unit", "财政局", "--year", "2024")
	if out, _ := c.want(0, "declare", "--db", c.db, "--unit", "财政局", "--kind", "appeals", "--year", "2024", "--withdraw"); !strings.Contains(out, "已撤回：") {
		t.Errorf("withdraw: %q", out)
	}
	if _, e := c.want(1, "declare", "--db", c.db, "--unit", "财政局", "--kind", "appeals", "--year", "2024", "--withdraw"); !strings.Contains(e, "无需撤回") {
		t.Errorf("withdraw twice: %q", e)
	}
}
