// Command gen writes the province-sized data set of package province:
//
//	go run ./internal/samples/province/gen [-units 10000] [-years 5] [-out DIR]
//
// Without -out it fills the cache under $TMPDIR that the benchmarks use
// (GONGKAI_PROVINCE_UNITS / GONGKAI_PROVINCE_YEARS give the defaults).
package main

import (
	"flag"
	"fmt"
	"os"

	"gongkai/internal/samples/province"
)

func main() {
	cfg := province.ConfigFromEnv()
	flag.IntVar(&cfg.Units, "units", cfg.Units, "number of units")
	flag.IntVar(&cfg.Years, "years", cfg.Years, "number of years (ending 2024)")
	out := flag.String("out", "", "output directory (default: the cache under $TMPDIR)")
	flag.Parse()
	cfg.FirstYear = 0
	var (
		dir string
		m   *province.Manifest
		err error
	)
	if *out == "" {
		dir, m, err = province.Cached(cfg)
	} else {
		dir = *out
		m, err = province.Generate(dir, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("%s：%d 个单位（%d 个县），%d–%d 年，%d 个台账文件（其中汇编 %d 个）+ %d 个错误文件，%.1f MB，生成用时 %.1f 秒\n",
		dir, m.Units, m.Counties, m.Years[0], m.Years[len(m.Years)-1], m.Files, m.Workbooks, len(m.Bad), float64(m.Bytes)/(1<<20), m.Seconds)
	fmt.Printf("%-14s %8s %10s\n", "kind", "batches", "rows")
	for _, k := range province.KindNames() {
		fmt.Printf("%-14s %8d %10d\n", k, m.BatchesByKind[k], m.RowsByKind[k])
	}
	fmt.Printf("%-14s %8d %10d\n", "total", m.Batches, m.Rows)
	fmt.Println("formats:", m.FilesByFormat)
}
