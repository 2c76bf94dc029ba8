// Command gongkai loads government-information-disclosure ledgers into
// DuckDB, scores units and derives the annual-report tables.
package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"gongkai"
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

// A command is a line of the table: its name and summary for gongkai -h,
// its usage line (after "用法: gongkai ") for its own -h, what it does with
// --db, and run, given its command line with these declared.
type command struct {
	name    string
	summary string
	usage   string
	db      dbUse
	run     func(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int
}

func commands() []command {
	userUsage := "user add --db F --name N --role clerk|admin|leader [--unit U]   （密码从标准输入读取）\n       gongkai user passwd --db F --name N   （新密码从标准输入读取）\n       gongkai user list --db F [--json]"
	return []command{
		{"demo", "把示例县的台账导入 DIR/gongkai.duckdb 并打印结果", "demo [--dir DIR]", noDB, cmdDemo},
		{"units", "单位名录：units load --db F FILE", "units load --db F [--json] FILE", noDB, subcommands(
			command{"load", "", "", createDB, cmdUnitsLoad})},
		{"ingest", "导入台账（.xlsx/.csv）", "ingest --db F [--year Y] [--kind K] [--unit U] [--partial [--yes]] [--jobs N] [--files DIR] [--json] FILE...", createDB, cmdIngest},
		{"template", "生成某类台账的空白模板", "template KIND --out F.xlsx   KIND: " + strings.Join(gongkai.KindNames(), ", "), noDB, cmdTemplate},
		{"history", "列出上传批次历史", "history --db F [--json]", onDB, cmdHistory},
		{"restore", "恢复历史批次为生效批次", "restore --db F BATCH_ID", onDB, cmdRestore},
		{"scheme", "考核细则：scheme load --db F FILE", "scheme load --db F [--allow-under-4pct] FILE.yaml|FILE.xlsx  |  scheme export --in FILE.yaml --out FILE.xlsx", noDB, subcommands(
			command{"load", "", "scheme load --db F [--allow-under-4pct] FILE", createDB, cmdSchemeLoad},
			command{"export", "", "scheme export --in FILE.yaml --out FILE.xlsx", noDB, cmdSchemeExport})},
		{"score", "计算年度考核得分、名次和等次", "score --db F --year Y [--years 2022,2023] [--group G] [--json|--csv]", onDB, cmdScore},
		{"explain", "列出某单位每一项失分及对应的台账行", "explain --db F --year Y --unit U [--json]", onDB, cmdExplain},
		{"declare", "零报告：声明某单位某年度某类台账无此类事项（--withdraw 撤回）", "declare --db F --unit U --kind K --year Y [--note N] [--withdraw] [--by NAME]", onDB, cmdDeclare},
		{"calendar", "某年的法定节假日、调休上班日和全年工作日数：calendar --year Y [--json]", "calendar --year Y [--json]", noDB, cmdCalendar},
		{"deadlines", "未答复的依申请公开申请及其法定答复期限（逾期、5 个工作日内到期预警）：deadlines --db F [--as-of 日期]", "deadlines --db F [--as-of 2024-12-31] [--unit U] [--json]", onDB, cmdDeadlines},
		{"convert", "多次被申请的事项是否已主动公开（依申请公开转主动公开建议）：convert --db F --year Y [--unit U]", "convert --db F --year Y [--unit U] [--years N] [--min K] [--json]", onDB, cmdConvert},
		{"weights", "检查政务公开在综合考核中的权重是否不低于 4%", "weights --db F --year Y [--json]", onDB, cmdWeights},
		{"annual-report", "由台账推算政府信息公开工作年度报告（xlsx/html/json）", "annual-report --db F --year Y --unit U [--rollup] [--format xlsx|html|json] --out FILE", onDB, cmdAnnualReport},
		{"check-report", "检查年度报告（Word、PDF、网页、Excel或JSON）的勾稽关系（可与上年报告核对）", "check-report FILE|FOLDER… [--previous FILE] [--max-chars 总体情况=1000] [--copy-threshold 0.85] [--json]", noDB, cmdCheckReport},
		{"review", "批量审核一批年度报告（Word、PDF、网页、Excel），可与上年报告配对，写出问题清单（.xlsx）", "review DIR|FILE… --out 问题清单.xlsx [--previous DIR|FILE]… [--db F] [--max-chars 总体情况=1000] [--copy-threshold 0.85]", noDB, cmdReview},
		{"compare-report", "逐格对比报送的年度报告与台账推算结果", "compare-report --db F --year Y --unit U [--rollup] [--json] FILE", onDB, cmdCompareReport},
		{"publish", "发布年度考核结果为新版本：publish --db F --year Y --reason R [--confirm]", "publish --db F --year Y --reason R [--confirm] [--by NAME]", onDB, cmdPublish},
		{"versions", "列出某年度考核结果的各个版本（发布、撤回）", "versions --db F --year Y [--json]", onDB, cmdVersions},
		{"diff", "比较两个版本（或版本与草稿）逐单位、逐项的差异：diff --db F --year Y [--from V --to V|draft]", "diff --db F --year Y [--from V --to V|draft] [--json]", onDB, cmdDiff},
		{"report", "生成考核结果网页（排名、雷达、热力、趋势图，每单位一页；离线可看）", "report --db F --year Y --out DIR [--version V|draft]", onDB, cmdReport},
		{"export", "导出考核排名表（xlsx：各分组排名、失分明细，A4 横向打印）", "export --db F --year Y --out F.xlsx [--version V|draft]", onDB, cmdExport},
		{"serve", "网页服务：serve --db F [--addr 127.0.0.1:8080]；账号：user add|passwd|list", "serve --db F [--addr 127.0.0.1:8080] [--files DIR] [--max-upload-mb N] [--insecure-cookies] [--office 名称]", createDB, cmdServe},
		{"export-parquet", "导出为 Parquet（单位、批次、各台账及批次信息、考核表，按年度分区）：export-parquet --db F --out DIR", "export-parquet --db F --out DIR", onDB, cmdExportParquet},
		{"import-parquet", "把 export-parquet 的目录导入空数据库并逐表核对：import-parquet --db F DIR", "import-parquet --db F DIR", createDB, cmdImportParquet},
		{"user", "网页服务账号：user add --db F --name N --role clerk|admin|leader [--unit U]（密码从标准输入读）", userUsage, noDB, subcommands(
			command{"add", "", "", createDB, cmdUser},
			command{"passwd", "", "", createDB, cmdUser},
			command{"list", "", "", createDB, cmdUser})},
	}
}

// subcommands is the run of a command made of subcommands (units load,
// user add, …): the first argument picks one, which runs on the rest with
// a command line of its own, named for both words, whose usage is its own
// or else the command's. Without one of them, the command's usage.
func subcommands(subs ...command) func(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	return func(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
		names := make([]string, len(subs))
		for i, s := range subs {
			names[i] = s.name
		}
		if code := subcommand(c.args, c.usage, stderr, names...); code >= 0 {
			return code
		}
		s := subs[slices.Index(names, c.args[0])]
		sc := newCmdLine(c.Name()+" "+s.name, cmp.Or(s.usage, c.usage), s.db, c.args[1:], stderr)
		sc.sub = s.name
		return s.start(ctx, sc, stdout, stderr)
	}
}

// start runs the command on its command line, then closes the database it
// opened.
func (cmd command) start(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	defer c.close()
	return cmd.run(ctx, c, stdout, stderr)
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
				return c.start(ctx, newCmdLine(c.name, c.usage, c.db, args[1:], stderr), stdout, stderr)
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
