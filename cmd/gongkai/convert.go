package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"gongkai/metrics"
)

// cmdConvert lists the matters many people asked for in the last years and
// whether each unit asked has since published them (依申请公开 → 主动公开
// 转化, issue 19): the 转化建议 first.
func cmdConvert(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("`年度`（统计截至该年）")
	unit := c.optionalUnitFlag()
	years := c.Int("years", 0, "统计近几年的申请（默认按该年度考核细则，未设时 3 年）")
	min := c.Int("min", 0, "同一事项至少被申请几次（默认按该年度考核细则，未设时 3 次）")
	asJSON := c.jsonFlag()
	db, _, code := c.open(ctx, noArgs)
	if code >= 0 {
		return code
	}
	o, err := metrics.ConvertOptionsFor(ctx, db, int(*year))
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *years != 0 {
		o.Years = *years
	}
	if *min != 0 {
		o.Min = *min
	}
	rep, err := metrics.ConvertReportOf(ctx, db, int(*year), o, unit.id())
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *asJSON {
		writeJSON(stdout, rep)
		return exitOK
	}
	fmt.Fprintf(stdout, "%d—%d 年被申请 %d 次以上的事项：%d 个（按单位计），已主动公开 %d 个，建议主动公开 %d 个\n",
		rep.From, rep.Year, rep.Min, rep.Topics, rep.Converted, rep.Suggested)
	if len(rep.Items) == 0 {
		return exitOK
	}
	fmt.Fprintln(stdout, "状态\t单位\t事项\t申请次数（本单位/全县）\t首次申请\t主动公开信息\t发布日期")
	for _, it := range rep.Items {
		title, pub := "—", "—"
		if it.Match != nil {
			title, pub = it.Match.Title, it.Match.Published
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", it.State, it.Unit, oneLine(it.Label), it.UnitAsked, it.Asked, it.First, title, pub)
	}
	return exitOK
}

// oneLine keeps a free text on its table row.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
