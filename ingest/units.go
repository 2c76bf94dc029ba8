package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gongkai"
	"gongkai/store"
)

// The unit registry file (单位名录), kept by the government office.
var registryColumns = []struct {
	field    string
	names    []string
	required bool
}{
	{"name", []string{"单位名称", "名称", "单位全称"}, true},
	{"aliases", []string{"简称/别名", "简称", "别名", "简称、别名"}, false},
	{"code", []string{"统一社会信用代码", "信用代码", "社会信用代码"}, false},
	{"type", []string{"单位类型", "类型"}, false},
	{"group", []string{"考核分组", "分组"}, false},
	{"parent", []string{"上级单位", "上级"}, false},
}

// UnitsResult reports a registry load.
type UnitsResult struct {
	File    string     `json:"file"`
	Status  string     `json:"status"`
	Code    string     `json:"code,omitempty"` // why it was refused, as in Result
	Reason  string     `json:"reason,omitempty"`
	Added   int        `json:"added"`
	Updated int        `json:"updated"`
	Errors  []RowError `json:"errors"`
}

// LoadUnits reads a registry file and adds or updates its units, keeping
// each existing unit's id (matched by name, then by credit code). Any bad
// row refuses the whole file: a registry half-loaded would mis-assign ledgers.
func LoadUnits(ctx context.Context, db *store.DB, path string) UnitsResult {
	res := UnitsResult{File: filepath.Base(path), Errors: []RowError{}}
	fail := func(err error) UnitsResult {
		e := refusalOf(err)
		res.Status, res.Code, res.Reason = StatusRefused, e.Code, e.Message
		return res
	}
	src, err := openSource(path, DefaultLimits)
	if err != nil {
		return fail(err)
	}
	defer src.Close()
	existing, err := db.Units(ctx)
	if err != nil {
		return fail(err)
	}
	byName := map[string]*gongkai.Unit{}
	byCode := map[string]*gongkai.Unit{}
	var maxID int64
	for i := range existing {
		u := &existing[i]
		byName[unitKey(u.Name)] = u
		if u.Code != "" {
			byCode[u.Code] = u
		}
		if u.ID > maxID {
			maxID = u.ID
		}
	}
	type pending struct {
		u      gongkai.Unit
		parent string
		row    int
		sheet  string
		pcol   int
	}
	var rows []pending
	found := false
	for _, sheet := range src.Sheets() {
		rr, err := src.Open(sheet)
		if err != nil {
			return fail(err)
		}
		var cols map[string]int
		for rr.Next() {
			row := rr.Row()
			if cols == nil {
				if rr.RowNum() > sniffRows {
					break
				}
				cols = registryHeader(row)
				continue
			}
			if skipRow(row) {
				continue
			}
			get := func(f string) (string, int) {
				if i, ok := cols[f]; ok && i < len(row) {
					return clean(foldWidth(row[i])), i
				}
				return "", cols[f]
			}
			bad := func(col int, value, reason string) {
				res.Errors = append(res.Errors, RowError{Sheet: sheet, Row: rr.RowNum(), Column: registryName(col, cols), Cell: cellRef(col, rr.RowNum(), src.Format()), Value: value, Reason: reason, col: col})
			}
			// Text the encoding cannot account for refuses the row, as in a
			// ledger (see normalizer.row).
			if i := slices.IndexFunc(row, func(c string) bool { return !validText(c) }); i >= 0 {
				bad(i, strings.ToValidUTF8(row[i], "\uFFFD"), "含有无法识别的字符，请检查文件编码")
				continue
			}
			name, ncol := get("name")
			if name == "" {
				bad(ncol, "", "单位名称不能为空")
				continue
			}
			code, ccol := get("code")
			code = strings.ToUpper(code)
			if code != "" {
				if err := ValidCreditCode(code); err != nil {
					bad(ccol, code, err.Error())
					continue
				}
			}
			p := pending{row: rr.RowNum(), sheet: sheet}
			p.u.Name = clean(row[ncol])
			p.u.Code = code
			p.u.Type, _ = get("type")
			p.u.Group, _ = get("group")
			p.parent, p.pcol = get("parent")
			aliases, _ := get("aliases")
			for _, a := range strings.FieldsFunc(aliases, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '/' }) {
				if a = clean(a); a != "" {
					p.u.Aliases = append(p.u.Aliases, a)
				}
			}
			rows = append(rows, p)
		}
		if err := rr.Err(); err != nil {
			rr.Close()
			return fail(err)
		}
		rr.Close()
		if cols != nil {
			found = true
		}
	}
	if !found {
		return fail(gongkai.Errorf(gongkai.ENOHEADER, "未找到单位名录表头（应有“单位名称”列，可有简称/别名、统一社会信用代码、单位类型、考核分组、上级单位）"))
	}
	// Assign ids and check uniqueness of names, aliases and codes.
	keyOwner := map[string]string{}
	var out []gongkai.Unit
	for i := range rows {
		p := &rows[i]
		if u := byName[unitKey(p.u.Name)]; u != nil {
			p.u.ID = u.ID
			res.Updated++
		} else if u := byCode[p.u.Code]; p.u.Code != "" && u != nil {
			p.u.ID = u.ID
			res.Updated++
		} else {
			maxID++
			p.u.ID = maxID
			res.Added++
		}
		for _, k := range append([]string{p.u.Name}, p.u.Aliases...) {
			fk := unitKey(k)
			if owner, dup := keyOwner[fk]; dup && owner != p.u.Name {
				res.Errors = append(res.Errors, RowError{Sheet: p.sheet, Row: p.row, Column: "简称/别名", Value: k, Reason: fmt.Sprintf("名称或简称“%s”已被“%s”使用，无法区分", k, owner), col: -1})
			}
			keyOwner[fk] = p.u.Name
		}
	}
	names := map[string]int64{}
	for _, u := range existing {
		names[unitKey(u.Name)] = u.ID
		for _, a := range u.Aliases {
			names[unitKey(a)] = u.ID
		}
	}
	for _, p := range rows {
		names[unitKey(p.u.Name)] = p.u.ID
		for _, a := range p.u.Aliases {
			names[unitKey(a)] = p.u.ID
		}
	}
	for _, p := range rows {
		if p.parent != "" {
			id, ok := names[unitKey(p.parent)]
			if !ok {
				res.Errors = append(res.Errors, RowError{Sheet: p.sheet, Row: p.row, Column: "上级单位", Value: p.parent, Reason: fmt.Sprintf("上级单位“%s”不在名录中", p.parent), col: p.pcol})
				continue
			}
			p.u.ParentID = id
		}
		out = append(out, p.u)
	}
	if len(res.Errors) > 0 {
		res.Added, res.Updated = 0, 0
		return fail(gongkai.Errorf(gongkai.EROWSREFUSED, "%d 处错误，单位名录未导入", len(res.Errors)))
	}
	if err := db.SaveUnits(ctx, out); err != nil {
		return fail(err)
	}
	res.Status = StatusLoaded
	return res
}

func registryHeader(row []string) map[string]int {
	cols := map[string]int{}
	for i, c := range row {
		k := headerKey(c)
		for _, rc := range registryColumns {
			for _, n := range rc.names {
				if k == headerKey(n) || stripParen(k) == headerKey(n) {
					if _, dup := cols[rc.field]; !dup {
						cols[rc.field] = i
					}
				}
			}
		}
	}
	if _, ok := cols["name"]; !ok || len(cols) < 2 {
		return nil
	}
	return cols
}

func registryName(col int, cols map[string]int) string {
	for _, rc := range registryColumns {
		if i, ok := cols[rc.field]; ok && i == col {
			return rc.names[0]
		}
	}
	return ""
}
