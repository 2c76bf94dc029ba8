package store

import (
	"context"
	"time"
)

// 依申请公开 → 主动公开 转化 (issue 19, part 1): the requests and
// publications metrics.Convert reads, and the topics it stores when a year is
// scored (migration 0018).

// ConvertRequest is a request with a 申请内容.
type ConvertRequest struct {
	UnitID   int64
	RowID    int64
	AppNo    string
	Received time.Time
	Content  string
}

// ConvertRequests lists the requests with a 申请内容 of the ledger years from
// to to, every unit, in the order received.
func (q *Queries) ConvertRequests(ctx context.Context, from, to int) ([]ConvertRequest, error) {
	return list(ctx, q.q, "convert_applications", fields(func(r *ConvertRequest) []any {
		return []any{&r.UnitID, &r.RowID, &r.AppNo, &r.Received, &r.Content}
	}), from, to)
}

// ConvertPublication is a row of the 主动公开台账.
type ConvertPublication struct {
	UnitID    int64
	RowID     int64
	Title     string
	Category  string
	Published time.Time
}

// ConvertPublications lists the publications of every unit published from
// from to to (inclusive), by unit and date.
func (q *Queries) ConvertPublications(ctx context.Context, from, to time.Time) ([]ConvertPublication, error) {
	return list(ctx, q.q, "convert_publications", fields(func(p *ConvertPublication) []any {
		return []any{&p.UnitID, &p.RowID, &p.Title, &p.Category, &p.Published}
	}), from.Format(day), to.Format(day))
}

// ConvertTopic is a stored topic of a unit; Requests are the unit's
// requests about it. MatchRow is nil when the unit has not published it.
type ConvertTopic struct {
	UnitID         int64
	Topic          int
	Label, Keys    string
	Asked, Units   int
	UnitAsked      int
	First, Last    time.Time
	MatchRow       *int64
	MatchTitle     string
	MatchCategory  string
	MatchPublished *time.Time
	MatchCoverage  *float64
	Requests       []ConvertRequest
}

// SaveConvertTopics replaces a year's stored topics of one param with ts.
func (q *Queries) SaveConvertTopics(ctx context.Context, year int, param string, ts []ConvertTopic) error {
	if err := execStatements(ctx, q.q, "convert_clear", year, param); err != nil {
		return err
	}
	if len(ts) == 0 {
		return nil
	}
	// Lists, one element a topic (a request), for one statement each.
	n := len(ts)
	var (
		units, topics, asked, nunits, unitAsked, rows = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		labels, keys, first, last, titles, cats, pubs = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		covs                                          = make([]float64, n)
		hasRow, hasCov                                = make([]bool, n), make([]bool, n)
		rUnits, rTopics, rRows                        []int64
		rApps, rDays, rContents                       []string
	)
	for i, t := range ts {
		units[i], topics[i], labels[i], keys[i] = t.UnitID, int64(t.Topic), t.Label, t.Keys
		asked[i], nunits[i], unitAsked[i] = int64(t.Asked), int64(t.Units), int64(t.UnitAsked)
		first[i], last[i], titles[i], cats[i] = t.First.Format(day), t.Last.Format(day), t.MatchTitle, t.MatchCategory
		if hasRow[i] = t.MatchRow != nil; hasRow[i] {
			rows[i] = *t.MatchRow
		}
		if t.MatchPublished != nil {
			pubs[i] = t.MatchPublished.Format(day) // "" is NULL
		}
		if hasCov[i] = t.MatchCoverage != nil; hasCov[i] {
			covs[i] = *t.MatchCoverage
		}
		for _, r := range t.Requests {
			rUnits, rTopics, rRows = append(rUnits, t.UnitID), append(rTopics, int64(t.Topic)), append(rRows, r.RowID)
			rApps, rDays, rContents = append(rApps, r.AppNo), append(rDays, r.Received.Format(day)), append(rContents, r.Content)
		}
	}
	if err := execNamed(ctx, q.q, "convert_topic_insert", year, param, units, topics, labels, keys, asked, nunits,
		unitAsked, first, last, rows, titles, cats, pubs, covs, hasRow, hasCov); err != nil {
		return err
	}
	if len(rRows) == 0 {
		return nil
	}
	return execNamed(ctx, q.q, "convert_request_insert", year, param, rUnits, rTopics, rRows, rApps, rDays, rContents)
}

// StoredConvertTopics reads the topics of a year and param as scoring stored
// them (version 0: the draft) or as version n published them, with their
// requests; unitID (0: all) narrows them. None when the year was not scored
// with the param, or the version copied none.
func (q *Queries) StoredConvertTopics(ctx context.Context, year, version int, param string, unitID int64) ([]ConvertTopic, error) {
	// The match columns are NULL for a matter not published: scanned into
	// pointers, which database/sql sets to nil for NULL.
	ts, err := list(ctx, q.q, "c19_convert_topics", fields(func(t *ConvertTopic) []any {
		return []any{&t.UnitID, &t.Topic, &t.Label, &t.Keys, &t.Asked, &t.Units, &t.UnitAsked, &t.First, &t.Last,
			&t.MatchRow, &t.MatchTitle, &t.MatchCategory, &t.MatchPublished, &t.MatchCoverage}
	}), year, version, param, unitID)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	type key struct {
		unit  int64
		topic int
	}
	at := map[key]int{}
	for i, t := range ts {
		at[key{t.UnitID, t.Topic}] = i
	}
	type keyed struct {
		k key
		r ConvertRequest
	}
	rs, err := list(ctx, q.q, "c19_convert_requests", func(s scanner) (keyed, error) {
		var v keyed
		err := s.Scan(&v.k.unit, &v.k.topic, &v.r.RowID, &v.r.AppNo, &v.r.Received, &v.r.Content)
		v.r.UnitID = v.k.unit
		return v, err
	}, year, version, param, unitID)
	for _, v := range rs {
		if i, ok := at[v.k]; ok {
			ts[i].Requests = append(ts[i].Requests, v.r)
		}
	}
	return ts, err
}
