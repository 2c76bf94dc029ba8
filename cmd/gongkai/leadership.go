package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gongkai/charts"
	"gongkai/metrics"
	"gongkai/store"
)

// Leadership outputs: report writes the static site of a year's results
// (charts, one page per unit), export the ranking workbook.

func cmdReport(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("考核`年度`")
	ver := versionVar(c.FlagSet, "version", "显示的结果版本：版本号或 draft（草稿）；默认为已发布的版本，未发布则为草稿")
	out := c.String("out", "", "输出目录（静态网页，可直接用浏览器打开，无需联网）")
	db, n, code := c.openShown(ctx, ver, func(pos []string) bool { return len(pos) == 0 && *out != "" })
	if code >= 0 {
		return code
	}
	info, err := writeSite(ctx, db, int(*year), n, *out)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	fmt.Fprintf(stdout, "已生成考核结果网页：%s（%s；%d 个单位页面，%d 张图表；直接用浏览器打开，无需联网）\n", info.Index, info.Version, info.Units, info.Charts)
	return exitOK
}

// openShown is open for a command on a year's results (report, export):
// it then finds the version --version names, or the one shown when it is
// not given (shownVersion). It returns the database and the version with
// -1, or the exit code, its message printed.
func (c *cmdLine) openShown(ctx context.Context, ver *versionFlag, ok func(pos []string) bool) (*store.DB, int, int) {
	db, _, code := c.open(ctx, ok)
	if code >= 0 {
		return nil, 0, code
	}
	n, err := shownVersion(ctx, db, int(*c.year), ver)
	if err != nil {
		return nil, 0, fail(c.stderr, exitRefused, err)
	}
	return db, n, -1
}

func writeSite(ctx context.Context, db *store.DB, year, version int, dir string) (*charts.SiteInfo, error) {
	d, err := charts.Load(ctx, db, year, charts.LoadOptions{Details: true, Version: version})
	if err != nil {
		return nil, err
	}
	return charts.WriteSite(d, dir)
}

func cmdExport(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("考核`年度`")
	ver := versionVar(c.FlagSet, "version", "导出的结果版本：版本号或 draft（草稿）；默认为已发布的版本，未发布则为草稿")
	out := c.String("out", "", "输出的 .xlsx 排名表（- 表示标准输出）")
	db, n, code := c.openShown(ctx, ver, func(pos []string) bool {
		if len(pos) != 0 || *out == "" {
			return false
		}
		return toStdout(*out) || strings.EqualFold(filepath.Ext(*out), ".xlsx") || c.bad("输出文件应为 .xlsx：%s", *out)
	})
	if code >= 0 {
		return code
	}
	var w *charts.Workbook
	err := saveArtifact(*out, "rankings.xlsx", stdout, func(p string) (err error) {
		w, err = charts.WriteWorkbook(ctx, db, int(*year), n, p)
		return err
	})
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	fmt.Fprintf(messages(*out, stdout, stderr), "已写出考核排名表：%s（%s；%d 个单位，%d 条失分明细）\n", *out, w.Version, len(w.Results), len(w.Deductions))
	return exitOK
}

// demoLeadership writes the demo's static site and ranking workbook of the
// latest scored year into dir and prints their paths.
func demoLeadership(ctx context.Context, db *store.DB, dir string, stdout, stderr io.Writer) int {
	years, err := metrics.Years(ctx, db)
	if err != nil || len(years) == 0 {
		fmt.Fprintf(stderr, "gongkai: 没有考核得分：%v\n", err)
		return exitRefused
	}
	year := years[len(years)-1]
	site := filepath.Join(dir, "site")
	info, err := writeSite(ctx, db, year, metrics.Draft, site)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	book := filepath.Join(dir, fmt.Sprintf("考核排名-%d.xlsx", year))
	w, err := charts.WriteWorkbook(ctx, db, year, metrics.Draft, book)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	fmt.Fprintf(stdout, "\n%d 年度考核结果网页：%s（%d 个单位页面，%d 张图表，离线可看）\n", year, info.Index, info.Units, info.Charts)
	fmt.Fprintf(stdout, "%d 年度考核排名表：%s（%d 个单位，%d 条失分明细）\n", year, book, len(w.Results), len(w.Deductions))
	return exitOK
}
