package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/metrics"
)

// cmdSchemeExport writes a YAML scheme as the workbook scheme load reads.
func cmdSchemeExport(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	in := c.String("in", "", "YAML 考核细则")
	out := c.String("out", "", "输出的 .xlsx（- 表示标准输出）")
	if _, code := c.parse(func([]string) bool { return *in != "" && *out != "" }); code >= 0 {
		return code
	}
	s, err := metrics.ParseSchemeFile(*in)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if err := saveArtifact(*out, "scheme.xlsx", stdout, func(p string) error { return metrics.WriteSchemeXLSX(s, p) }); err != nil {
		return fail(stderr, exitRefused, err)
	}
	fmt.Fprintf(messages(*out, stdout, stderr), "已写出 %s\n", *out)
	return exitOK
}

func cmdSchemeLoad(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	allow := c.Bool("allow-under-4pct", false, "政务公开权重低于 4% 时仍导入（所有报告将显示警告）")
	db, files, code := c.open(ctx, oneArg)
	if code >= 0 {
		return code
	}
	s, err := metrics.ParseSchemeFile(files[0])
	if err == nil {
		err = metrics.LoadScheme(ctx, db, s, files[0], metrics.LoadOptions{AllowUnder4Pct: *allow})
	}
	if err != nil {
		fmt.Fprintf(stdout, "%s：已拒收。%v\n", files[0], err)
		return exitRefused
	}
	fmt.Fprintf(stdout, "已导入 %d 年度考核细则“%s”：政务公开占综合考核 %.2f%%\n", s.Year, s.Name, s.DisclosureShare()*100)
	if s.DisclosureShare() < metrics.MinDisclosureShare {
		fmt.Fprintln(stdout, "  警告：政务公开分值权重低于 4%，不符合国家要求")
	}
	return exitOK
}

func cmdScore(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.optionalYearFlag("考核`年度`")
	years := c.String("years", "", "多个年度（逗号分隔），逐年计分并给出同比变化")
	group := c.String("group", "", "只看某个考核分组")
	asJSON := c.jsonFlag()
	asCSV := c.Bool("csv", false, "以 CSV 输出")
	noCompute := c.Bool("no-compute", false, "只读取已计算的结果，不重新计分")
	var ys []int
	db, _, code := c.open(ctx, func([]string) bool {
		var err error
		ys, err = yearList(*year, *years)
		return err == nil && !(*asJSON && *asCSV)
	})
	if code >= 0 {
		return code
	}
	var all []metrics.UnitScore
	for _, y := range ys {
		if !*noCompute {
			if err := metrics.Score(ctx, db, y); err != nil {
				return fail(stderr, exitRefused, err)
			}
		}
		res, err := metrics.Results(ctx, db, y, *group)
		if err != nil {
			return fail(stderr, exitRefused, err)
		}
		all = append(all, res...)
		// On stderr, so that --json and --csv stay machine-readable.
		n, err := metrics.UnknownRows(ctx, db, y)
		if err != nil {
			return fail(stderr, exitRefused, err)
		}
		if n > 0 {
			fmt.Fprintf(stderr, "警告：%d 年有 %d 条台账记录的期限超出已知节假日安排（%s 至 %s），%s，未计入得分；用 gongkai explain 查看是哪几条\n",
				y, n, metrics.CalendarStart.Format("2006-01-02"), metrics.CalendarEnd.Format("2006-01-02"), metrics.UnknownNote)
		}
	}
	switch {
	case *asJSON:
		writeJSON(stdout, orEmpty(all))
	case *asCSV:
		writeScoreCSV(stdout, all)
	default:
		printScores(stdout, all)
	}
	return exitOK
}

func yearList(year gongkai.Year, years string) ([]int, error) {
	var out []int
	if year != 0 {
		out = append(out, int(year))
	}
	for _, p := range strings.Split(years, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		y, err := gongkai.ParseYear(p)
		if err != nil {
			return nil, err
		}
		out = append(out, int(y))
	}
	if len(out) == 0 {
		return nil, errors.New("no year")
	}
	// Ascending, so year-over-year changes see the earlier year scored.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

func printScores(w io.Writer, all []metrics.UnitScore) {
	lastKey := ""
	for _, u := range all {
		key := fmt.Sprintf("%d %s", u.Year, u.Group)
		if key != lastKey {
			fmt.Fprintf(w, "\n%d年 %s\n名次\t单位\t得分(百分制)\t总分/满分\t等次\t综合考核折算分\t同比\n", u.Year, u.Group)
			lastKey = key
		}
		change := ""
		if u.ScoreDelta != nil {
			change = fmt.Sprintf("%+.2f分，名次%+d", *u.ScoreDelta, *u.RankDelta)
		}
		veto := ""
		if u.Vetoed {
			veto = "（一票否决）"
		}
		fmt.Fprintf(w, "%d\t%s\t%.2f\t%.2f/%.2f\t%s%s\t%.2f\t%s\n", u.Rank, u.Unit, u.Normalized, u.Total, u.Max, u.Grade, veto, u.OverallPoints, change)
	}
}

func writeScoreCSV(w io.Writer, all []metrics.UnitScore) {
	cw := csv.NewWriter(w)
	// score reads the draft, the live score tables: its last column says so
	// (issue 15: an export names the version it shows).
	header := []string{"年度", "考核分组", "名次", "单位", "得分", "总分", "满分", "加分", "等次", "一票否决", "综合考核折算分"}
	var ids []string
	if len(all) > 0 {
		for _, it := range all[0].Indicators {
			if it.Level == 1 {
				header = append(header, it.Name)
				ids = append(ids, it.ID)
			}
		}
	}
	cw.Write(append(header, "结果版本"))
	for _, u := range all {
		rec := []string{strconv.Itoa(u.Year), u.Group, strconv.Itoa(u.Rank), csvSafe(u.Unit), f2(u.Normalized), f2(u.Total), f2(u.Max), f2(u.Bonus), u.Grade, strconv.FormatBool(u.Vetoed), f2(u.OverallPoints)}
		byID := map[string]float64{}
		for _, it := range u.Indicators {
			byID[it.ID] = it.Points
		}
		for _, id := range ids {
			rec = append(rec, f2(byID[id]))
		}
		cw.Write(append(rec, metrics.Label(nil)))
	}
	cw.Flush()
}

// csvSafe neutralises a leading =, +, - or @ so a spreadsheet never runs a
// unit name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func f2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

func cmdExplain(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("考核`年度`")
	u := c.unitFlag()
	asJSON := c.jsonFlag()
	db, _, code := c.open(ctx, nil)
	if code >= 0 {
		return code
	}
	losses, err := metrics.Explain(ctx, db, int(*year), u.ID)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *asJSON {
		writeJSON(stdout, map[string]any{"unit": u.Name, "year": *year, "losses": orEmpty(losses)})
		return exitOK
	}
	fmt.Fprintf(stdout, "%s %d年失分明细\n", u.Name, *year)
	lost, bonus := metrics.Split(losses)
	if len(lost) == 0 {
		fmt.Fprintln(stdout, "  没有失分（或该年度尚未计分）")
	}
	printLosses(stdout, lost)
	if len(bonus) > 0 {
		fmt.Fprintln(stdout, "加分")
		printLosses(stdout, bonus)
	}
	return exitOK
}

// printLosses prints each item with its reason, the events that cost the
// points, then its ledger rows.
func printLosses(stdout io.Writer, losses []metrics.Loss) {
	for _, l := range losses {
		fmt.Fprintf(stdout, "【%s %s】%s\n", l.ID, l.Name, l.Reason)
		for _, e := range l.Events {
			fmt.Fprintf(stdout, "  · %s\n", e)
		}
		for _, r := range l.Rows {
			sheet := ""
			if r.Sheet != "" {
				sheet = " 工作表“" + r.Sheet + "”"
			}
			note := ""
			if r.Note != "" {
				note = "（" + r.Note + "）"
			}
			fmt.Fprintf(stdout, "    %s%s 第 %d 行：%s%s\n", r.File, sheet, r.Row, r.Label, note)
		}
	}
}

func cmdWeights(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("考核`年度`")
	asJSON := c.jsonFlag()
	db, _, code := c.open(ctx, nil)
	if code >= 0 {
		return code
	}
	ws, err := metrics.Weights(ctx, db, int(*year))
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if len(ws) == 0 {
		fmt.Fprintf(stderr, "gongkai: %d 年既没有综合考核权重表，也没有考核细则，无法检查政务公开的权重\n", *year)
		return exitRefused
	}
	if *asJSON {
		writeJSON(stdout, ws)
		return exitOK
	}
	bad := 0
	fmt.Fprintf(stdout, "%d年 政务公开在综合考核中的权重（不低于 4%%）\n单位\t综合考核总分\t政务公开分值\t占比\t结论\n", *year)
	for _, w := range ws {
		verdict := "达标"
		if !w.Compliant {
			verdict = fmt.Sprintf("不达标，差 %.2f 分", w.ShortfallPoints)
			bad++
		}
		fmt.Fprintf(stdout, "%s\t%g\t%g\t%.2f%%\t%s\n", w.UnitName, w.TotalPoints, w.DisclosurePoints, w.Share*100, verdict)
	}
	fmt.Fprintf(stdout, "共 %d 个单位，%d 个不达标\n", len(ws), bad)
	return exitOK
}
