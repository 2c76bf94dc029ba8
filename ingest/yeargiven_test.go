package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"gongkai"
)

// TestYearGivenAgainstFile: a year given (the upload form's 年度, the
// CLI's) that both the file's words (title, sheet or file name) and its
// main dates contradict is refused, naming both years, and nothing is
// loaded: it would have replaced that year's ledger of the unit without a
// word. One witness alone does not refuse it.
func TestYearGivenAgainstFile(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	write := func(name, title, date string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		s := "\ufeff" + title + "申请编号,收到日期,申请人类型,申请方式,申请内容,答复日期,办理结果\n" +
			"Y-1," + date + "-03-05,自然人,网络,关于甲的申请," + date + "-03-10,予以公开\n" +
			"Y-2," + date + "-06-05,自然人,网络,关于乙的申请," + date + "-06-10,予以公开\n"
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := e.snapshot()
	for _, c := range []struct {
		path string
		want string
	}{
		{write("a.csv", "平安县财政局2024年依申请公开台账\n", "2024"),
			"指定的年度 2022 年与文件不符：表格标题写的是 2024 年，“收到日期”也大多在 2024 年。文件未导入，数据未作任何改动；请核对年度后重新上传"},
		{write("平安县财政局2024年依申请公开台账.csv", "", "2024"),
			"指定的年度 2022 年与文件不符：文件名写的是 2024 年，“收到日期”也大多在 2024 年。文件未导入，数据未作任何改动；请核对年度后重新上传"},
		{write("b.csv", "平安县财政局2024年依申请公开台账\n", "2023"),
			"指定的年度 2022 年与文件不符：表格标题写的是 2024 年，“收到日期”大多在 2023 年。文件未导入，数据未作任何改动；请核对年度后重新上传"},
	} {
		r := e.one(c.path, Options{Unit: "财政局", Year: 2022})
		if r.Status != StatusRefused || r.Code != gongkai.EINVALID || r.Reason != c.want {
			t.Errorf("%s: %s %s %q", filepath.Base(c.path), r.Status, r.Code, r.Reason)
		}
	}
	e.unchangedSince(before)

	// One witness only: the title says 2024 but the dates agree with the
	// year given; the dates say 2024 but nothing else states a year.
	if r := e.loaded(write("c.csv", "平安县财政局2024年依申请公开台账\n", "2023"), Options{Unit: "财政局", Year: 2023}); r.Year != 2023 {
		t.Errorf("title only against: year %d", r.Year)
	}
	if r := e.loaded(write("d.csv", "平安县财政局依申请公开台账\n", "2024"), Options{Unit: "财政局", Year: 2021}); r.Year != 2021 {
		t.Errorf("dates only against: year %d", r.Year)
	}
	// The year the file states loads as before.
	if r := e.loaded(write("e.csv", "平安县财政局2024年依申请公开台账\n", "2024"), Options{Unit: "财政局", Year: 2024}); r.Year != 2024 {
		t.Errorf("agreeing: year %d", r.Year)
	}
}
