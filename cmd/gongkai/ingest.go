package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/ingest"
	"gongkai/server"
	"gongkai/store"
)

func cmdUnitsLoad(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	asJSON := c.jsonFlag()
	db, files, code := c.open(ctx, oneArg)
	if code >= 0 {
		return code
	}
	res := ingest.LoadUnits(ctx, db, files[0])
	if *asJSON {
		writeJSON(stdout, res)
	} else if res.Status == ingest.StatusLoaded {
		fmt.Fprintf(stdout, "%s：单位名录已导入，新增 %d 个，更新 %d 个\n", res.File, res.Added, res.Updated)
	} else {
		fmt.Fprintf(stdout, "%s：已拒收。%s\n", res.File, res.Reason)
		printErrors(stdout, res.Errors, 50)
	}
	if res.Status != ingest.StatusLoaded {
		return exitRefused
	}
	return exitOK
}

func cmdIngest(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.optionalYearFlag("台账`年度`（默认从标题、文件名或日期识别）")
	kind := c.String("kind", "", "台账类型（默认按表头识别）："+strings.Join(gongkai.KindNames(), ", "))
	unit := c.String("unit", "", "填报单位（文件中未写明单位时使用）")
	partial := c.Bool("partial", false, "有错误行时只导入其余正确的行：先预览将替换的批次和导入后的行数，不改动数据；确认后加 --yes 再运行")
	yes := c.Bool("yes", false, "与 --partial 同用：确认只导入正确的行，不再预览")
	asJSON := c.Bool("json", false, "以 JSON 数组输出，每个文件一个对象")
	uploader := c.String("uploader", "cli", "上传人")
	annotateDir := c.String("annotate-dir", "", "被拒收的 .xlsx 的错误标注副本写入此目录（默认与原文件同目录）")
	filesDir := c.String("files", "", "网页服务的文件目录，被拒收文件的错误标注副本另存一份于此，供在单位上传记录中下载（默认 数据库文件名.files，与 serve 相同）")
	jobs := c.Int("jobs", runtime.GOMAXPROCS(0), "多个文件时并行读取和校验的文件数（写入数据库始终只有一路）")
	memLimit := c.String("memory-limit", store.LoadMemoryLimit, "DuckDB 缓存上限（导入是流式的，不需要大缓存；空为 DuckDB 默认的内存 80%）")
	files, code := c.parse(func(pos []string) bool { return len(pos) > 0 })
	if code >= 0 {
		return code
	}
	if *kind != "" && gongkai.KindByName(*kind) == nil {
		fmt.Fprintf(stderr, "gongkai: 未知的台账类型 %q，应为：%s\n", *kind, strings.Join(gongkai.KindNames(), ", "))
		return exitUsage
	}
	// A file that is not there is said on stderr before the database is
	// opened (or made), and nothing is loaded: a mistyped name is no ledger
	// to refuse.
	missing := 0
	for _, f := range files {
		if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "gongkai: 文件 %s 不存在\n", f)
			missing++
		}
	}
	if missing > 0 {
		fmt.Fprintln(stderr, "gongkai: 未导入任何文件")
		return exitRefused
	}
	c.opt = store.Options{MemoryLimit: *memLimit}
	db, code := c.openDB(ctx)
	if code >= 0 {
		return code
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		return fail(stderr, exitUsage, err)
	}
	// A partial import says what it replaces before it commits (issue
	// 15): --partial previews it, --partial --yes loads it.
	opt := ingest.Options{Year: int(*year), Kind: *kind, Unit: *unit, Partial: *partial, Preview: *partial && !*yes, Uploader: *uploader, AnnotateDir: *annotateDir}
	var all []ingest.Result
	if len(files) == 1 {
		all = in.File(ctx, files[0], "", opt)
	} else {
		all = in.Files(ctx, files, opt, *jobs)
	}
	recordRefusals(ctx, db, in, all, *unit, *uploader, *filesDir, stderr)
	cliWorded(all)
	if *asJSON {
		writeJSON(stdout, all)
	} else {
		for _, r := range all {
			printResult(stdout, r)
		}
	}
	// 0 only when everything was loaded: a refused file, or rows refused
	// in a --partial load, is refused input.
	for _, r := range all {
		if r.Status == ingest.StatusRefused || r.RowsRefused > 0 {
			return exitRefused
		}
	}
	return exitOK
}

// recordRefusals puts the refused files on record as the server does
// (issue 15; server.RecordRefusal): under the unit the file named or else
// the one given, by the uploader the batches of the run are recorded
// under, in the audit log, with ingest's own reason, which names no flag,
// since the web shows the record too, and the annotated copy kept in the
// server's files directory for download from the unit's history (the copy
// the run wrote stays where it is). A preview is no refusal.
func recordRefusals(ctx context.Context, db *store.DB, in *ingest.Ingester, rs []ingest.Result, unit, uploader, filesDir string, stderr io.Writer) {
	given := int64(-1)
	if unit != "" {
		if u, err := in.Reg.Resolve(unit); err == nil {
			given = u.ID
		}
	}
	for i := range rs {
		if err := server.RecordRefusal(ctx, db, filesDir, in, &rs[i], given, uploader); err != nil {
			fmt.Fprintf(stderr, "gongkai: 记录被拒收的文件 %s 失败：%v\n", rs[i].File, err)
		}
	}
}

func printResult(w io.Writer, r ingest.Result) {
	kind := r.KindTitle
	if kind == "" {
		kind = r.Kind
	}
	stored := ""
	if r.RowsStored != 0 {
		stored = fmt.Sprintf("（按牵头单位计 %d 条）", r.RowsStored)
	}
	switch r.Status {
	case ingest.StatusLoaded:
		fmt.Fprintf(w, "%s：已导入 %s（%s，%d年）%d 行%s，跳过 %d 行（空行/合计行）\n", r.File, kind, r.Unit, r.Year, r.RowsLoaded, stored, r.RowsSkipped)
	case ingest.StatusPartial:
		fmt.Fprintf(w, "%s：部分导入 %s（%s，%d年）%d 行%s，拒收 %d 行，跳过 %d 行\n", r.File, kind, r.Unit, r.Year, r.RowsLoaded, stored, r.RowsRefused, r.RowsSkipped)
	case ingest.StatusUnchanged:
		fmt.Fprintf(w, "%s：与已导入的文件相同，未改动（%s，%s，%d年）\n", r.File, kind, r.Unit, r.Year)
	case ingest.StatusPreview:
		fmt.Fprintf(w, "%s：尚未导入（预览，数据未作任何改动）%s（%s，%d年）%d 行有错误。", r.File, kind, r.Unit, r.Year, r.RowsRefused)
		if x := r.Replaces; x != nil && x.BatchID != 0 {
			fmt.Fprintf(w, "只导入正确的行将替换第 %d 批次（%s，%d 行，%s 于 %s 上传），替换后为 %d 行\n", x.BatchID, x.File, x.RowsBefore, x.Uploader, x.UploadedAt, x.RowsAfter)
		} else if x != nil {
			fmt.Fprintf(w, "目前没有生效批次，只导入正确的行将导入 %d 行\n", x.RowsAfter)
		}
		fmt.Fprintln(w, "  确认只导入正确的行：加 --yes 再运行同一命令")
	default:
		fmt.Fprintf(w, "%s：已拒收。%s\n", r.File, r.Reason)
	}
	if r.Replaced != 0 {
		fmt.Fprintf(w, "  替换了第 %d 批次（已保留在历史中，可用 restore 恢复）\n", r.Replaced)
		if x := r.Replaces; x != nil {
			fmt.Fprintf(w, "  原批次：%s，%d 行；现为 %d 行\n", x.File, x.RowsBefore, x.RowsAfter)
		}
	}
	printErrors(w, r.Errors, 50)
	if r.ErrorsTruncated {
		fmt.Fprintln(w, "  ……错误过多，仅列出前若干条")
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  提示：%s\n", warn)
	}
	if r.Annotated != "" {
		fmt.Fprintf(w, "  错误标注文件：%s\n", r.Annotated)
	}
}

func printErrors(w io.Writer, errs []ingest.RowError, max int) {
	for i, e := range errs {
		if i == max {
			fmt.Fprintf(w, "  ……另有 %d 处错误\n", len(errs)-max)
			break
		}
		where := ""
		if e.Sheet != "" {
			where = "工作表“" + e.Sheet + "” "
		}
		where += "第 " + strconv.Itoa(e.Row) + " 行"
		if e.Column != "" {
			where += " “" + e.Column + "”列"
		}
		if e.Cell != "" {
			where += "（" + e.Cell + "）"
		}
		fmt.Fprintf(w, "  %s：%s\n", where, e.Reason)
	}
}

func cmdTemplate(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	out := c.String("out", "", "输出的 .xlsx 文件（- 表示标准输出）")
	pos, code := c.parse(func(pos []string) bool { return len(pos) == 1 && *out != "" })
	if code >= 0 {
		return code
	}
	k := gongkai.KindByName(pos[0])
	if k == nil {
		fmt.Fprintf(stderr, "gongkai: 未知的台账类型 %q，应为：%s\n", pos[0], strings.Join(gongkai.KindNames(), ", "))
		return exitUsage
	}
	if err := saveArtifact(*out, k.Name+".xlsx", stdout, func(p string) error { return ingest.WriteTemplate(k, p) }); err != nil {
		return fail(stderr, exitRefused, err)
	}
	fmt.Fprintf(messages(*out, stdout, stderr), "已生成 %s 模板：%s\n", k.Title, *out)
	return exitOK
}

func cmdHistory(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	asJSON := c.jsonFlag()
	db, _, code := c.open(ctx, nil)
	if code >= 0 {
		return code
	}
	h, err := db.History(ctx)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	// The refused uploads (issue 15), web and CLI: they loaded nothing, so
	// they follow the batches rather than take a batch's place among them.
	refused, _, err := db.UploadList(ctx, store.UploadFilter{State: "refused", Kept: time.Now(), Limit: math.MaxInt32})
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *asJSON {
		// The batches, then the refusals: entries with "refused": true,
		// status "refused", code and reason.
		out := []any{}
		for _, b := range h {
			out = append(out, b)
		}
		for _, r := range refused {
			out = append(out, r)
		}
		writeJSON(stdout, out)
		return exitOK
	}
	fmt.Fprintln(stdout, "批次\t状态\t台账\t单位\t年度\t行数\t上传时间\t上传人\t文件")
	for _, b := range h {
		status := gongkai.BatchStatusTitle(b.Status)
		if b.Partial {
			status += fmt.Sprintf("（部分导入，拒收 %d 行）", b.RowsRefused)
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", b.ID, status, gongkai.KindTitle(b.Kind), b.Unit, b.Year, b.RowsLoaded, b.UploadedAt, b.Uploader, b.FileName)
	}
	if len(refused) > 0 {
		fmt.Fprintln(stdout, "\n被拒收的上传（未导入，数据未作任何改动）")
		fmt.Fprintln(stdout, "状态\t台账\t单位\t年度\t拒收时间\t上传人\t文件\t拒收原因")
		for _, r := range refused {
			year, unit := "", r.Unit
			if r.Year != 0 {
				year = strconv.Itoa(int(r.Year))
			}
			if r.UnitID < 0 {
				unit = "（未识别）"
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", gongkai.BatchStatusTitle(r.Status), gongkai.KindTitle(r.Kind), unit, year, r.UploadedAt, r.Uploader, r.FileName, r.Reason)
		}
	}
	return exitOK
}

func cmdRestore(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	var id int64
	db, _, code := c.open(ctx, func(pos []string) bool {
		if len(pos) != 1 {
			return false
		}
		var err error
		id, err = strconv.ParseInt(pos[0], 10, 64)
		return err == nil || c.bad("批次号 %q 不是数字", pos[0])
	})
	if code >= 0 {
		return code
	}
	if err := db.Restore(ctx, id); err != nil {
		return fail(stderr, exitRefused, err)
	}
	fmt.Fprintf(stdout, "第 %d 批次已恢复为生效批次\n", id)
	return exitOK
}
