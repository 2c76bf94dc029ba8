package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gongkai/reports"
)

// Commands of the standardized annual report (政府信息公开工作年度报告):
// annual-report derives it from the ledgers, check-report checks a filed
// one, compare-report sets a filed one against the ledgers.

func scopeText(rollup bool) string {
	if rollup {
		return "本单位及全部下级单位台账汇总"
	}
	return "仅本单位台账"
}

// reportFormat picks the output format: the flag, else the file extension.
func reportFormat(flag, out string) (string, bool) {
	f := strings.ToLower(strings.TrimSpace(flag))
	if f == "" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".json":
			f = "json"
		case ".html", ".htm":
			f = "html"
		default:
			f = "xlsx"
		}
	}
	switch f {
	case "xlsx", "html", "json":
		return f, true
	}
	return f, false
}

func cmdAnnualReport(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("报告`年度`")
	u := c.unitFlag()
	rollup := c.Bool("rollup", false, "汇总本单位及全部下级单位（单位名录“上级单位”）的台账；默认仅本单位台账")
	format := c.String("format", "", "输出格式 xlsx、html 或 json（默认按 --out 的扩展名，其他为 xlsx）")
	out := c.String("out", "", "输出文件（- 表示标准输出）")
	var f string
	db, _, code := c.open(ctx, func(pos []string) bool {
		if len(pos) != 0 || *out == "" {
			return false
		}
		var ok bool
		f, ok = reportFormat(*format, *out)
		return ok || c.bad("未知的输出格式 %q，应为 xlsx、html 或 json", *format)
	})
	if code >= 0 {
		return code
	}
	if code := needYearData(ctx, db, int(*year), stderr); code >= 0 {
		return code
	}
	d, err := reports.Derive(ctx, db, int(*year), u.ID, reports.DeriveOptions{Rollup: *rollup})
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if err := writeReport(d.Report, f, *out, stdout); err != nil {
		return fail(stderr, exitRefused, err)
	}
	msg := messages(*out, stdout, stderr)
	fmt.Fprintf(msg, "已生成%s（%s）：%s\n", reports.Title(d.Report), scopeText(*rollup), *out)
	for _, n := range d.Notes {
		fmt.Fprintf(msg, "  提示：%s\n", n)
	}
	// Derived reports are consistent by construction; say so loudly if not.
	for _, fd := range reports.Check(d.Report, nil) {
		fmt.Fprintf(msg, "  警告：推算结果未通过勾稽检查 [%s] %s\n", fd.Rule, fd.Message)
	}
	return exitOK
}

func writeReport(r *reports.Report, format, out string, stdout io.Writer) error {
	if format == "xlsx" {
		return saveArtifact(out, "report.xlsx", stdout, func(p string) error { return reports.SaveXLSX(p, r) })
	}
	var buf bytes.Buffer
	switch format {
	case "html":
		if err := reports.WriteHTML(&buf, r); err != nil {
			return err
		}
	default:
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		buf.Write(append(b, '\n'))
	}
	if toStdout(out) {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("写入文件%s失败: %w", out, err)
	}
	return nil
}

var severityText = map[string]string{reports.SeverityError: "错误", reports.SeverityWarning: "警告"}

func cmdCheckReport(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	prev := c.String("previous", "", "上一年度的年度报告（.docx/.pdf/.html/.xlsx/.json），用于核对跨年度结转、现行有效件数和与上年雷同的段落；只能与一个报告文件同用")
	text := c.textRulesFlags()
	asJSON := c.Bool("json", false, "以 JSON 输出（含读取到的报告内容 report）")
	pos, code := c.parse(func(pos []string) bool { return len(pos) > 0 && text.ok() })
	if code >= 0 {
		return code
	}
	rules := text.rules()
	files, err := reportFiles(pos)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *prev != "" && len(files) != 1 {
		fmt.Fprintln(stderr, "gongkai: --previous 只能与一个报告文件同用")
		return exitUsage
	}
	if len(files) == 1 {
		res, err := checkFile(ctx, files[0], *prev, rules)
		if err != nil {
			return fail(stderr, exitRefused, err)
		}
		if *asJSON {
			writeJSON(stdout, res)
		} else {
			printCheck(stdout, res)
		}
		if res.HasErrors() {
			return exitRefused
		}
		return exitOK
	}
	// Several reports (a folder of a county's pages): each is checked, one
	// that cannot be read does not stop the others, and the reports read
	// are then set against each other (rule SAME) before any is printed.
	code = exitOK
	results := []reports.CheckResult{}
	for _, f := range files {
		res, err := checkFile(ctx, f, "", rules)
		if errors.Is(err, errCancelled) {
			return fail(stderr, exitRefused, err)
		}
		if err != nil {
			fmt.Fprintf(stderr, "gongkai: %v\n", err)
			code = exitRefused
			continue
		}
		results = append(results, res)
	}
	reports.CheckAcross(results, rules)
	for _, res := range results {
		if res.HasErrors() {
			code = exitRefused
		}
		if !*asJSON {
			printCheck(stdout, res)
		}
	}
	if *asJSON {
		writeJSON(stdout, results)
	}
	return code
}

// reportExts are the files a folder given to check-report is searched for;
// a single file is read whatever its name, by content.
var reportExts = map[string]bool{".docx": true, ".pdf": true, ".html": true, ".htm": true, ".xlsx": true, ".json": true}

// reportFiles expands folders (not recursively: a saved page's "_files"
// folder holds no report) into their report files, in name order.
func reportFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a) // the reader names a missing file
			continue
		}
		ents, err := os.ReadDir(a)
		if err != nil {
			return nil, fmt.Errorf("读取文件夹%s失败: %w", a, err)
		}
		n := 0
		for _, e := range ents {
			if e.Type().IsRegular() && reportExts[strings.ToLower(filepath.Ext(e.Name()))] && !strings.HasPrefix(e.Name(), "~$") {
				out = append(out, filepath.Join(a, e.Name()))
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("文件夹%s中没有报告文件（.docx、.pdf、.html、.htm、.xlsx、.json）", a)
		}
	}
	return out, nil
}

// errCancelled: SIGTERM or Ctrl-C arrived before the command finished.
var errCancelled = errors.New("已取消（收到停止信号），检查未完成")

// checkFile runs reports.CheckFile, which takes no context, so that a stop
// signal ends the command at once instead of after the file is read; the
// abandoned read ends with the process.
func checkFile(ctx context.Context, path, prev string, rules reports.TextRules) (reports.CheckResult, error) {
	if ctx.Err() != nil {
		return reports.CheckResult{}, errCancelled
	}
	type result struct {
		res reports.CheckResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				// Off the command's goroutine guard does not see it.
				done <- result{err: fmt.Errorf("程序内部错误，检查未完成（技术细节：%v）。请把这条信息和所用的文件交给维护人员", v)}
			}
		}()
		res, err := reports.CheckFile(path, prev, rules)
		done <- result{res, err}
	}()
	select {
	case <-ctx.Done():
		return reports.CheckResult{}, errCancelled
	case r := <-done:
		return r.res, r.err
	}
}

func printCheck(w io.Writer, res reports.CheckResult) {
	errs, warns := 0, 0
	for _, f := range res.Findings {
		if f.Severity == reports.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	format := res.Format + "年格式"
	switch {
	case len(res.Findings) == 0:
		fmt.Fprintf(w, "%s（%d年度，%s）：勾稽关系全部一致，文字检查未发现问题\n", res.File, res.Year, format)
		return
	case errs == 0:
		fmt.Fprintf(w, "%s（%d年度，%s）：没有错误，%d 个警告\n", res.File, res.Year, format, warns)
	default:
		fmt.Fprintf(w, "%s（%d年度，%s）：发现 %d 个错误、%d 个警告\n", res.File, res.Year, format, errs, warns)
	}
	for _, f := range res.Findings {
		fmt.Fprintf(w, "  [%s %s] %s\n", severityText[f.Severity], f.Rule, f.Message)
		if len(f.Cells) > 0 {
			fmt.Fprintf(w, "      涉及：%s\n", strings.Join(f.Cells, "；"))
		}
	}
}

// compareResult is the JSON of compare-report.
type compareResult struct {
	File        string             `json:"file"`
	Unit        string             `json:"unit"`
	Year        int                `json:"year"`
	Rollup      bool               `json:"rollup"`
	Identical   bool               `json:"identical"`
	Cells       int                `json:"cells_compared"`
	Differences []reports.CellDiff `json:"differences"`
	Warnings    []string           `json:"warnings"`
	Notes       []reports.Note     `json:"notes"`
}

func cmdCompareReport(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("报告`年度`")
	u := c.unitFlag()
	rollup := c.Bool("rollup", false, "与本单位及全部下级单位台账的汇总对比；默认仅本单位台账")
	asJSON := c.jsonFlag()
	db, pos, code := c.open(ctx, oneArg)
	if code >= 0 {
		return code
	}
	filed, err := reports.ReadFile(pos[0])
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	d, err := reports.Derive(ctx, db, int(*year), u.ID, reports.DeriveOptions{Rollup: *rollup})
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	res := compareResult{File: filepath.Base(pos[0]), Unit: u.Name, Year: int(*year), Rollup: *rollup,
		Differences: reports.Compare(filed, d.Report), Warnings: []string{}, Notes: d.Notes}
	res.Identical = len(res.Differences) == 0
	res.Cells = len(reports.Table3Rows)*len(reports.Table3Cols) + 3*len(reports.Table4Cols)
	if reports.ComparableTable2(filed, d.Report) {
		res.Cells += len(reports.Table2Items)
	} else {
		res.Warnings = append(res.Warnings, "报送的报告为2019年试行格式，表二栏目不同，未对比表二")
	}
	if filed.Year != 0 && filed.Year != res.Year {
		res.Warnings = append(res.Warnings, fmt.Sprintf("报送的报告为%d年度，与 --year %d 不一致", filed.Year, *year))
	}
	if filed.Unit != "" {
		if fu, err := u.reg.Resolve(filed.Unit); err == nil && fu.ID != u.ID {
			res.Warnings = append(res.Warnings, fmt.Sprintf("报送的报告单位为“%s”，与 --unit 指定的“%s”不一致", fu.Name, u.Name))
		}
	}
	res.Differences = orEmpty(res.Differences)
	if *asJSON {
		writeJSON(stdout, res)
	} else {
		printCompare(stdout, res)
	}
	if !res.Identical {
		return exitRefused
	}
	return exitOK
}

func printCompare(w io.Writer, res compareResult) {
	fmt.Fprintf(w, "%s 与 %s %d年台账推算结果（%s）对比：\n", res.File, res.Unit, res.Year, scopeText(res.Rollup))
	if res.Identical {
		fmt.Fprintf(w, "  %d 个单元格全部一致\n", res.Cells)
	} else {
		fmt.Fprintf(w, "  %d 个单元格中有 %d 个不一致：\n", res.Cells, len(res.Differences))
		for _, d := range res.Differences {
			fmt.Fprintf(w, "  %s：报送 %s，台账推算 %s\n", d.Cell, reports.CellText(d.Filed), reports.CellText(d.Derived))
		}
	}
	for _, s := range res.Warnings {
		fmt.Fprintf(w, "  提示：%s\n", s)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "  提示：台账中有未计入推算的行：%s\n", n)
	}
}
