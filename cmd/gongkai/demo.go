package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"gongkai"
	"gongkai/ingest"
	"gongkai/internal/samples"
	"gongkai/internal/samples/sampledb"
	"gongkai/metrics"
)

// cmdDemo loads the bundled sample county (平安县) into a fresh database,
// prints what was loaded and refused, scores every sample year and prints
// the top and bottom of each group. Running it twice gives the same output.
func cmdDemo(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	dir := c.String("dir", "gongkai-demo", "输出目录：数据库 DIR/gongkai.duckdb、示例台账和错误标注文件")
	if _, code := c.parse(nil); code >= 0 {
		return code
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fail(stderr, exitRefused, err)
	}
	// A fresh database each run, so the demo is repeatable.
	dbPath := filepath.Join(*dir, "gongkai.duckdb")
	for _, p := range []string{dbPath, dbPath + ".wal"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return fail(stderr, exitRefused, err)
		}
	}
	sampleDir := filepath.Join(*dir, "samples")
	os.RemoveAll(sampleDir)
	if err := os.CopyFS(sampleDir, samples.FS); err != nil {
		fmt.Fprintf(stderr, "gongkai: 解出示例数据失败：%v\n", err)
		return exitRefused
	}
	db, code := openDB(ctx, dbPath, stderr)
	if code >= 0 {
		return code
	}
	defer db.Close()

	fmt.Fprintf(stdout, "gongkai 演示：平安县（虚构）2022–2024 年台账\n数据库：%s\n\n", dbPath)
	ur := ingest.LoadUnits(ctx, db, filepath.Join(sampleDir, "data", "单位名录.xlsx"))
	if ur.Status != ingest.StatusLoaded {
		fmt.Fprintf(stderr, "gongkai: 单位名录：%s\n", ur.Reason)
		return exitRefused
	}
	fmt.Fprintf(stdout, "单位名录：%d 个单位\n", ur.Added)

	good, err := sampledb.Files(nil)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	// Every file in data/bad is a ledger made to be refused.
	bad, _ := fs.Glob(samples.FS, "data/bad/*")
	in, err := ingest.New(ctx, db)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	opt := ingest.Options{Uploader: "demo", AnnotateDir: filepath.Join(*dir, "错误标注")}
	paths := func(ps []string) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = filepath.Join(sampleDir, filepath.FromSlash(p))
		}
		return out
	}
	loaded, refusedFiles := 0, 0
	for _, r := range cliWorded(in.Files(ctx, paths(good), opt, 0)) {
		if r.Status == ingest.StatusRefused {
			refusedFiles++
			printResult(stdout, r)
		} else {
			loaded++
		}
	}
	fmt.Fprintf(stdout, "导入台账文件 %d 个", loaded)
	if refusedFiles > 0 {
		fmt.Fprintf(stdout, "，拒收 %d 个", refusedFiles)
	}
	fmt.Fprintln(stdout)
	counts, err := db.KindCounts(ctx)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	fmt.Fprintln(stdout, "\n各类台账（生效批次）：")
	fmt.Fprintln(stdout, "台账\t年度\t批次\t行数")
	for _, k := range counts {
		title := k.Kind
		if kk := gongkai.KindByName(k.Kind); kk != nil {
			title = kk.Title
		}
		fmt.Fprintf(stdout, "%s\t%d\t%d\t%d\n", title, k.Year, k.Batches, k.Rows)
	}

	fmt.Fprintf(stdout, "\n示例中故意放入的错误文件（%d 个），应被拒收：\n", len(bad))
	for _, r := range cliWorded(in.Files(ctx, paths(bad), opt, 0)) {
		printResult(stdout, r)
	}

	schemes, _ := fs.Glob(samples.FS, "scheme-*.yaml")
	sort.Strings(schemes)
	for _, sp := range schemes {
		s, err := metrics.ParseSchemeFile(filepath.Join(sampleDir, sp))
		if err == nil {
			err = metrics.LoadScheme(ctx, db, s, sp, metrics.LoadOptions{})
		}
		if err == nil {
			err = metrics.Score(ctx, db, s.Year)
		}
		if err != nil {
			fmt.Fprintf(stderr, "gongkai: %s：%v\n", sp, err)
			return exitRefused
		}
		res, err := metrics.Results(ctx, db, s.Year, "")
		if err != nil {
			return fail(stderr, exitRefused, err)
		}
		fmt.Fprintf(stdout, "\n%d 年度考核（%s）\n", s.Year, s.Name)
		printTopBottom(stdout, res)
	}
	fmt.Fprintf(stdout, "\n查看某单位失分原因：go run ./cmd/gongkai explain --db %s --year 2024 --unit 县财政局\n", dbPath)
	if code := demoLeadership(ctx, db, *dir, stdout, stderr); code != exitOK {
		return code
	}
	return exitOK
}

func printTopBottom(w io.Writer, res []metrics.UnitScore) {
	byGroup := map[string][]metrics.UnitScore{}
	var groups []string
	for _, u := range res {
		if byGroup[u.Group] == nil {
			groups = append(groups, u.Group)
		}
		byGroup[u.Group] = append(byGroup[u.Group], u)
	}
	for _, g := range groups {
		us := byGroup[g]
		fmt.Fprintf(w, "  %s（%d 个单位）\n", g, len(us))
		show := func(u metrics.UnitScore) {
			veto := ""
			if u.Vetoed {
				veto = "，一票否决"
			}
			fmt.Fprintf(w, "    第%d名 %s %.2f 分（%s%s）\n", u.Rank, u.Unit, u.Normalized, u.Grade, veto)
		}
		n := 3
		if len(us) <= 2*n {
			for _, u := range us {
				show(u)
			}
			continue
		}
		for _, u := range us[:n] {
			show(u)
		}
		fmt.Fprintln(w, "    ……")
		for _, u := range us[len(us)-n:] {
			show(u)
		}
	}
}
