package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"gongkai"
	"gongkai/ingest"
)

// TestReadersThroughReplaces: a clerk replaces the applications ledger of
// their unit 200 times over HTTP while readers of the upload history (all
// units, and the unit's), the unit status and the explained score read
// all the time. No reader may see a ledger vanish or double: every unit,
// kind and year keeps exactly one active batch in the history, the status
// always shows one of the two uploads whole, and the explanation (scored
// before the replaces, from rows that stay in history) never changes.
// Before store/snapshot.go, DuckDB planned a statement from statistics
// older than the snapshot it read, and a freshly published batch could
// drop out of a join (store.TestPreparedPlanStaleStatistics).
func TestReadersThroughReplaces(t *testing.T) {
	const replaces = 200
	e := newEnv(t, nil)
	clerk := e.login(clerkName)
	admin := e.login(adminName)
	// The admin reads the draft, the live score tables the replaces race
	// with (a leader reads the frozen published version, issue 15).
	draft := e.login(adminName)
	unit := e.unitID(clerkUnit)
	dir := t.TempDir()
	sizes := [2]int64{40, 60}
	files := [2]string{
		appCSV(t, dir, clerkUnit, fixtureYear, int(sizes[0]), "A"),
		appCSV(t, dir, clerkUnit, fixtureYear, int(sizes[1]), "B"),
	}

	// The baselines, before any replace.
	type key struct {
		unit, kind string
		year       gongkai.Year
	}
	activeKeys := func(h []gongkai.Batch) (map[key]int, error) {
		m := map[key]int{}
		for _, b := range h {
			switch b.Status {
			case "active":
				m[key{b.Unit, b.Kind, b.Year}]++
			case "superseded", "loading":
			default:
				return nil, fmt.Errorf("batch %d has status %q", b.ID, b.Status)
			}
		}
		return m, nil
	}
	var h0 []gongkai.Batch
	if err := admin.getJSON("/api/uploads", &h0); err != nil {
		t.Fatal(err)
	}
	keys0, err := activeKeys(h0)
	if err != nil {
		t.Fatal(err)
	}
	if keys0[key{clerkUnit, "applications", fixtureYear}] != 1 {
		t.Fatalf("the fixture has no active applications ledger of %s %d", clerkUnit, fixtureYear)
	}
	// The explained score of a unit that lost points on ledger rows: the
	// clerk's unit if it did, else the first such unit (explain_all.sql joins
	// the rows with batches, whose table the replaces grow, either way).
	var units []apiUnit
	if err := admin.getJSON("/api/units", &units); err != nil {
		t.Fatal(err)
	}
	for i, u := range units {
		if u.ID == unit {
			units[0], units[i] = units[i], units[0]
		}
	}
	var scorePath string
	var score0 unitScoreView
	for _, u := range units {
		p := fmt.Sprintf("/api/units/%d/score?year=%d", u.ID, fixtureYear)
		var sc unitScoreView
		if err := draft.getJSON(p, &sc); err != nil {
			continue // not scored
		}
		for _, l := range sc.Losses {
			if len(l.Rows) > 0 {
				scorePath, score0 = p, sc
			}
		}
		if scorePath != "" {
			break
		}
	}
	if scorePath == "" {
		t.Fatalf("no unit lost points on ledger rows in %d: the explanation checks nothing", fixtureYear)
	}

	var stop atomic.Bool
	var reads [3]atomic.Int64
	var bad atomic.Int64
	report := func(format string, args ...any) {
		if bad.Add(1) <= 10 {
			t.Errorf(format, args...)
		}
	}
	var wg sync.WaitGroup
	reader := func(i int, read func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if err := read(); err != nil {
					report("%v", err)
				}
				reads[i].Add(1)
			}
		}()
	}
	// History: all units (history.sql) and the clerk's own (unit_history.sql).
	reader(0, func() error {
		var h []gongkai.Batch
		if err := admin.getJSON("/api/uploads", &h); err != nil {
			return err
		}
		keys, err := activeKeys(h)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(keys, keys0) {
			for k, n := range keys {
				if n != keys0[k] {
					return fmt.Errorf("history: %v has %d active batches, want %d", k, n, keys0[k])
				}
			}
			return fmt.Errorf("history: active ledgers %v, want %v", keys, keys0)
		}
		var own []gongkai.Batch
		if err := clerk.getJSON("/api/uploads", &own); err != nil {
			return err
		}
		if keys, err := activeKeys(own); err != nil {
			return err
		} else if n := keys[key{clerkUnit, "applications", fixtureYear}]; n != 1 {
			return fmt.Errorf("unit history: %d active applications batches", n)
		}
		return nil
	})
	// Unit status (unit_status.sql).
	statusPath := fmt.Sprintf("/api/units/%d/status?year=%d", unit, fixtureYear)
	reader(1, func() error {
		var st struct {
			Ledgers []KindStatus `json:"ledgers"`
		}
		if err := admin.getJSON(statusPath, &st); err != nil {
			return err
		}
		for _, k := range st.Ledgers {
			if k.Kind != "applications" {
				continue
			}
			if !k.Uploaded || k.BatchID == 0 {
				return fmt.Errorf("unit status: the applications ledger vanished: %+v", k)
			}
			return nil
		}
		return fmt.Errorf("unit status without applications: %+v", st.Ledgers)
	})
	// The explained score (explain_all.sql joins ledger rows with batches).
	reader(2, func() error {
		var sc unitScoreView
		if err := draft.getJSON(scorePath, &sc); err != nil {
			return err
		}
		if !reflect.DeepEqual(sc.Losses, score0.Losses) {
			a, _ := json.Marshal(sc.Losses)
			b, _ := json.Marshal(score0.Losses)
			return fmt.Errorf("explanation changed:\n got %.600s\nwant %.600s", a, b)
		}
		return nil
	})

	for i := 0; i < replaces; i++ {
		code, rs, body := clerk.upload(nil, [2]string{fmt.Sprintf("县财政局%d年依申请公开台账.csv", fixtureYear), files[i%2]})
		if code != 200 || len(rs) != 1 || rs[0].Status != ingest.StatusLoaded || rs[0].RowsLoaded != sizes[i%2] || rs[0].Replaced == 0 {
			stop.Store(true)
			wg.Wait()
			t.Fatalf("replace %d: %d %s", i, code, body)
		}
		if bad.Load() > 10 {
			break
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d replaces; reads: history %d, unit status %d, explain %d", replaces, reads[0].Load(), reads[1].Load(), reads[2].Load())
	for i := range reads {
		if n := reads[i].Load(); n < 20 {
			t.Errorf("reader %d read only %d times", i, n)
		}
	}
	// And at the end the unit's status shows the last upload whole.
	var st struct {
		Ledgers []KindStatus `json:"ledgers"`
	}
	if err := admin.getJSON(statusPath, &st); err != nil {
		t.Fatal(err)
	}
	for _, k := range st.Ledgers {
		if k.Kind == "applications" && k.Rows != sizes[(replaces-1)%2] {
			t.Errorf("after the replaces: %+v", k)
		}
	}
	checkConsistency(t, e.db)
}
