package metrics

import (
	"context"
	"fmt"
	"math"
	"sort"

	"gongkai"
	"gongkai/store"
)

// VersionDiff is what changes between two versions of a year's results
// (To may be the Draft): unit by unit, the score, rank and grade, each
// indicator whose points differ with the reasons on both sides, and why:
// the ledger batches added and removed per kind and the 零报告 declarations
// that differ; and whether the scheme differs. Units without any change
// are left out.
type VersionDiff struct {
	Year      int        `json:"year"`
	From      int        `json:"from"` // a version number
	To        int        `json:"to"`   // a version number, 0 = the draft
	FromLabel string     `json:"from_label"`
	ToLabel   string     `json:"to_label"`
	Units     []UnitDiff `json:"units"`
	// SchemeChanged: the two sides were scored with different schemes
	// (the hashes of their normalised YAML differ).
	SchemeChanged bool `json:"scheme_changed"`
}

// UnitDiff is one unit's changes. A unit only on one side has the other
// side's score, rank and grade zero and empty (Only says which side).
type UnitDiff struct {
	UnitID    int64       `json:"unit_id"`
	Unit      string      `json:"unit"`
	Group     string      `json:"group"`
	Only      string      `json:"only,omitempty"` // "from" or "to"
	FromScore float64     `json:"from_score"`
	ToScore   float64     `json:"to_score"`
	FromRank  int         `json:"from_rank"`
	ToRank    int         `json:"to_rank"`
	FromGrade string      `json:"from_grade"`
	ToGrade   string      `json:"to_grade"`
	Items     []ItemDiff  `json:"items"`
	Batches   []BatchDiff `json:"batches"`
	Declared  []DeclDiff  `json:"declared"`
}

// ItemDiff is an indicator whose points differ, with why on each side
// (the explanation's reason; "" where no point was lost).
type ItemDiff struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	FromPoints float64 `json:"from_points"`
	ToPoints   float64 `json:"to_points"`
	FromReason string  `json:"from_reason,omitempty"`
	ToReason   string  `json:"to_reason,omitempty"`
}

// BatchDiff is a ledger kind of a unit whose batches differ.
type BatchDiff struct {
	Kind    string  `json:"kind"`
	Title   string  `json:"title"`
	Added   []int64 `json:"added"`
	Removed []int64 `json:"removed"`
}

// DeclDiff is a ledger kind of a unit whose 零报告 declaration differs:
// the declaration in force on each side, 0 where there was none.
type DeclDiff struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	From  int64  `json:"from"`
	To    int64  `json:"to"`
}

// Text says what became of the declaration, for the CLI and the web.
func (d DeclDiff) Text() string {
	switch {
	case d.From == 0:
		return fmt.Sprintf("新声明本年度无此类事项（#%d）", d.To)
	case d.To == 0:
		return fmt.Sprintf("无此类事项的声明（#%d）已撤回或因上传台账失效", d.From)
	}
	return fmt.Sprintf("重新声明本年度无此类事项（#%d → #%d）", d.From, d.To)
}

// SchemeText is what the diff says of the schemes: "" when the same.
func (d *VersionDiff) SchemeText() string {
	if !d.SchemeChanged {
		return ""
	}
	return "两个结果使用的考核细则不同：计算之后重新导入了内容不同的考核细则"
}

// Changed reports whether the unit's score, rank or grade differs.
func (u UnitDiff) Changed() bool {
	return u.Only != "" || !same(u.FromScore, u.ToScore) || u.FromRank != u.ToRank || u.FromGrade != u.ToGrade
}

// Diff compares version from of a year with version to (Draft: the
// draft). Both must be publications or the draft.
func Diff(ctx context.Context, db *store.DB, year, from, to int) (*VersionDiff, error) {
	d := &VersionDiff{Year: year, From: from, To: to, Units: []UnitDiff{}}
	type sideOf struct {
		declared map[int64]map[string]int64
		scheme   string
	}
	sides := map[int]*sideOf{}
	side := func(n int) (map[int64]UnitScore, map[int64][]Loss, map[int64]map[string][]int64, string, error) {
		label := Label(nil)
		if n != Draft {
			v, err := VersionOf(ctx, db, year, n)
			if err != nil {
				return nil, nil, nil, "", err
			}
			if v.State != store.VersionPublished {
				return nil, nil, nil, "", gongkai.Errorf(gongkai.ENOTFOUND, "%d年度第%d版是撤回记录，没有考核结果", year, n)
			}
			label = Label(&v)
		}
		res, err := ResultsOf(ctx, db, year, n, "")
		if err != nil {
			return nil, nil, nil, "", err
		}
		scores := make(map[int64]UnitScore, len(res))
		for _, u := range res {
			scores[u.UnitID] = u
		}
		losses, err := ExplainAllOf(ctx, db, year, n)
		if err != nil {
			return nil, nil, nil, "", err
		}
		bs, err := db.VersionBatches(ctx, year, n)
		if err != nil {
			return nil, nil, nil, "", fmt.Errorf("diff: %w", err)
		}
		batches := map[int64]map[string][]int64{}
		for _, b := range bs {
			if batches[b.UnitID] == nil {
				batches[b.UnitID] = map[string][]int64{}
			}
			batches[b.UnitID][b.Kind] = append(batches[b.UnitID][b.Kind], b.ID)
		}
		ds, err := db.VersionDeclarations(ctx, year, n)
		if err != nil {
			return nil, nil, nil, "", fmt.Errorf("diff: %w", err)
		}
		sd := &sideOf{declared: map[int64]map[string]int64{}}
		for _, d := range ds {
			if sd.declared[d.UnitID] == nil {
				sd.declared[d.UnitID] = map[string]int64{}
			}
			sd.declared[d.UnitID][d.Kind] = d.ID
		}
		if sd.scheme, err = db.VersionSchemeHash(ctx, year, n); err != nil {
			return nil, nil, nil, "", fmt.Errorf("diff: %w", err)
		}
		sides[n] = sd
		return scores, losses, batches, label, nil
	}
	fs, fl, fb, flabel, err := side(from)
	if err != nil {
		return nil, err
	}
	ts, tl, tb, tlabel, err := side(to)
	if err != nil {
		return nil, err
	}
	d.FromLabel, d.ToLabel = flabel, tlabel
	fd, td := sides[from], sides[to]
	d.SchemeChanged = fd.scheme != "" && td.scheme != "" && fd.scheme != td.scheme
	ids := map[int64]bool{}
	for id := range fs {
		ids[id] = true
	}
	for id := range ts {
		ids[id] = true
	}
	for id := range fb {
		ids[id] = true
	}
	for id := range tb {
		ids[id] = true
	}
	for id := range fd.declared {
		ids[id] = true
	}
	for id := range td.declared {
		ids[id] = true
	}
	for id := range ids {
		f, inF := fs[id]
		t, inT := ts[id]
		u := UnitDiff{UnitID: id, Items: []ItemDiff{}, Batches: batchDiffs(fb[id], tb[id]), Declared: declDiffs(fd.declared[id], td.declared[id])}
		switch {
		case inF && !inT:
			u.Only = "from"
		case inT && !inF:
			u.Only = "to"
		case !inF && !inT:
			// A county-wide ledger (unit 0) or an unassessed unit: only
			// its batches or declarations can differ.
			if len(u.Batches) == 0 && len(u.Declared) == 0 {
				continue
			}
		}
		for _, s := range []UnitScore{f, t} {
			if s.Unit != "" {
				u.Unit, u.Group = s.Unit, s.Group
			}
		}
		if u.Unit == "" {
			u.Unit = unitName(ctx, db, id)
		}
		u.FromScore, u.FromRank, u.FromGrade = f.Normalized, f.Rank, f.Grade
		u.ToScore, u.ToRank, u.ToGrade = t.Normalized, t.Rank, t.Grade
		u.Items = itemDiffs(f.Indicators, t.Indicators, reasons(fl[id]), reasons(tl[id]))
		if !u.Changed() && len(u.Items) == 0 && len(u.Batches) == 0 && len(u.Declared) == 0 {
			continue
		}
		d.Units = append(d.Units, u)
	}
	sort.Slice(d.Units, func(i, j int) bool {
		a, b := d.Units[i], d.Units[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		ra, rb := a.ToRank, b.ToRank
		if ra == 0 {
			ra = a.FromRank
		}
		if rb == 0 {
			rb = b.FromRank
		}
		if ra != rb {
			return ra < rb
		}
		return a.UnitID < b.UnitID
	})
	return d, nil
}

// unitName names a unit with no score on either side ("" for the county's
// own ledgers' unit 0 is gongkai.CountyName).
func unitName(ctx context.Context, db *store.DB, id int64) string {
	if id == gongkai.CountyUnitID {
		return gongkai.CountyName
	}
	if u, err := db.UnitGet(ctx, id); err == nil {
		return u.Name
	}
	return fmt.Sprintf("单位%d", id)
}

func reasons(ls []Loss) map[string]string {
	out := make(map[string]string, len(ls))
	for _, l := range ls {
		out[l.ID] = l.Reason
	}
	return out
}

// itemDiffs lists the indicators whose points differ, in the tree order of
// the side that has them (to first).
func itemDiffs(from, to []ItemScore, fr, tr map[string]string) []ItemDiff {
	out := []ItemDiff{}
	fp := map[string]ItemScore{}
	for _, it := range from {
		fp[it.ID] = it
	}
	seen := map[string]bool{}
	for _, it := range to {
		seen[it.ID] = true
		f := fp[it.ID]
		if !same(f.Points, it.Points) {
			out = append(out, ItemDiff{ID: it.ID, Name: it.Name, FromPoints: f.Points, ToPoints: it.Points, FromReason: fr[it.ID], ToReason: tr[it.ID]})
		}
	}
	for _, it := range from {
		if !seen[it.ID] && !same(it.Points, 0) {
			out = append(out, ItemDiff{ID: it.ID, Name: it.Name, FromPoints: it.Points, FromReason: fr[it.ID]})
		}
	}
	return out
}

// batchDiffs lists per kind the batches only one side was scored from.
func batchDiffs(from, to map[string][]int64) []BatchDiff {
	var out []BatchDiff
	for _, k := range gongkai.Kinds {
		added, removed := minus(to[k.Name], from[k.Name]), minus(from[k.Name], to[k.Name])
		if len(added) > 0 || len(removed) > 0 {
			out = append(out, BatchDiff{Kind: k.Name, Title: k.Title, Added: added, Removed: removed})
		}
	}
	if out == nil {
		out = []BatchDiff{}
	}
	return out
}

// declDiffs lists per kind the declarations that differ between the sides.
func declDiffs(from, to map[string]int64) []DeclDiff {
	out := []DeclDiff{}
	for _, k := range gongkai.Kinds {
		if f, t := from[k.Name], to[k.Name]; f != t {
			out = append(out, DeclDiff{Kind: k.Name, Title: k.Title, From: f, To: t})
		}
	}
	return out
}

func minus(a, b []int64) []int64 {
	out := []int64{}
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

// same compares points to the cent.
func same(a, b float64) bool { return math.Abs(a-b) < 0.005 }
