package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"gongkai"
	sqlfiles "gongkai/sql"
)

// RowsPerBatch bounds row ids: row_id = batch_id*RowsPerBatch + position.
const RowsPerBatch = 10_000_000

// Held batches share a group's two transactions up to these many rows or
// batches (see LoadBatches).
const (
	groupMaxRows    int64 = 100_000
	groupMaxBatches int   = 4096
)

// Batch is one upload of one ledger kind for one unit and year on its way
// to LoadBatches: what it is, its columns and its rows.
type Batch struct {
	// Batch is what it is: Kind, UnitID, Year, FileName, SHA256, Uploader,
	// Partial, and the counts of the file as read (RowsRead, RowsSkipped,
	// RowsRefused, and RowsLoaded: the file's rows loaded as the clerk
	// counts them, when fewer than the rows stored — a task stored once per
	// 牵头单位; 0 means one stored row a row of the file). The loader counts
	// the rows stored and gives the ID.
	// Rows streaming from a file are counted as they are read: Rows sets
	// the counts before it returns, and the loader reads them only after it.
	gongkai.Batch
	// Table is the kind's ledger table, from the declared kinds
	// (gongkai.Kinds). It is pasted into SQL (sqlfiles.Fill), so it must
	// never come from a request or from the file being loaded.
	Table string
	// Hash gives SHA256 when it is left empty: the file is still being
	// hashed. The loader waits for it before reading any row only when the
	// unit already has an active batch of this kind and year (it may be this
	// very file); otherwise the rows stream while the hash completes.
	Hash func() (string, error)
	// Columns name the ledger columns after the common ones (row_id,
	// batch_id, year, unit_id), starting with src_sheet, src_row.
	Columns []string
	// Rows yields the rows, one value per column of Columns. An error
	// (with a nil row) fails the batch, which then changes nothing. A row is
	// the loader's only until it asks for the next: it copies the values.
	// Rows is called at most once, unless the batch is held (Hold).
	Rows iter.Seq2[[]driver.Value, error]
	// WithNext says the batch pulled after this one is of the same file:
	// a run of batches so linked loads all or none, in one group (see
	// LoadBatches).
	WithNext bool

	held *held
}

// ErrWithFile fails the batches of a run (Batch.WithNext) when another
// batch of the run fails: none of a file's batches loads unless all do.
var ErrWithFile = errors.New("load batch: another batch of the same file failed")

// memberError is a group's failure that one of its batches caused, its own
// error in the group's errs.
type memberError struct{ err error }

func (e *memberError) Error() string { return e.err.Error() }
func (e *memberError) Unwrap() error { return e.err }

// runs splits bs into its runs (Batch.WithNext): the indexes that start
// each, and len(bs).
func runs(bs []*Batch) []int {
	starts := []int{0}
	for i, b := range bs[:len(bs)-1] {
		if !b.WithNext {
			starts = append(starts, i+1)
		}
	}
	return append(starts, len(bs))
}

// held says a batch's rows are in memory: their number is known before
// loading, Rows replays them (it may be called again), and a batch that
// must not be loaded says so before any row. The loader can then put it in
// a group with others, and load the group again one by one if need be.
type held struct {
	rows int64
	err  error
}

// Hold gives b rows already in memory -- len(b.Columns) values a row, one
// row after another -- or, when err is not nil, the reason b must not be
// loaded (refused rows, an unreadable sheet), which fails b as a failing
// Rows would. A held batch may share its transactions with other held
// batches (see LoadBatches).
func (b *Batch) Hold(vals []driver.Value, err error) {
	w := len(b.Columns)
	n := 0
	if w > 0 && err == nil {
		n = len(vals) / w
	}
	b.held = &held{rows: int64(n), err: err}
	b.Rows = func(yield func([]driver.Value, error) bool) {
		if err != nil {
			yield(nil, err)
			return
		}
		for i := 0; i < n; i++ {
			if !yield(vals[i*w:(i+1)*w], nil) {
				return
			}
		}
	}
}

// sum settles b.SHA256, waiting for Hash when the file is still being hashed.
func (b *Batch) sum() error {
	if b.SHA256 != "" {
		return nil
	}
	if b.Hash == nil {
		return fmt.Errorf("load batch: no SHA-256 for %s", b.FileName)
	}
	var err error
	b.SHA256, err = b.Hash()
	return err
}

type batchKey struct {
	unit int64
	kind string
	year gongkai.Year
}

func (b *Batch) key() batchKey { return batchKey{b.UnitID, b.Kind, b.Year} }

// LoadResult tells what LoadBatches did with one batch.
type LoadResult struct {
	BatchID    int64
	Unchanged  bool  // the identical file is already the active batch
	Superseded int64 // the batch it replaced, 0 if none
	Loaded     int64 // the rows stored
}

// LoadBatches loads batches, pulled in order, each with the outcome it has
// when loaded alone after the ones before it: it becomes the active batch
// of its unit, kind and year (a later batch of the same unit, kind and year
// supersedes an earlier one, and both stay in history); the identical file
// of the active batch is Unchanged, its rows unread and nothing written; a
// batch whose rows fail (refused rows, an unreadable sheet, a cancelled
// ctx) changes nothing, and fails alone. It yields each batch's result, in
// order, once the batch is published or has failed. Breaking out of the
// loop stops the loading: batches not yet pulled are not loaded.
//
// A file's batches (a workbook with a sheet per kind) come as a run, each
// but the last WithNext: the run is in one group, so it is published whole,
// and it loads all or none. When one of its batches fails, the others that
// would have loaded fail with ErrWithFile (an Unchanged one stays
// Unchanged: its data is the file's already); the rows of those not yet
// read are read all the same, so that each batch that fails of itself
// says so (all the refused rows of a workbook, not those of its first
// refused sheet only). A file is loaded whole or refused whole.
//
// Batches are written in groups of two transactions, so that readers see
// a group before or after, never a part of it. The first appends the rows
// and records the batches as 'loading', which no cur_* view shows; the
// second publishes them: batch_flip for the history and batch_publish,
// which appends them to the active log that the cur_* views read
// (migration 0005). One transaction for both was not enough: DuckDB let
// concurrent readers see the batches change without the appended rows.
// (That, and the UPDATE "seen as neither" behind migration 0005, fit the
// stale-statistics plans that snapshot.go removes: a reader planned before
// a commit and executed after it. The split stays; it costs little.) A
// group left 'loading' by a crash between the two is removed when the
// database is next opened; once the rows are committed the group is
// published even if ctx is cancelled meanwhile.
//
// Runs of held batches (Hold) gather into a group of up to groupMaxRows
// rows or groupMaxBatches batches (more when one run is larger): two
// transactions for many small files. A run with a batch whose rows stream
// is a group of its own, loaded after the group before it; its rows are
// appended as they come, through an Appender and, once they prove many,
// through the parallel table function of feed.go. When a group as a whole
// cannot be appended (a value a table refuses), its runs are loaded again
// one by one, so that only the file at fault fails.
func (d *DB) LoadBatches(ctx context.Context, batches iter.Seq[*Batch]) iter.Seq2[LoadResult, error] {
	return func(yield func(LoadResult, error) bool) {
		load := func(g []*Batch) bool {
			results, errs := d.loadGroup(ctx, g)
			for i := range g {
				if !yield(results[i], errs[i]) {
					return false
				}
			}
			return true
		}
		var group []*Batch // runs of held batches
		var rows int64
		// take adds a complete run to the group, or loads it alone.
		take := func(run []*Batch) bool {
			if slices.ContainsFunc(run, func(b *Batch) bool { return b.held == nil }) {
				if !load(group) {
					return false
				}
				group, rows = nil, 0
				return load(run)
			}
			group = append(group, run...)
			for _, b := range run {
				rows += b.held.rows
			}
			if rows >= groupMaxRows || len(group) >= groupMaxBatches {
				if !load(group) {
					return false
				}
				// A new slice: the loaded batches, and their rows, may go.
				group, rows = nil, 0
			}
			return true
		}
		var run []*Batch
		for b := range batches {
			run = append(run, b)
			if b.WithNext {
				continue
			}
			if !take(run) {
				return
			}
			run = nil
		}
		// A run cut short by the end of the batches is still a run.
		if len(run) > 0 && !take(run) {
			return
		}
		load(group)
	}
}

// loadGroup loads a group and returns one result and one error per batch,
// in order.
func (d *DB) loadGroup(ctx context.Context, bs []*Batch) ([]LoadResult, []error) {
	results, errs := make([]LoadResult, len(bs)), make([]error, len(bs))
	if len(bs) == 0 {
		return results, errs
	}
	failAll := func(err error) {
		for i := range bs {
			results[i], errs[i] = LoadResult{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		failAll(fmt.Errorf("load batch: %w", err))
		return results, errs
	}
	err := d.writeGroup(ctx, bs, results, errs)
	rs := runs(bs)
	var member *memberError
	switch {
	case err == nil:
	case len(rs) == 2 && errors.As(err, &member):
		// One file, which a batch of failed: that batch, and any other
		// whose rows failed too, have their errors in errs; the rest of
		// the file fails with it, but for what is unchanged.
		for i := range bs {
			switch {
			case errs[i] != nil:
				results[i] = LoadResult{}
			case !results[i].Unchanged:
				results[i], errs[i] = LoadResult{}, ErrWithFile
			}
		}
	case len(rs) == 2:
		failAll(err)
	case ctx.Err() != nil:
		failAll(fmt.Errorf("load batch: %w", ctx.Err()))
	default:
		// Some file of the group is at fault: find it by loading the files
		// one by one.
		for k := 0; k+1 < len(rs); k++ {
			r, e := d.loadGroup(ctx, bs[rs[k]:rs[k+1]])
			copy(results[rs[k]:], r)
			copy(errs[rs[k]:], e)
		}
	}
	return results, errs
}

// writeGroup writes a group in its two transactions. An error fails the
// group as a whole, with nothing written; otherwise results and errs tell
// each batch's outcome.
func (d *DB) writeGroup(ctx context.Context, bs []*Batch, results []LoadResult, errs []error) error {
	d.writing.Lock()
	defer d.writing.Unlock()
	loaded, err := d.appendGroup(ctx, bs, results, errs)
	if err != nil || len(loaded) == 0 {
		return err
	}
	// Publish, even when ctx was cancelled meanwhile: the rows are in.
	pctx := context.WithoutCancel(ctx)
	ps := make([]published, len(loaded))
	for j, i := range loaded {
		ps[j] = published{id: results[i].BatchID, unit: bs[i].UnitID, kind: bs[i].Kind, year: bs[i].Year, supersedes: results[i].Superseded}
	}
	if err := d.publish(pctx, ps); err != nil {
		tables := map[string][]int64{}
		for _, i := range loaded {
			tables[bs[i].Table] = append(tables[bs[i].Table], results[i].BatchID)
		}
		d.drop(pctx, tables)
		for _, i := range loaded {
			results[i], errs[i] = LoadResult{}, fmt.Errorf("activate batch: %w", err)
		}
	}
	return nil
}

// appendGroup is the first transaction of a group: it settles every
// batch's outcome (errs for those that fail), appends the rows of those to
// load and records them as 'loading'. It returns the indexes of the batches
// loaded, in order; an error fails the group as a whole.
func (d *DB) appendGroup(ctx context.Context, bs []*Batch, results []LoadResult, errs []error) (loaded []int, err error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("load batch: %w", err)
	}
	// Back to the pool before the second transaction takes one.
	defer conn.Close()
	err = inRawTx(ctx, conn, func(tx *rawTx) error {
		// The active batch of every key, as the group goes along: one of
		// the database (idx -1) or of the group.
		type ref struct {
			idx int
			id  int64
			sha string
		}
		active := map[batchKey]ref{}
		keys := map[batchKey]bool{}
		for _, b := range bs {
			keys[b.key()] = true
		}
		query, err := activeQuery(keys)
		if err == nil {
			err = tx.query(query, func(v []driver.Value) {
				if k := (batchKey{v[0].(int64), v[1].(string), gongkai.Year(v[2].(int32))}); keys[k] {
					active[k] = ref{idx: -1, id: v[3].(int64), sha: v[4].(string)}
				}
			})
		}
		if err != nil {
			return fmt.Errorf("find active batches: %w", err)
		}

		// Outcomes in order, with batch ids to come: what loading each
		// batch alone after the ones before it would decide.
		const none = -2
		var takers []int // batches that take a batch id, in order
		unchangedOf, supersedes := make([]ref, len(bs)), make([]ref, len(bs))
		rs := runs(bs)
		for k := 0; k+1 < len(rs); k++ {
			// A file's batches (a run) load all or none: the active
			// batches change once the run is known to load.
			var run []int
			failed := false
			for i := rs[k]; i < rs[k+1]; i++ {
				b := bs[i]
				unchangedOf[i].idx, supersedes[i].idx = none, none
				a, ok := active[b.key()]
				// A streaming batch's hash is waited for only when an
				// active batch may be the same file; a held batch's,
				// always, for the later batches of the group.
				if ok || b.held != nil {
					if err := b.sum(); err != nil {
						errs[i], failed = err, true
						continue
					}
				}
				if ok && a.sha == b.SHA256 {
					unchangedOf[i] = a
					continue
				}
				takers = append(takers, i)
				if b.held != nil && b.held.err != nil {
					errs[i], failed = b.held.err, true
					continue
				}
				if ok {
					supersedes[i] = a
				}
				run = append(run, i)
			}
			for _, i := range run {
				if failed {
					// It takes its batch id all the same, as it does when
					// its rows stream and another batch's fail.
					errs[i], supersedes[i].idx = ErrWithFile, none
					continue
				}
				active[bs[i].key()] = ref{idx: i, sha: bs[i].SHA256}
				loaded = append(loaded, i)
			}
		}
		if len(takers) > 0 {
			var ids []int64
			query := sqlfiles.Fill(sqlfiles.Query("batch_ids"), "n", strconv.Itoa(len(takers)))
			err := tx.query(query, func(v []driver.Value) { ids = append(ids, v[0].(int64)) })
			if err == nil && len(ids) != len(takers) {
				err = fmt.Errorf("%d ids for %d batches", len(ids), len(takers))
			}
			if err != nil {
				return fmt.Errorf("next batch ids: %w", err)
			}
			slices.Sort(ids)
			for j, i := range takers {
				results[i].BatchID = ids[j]
			}
		}
		idOf := func(r ref) int64 {
			if r.idx >= 0 {
				return results[r.idx].BatchID
			}
			return r.id
		}
		for i := range bs {
			if unchangedOf[i].idx != none {
				results[i] = LoadResult{BatchID: idOf(unchangedOf[i]), Unchanged: true}
			}
			if supersedes[i].idx != none {
				results[i].Superseded = idOf(supersedes[i])
			}
			if errs[i] != nil {
				results[i] = LoadResult{}
			}
		}
		if len(loaded) == 0 {
			return nil
		}

		// The rows, table by table (one appender at a time), batches in order.
		byTable := map[string][]int{}
		var tables []string
		for _, i := range loaded {
			t := bs[i].Table + "\x00" + strings.Join(bs[i].Columns, "\x00")
			if byTable[t] == nil {
				tables = append(tables, t)
			}
			byTable[t] = append(byTable[t], i)
		}
		sort.Strings(tables)
		consumed := make([]bool, len(bs)) // rows read
		// fault fails the group for batch i: err is its own; the rows of
		// the other batches of its file not yet read are read, for their
		// own errors (refused rows of another sheet).
		fault := func(i int, err error) error {
			errs[i] = err
			k := sort.SearchInts(rs, i+1) - 1
			for _, j := range loaded {
				if j < rs[k] || j >= rs[k+1] || consumed[j] {
					continue
				}
				consumed[j] = true
				for _, rerr := range bs[j].Rows {
					if rerr != nil {
						errs[j] = rerr
						break
					}
				}
			}
			return &memberError{err}
		}
		for _, t := range tables {
			idx := byTable[t]
			first := bs[idx[0]]
			cols := append([]string{"row_id", "batch_id", "year", "unit_id"}, first.Columns...)
			app, err := duckdb.NewAppenderWithColumns(tx.conn, "", "", first.Table, cols)
			if err != nil {
				return fmt.Errorf("appender for %s: %w", first.Table, err)
			}
			for _, i := range idx {
				consumed[i] = true
				n, err := d.appendRows(ctx, tx, app, bs[i], cols, results[i].BatchID)
				if err != nil {
					app.Close()
					return fault(i, err)
				}
				results[i].Loaded = n
			}
			if err := app.Close(); err != nil {
				err = fmt.Errorf("append %s: %w", first.Table, err)
				if len(idx) == 1 {
					return fault(idx[0], err)
				}
				return err
			}
		}

		n := len(loaded)
		var (
			ids, unitIDs, read, nloaded, skipped, refused = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
			stored                                        = make([]int64, n)
			kindNames, fileNames, shas, uploaders         = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			yrs                                           = make([]int32, n)
			partial                                       = make([]bool, n)
		)
		for j, i := range loaded {
			b := bs[i]
			// A streaming batch's hash was computed while its rows were read.
			if err := b.sum(); err != nil {
				return err
			}
			ids[j], kindNames[j], unitIDs[j], yrs[j] = results[i].BatchID, b.Kind, b.UnitID, int32(b.Year)
			fileNames[j], shas[j], uploaders[j] = b.FileName, b.SHA256, b.Uploader
			read[j], skipped[j], refused[j], partial[j] = b.RowsRead, b.RowsSkipped, b.RowsRefused, b.Partial
			stored[j], nloaded[j] = results[i].Loaded, results[i].Loaded
			if b.RowsLoaded != 0 {
				nloaded[j] = b.RowsLoaded
			}
		}
		if err := tx.exec(sqlfiles.Query("batch_insert"), ids, kindNames, unitIDs, yrs, fileNames, shas, uploaders,
			read, nloaded, skipped, refused, partial, stored); err != nil {
			return fmt.Errorf("record batches: %w", err)
		}
		return tx.commit()
	})
	if err != nil {
		return nil, err
	}
	return loaded, nil
}

// activeQuery is batch_active for the given keys.
func activeQuery(keys map[batchKey]bool) (string, error) {
	var units, years []int64
	var kinds []string
	for k := range keys {
		units, kinds, years = append(units, k.unit), append(kinds, k.kind), append(years, int64(k.year))
	}
	slices.Sort(kinds)
	names, err := kindNames(slices.Compact(kinds))
	if err != nil {
		return "", err
	}
	return sqlfiles.Fill(sqlfiles.Query("batch_active"), "units", numberSet(units), "kinds", names, "years", numberSet(years)), nil
}

// kindNames writes kind names, in order, for a list in a statement.
func kindNames(kinds []string) (string, error) {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		// A name from ingest's own list of kinds; written into the
		// statement, it must be nothing else.
		if !kindName.MatchString(k) {
			return "", fmt.Errorf("load batch: %q is not the name of a kind", k)
		}
		s[i] = "'" + k + "'"
	}
	return strings.Join(s, ", "), nil
}

var kindName = regexp.MustCompile(`^[a-z_]+$`)

// numberSet writes distinct numbers for a list in a statement (see
// batch_active): what a bound list would make DuckDB plan as a join.
func numberSet(v []int64) string {
	return numbers(slices.Compact(slices.Sorted(slices.Values(v))))
}

// numbers writes numbers, in order, for a list in a statement.
func numbers(v []int64) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, ", ")
}

// appendRows appends b's rows under batch id: rows held in memory through
// app, streaming rows through a rowSink (app, or gongkai_feed once they
// prove many). It returns the number of rows.
func (d *DB) appendRows(ctx context.Context, tx *rawTx, app *duckdb.Appender, b *Batch, cols []string, id int64) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	first := id * RowsPerBatch
	if b.held == nil {
		sink := newRowSink(ctx, d, tx.ex, app, b.Table, cols, []driver.Value{nil, id, int32(b.Year), b.UnitID}, first)
		var err error
		for vals, rerr := range b.Rows {
			if err = rerr; err == nil {
				err = sink.add(vals)
			}
			if err != nil {
				break
			}
		}
		n, serr := sink.finish(err == nil)
		if err == nil {
			err = serr
		}
		return n, err
	}
	if b.held.rows > RowsPerBatch-1 {
		return 0, fmt.Errorf("一个文件最多 %d 行", RowsPerBatch-1)
	}
	row := make([]driver.Value, len(cols))
	row[1], row[2], row[3] = id, int32(b.Year), b.UnitID
	var n int64
	for vals, err := range b.Rows {
		if err != nil {
			return n, err
		}
		n++
		row[0] = first + n
		copy(row[4:], vals)
		if err := app.AppendRow(row...); err != nil {
			return n, fmt.Errorf("append %s: %w", b.Table, err)
		}
	}
	return n, nil
}

// published is one batch to publish.
type published struct {
	id, unit   int64
	kind       string
	year       gongkai.Year
	supersedes int64 // the batch active before it (of the database or of the same group), 0 if none
}

// publish is the second transaction of a group: see publishTx.
func (d *DB) publish(ctx context.Context, ps []published) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := publishTx(ctx, tx, ps); err != nil {
		return err
	}
	return tx.Commit()
}

// publishTx makes batches, in order, the active batch of their unit, kind
// and year, within tx: the end state of publishing each in turn. Each
// batch, and the one it supersedes, takes its place in the history
// (batch_flip); the active log gets the batches in order (batch_publish).
// The caller holds d.writing, so the batches it found active still are.
func publishTx(ctx context.Context, tx querier, ps []published) error {
	n := len(ps)
	ids, units := make([]int64, n), make([]int64, n)
	years := make([]int32, n) // INTEGER[]: the driver binds an int32 list only
	kinds := make([]string, n)
	var flip, by []int64  // batch and the batch that replaces it, 0 for none
	at := map[int64]int{} // position in flip
	for j, p := range ps {
		ids[j], units[j], kinds[j], years[j] = p.id, p.unit, p.kind, int32(p.year)
		if p.supersedes != 0 {
			if k, ok := at[p.supersedes]; ok {
				by[k] = p.id
			} else {
				flip, by = append(flip, p.supersedes), append(by, p.id)
			}
		}
		at[p.id] = len(flip)
		flip, by = append(flip, p.id), append(by, 0)
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("batch_flip"), flip, by); err != nil {
		return fmt.Errorf("flip: %w", err)
	}
	rows, err := tx.QueryContext(ctx, sqlfiles.Query("batch_publish"), ids, units, kinds, years)
	if err != nil {
		return fmt.Errorf("active log: %w", err)
	}
	defer rows.Close()
	seqs := make(map[int64]int64, n)
	for rows.Next() {
		var seq, id int64
		if err := rows.Scan(&seq, &id); err != nil {
			return fmt.Errorf("active log: %w", err)
		}
		seqs[id] = seq
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("active log: %w", err)
	}
	// The log's order must be the batches' order: the later batch of a key
	// is the one readers see.
	for j := range ids {
		if s, ok := seqs[ids[j]]; !ok || j > 0 && s <= seqs[ids[j-1]] {
			return fmt.Errorf("active log: batch %d not logged in order", ids[j])
		}
	}
	return nil
}

// drop removes batches that never became active, with their rows (table
// name -> batch ids).
func (d *DB) drop(ctx context.Context, tables map[string][]int64) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var all []int64
	// The keys are Batch.Table: names from the code's own list of kinds.
	for t, ids := range tables {
		if _, err := tx.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("batch_drop_rows"), "table", t), ids); err != nil {
			return err
		}
		all = append(all, ids...)
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("batch_drop_loading"), all); err != nil {
		return err
	}
	return tx.Commit()
}
