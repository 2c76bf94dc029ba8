// Command gongkai loads government-information-disclosure ledgers into
// DuckDB, scores units and derives the annual-report tables.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes: 0 success, 1 some input refused or a check failed, 2 usage.
const (
	exitOK      = 0
	exitRefused = 1
	exitUsage   = 2
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"demo", "把示例县的台账导入 DIR/gongkai.duckdb 并打印结果", cmdDemo},
		{"units", "单位名录：units load --db F FILE", cmdUnits},
		{"ingest", "导入台账（.xlsx/.csv）", cmdIngest},
		{"template", "生成某类台账的空白模板", cmdTemplate},
		{"history", "列出上传批次历史", cmdHistory},
		{"restore", "恢复历史批次为生效批次", cmdRestore},
		{"scheme", "考核细则：scheme load --db F FILE", cmdScheme},
		{"score", "计算年度考核得分、名次和等次", cmdScore},
		{"explain", "列出某单位每一项失分及对应的台账行", cmdExplain},
		{"declare", "零报告：声明某单位某年度某类台账无此类事项（--withdraw 撤回）", cmdDeclare},
		{"calendar", "某年的法定节假日、调休上班日和全年工作日数：calendar --year Y [--json]", cmdCalendar},
		{"deadlines", "未答复的依申请公开申请及其法定答复期限（逾期、5 个工作日内到期预警）：deadlines --db F [--as-of 日期]", cmdDeadlines},
		{"convert", "多次被申请的事项是否已主动公开（依申请公开转主动公开建议）：convert --db F --year Y [--unit U]", cmdConvert},
		{"weights", "检查政务公开在综合考核中的权重是否不低于 4%", cmdWeights},
		{"annual-report", "由台账推算政府信息公开工作年度报告（xlsx/html/json）", cmdAnnualReport},
		{"check-report", "检查年度报告（Word、PDF、网页、Excel或JSON）的勾稽关系（可与上年报告核对）", cmdCheckReport},
		{"review", "批量审核一批年度报告（Word、PDF、网页、Excel），可与上年报告配对，写出问题清单（.xlsx）", cmdReview},
		{"compare-report", "逐格对比报送的年度报告与台账推算结果", cmdCompareReport},
		{"publish", "发布年度考核结果为新版本：publish --db F --year Y --reason R [--confirm]", cmdPublish},
		{"versions", "列出某年度考核结果的各个版本（发布、撤回）", cmdVersions},
		{"diff", "比较两个版本（或版本与草稿）逐单位、逐项的差异：diff --db F --year Y [--from V --to V|draft]", cmdDiff},
		{"report", "生成考核结果网页（排名、雷达、热力、趋势图，每单位一页；离线可看）", cmdReport},
		{"export", "导出考核排名表（xlsx：各分组排名、失分明细，A4 横向打印）", cmdExport},
		{"serve", "网页服务：serve --db F [--addr 127.0.0.1:8080]；账号：user add|passwd|list", cmdServe},
		{"export-parquet", "导出为 Parquet（单位、批次、各台账及批次信息、考核表，按年度分区）：export-parquet --db F --out DIR", cmdExportParquet},
		{"import-parquet", "把 export-parquet 的目录导入空数据库并逐表核对：import-parquet --db F DIR", cmdImportParquet},
		{"user", "网页服务账号：user add --db F --name N --role clerk|admin|leader [--unit U]（密码从标准输入读）", cmdUser},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return guard(stderr, func() int {
				if runHook != nil {
					runHook(args)
				}
				return c.run(ctx, args[1:], stdout, stderr)
			})
		}
	}
	fmt.Fprintf(stderr, "gongkai: 未知命令 %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// runHook, when set by a test, runs before a command (to inject a panic).
var runHook func(args []string)

// guard runs a command and turns a panic (a bug, or a library failing on
// some input) into a one-line error and exit 1: a Go stack trace and exit 2
// told the user nothing and looked like a usage error.
func guard(stderr io.Writer, f func() int) (code int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "gongkai: 程序内部错误，操作未完成（技术细节：%v）。请把这条信息和所用的文件交给维护人员\n", v)
			code = exitRefused
		}
	}()
	return f()
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "用法: gongkai <命令> [参数]   （每个命令都支持 -h）")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
}
