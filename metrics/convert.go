package metrics

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/textgroup"
	"gongkai/store"
)

// 依申请公开 → 主动公开 转化 (issue 19, part 1): what many people ask for
// should be published without being asked. Convert groups the requests of
// the last N years by matter, across applicants and units (character
// bigrams, internal/textgroup), keeps the matters asked at least K times,
// and checks for each unit asked about one whether its 主动公开台账 has
// since published it. The measure convert_share scores the share converted.

// ConvertMeasure is the measure that scores the conversion.
const ConvertMeasure = "convert_share"

// ConvertOptions are the window and the frequency: the ledger years
// Year-Years+1 to Year, and a matter asked at least Min times.
type ConvertOptions struct {
	Years int
	Min   int
}

// DefaultConvert is 3 years and 3 requests (the param "" or "3年3次").
var DefaultConvert = ConvertOptions{Years: 3, Min: 3}

// MatchCoverage is the least share of a matter's shared bigrams (by weight)
// that a publication's title and 栏目 must hold to count as publishing it.
const MatchCoverage = 0.4

var convertParam = regexp.MustCompile(`^\s*(\d+)\s*年\s*(\d+)\s*次\s*$`)

// ParseConvertParam reads the measure's param "N年K次" (blank: the default).
func ParseConvertParam(s string) (ConvertOptions, error) {
	if strings.TrimSpace(s) == "" {
		return DefaultConvert, nil
	}
	m := convertParam.FindStringSubmatch(s)
	if m == nil {
		return ConvertOptions{}, fmt.Errorf("转化指标的参数“%s”应写成“3年3次”：近几年的申请、同一事项至少几次", s)
	}
	n, _ := strconv.Atoi(m[1])
	k, _ := strconv.Atoi(m[2])
	o := ConvertOptions{Years: n, Min: k}
	return o, o.check()
}

func (o ConvertOptions) check() error {
	if o.Years < 1 || o.Years > 10 {
		return fmt.Errorf("统计年数应为 1 到 10，而不是 %d", o.Years)
	}
	if o.Min < 2 {
		return fmt.Errorf("同一事项的申请次数至少为 2，而不是 %d", o.Min)
	}
	return nil
}

// ConvertOptionsFor are the options the year's scheme scores by (the param of
// its first convert_share leaf), the default when it has none.
func ConvertOptionsFor(ctx context.Context, db *store.DB, year int) (ConvertOptions, error) {
	_, o, _, err := convertParamFor(ctx, db, year)
	return o, err
}

// Convert finds the year's frequent matters and, per unit asked about one,
// its matching publication: topics numbered county-wide in the order first
// asked, a topic's units in id order. Requests and publications are every
// unit's; unitID (0: all) only narrows the list returned.
func Convert(ctx context.Context, q *store.Queries, year int, o ConvertOptions, unitID int64) ([]store.ConvertTopic, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	reqs, err := q.ConvertRequests(ctx, year-o.Years+1, year)
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	texts := make([]string, len(reqs))
	for i, r := range reqs {
		texts[i] = r.Content
	}
	c := textgroup.NewCorpus(texts)
	var frequent [][]int
	for _, g := range c.Group(textgroup.Threshold) {
		if len(g) >= o.Min {
			frequent = append(frequent, g)
		}
	}
	if len(frequent) == 0 {
		return nil, nil
	}
	end := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	pubs, err := q.ConvertPublications(ctx, time.Date(year-o.Years+1, 1, 1, 0, 0, 0, 0, time.UTC), end)
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	// A publication is matched against every matter its unit was asked
	// about: its text is made a set of bigrams once.
	byUnit := map[int64][]publication{}
	for _, p := range pubs {
		byUnit[p.UnitID] = append(byUnit[p.UnitID], publication{p, textgroup.SetOf(p.Title + " " + p.Category)})
	}
	var out []store.ConvertTopic
	for k, g := range frequent {
		medoid := c.Medoid(g)
		shared := c.Shared(g, medoid)
		keys := shared
		if len(keys) > 8 {
			keys = keys[:8]
		}
		mine := map[int64][]store.ConvertRequest{}
		var units []int64
		for _, i := range g {
			u := reqs[i].UnitID
			if _, ok := mine[u]; !ok {
				units = append(units, u)
			}
			mine[u] = append(mine[u], reqs[i])
		}
		slices.Sort(units)
		label := reqs[medoid].Content
		for _, u := range units {
			if unitID != 0 && u != unitID {
				continue
			}
			rs := mine[u]
			t := store.ConvertTopic{UnitID: u, Topic: k + 1, Label: label, Keys: strings.Join(keys, " "),
				Asked: len(g), Units: len(units), UnitAsked: len(rs), First: rs[0].Received, Last: rs[0].Received, Requests: rs}
			for _, r := range rs {
				if r.Received.Before(t.First) {
					t.First = r.Received
				}
				if r.Received.After(t.Last) {
					t.Last = r.Received
				}
			}
			if p, cov, ok := bestMatch(c, shared, byUnit[u], t.First); ok {
				row, pub := p.RowID, p.Published
				t.MatchRow, t.MatchTitle, t.MatchCategory, t.MatchPublished, t.MatchCoverage = &row, p.Title, p.Category, &pub, &cov
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// publication is a publication a matter may be matched against, with the
// bigrams of its title and 栏目.
type publication struct {
	store.ConvertPublication
	grams textgroup.GramSet
}

// bestMatch is the publication, published on or after since, whose title and
// 栏目 cover the most of the shared bigrams, at least MatchCoverage; the
// earliest on a tie (pubs come by date, then row).
func bestMatch(c *textgroup.Corpus, shared []string, pubs []publication, since time.Time) (store.ConvertPublication, float64, bool) {
	var best store.ConvertPublication
	bestCov, found := 0.0, false
	for _, p := range pubs {
		if p.Published.Before(since) {
			continue
		}
		cov := c.CoverageOf(shared, p.grams)
		if cov >= MatchCoverage-1e-9 && cov > bestCov+1e-9 {
			best, bestCov, found = p.ConvertPublication, cov, true
		}
	}
	return best, round2(bestCov), found
}

// storeConvert writes the year's topics for each param of convert_share the
// scheme uses, before the measures run (Score).
func storeConvert(ctx context.Context, q *store.Queries, year int, used []store.MeasureUse) error {
	done := map[string]bool{}
	for _, m := range used {
		if m.Measure != ConvertMeasure || done[m.Param] {
			continue
		}
		done[m.Param] = true
		o, err := ParseConvertParam(m.Param)
		if err != nil {
			return err
		}
		ts, err := Convert(ctx, q, year, o, 0)
		if err != nil {
			return err
		}
		if err := q.SaveConvertTopics(ctx, year, m.Param, ts); err != nil {
			return fmt.Errorf("convert: %w", err)
		}
	}
	return nil
}

// ConvertReport is the 转化建议 list as the CLI, the API and the page give it.
type ConvertReport struct {
	Year      int `json:"year"`
	Years     int `json:"years"`
	Min       int `json:"min_requests"`
	From      int `json:"from_year"`
	Topics    int `json:"topics"`
	Converted int `json:"converted"`
	Suggested int `json:"suggested"` // Topics not converted: the 转化建议
	// Source says where the list was read (ConvertReportFor): "scored" (the
	// topics stored when the year was last scored), "published" (a
	// version's copy) or "live" (grouped now: the year was never scored);
	// empty from ConvertReportOf, which always groups.
	Source string       `json:"source,omitempty"`
	Items  []ConvertRow `json:"suggestions"`
}

// ConvertRow is one frequent matter of a unit: a 转化建议 when not converted.
type ConvertRow struct {
	Topic     int              `json:"topic"`
	UnitID    int64            `json:"unit_id"`
	Unit      string           `json:"unit"`
	Label     string           `json:"label"`
	Keys      []string         `json:"shared_bigrams"`
	Asked     int              `json:"asked"`
	Units     int              `json:"units_asked"`
	UnitAsked int              `json:"unit_asked"`
	First     string           `json:"first_asked"`
	Last      string           `json:"last_asked"`
	Converted bool             `json:"converted"`
	State     string           `json:"state_text"`
	Match     *ConvertMatch    `json:"publication"`
	Examples  []ConvertExample `json:"requests"`
}

// ConvertMatch is the publication that converted a matter.
type ConvertMatch struct {
	Title     string  `json:"title"`
	Category  string  `json:"category"`
	Published string  `json:"published"`
	Coverage  float64 `json:"coverage"`
}

// ConvertExample is one of the unit's requests about the matter.
type ConvertExample struct {
	AppNo    string `json:"app_no"`
	Received string `json:"received"`
	Content  string `json:"content"`
}

// ConvertReportOf lists the year's frequent matters of one unit or all
// (unitID 0): the ones not yet published first (the suggestions), then by
// how often asked.
func ConvertReportOf(ctx context.Context, db *store.DB, year int, o ConvertOptions, unitID int64) (ConvertReport, error) {
	ts, err := Convert(ctx, db.Queries, year, o, unitID)
	if err != nil {
		return ConvertReport{}, err
	}
	return convertReport(ctx, db, year, o, ts)
}

// Where ConvertReportFor read a list.
const (
	ConvertScored    = "scored"
	ConvertPublished = "published"
	ConvertLive      = "live"
)

// ConvertReportFor is the list of one unit or all (unitID 0) that the
// year's results were computed from, by the scheme's window and frequency:
// version n's copy (n a published version; migration 0023), else the
// topics stored when the year was last scored (the draft, Draft), so that a
// page does not group every request of the county at each view and agrees
// with the scores it stands beside. A year never scored (or whose scheme
// has no convert_share) is grouped live. A version published before the
// copy existed (none copied) shows the stored draft.
func ConvertReportFor(ctx context.Context, db *store.DB, year, n int, unitID int64) (ConvertReport, error) {
	param, o, found, err := convertParamFor(ctx, db, year)
	if err != nil {
		return ConvertReport{}, err
	}
	years, err := Years(ctx, db)
	if err != nil {
		return ConvertReport{}, fmt.Errorf("convert: %w", err)
	}
	if !found || !slices.Contains(years, year) {
		r, err := ConvertReportOf(ctx, db, year, o, unitID)
		r.Source = ConvertLive
		return r, err
	}
	source := ConvertScored
	var ts []store.ConvertTopic
	if n != Draft {
		if ts, err = db.StoredConvertTopics(ctx, year, n, param, unitID); err != nil {
			return ConvertReport{}, fmt.Errorf("convert: %w", err)
		}
		if len(ts) > 0 || unitID != 0 && convertCopied(ctx, db, year, n, param) {
			source = ConvertPublished
		}
	}
	if source == ConvertScored {
		if ts, err = db.StoredConvertTopics(ctx, year, Draft, param, unitID); err != nil {
			return ConvertReport{}, fmt.Errorf("convert: %w", err)
		}
	}
	r, err := convertReport(ctx, db, year, o, ts)
	r.Source = source
	return r, err
}

// convertCopied: version n of year copied some topics (of any unit).
func convertCopied(ctx context.Context, db *store.DB, year, n int, param string) bool {
	ts, err := db.StoredConvertTopics(ctx, year, n, param, 0)
	return err == nil && len(ts) > 0
}

// convertParamFor is the param of the year's first convert_share leaf as
// written (the key of its stored topics) and its options; the default and
// found false when the scheme has none.
func convertParamFor(ctx context.Context, db *store.DB, year int) (string, ConvertOptions, bool, error) {
	used, err := db.SchemeMeasures(ctx, year)
	if err != nil {
		return "", ConvertOptions{}, false, fmt.Errorf("convert: %w", err)
	}
	for _, m := range used {
		if m.Measure == ConvertMeasure {
			o, err := ParseConvertParam(m.Param)
			return m.Param, o, true, err
		}
	}
	return "", DefaultConvert, false, nil
}

// convertReport builds the list from the topics of Convert or the stored
// ones.
func convertReport(ctx context.Context, db *store.DB, year int, o ConvertOptions, ts []store.ConvertTopic) (ConvertReport, error) {
	units, err := db.Units(ctx)
	if err != nil {
		return ConvertReport{}, fmt.Errorf("convert: %w", err)
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	r := ConvertReport{Year: year, Years: o.Years, Min: o.Min, From: year - o.Years + 1, Topics: len(ts), Items: []ConvertRow{}}
	for _, t := range ts {
		row := ConvertRow{Topic: t.Topic, UnitID: t.UnitID, Unit: names[t.UnitID], Label: t.Label, Keys: strings.Fields(t.Keys),
			Asked: t.Asked, Units: t.Units, UnitAsked: t.UnitAsked, First: t.First.Format(dateLayout), Last: t.Last.Format(dateLayout),
			Converted: t.MatchRow != nil, State: "建议主动公开"}
		if row.Converted {
			r.Converted++
			row.State = "已主动公开"
			row.Match = &ConvertMatch{Title: t.MatchTitle, Category: t.MatchCategory, Published: t.MatchPublished.Format(dateLayout), Coverage: *t.MatchCoverage}
		}
		for _, q := range t.Requests {
			row.Examples = append(row.Examples, ConvertExample{AppNo: q.AppNo, Received: q.Received.Format(dateLayout), Content: q.Content})
		}
		r.Items = append(r.Items, row)
	}
	r.Suggested = r.Topics - r.Converted
	sortConvertRows(r.Items)
	return r, nil
}

// sortConvertRows: not converted first, then the most asked, then the
// topic's number and the unit.
func sortConvertRows(rs []ConvertRow) {
	slices.SortFunc(rs, func(a, b ConvertRow) int {
		if a.Converted != b.Converted {
			if !a.Converted {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.Asked, a.Asked), cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.UnitID, b.UnitID))
	})
}
