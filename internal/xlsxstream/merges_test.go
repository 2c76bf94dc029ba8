package xlsxstream

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// county2 is the data of the second sample county, written by LibreOffice
// and openpyxl: its merged cells are other programs'.
var county2 = filepath.Join("..", "samples", "county2", "data")

func fillOpt(fast bool) Options {
	return Options{MaxUnzipBytes: DefaultMaxUnzipBytes, ExcelizeOnly: !fast, FillMerges: true}
}

// readFilled reads every sheet of path with merges filled: the rows (in
// full, trailing blanks kept) and the merges of each sheet.
func readFilled(t *testing.T, path string, fast bool) (map[string]map[int][]string, map[string][]Range) {
	t.Helper()
	w, err := openPath(context.Background(), path, fillOpt(fast))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer w.Close()
	rows, merges := map[string]map[int][]string{}, map[string][]Range{}
	for _, sh := range w.Sheets() {
		r, err := w.Open(sh)
		if err != nil {
			t.Fatalf("%s [%s]: %v", path, sh, err)
		}
		merges[sh] = r.Merges()
		rows[sh] = map[int][]string{}
		for r.Next() {
			rows[sh][r.RowNum()] = append([]string(nil), r.Row()...)
		}
		if err := r.Err(); err != nil {
			t.Fatalf("%s [%s]: %v", path, sh, err)
		}
		r.Close()
	}
	return rows, merges
}

// excelizeMerges are a sheet's merged ranges as excelize reads them (the
// referee of the scan in merges.go), in scan order.
func excelizeMerges(t *testing.T, path, sheet string) []Range {
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mcs, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil // a chart sheet
	}
	var out []Range
	for _, mc := range mcs {
		c1, r1, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if r := (Range{r1, c1, r2, c2}); r1 != r2 || c1 != c2 {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.FirstRow < b.FirstRow || a.FirstRow == b.FirstRow && a.FirstCol < b.FirstCol
	})
	return out
}

// TestMergesFilled: on every workbook of county 2 (and the other test
// workbooks with merges), both readers give the merged ranges excelize
// reads, and every cell of a range holds the value of its top-left cell;
// the rows are otherwise those read without filling.
func TestMergesFilled(t *testing.T) {
	var files []string
	for _, dir := range []string{county2, filepath.Join(county2, "bad")} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		files = append(files, m...)
	}
	files = append(files, ingestTD("app-double-header.xlsx"), ingestTD("app-two-sheets.xlsx"))
	seen := 0
	for _, path := range files {
		plain, err := readWorkbook(context.Background(), path, testOpt)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var first map[string]map[int][]string
		for _, fast := range []bool{true, false} {
			rows, merges := readFilled(t, path, fast)
			if first == nil {
				first = rows
			} else if !reflect.DeepEqual(rows, first) {
				t.Errorf("%s: the readers fill differently", path)
			}
			for sh, ms := range merges {
				if want := excelizeMerges(t, path, sh); !reflect.DeepEqual(ms, want) && !(len(ms) == 0 && len(want) == 0) {
					t.Errorf("%s [%s] (fast %v): merges %v, excelize %v", path, sh, fast, ms, want)
				}
				inRange := map[[2]int]bool{}
				for _, m := range ms {
					seen++
					anchor := cell(rows[sh][m.FirstRow], m.FirstCol)
					for r := m.FirstRow; r <= m.LastRow; r++ {
						for c := m.FirstCol; c <= m.LastCol; c++ {
							inRange[[2]int{r, c}] = true
							if _, ok := rows[sh][r]; !ok {
								continue // below the sheet's last row
							}
							if got := cell(rows[sh][r], c); got != anchor {
								t.Errorf("%s [%s] %v (fast %v): row %d column %d holds %q, the range's value is %q", path, sh, m, fast, r, c, got, anchor)
							}
						}
					}
				}
				// Outside the ranges, the cells are as read without filling.
				for _, pr := range plain[sh] {
					for c := 1; c <= max(len(pr.Cells), len(rows[sh][pr.N])); c++ {
						if !inRange[[2]int{pr.N, c}] && cell(pr.Cells, c) != cell(rows[sh][pr.N], c) {
							t.Errorf("%s [%s] row %d column %d changed: %q → %q", path, sh, pr.N, c, cell(pr.Cells, c), cell(rows[sh][pr.N], c))
						}
					}
				}
			}
		}
	}
	if seen < 50 {
		t.Errorf("only %d merged ranges seen", seen)
	}
}

func cell(row []string, col int) string {
	if col <= len(row) {
		return row[col-1]
	}
	return ""
}

// TestMergesMatchTruth: the values filled into county 2's merged data
// cells are those its generator recorded (truth.json, never made by
// reading a file back): each township's name over its items, a category
// over its documents, a date over the items published that day, 否 over
// eight rows, a title merged over two columns.
func TestMergesMatchTruth(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(county2, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Registry struct {
			Units []struct {
				Name    string
				Aliases []string
			}
		}
		Files []struct {
			Path   string
			Sheets []struct {
				Name      string
				HeaderRow int `json:"header_row"`
			}
			Records []struct {
				Sheet  string
				Row    int
				Values map[string]any
			}
		}
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	// How a cell's raw text compares with a recorded value.
	same := map[string]func(cell string, v any) bool{
		"exact": func(c string, v any) bool { return c == fmt.Sprint(v) },
		// The unit's name or one of its aliases in the registry.
		"unit": func(c string, v any) bool {
			for _, u := range truth.Registry.Units {
				if u.Name == v {
					return c == u.Name || slices.Contains(u.Aliases, c)
				}
			}
			return c == v // a group
		},
		"bool": func(c string, v any) bool { return c == map[bool]string{true: "是", false: "否"}[v == true] },
		// A date cell: its serial number.
		"date": func(c string, v any) bool {
			f, err := strconv.ParseFloat(c, 64)
			if err != nil {
				return false
			}
			d, err := excelize.ExcelDateToTime(f, false)
			return err == nil && d.Format("2006-01-02") == v
		},
	}
	checks := []struct {
		file, header, field, how string
		rows                     int // records compared, at least
	}{
		{"weights.xlsx", "被考核单位", "assessed", "unit", 68},
		{"weights.xlsx", "是否计入政务公开", "counts_disclosure", "bool", 68},
		{"bad/weights-v2.xlsx", "被考核单位", "assessed", "unit", 5},
		{"安宁县卫生健康局2024年主动公开信息台账.xlsx", "信息类别", "category", "exact", 12},
		{"安宁县卫生健康局2024年主动公开信息台账.xlsx", "发布日期", "published", "date", 12},
		{"2024年主动公开信息台账.xlsx", "信息标题", "title", "exact", 2 * 14},
		{"bad/金沙乡2024年依申请公开台账.xlsx", "申请人类型", "applicant_type", "exact", 10},
	}
	for _, fast := range []bool{true, false} {
		for _, c := range checks {
			var file = -1
			for i, f := range truth.Files {
				if f.Path == c.file {
					file = i
				}
			}
			if file < 0 {
				t.Fatalf("%s not in truth.json", c.file)
			}
			f := truth.Files[file]
			rows, _ := readFilled(t, filepath.Join(county2, c.file), fast)
			compared := 0
			for _, sh := range f.Sheets {
				header := rows[sh.Name][sh.HeaderRow]
				for col, label := range header {
					if label != c.header {
						continue
					}
					for _, rec := range f.Records {
						if rec.Sheet != sh.Name {
							continue
						}
						v := rec.Values[c.field]
						got := cell(rows[sh.Name][rec.Row], col+1)
						if !same[c.how](got, v) {
							t.Errorf("%s [%s] row %d %s (fast %v): %q, truth %v", c.file, sh.Name, rec.Row, c.header, fast, got, v)
						}
						compared++
					}
				}
			}
			if compared < c.rows {
				t.Errorf("%s %s: %d values compared, want %d", c.file, c.header, compared, c.rows)
			}
		}
	}
}

// TestFiller fills hand-made ranges: across rows and columns, from an
// empty top-left cell, over row numbers the sheet skips (empty rows), past
// the end of short rows.
func TestFiller(t *testing.T) {
	f := newFiller([]Range{{1, 1, 1, 4}, {2, 2, 4, 3}, {3, 5, 5, 5}, {6, 1, 7, 1}})
	in := [][]string{
		{"标题"},
		{"", "甲", "", "x"},
		{"a", "", "", "", ""},
		nil,
		{"b"},
		{"", "c"},
		{"", "d"},
	}
	want := [][]string{
		{"标题", "标题", "标题", "标题"},
		{"", "甲", "甲", "x"},
		{"a", "甲", "甲", "", ""},
		{"", "甲", "甲"},
		{"b"},
		{"", "c"},
		{"", "d"},
	}
	for i, row := range in {
		if got, _, _ := f.apply(i+1, row, nil); !reflect.DeepEqual(got, want[i]) && !(len(got) == 0 && len(want[i]) == 0) {
			t.Errorf("row %d: %q, want %q", i+1, got, want[i])
		}
	}
}

// TestMergeScan reads mergeCell tags as writers put them: prefixed, with
// other attributes, $ in refs, cut across the scan's chunks, and ignores
// what is not a range after the sheet's data.
func TestMergeScan(t *testing.T) {
	tail := `<mergeCells count="5"><mergeCell ref="A1:C1"/><x:mergeCell  ref='$B$2:$B$40' other="1" /><mergeCell ref="D5"/><mergeCell ref="bad"/><mergeCell ref="E7:D6"></mergeCell></mergeCells>`
	for _, pad := range []int{0, 1, 256<<10 - 40, 256<<10 - 7, 256<<10 + 3} {
		body := "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><v>mergeCell sheetData " + strings.Repeat("x", pad) + "</v></c></row></sheetData>" + tail + "</worksheet>"
		m := &mergeScan{sheet: "s"}
		var got []Range
		// Fed as scanMerges does, in chunks of 256 KB with the unscanned
		// tail carried over.
		buf := []byte(body)
		keep := []byte{}
		for len(buf) > 0 || keep != nil {
			n := min(len(buf), 256<<10-len(keep))
			chunk := append(append([]byte{}, keep...), buf[:n]...)
			buf = buf[n:]
			eof := len(buf) == 0
			done, err := m.feed(chunk, eof)
			if err != nil {
				t.Fatal(err)
			}
			if eof {
				break
			}
			keep = chunk[done:]
		}
		got = m.sortedRanges()
		want := []Range{{1, 1, 1, 3}, {2, 2, 40, 2}, {6, 4, 7, 5}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pad %d: %v, want %v", pad, got, want)
		}
	}
}

// TestLateMerges: a sheet too large to be searched for its merged ranges
// before its rows (maxMergeScan, lowered here to 0) is read unfilled, as
// without FillMerges, and its ranges come at its end (LateMerges) as
// excelize reads them: found by the fast scanner in its single pass (no
// pass of scanMerges), by a pass over the part on the excelize path.
// Opened again from the same workbook, the sheet comes filled as a small
// sheet does.
func TestLateMerges(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(county2, "*.xlsx"))
	files = append(files, ingestTD("app-double-header.xlsx"))
	want := map[string]map[string]map[int][]string{} // file → sheet → row → cells, filled
	for _, path := range files {
		want[path], _ = readFilled(t, path, true)
	}
	defer func(n uint64) { maxMergeScan = n }(maxMergeScan)
	maxMergeScan = 0
	seen := 0
	for _, path := range files {
		plain, err := readWorkbook(context.Background(), path, testOpt)
		if err != nil {
			t.Fatal(err)
		}
		for _, fast := range []bool{true, false} {
			w, err := openPath(context.Background(), path, fillOpt(fast))
			if err != nil {
				t.Fatal(err)
			}
			for _, sh := range w.Sheets() {
				scans := mergeScans.Load()
				r, err := w.Open(sh)
				if err != nil {
					t.Fatalf("%s [%s]: %v", path, sh, err)
				}
				got, err := readRows(r)
				if err != nil {
					t.Fatalf("%s [%s]: %v", path, sh, err)
				}
				if !reflect.DeepEqual(got, plain[sh]) && !(len(got) == 0 && len(plain[sh]) == 0) {
					t.Errorf("%s [%s] (fast %v): the first read is not the unfilled one", path, sh, fast)
				}
				ms := excelizeMerges(t, path, sh)
				if late := r.LateMerges(); !reflect.DeepEqual(late, ms) && !(len(late) == 0 && len(ms) == 0) || r.Merges() != nil {
					t.Errorf("%s [%s] (fast %v): late merges %v (before: %v), excelize %v", path, sh, fast, late, r.Merges(), ms)
				}
				if d := mergeScans.Load() - scans; fast && d != 0 && len(got) > 0 {
					t.Errorf("%s [%s]: %d passes of scanMerges on the fast path, want 0", path, sh, d)
				}
				seen += len(ms)
				// Again: filled, the ranges known before the first row.
				r, err = w.Open(sh)
				if err != nil {
					t.Fatal(err)
				}
				again := map[int][]string{}
				for r.Next() {
					again[r.RowNum()] = append([]string(nil), r.Row()...)
				}
				r.Close()
				if !reflect.DeepEqual(again, want[path][sh]) || r.LateMerges() != nil || !reflect.DeepEqual(r.Merges(), ms) && len(ms) > 0 {
					t.Errorf("%s [%s] (fast %v): the second read is not filled as a small sheet's", path, sh, fast)
				}
			}
			w.Close()
		}
	}
	if seen < 50 {
		t.Errorf("only %d merged ranges seen", seen)
	}
}

// TestKeptSheets: the pass that finds a sheet's merged ranges before its
// rows keeps the inflated part (maxKeptSheet), and the fast scanner reads
// the sheet from there, as often as it is opened, with the rows it reads
// when it inflates the part itself.
func TestKeptSheets(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(county2, "*.xlsx"))
	files = append(files, ingestTD("app-double-header.xlsx"))
	read := func(path string) (map[string][2]map[int][]string, int64) {
		inflates := sheetInflates.Load()
		w, err := openPath(context.Background(), path, fillOpt(true))
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		out := map[string][2]map[int][]string{}
		for _, sh := range w.Sheets() {
			var twice [2]map[int][]string
			for i := range twice {
				r, err := w.Open(sh)
				if err != nil {
					t.Fatalf("%s [%s]: %v", path, sh, err)
				}
				twice[i] = map[int][]string{}
				for r.Next() {
					twice[i][r.RowNum()] = append([]string(nil), r.Row()...)
				}
				if err := r.Err(); err != nil {
					t.Fatalf("%s [%s]: %v", path, sh, err)
				}
				r.Close()
			}
			out[sh] = twice
		}
		return out, sheetInflates.Load() - inflates
	}
	defer func(n uint64) { maxKeptSheet = n }(maxKeptSheet)
	sheets := 0
	for _, path := range files {
		maxKeptSheet = 0
		want, inflated := read(path)
		maxKeptSheet = 8 << 20
		got, again := read(path)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the rows read from the kept sheets differ from those inflated again", path)
		}
		if again != 0 || inflated == 0 {
			t.Errorf("%s: %d sheets opened twice: the scanner inflated %d parts, %d with nothing kept", path, len(want), again, inflated)
		}
		sheets += len(want)
	}
	if sheets < 5 {
		t.Errorf("only %d sheets read", sheets)
	}
}
