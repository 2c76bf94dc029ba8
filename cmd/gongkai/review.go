package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"gongkai/reports"
)

// review: a county's annual reports, as drafted or as published, checked
// together and listed in one workbook (问题清单).

// maxCharsFlag parses --max-chars 总体情况=1000,其他需要报告的事项=500.
type maxCharsFlag map[string]int

func (m maxCharsFlag) String() string { return "" }

func (m maxCharsFlag) Set(s string) error {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		k, v, ok := strings.Cut(part, "=")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !ok || err != nil || n <= 0 {
			return fmt.Errorf("“%s”应写成 部分名称=字数，如 总体情况=1000", part)
		}
		k = strings.TrimSpace(k)
		known := false
		for _, h := range reports.SectionHeadings {
			known = known || h.Label == k
		}
		if !known {
			return fmt.Errorf("没有名为“%s”的部分（可用：总体情况、存在的主要问题及改进情况、其他需要报告的事项）", k)
		}
		m[k] = n
	}
	return nil
}

// textRulesArg is what --max-chars and --copy-threshold set: the text
// rules check-report and review apply.
type textRulesArg struct {
	c         *cmdLine
	maxChars  maxCharsFlag
	threshold *float64
}

// textRulesFlags declares --max-chars and --copy-threshold.
func (c *cmdLine) textRulesFlags() *textRulesArg {
	t := &textRulesArg{c: c, maxChars: maxCharsFlag{}}
	c.Var(t.maxChars, "max-chars", "各部分的字数上限，如 总体情况=1000,其他需要报告的事项=500")
	t.threshold = c.Float64("copy-threshold", reports.DefaultCopyThreshold, "段落相似度达到多少（0–1）视为雷同")
	return t
}

// ok is for parse's check: a similarity threshold in (0, 1], else it says
// so (bad).
func (t *textRulesArg) ok() bool {
	return *t.threshold > 0 && *t.threshold <= 1 || t.c.bad("--copy-threshold 应在 0 到 1 之间")
}

func (t *textRulesArg) rules() reports.TextRules {
	return reports.TextRules{MaxChars: t.maxChars, CopyThreshold: *t.threshold}
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func cmdReview(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	out := c.String("out", "", "写出的问题清单（.xlsx）")
	dbPath := c.String("db", "", "数据库文件：按其中的单位名录对应报告的单位，并与已导入的台账推算结果逐格对比（可不用，则按报告标题中的单位名称，不对比）")
	var prev listFlag
	c.Var(&prev, "previous", "上一年度报告所在的文件夹或文件（可多次使用），按单位配对核对跨年度结转和雷同")
	text := c.textRulesFlags()
	pos, code := c.parse(func(pos []string) bool {
		return len(pos) > 0 && *out != "" && text.ok() &&
			(strings.ToLower(filepath.Ext(*out)) == ".xlsx" || c.bad("--out 应为 .xlsx 文件"))
	})
	if code >= 0 {
		return code
	}
	files, err := reportFiles(pos)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	var prevFiles []string
	if len(prev) > 0 {
		if prevFiles, err = reportFiles(prev); err != nil {
			return fail(stderr, exitRefused, fmt.Errorf("上年报告: %w", err))
		}
	}
	opt := reports.ReviewOptions{Previous: prevFiles, Rules: text.rules()}
	if *dbPath != "" {
		db, code := openExisting(ctx, *dbPath, stderr)
		if code >= 0 {
			return code
		}
		defer db.Close()
		if err := reports.ReviewDB(ctx, db, &opt); err != nil {
			return fail(stderr, exitRefused, err)
		}
	}
	if ctx.Err() != nil {
		return fail(stderr, exitRefused, errReviewCancelled)
	}
	res := reports.Review(files, opt)
	if ctx.Err() != nil {
		return fail(stderr, exitRefused, errReviewCancelled)
	}
	if err := reports.SaveReviewXLSX(*out, res); err != nil {
		return fail(stderr, exitRefused, err)
	}
	printReview(stdout, res, *out)
	for _, it := range res.Items {
		if it.Errors() > 0 {
			return exitRefused
		}
	}
	return exitOK
}

var errReviewCancelled = errors.New("已取消（收到停止信号），审核未完成，未写出问题清单")

func printReview(w io.Writer, res reports.ReviewResult, out string) {
	errs, warns := 0, 0
	for _, it := range res.Ranked() {
		unit := it.Unit
		if unit == "" {
			unit = "单位不明"
		}
		switch {
		case it.Report == nil:
			fmt.Fprintf(w, "%s：未能读取（%s）\n", filepath.Base(it.File), it.Findings[0].Message)
		case len(it.Findings) == 0:
			fmt.Fprintf(w, "%s（%s）：没有发现问题\n", filepath.Base(it.File), unit)
		default:
			fmt.Fprintf(w, "%s（%s）：%d 个错误、%d 个警告\n", filepath.Base(it.File), unit, it.Errors(), it.Warnings())
		}
		errs += it.Errors()
		warns += it.Warnings()
	}
	for _, p := range res.PreviousUnread {
		fmt.Fprintf(w, "提示：上年报告未能读取：%s\n", p)
	}
	fmt.Fprintf(w, "共审核 %d 份报告，发现 %d 个错误、%d 个警告，问题清单已写入 %s\n", len(res.Items), errs, warns, out)
}
