package reports

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Review reads a county's reports (a folder of .docx, .pdf, .html, .xlsx
// or JSON files, as written or as published), pairs each with the same
// unit's report of the year before and checks them all: the cell rules of
// Check, the text rules of CheckText, and paragraphs copied between units.
// WriteReviewXLSX turns the result into the 问题清单 workbook.

// ReviewOptions configures Review.
type ReviewOptions struct {
	// Previous lists the files of last year's reports; each report is paired
	// with the previous report of its unit.
	Previous []string
	// Unit maps the unit a report names (in its title; its file name when
	// the title names none) to the registry's name. Nil keeps the name as
	// written. An error is reported as a warning and the name kept.
	Unit func(named, file string) (string, error)
	// Ledgers returns the report derived from the ledgers a unit's report
	// (the unit as Unit named it) covers for a year, or nil when none are
	// loaded; each matched report is then compared with it cell by cell
	// (rule CMP). Nil compares none. ReviewDB sets it (see Covers).
	Ledgers func(unit string, year int) (*LedgerReport, error)
	Rules   TextRules
	// Workers read files in parallel; 0 means the number of CPUs.
	Workers int
}

// ReviewItem is one report reviewed.
type ReviewItem struct {
	File     string  // as given
	Unit     string  // the registry's name, or as written in the report
	Year     int     // 0 when unknown
	Report   *Report // nil when the file could not be read
	PrevFile string  // the previous report paired with it, if any
	Findings []Finding
}

// Errors and Warnings count the item's findings by severity.
func (it ReviewItem) Errors() int   { return it.count(SeverityError) }
func (it ReviewItem) Warnings() int { return it.count(SeverityWarning) }

func (it ReviewItem) count(sev string) int {
	n := 0
	for _, f := range it.Findings {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

// ReviewResult is a review of many reports, in the order of the files given.
type ReviewResult struct {
	Items []ReviewItem
	// PreviousUnread lists last year's files that could not be read, with
	// the reason; their units are reviewed without the cross-year rules.
	PreviousUnread []string
}

// readAll reads files on workers; errs[i] is set where reports[i] is nil.
func readAll(files []string, workers int) ([]*Report, []error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	rs := make([]*Report, len(files))
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rs[i], errs[i] = readChecked(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return rs, errs
}

// readChecked reads one report, refusing one with nothing filled in; a
// panic in a reader becomes this file's error, not the review's end.
func readChecked(path string) (r *Report, err error) {
	defer func() {
		if v := recover(); v != nil {
			r, err = nil, fmt.Errorf("%s: 程序内部错误，未能读取（技术细节：%v）", filepath.Base(path), v)
		}
	}()
	r, err = ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !r.hasData() {
		return nil, errNoData(path)
	}
	return r, nil
}

// unitKey is the key pairing a report with last year's: the registry name
// when a registry was given, else the name as written, less spaces.
func (opt ReviewOptions) unitOf(r *Report, file string) (string, error) {
	named := r.Unit
	if opt.Unit == nil {
		return strings.Join(strings.Fields(named), ""), nil
	}
	return opt.Unit(named, filepath.Base(file))
}

// Review reviews the report files.
func Review(files []string, opt ReviewOptions) ReviewResult {
	var res ReviewResult
	cur, curErr := readAll(files, opt.Workers)
	prev, prevErr := readAll(opt.Previous, opt.Workers)

	type prior struct {
		r    *Report
		file string
	}
	byUnit := map[string][]prior{}
	for i, r := range prev {
		if r == nil {
			res.PreviousUnread = append(res.PreviousUnread, prevErr[i].Error())
			continue
		}
		u, err := opt.unitOf(r, opt.Previous[i])
		if err != nil || u == "" {
			res.PreviousUnread = append(res.PreviousUnread, fmt.Sprintf("%s: 未能确定上年报告的单位，未用于跨年度核对", filepath.Base(opt.Previous[i])))
			continue
		}
		byUnit[u] = append(byUnit[u], prior{r, opt.Previous[i]})
	}

	units := make([]string, len(files))
	for i, path := range files {
		it := ReviewItem{File: path, Report: cur[i]}
		r := cur[i]
		if r == nil {
			it.Findings = []Finding{{Rule: "READ", Severity: SeverityError, Cells: []string{filepath.Base(path)},
				Message: readReason(curErr[i])}}
			res.Items = append(res.Items, it)
			continue
		}
		it.Year = r.Year
		u, err := opt.unitOf(r, path)
		switch {
		case err != nil:
			it.Findings = append(it.Findings, Finding{Rule: "UNIT", Severity: SeverityWarning, Cells: []string{filepath.Base(path)},
				Message: fmt.Sprintf("报告的单位未能与单位名录对应：%v", err)})
			u = strings.Join(strings.Fields(r.Unit), "")
			it.Unit = r.Unit
		case u == "":
			it.Findings = append(it.Findings, Finding{Rule: "UNIT", Severity: SeverityWarning, Cells: []string{filepath.Base(path)},
				Message: "未能从报告标题读出单位名称（标题应为“某单位20XX年政府信息公开工作年度报告”），未与上年报告配对"})
		default:
			it.Unit = u
			if opt.Unit == nil {
				it.Unit = r.Unit
			}
		}
		units[i] = u
		var p *prior
		if u != "" {
			// The previous year's report, else the latest before this year.
			for k := range byUnit[u] {
				c := &byUnit[u][k]
				if r.Year == 0 || c.r.Year < r.Year {
					if p == nil || c.r.Year == r.Year-1 || (p.r.Year != r.Year-1 && c.r.Year > p.r.Year) {
						p = c
					}
				}
			}
		}
		var pr *Report
		if p != nil {
			pr, it.PrevFile = p.r, p.file
		}
		it.Findings = append(it.Findings, NewCheckResult(filepath.Base(path), r, pr, opt.Rules).Findings...)
		if opt.Ledgers != nil && opt.Unit != nil && err == nil && u != "" && r.Year != 0 {
			d, err := opt.Ledgers(u, r.Year)
			switch {
			case err != nil:
				it.Findings = append(it.Findings, Finding{Rule: "CMP", Severity: SeverityWarning, Cells: []string{filepath.Base(path)},
					Message: fmt.Sprintf("未能与台账推算结果对比：%v", err)})
			case d != nil:
				it.Findings = append(it.Findings, ledgerFindings(r, d)...)
			}
		}
		res.Items = append(res.Items, it)
	}
	// Units not named count as their own file, so they are compared too.
	for i := range units {
		if units[i] == "" {
			units[i] = "“" + filepath.Base(files[i]) + "”"
		}
	}
	for i, fs := range copiesAcross(cur, units, opt.Rules) {
		res.Items[i].Findings = append(res.Items[i].Findings, fs...)
	}
	return res
}

// readReason is a read error as the reviewer should see it: the file name
// is in the list already.
func readReason(err error) string {
	if errors.Is(err, ErrNotReport) {
		return "不是年度报告，或未找到表三：" + err.Error()
	}
	return err.Error()
}

// Ranked returns the items ordered for the summary: most errors first, then
// most warnings, then by file.
func (res ReviewResult) Ranked() []ReviewItem {
	out := append([]ReviewItem(nil), res.Items...)
	sort.SliceStable(out, func(a, b int) bool {
		ea, eb := out[a].Errors(), out[b].Errors()
		if ea != eb {
			return ea > eb
		}
		if wa, wb := out[a].Warnings(), out[b].Warnings(); wa != wb {
			return wa > wb
		}
		return out[a].File < out[b].File
	})
	return out
}
