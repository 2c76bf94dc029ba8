package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gongkai/metrics"
)

// dateFlag is a calendar date given as YYYY-MM-DD; its error is the
// user's reason in Chinese (flagError keeps it).
type dateFlag struct{ t *time.Time }

func (f dateFlag) String() string {
	if f.t == nil || f.t.IsZero() {
		return ""
	}
	return f.t.Format("2006-01-02")
}

func (f dateFlag) Set(s string) error {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("日期 %q 应写成 2024-12-31 这样的年-月-日", s)
	}
	*f.t = d
	return nil
}

// cmdDeadlines lists the applications still open on a day with their
// statutory reply deadlines (条例第三十三条, working days with 调休): the
// overdue, those due within metrics.WarnDays working days (预警), and those
// whose deadline the known calendar cannot give (issue 19).
func cmdDeadlines(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	asOf := metrics.ChinaDate(time.Now())
	c.Var(dateFlag{&asOf}, "as-of", "截至日期（默认今天）")
	unit := c.optionalUnitFlag()
	asJSON := c.jsonFlag()
	db, _, code := c.open(ctx, noArgs)
	if code >= 0 {
		return code
	}
	rep, err := metrics.DeadlinesReport(ctx, db, asOf, unit.id())
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *asJSON {
		writeJSON(stdout, rep)
		return exitOK
	}
	n := rep.Counts
	fmt.Fprintf(stdout, "截至 %s 尚未答复的依申请公开申请 %d 件：已逾期 %d 件，%d 个工作日内到期（预警）%d 件，%s %d 件\n",
		rep.AsOf, len(rep.Applications), n["overdue"], rep.WarnDays, n["due"], metrics.UnknownNote, n["unknown"])
	if len(rep.Applications) == 0 {
		return exitOK
	}
	fmt.Fprintln(stdout, "状态\t单位\t申请编号\t收到日期\t起算日期\t法定答复期限\t剩余工作日")
	for _, a := range rep.Applications {
		deadline := "—"
		if a.Deadline != nil {
			deadline = *a.Deadline
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.StateText, a.Unit, a.AppNo, a.Received, a.Start, deadline, a.LeftText)
	}
	return exitOK
}
