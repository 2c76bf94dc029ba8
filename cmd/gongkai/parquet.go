package main

import (
	"context"
	"fmt"
	"io"
	"sort"

	"gongkai/metrics"
	"gongkai/store"
)

// cmdExportParquet writes the registry, the working-day calendar, batches,
// ledgers (with their batch info) and the scheme and score tables as
// Parquet, hive-partitioned by year (batches also by kind).
func cmdExportParquet(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	out := c.String("out", "", "导出目录（须为空或不存在）：每张表一个子目录，按年度分区（year=2024/…，批次表再按台账类型分区），另有 manifest.json")
	db, _, code := c.open(ctx, func(pos []string) bool { return *out != "" && len(pos) == 0 })
	if code >= 0 {
		return code
	}
	// The measures join the calendar; a database never scored has none yet.
	if err := metrics.EnsureCalendar(ctx, db); err != nil {
		fmt.Fprintf(stderr, "gongkai: 导出失败：%v\n", err)
		return exitRefused
	}
	m, err := db.ExportParquet(ctx, *out)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai: 导出失败：%v\n", err)
		return exitRefused
	}
	printTables(stdout, "已导出", *out, m.Tables)
	return exitOK
}

// cmdImportParquet reads an export-parquet directory into an empty database.
func cmdImportParquet(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	c.Lookup("db").Usage = "数据库文件（须为空库；不存在则新建）"
	db, pos, code := c.open(ctx, oneArg)
	if code >= 0 {
		return code
	}
	m, err := db.ImportParquet(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "gongkai: 导入失败（数据库未改动）：%v\n", err)
		return exitRefused
	}
	printTables(stdout, "已导入并核对", pos[0], m.Tables)
	return exitOK
}

func printTables(w io.Writer, verb, dir string, tables map[string]store.TableSum) {
	names := make([]string, 0, len(tables))
	var rows int64
	for t, s := range tables {
		names = append(names, t)
		rows += s.Rows
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%s %d 张表、%d 行：%s\n", verb, len(names), rows, dir)
	for _, t := range names {
		fmt.Fprintf(w, "  %-22s %10d 行\n", t, tables[t].Rows)
	}
}
