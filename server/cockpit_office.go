package server

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"gongkai"
	"gongkai/metrics"
)

// The cockpit's office-wide blocks on issue 19's four capabilities: 转化
// (frequent requests published proactively or not), the 公开事项目录, the
// 建议提案 per 主办单位 and the clock on open applications. Each block gives
// the county's figures and the units behind them, every one a link to the
// unit page's block or the office list that shows the rows. They are the
// whole county's whatever group the cockpit shows. The 转化 list is the one
// the shown results were computed from (a published version's copy for a
// leader: metrics.ConvertReportFor); the 目录 and 建议提案 figures are the
// current ledgers' as the unit page shows them (with a note when a ledger
// was replaced since the results were scored); the clock is as of the day
// the cockpit's view was built, rebuilt at the first view of a new day
// (clockStale).

// officeBlocks are the four blocks, as the page and /api/dashboard give them.
type officeBlocks struct {
	// Published: the results shown are a published version's (else the
	// draft's), for the notes on ledgers changed since they were scored.
	Published bool            `json:"-"`
	Convert   officeConvert   `json:"convert"`
	Catalog   officeCatalog   `json:"catalog"`
	Proposals officeProposals `json:"proposals"`
	Deadlines officeDeadlines `json:"deadlines"`
}

// officeUnit is a unit named in a block, with its figure and where its rows
// are.
type officeUnit struct {
	UnitID int64    `json:"unit_id"`
	Unit   string   `json:"unit"`
	Short  string   `json:"-"`
	Count  int      `json:"count"`
	Names  []string `json:"names,omitempty"` // the domains a unit left out (目录)
	Link   string   `json:"link"`
}

// officeConvert: the frequent matters (asked at least Min times in the
// window, county-wide) and how many of the units asked have published them.
type officeConvert struct {
	Source  string `json:"source"` // metrics.ConvertScored, ConvertPublished or ConvertLive
	Window  string `json:"window"` // e.g. 2022—2024年，同一事项至少3次
	Matters int    `json:"frequent_topics"`
	// Pairs are a matter and a unit asked about it: what the measure
	// counts; Converted of them published.
	Pairs     int    `json:"unit_topics"`
	Converted int    `json:"converted"`
	Share     string `json:"converted_share"` // "40.0%（4/10）", "—" with none
	// Top are the most asked matters some unit has not published, most
	// asked first.
	Top  []officeMatter `json:"top_unconverted"`
	Link string         `json:"link"`
	// Changed: a 依申请公开 or 主动公开台账 of the year was replaced since
	// the results shown were scored, so the list (theirs) may differ from
	// a fresh one.
	Changed bool `json:"ledgers_changed"`
}

// officeMatter is a frequent matter not yet published by Units.
type officeMatter struct {
	Topic int          `json:"topic"`
	Label string       `json:"label"`
	Asked int          `json:"asked"`
	Units []officeUnit `json:"units"` // the units that have not published it, Count their requests
}

// officeCatalog: the catalogues' findings, unit by unit.
type officeCatalog struct {
	Units        int          `json:"units"` // units with a catalogue or a domain owed
	Items        int          `json:"items"`
	MissingItems int          `json:"missing_elements"`
	Overdue      int          `json:"overdue"`
	Unsure       int          `json:"not_judged"`
	Missing      []officeUnit `json:"units_missing_elements"` // Count: items lacking an element
	Late         []officeUnit `json:"units_overdue"`          // Count: items overdue
	Uncovered    []officeUnit `json:"units_uncovered"`        // Count, Names: the domains owed without an item
	// Changed: a catalogue was replaced since the results shown were
	// scored, so these figures (the current ledgers') may differ from theirs.
	Changed bool `json:"ledgers_changed"`
}

// officeProposals: the three rates per 主办单位 and over the county (each
// host counted on a proposal it shares with another).
type officeProposals struct {
	Hosts   []officeHost `json:"hosts"`
	Total   officeHost   `json:"total"`
	Changed bool         `json:"ledgers_changed"` // as officeCatalog's
}

// officeHost is a 主办单位's figures (UnitID 0: the county's sums).
type officeHost struct {
	UnitID int64  `json:"unit_id,omitempty"`
	Unit   string `json:"unit"`
	Short  string `json:"-"`
	Link   string `json:"link,omitempty"`
	proposalTally
}

// officeDeadlines: the open applications of every unit as of a day.
type officeDeadlines struct {
	AsOf    string       `json:"as_of"`
	Total   int          `json:"open"`
	Due     int          `json:"due_within_5_workdays"`
	Overdue int          `json:"overdue"`
	Unknown int          `json:"not_judged"`
	Units   []officeUnit `json:"units"` // units with an overdue or due application, Count both; most first
	Link    string       `json:"link"`
}

// Matters named in the 转化 block.
const officeMattersShown = 5

// officeBlocks reads the four blocks of a year and version (metrics.Draft:
// the draft's 转化 list), the clock as of today.
func (s *Server) officeBlocks(ctx context.Context, year, version int, short func(string) string) (*officeBlocks, error) {
	units, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	link := func(id int64, anchor string) string { return unitLink(id, year, "") + "#" + anchor }
	ou := func(u gongkai.Unit, n int, anchor string) officeUnit {
		return officeUnit{UnitID: u.ID, Unit: u.Name, Short: short(u.Name), Count: n, Link: link(u.ID, anchor)}
	}
	b := &officeBlocks{Published: version != metrics.Draft}
	changed, err := s.db.VersionChanged(ctx, year, version)
	if err != nil {
		return nil, err
	}
	for _, c := range changed {
		switch c.Kind {
		case "applications", "disclosures":
			b.Convert.Changed = true
		case "catalog":
			b.Catalog.Changed = true
		case "proposals":
			b.Proposals.Changed = true
		}
	}

	byID := map[int64]gongkai.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	cr, err := metrics.ConvertReportFor(ctx, s.db, year, version, 0)
	if err != nil {
		return nil, err
	}
	b.Convert = officeConvertOf(cr, byID, ou, b.Convert.Changed)

	cs, err := s.catalogs(ctx, year, 0)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		u := byID[c.UnitID]
		k := &b.Catalog
		k.Units++
		k.Items += c.Items
		k.MissingItems += c.Missing
		k.Overdue += c.Overdue
		k.Unsure += c.Unsure
		if c.Missing > 0 {
			k.Missing = append(k.Missing, ou(u, c.Missing, "catalog"))
		}
		if c.Overdue > 0 {
			k.Late = append(k.Late, ou(u, c.Overdue, "catalog"))
		}
		if len(c.Uncovered) > 0 {
			x := ou(u, len(c.Uncovered), "catalog")
			x.Names = c.Uncovered
			k.Uncovered = append(k.Uncovered, x)
		}
	}
	ps, err := s.hosts(ctx, year, 0)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		u := byID[p.UnitID]
		b.Proposals.Hosts = append(b.Proposals.Hosts, officeHost{UnitID: u.ID, Unit: u.Name, Short: short(u.Name), Link: link(u.ID, "proposals"), proposalTally: p.proposalTally})
		b.Proposals.Total.add(p.proposalTally)
	}
	b.Proposals.Total.Unit = "全县合计"
	b.Proposals.Total.rated()
	// The worst first: most to mend.
	k := &b.Catalog
	k.Missing, k.Late, k.Uncovered, b.Proposals.Hosts = orEmpty(k.Missing), orEmpty(k.Late), orEmpty(k.Uncovered), orEmpty(b.Proposals.Hosts)
	for _, l := range [][]officeUnit{k.Missing, k.Late, k.Uncovered} {
		sortOfficeUnits(l)
	}
	slices.SortStableFunc(b.Proposals.Hosts, func(a, b officeHost) int {
		return cmp.Or(cmp.Compare(b.faults(), a.faults()), cmp.Compare(b.Hosted, a.Hosted))
	})

	asOf := metrics.ChinaDate(s.cfg.Now())
	dr, err := metrics.DeadlinesReport(ctx, s.db, asOf, 0)
	if err != nil {
		return nil, err
	}
	d := &b.Deadlines
	d.AsOf, d.Total, d.Due, d.Overdue, d.Unknown = dr.AsOf, len(dr.Applications), dr.Counts["due"], dr.Counts["overdue"], dr.Counts["unknown"]
	d.Link = "/admin/deadlines?" + url.Values{"as_of": {dr.AsOf}}.Encode()
	count := map[int64]int{}
	var order []int64
	for _, a := range dr.Applications {
		if a.State != "due" && a.State != "overdue" {
			continue
		}
		if count[a.UnitID] == 0 {
			order = append(order, a.UnitID)
		}
		count[a.UnitID]++
	}
	for _, id := range order {
		x := ou(byID[id], count[id], "")
		x.Link = "/admin/deadlines?" + url.Values{"as_of": {dr.AsOf}, "unit": {strconv.FormatInt(id, 10)}}.Encode()
		d.Units = append(d.Units, x)
	}
	d.Units = orEmpty(d.Units)
	sortOfficeUnits(d.Units)
	return b, nil
}

// sortOfficeUnits: the highest count first, then registry order.
func sortOfficeUnits(l []officeUnit) {
	slices.SortStableFunc(l, func(a, b officeUnit) int { return cmp.Compare(b.Count, a.Count) })
}

// officeConvertOf sums a 转化 list: the matters, the unit-matter pairs and
// the most asked matters not yet published.
func officeConvertOf(r metrics.ConvertReport, byID map[int64]gongkai.Unit, ou func(gongkai.Unit, int, string) officeUnit, changed bool) officeConvert {
	c := officeConvert{Source: r.Source, Changed: changed && r.Source != metrics.ConvertLive, Pairs: r.Topics, Converted: r.Converted, Share: rate(r.Converted, r.Topics),
		Window: fmt.Sprintf("%d—%d年，同一事项至少 %d 次", r.From, r.Year, r.Min),
		Link:   "/admin/convert?" + url.Values{"year": {strconv.Itoa(r.Year)}}.Encode(), Top: []officeMatter{}}
	seen := map[int]bool{}
	at := map[int]int{} // topic → index in Top
	var open []officeMatter
	for _, it := range r.Items {
		seen[it.Topic] = true
		if it.Converted {
			continue
		}
		i, ok := at[it.Topic]
		if !ok {
			i = len(open)
			at[it.Topic] = i
			open = append(open, officeMatter{Topic: it.Topic, Label: it.Label, Asked: it.Asked})
		}
		open[i].Units = append(open[i].Units, ou(byID[it.UnitID], it.UnitAsked, "convert"))
	}
	c.Matters = len(seen)
	slices.SortStableFunc(open, func(a, b officeMatter) int {
		return cmp.Or(cmp.Compare(b.Asked, a.Asked), cmp.Compare(a.Topic, b.Topic))
	})
	if len(open) > officeMattersShown {
		open = open[:officeMattersShown]
	}
	c.Top = append(c.Top, open...)
	return c
}
