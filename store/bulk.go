package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	sqlfiles "gongkai/sql"
)

// BulkBatch is a small batch read and checked in full before it reaches
// the database: its rows are in memory.
type BulkBatch struct {
	// Batch with the counts of the file as read (RowsRead, RowsSkipped,
	// RowsRefused); rows_loaded is the number of rows held.
	Batch
	// Columns as for LoadBatch: the ledger columns after the common ones,
	// starting with src_sheet, src_row.
	Columns []string
	// Rows holds len(Columns) values per row, row after row.
	Rows []driver.Value
	// Err, when not nil, is why the batch must not be loaded (refused rows,
	// an unreadable sheet): LoadBatches returns it for this batch, as
	// LoadBatch returns its produce error. The identical file being the
	// active batch still makes the batch unchanged, as with LoadBatch.
	Err error
}

// NumRows is the number of rows b holds.
func (b *BulkBatch) NumRows() int64 {
	if len(b.Columns) == 0 {
		return 0
	}
	return int64(len(b.Rows) / len(b.Columns))
}

// replay is a LoadBatch producer of b's rows.
func (b *BulkBatch) replay(emit Emit) error {
	if b.Err != nil {
		return b.Err
	}
	w := len(b.Columns)
	for off := 0; off+w <= len(b.Rows); off += w {
		if err := emit(b.Rows[off : off+w]); err != nil {
			return err
		}
	}
	return nil
}

// LoadBatches loads a group of small batches with the outcome of calling
// LoadBatch on each in turn -- a later batch of the same unit, kind and
// year supersedes an earlier one (both stay in history), the identical file
// of the active batch is unchanged, a batch with Err changes nothing -- in
// two transactions for the whole group instead of two per batch: the first
// appends every row and records the batches as 'loading', the second
// publishes them all (history and active log) at once, so readers see the
// group before or after, never a part of it, and a crash between the two
// leaves 'loading' batches that Open removes.
//
// It returns one LoadResult and one error per batch, in order. When the
// group as a whole cannot be appended (a value a table refuses), its
// batches are loaded one by one with LoadBatch, so that only the batch at
// fault fails. A cancelled ctx before the rows are committed fails every
// batch and changes nothing; once they are committed the group is
// published regardless.
func (d *DB) LoadBatches(ctx context.Context, bs []BulkBatch) ([]LoadResult, []error) {
	results := make([]LoadResult, len(bs))
	errs := make([]error, len(bs))
	if len(bs) == 0 {
		return results, errs
	}
	fail := func(err error, which []int) {
		for _, i := range which {
			results[i], errs[i] = LoadResult{}, err
		}
	}
	all := make([]int, len(bs))
	for i := range all {
		all[i] = i
	}
	if err := ctx.Err(); err != nil {
		fail(fmt.Errorf("load batch: %w", err), all)
		return results, errs
	}
	loaded, err := d.appendGroup(ctx, bs, results, errs)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			fail(fmt.Errorf("load batch: %w", cerr), all)
			return results, errs
		}
		for i := range bs {
			results[i], errs[i] = d.LoadBatch(ctx, bs[i].Batch, bs[i].Columns, bs[i].replay, nil)
			if errs[i] != nil {
				results[i] = LoadResult{}
			}
		}
		return results, errs
	}
	if len(loaded) == 0 {
		return results, errs
	}
	// Publish, even when ctx was cancelled meanwhile: the rows are in.
	pctx := context.WithoutCancel(ctx)
	if err := d.publishGroup(pctx, bs, results, loaded); err != nil {
		tables := map[string][]int64{}
		for _, i := range loaded {
			tables[bs[i].Table] = append(tables[bs[i].Table], results[i].BatchID)
		}
		d.dropGroup(pctx, tables)
		fail(fmt.Errorf("activate batch: %w", err), loaded)
	}
	return results, errs
}

type batchKey struct {
	unit int64
	kind string
	year int
}

func (b *BulkBatch) key() batchKey { return batchKey{b.UnitID, b.Kind, b.Year} }

// appendGroup is the first transaction of LoadBatches: it settles every
// batch's outcome, appends the rows of those to load and records them as
// 'loading'. It returns the indexes of the batches loaded, in order.
func (d *DB) appendGroup(ctx context.Context, bs []BulkBatch, results []LoadResult, errs []error) (loaded []int, err error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("load batches: %w", err)
	}
	defer conn.Close()
	err = inRawTx(ctx, conn, func(tx *rawTx) error {
		// The active batch of every key, as the group goes along.
		type ref struct {
			idx int // a batch of the group, or -1
			id  int64
			sha string
		}
		active := map[batchKey]ref{}
		units, kinds, years := make([]int64, len(bs)), make([]string, len(bs)), make([]int32, len(bs))
		for i := range bs {
			units[i], kinds[i], years[i] = bs[i].UnitID, bs[i].Kind, int32(bs[i].Year)
		}
		rows, err := tx.q.QueryContext(ctx, sqlfiles.Query("bulk_active"), named([]any{units, kinds, years}))
		if err != nil {
			return fmt.Errorf("find active batches: %w", err)
		}
		vals := make([]driver.Value, 5)
		for {
			if err := rows.Next(vals); err != nil {
				rows.Close()
				if errors.Is(err, io.EOF) {
					break
				}
				return fmt.Errorf("find active batches: %w", err)
			}
			k := batchKey{vals[0].(int64), vals[1].(string), int(vals[2].(int32))}
			active[k] = ref{idx: -1, id: vals[3].(int64), sha: vals[4].(string)}
		}

		// Outcomes in order, with batch ids to come: what LoadBatch would
		// decide for each batch after the ones before it.
		var takers []int // batches that take a batch id, in order
		unchangedOf := make([]ref, len(bs))
		supersedes := make([]ref, len(bs))
		const none = -2
		for i := range bs {
			unchangedOf[i].idx, supersedes[i].idx = none, none
			b := &bs[i]
			a, ok := active[b.key()]
			if ok && a.sha == b.SHA256 {
				unchangedOf[i] = a
				continue
			}
			takers = append(takers, i)
			if b.Err != nil {
				errs[i] = b.Err
				continue
			}
			if ok {
				supersedes[i] = a
			}
			active[b.key()] = ref{idx: i, sha: b.SHA256}
			loaded = append(loaded, i)
		}
		if len(takers) > 0 {
			ids, err := queryInts(ctx, tx.q, sqlfiles.Query("bulk_batch_ids"), int64(len(takers)))
			if err != nil || len(ids) != len(takers) {
				return fmt.Errorf("next batch ids: %w (%d of %d)", err, len(ids), len(takers))
			}
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
		for _, t := range tables {
			idx := byTable[t]
			first := &bs[idx[0]]
			cols := append([]string{"row_id", "batch_id", "year", "unit_id"}, first.Columns...)
			app, err := duckdb.NewAppenderWithColumns(tx.conn, "", "", first.Table, cols)
			if err != nil {
				return fmt.Errorf("appender for %s: %w", first.Table, err)
			}
			row := make([]driver.Value, len(cols))
			w := len(first.Columns)
			for _, i := range idx {
				if err := ctx.Err(); err != nil {
					app.Close()
					return err
				}
				b := &bs[i]
				id := results[i].BatchID
				if b.NumRows() > RowsPerBatch-1 {
					app.Close()
					return fmt.Errorf("一个文件最多 %d 行", RowsPerBatch-1)
				}
				row[1], row[2], row[3] = id, int32(b.Year), b.UnitID
				base := id * RowsPerBatch
				var n int64
				for off := 0; off+w <= len(b.Rows); off += w {
					n++
					row[0] = base + n
					copy(row[4:], b.Rows[off:off+w])
					if err := app.AppendRow(row...); err != nil {
						app.Close()
						return fmt.Errorf("append %s: %w", b.Table, err)
					}
				}
				results[i].Loaded = n
			}
			if err := app.Close(); err != nil {
				return fmt.Errorf("append %s: %w", first.Table, err)
			}
		}

		n := len(loaded)
		var (
			ids, unitIDs, read, nloaded, skipped, refused = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
			kindNames, fileNames, shas, uploaders         = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			yrs                                           = make([]int32, n)
			partial                                       = make([]bool, n)
		)
		for j, i := range loaded {
			b := &bs[i]
			ids[j], kindNames[j], unitIDs[j], yrs[j] = results[i].BatchID, b.Kind, b.UnitID, int32(b.Year)
			fileNames[j], shas[j], uploaders[j] = b.FileName, b.SHA256, b.Uploader
			read[j], nloaded[j], skipped[j], refused[j], partial[j] = b.RowsRead, results[i].Loaded, b.RowsSkipped, b.RowsRefused, b.Partial
		}
		if err := tx.exec(sqlfiles.Query("bulk_batch_insert"), ids, kindNames, unitIDs, yrs, fileNames, shas, uploaders,
			read, nloaded, skipped, refused, partial); err != nil {
			return fmt.Errorf("record batches: %w", err)
		}
		return tx.commit()
	})
	if err != nil {
		return nil, err
	}
	return loaded, nil
}

// queryInts runs a query whose rows are one BIGINT each.
func queryInts(ctx context.Context, q driver.QueryerContext, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, named(args))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	vals := make([]driver.Value, 1)
	for {
		if err := rows.Next(vals); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, vals[0].(int64))
	}
}

// publishGroup is the second transaction of LoadBatches: the batches that
// were active go to history, each loaded batch is active or superseded by
// the group's next one of its key, and the active log gets the group's
// batches in order -- the end state of publish applied to each in turn.
func (d *DB) publishGroup(ctx context.Context, bs []BulkBatch, results []LoadResult, loaded []int) error {
	n := len(loaded)
	var (
		firstUnits, firstIDs []int64
		firstKinds           []string
		firstYears           []int32
	)
	last := map[batchKey]int{} // position in loaded of the key's latest batch
	next := make([]int64, n)
	for j, i := range loaded {
		k := bs[i].key()
		if p, ok := last[k]; ok {
			next[p] = results[i].BatchID
		} else {
			firstUnits, firstKinds, firstYears = append(firstUnits, k.unit), append(firstKinds, k.kind), append(firstYears, int32(k.year))
			firstIDs = append(firstIDs, results[i].BatchID)
		}
		last[k] = j
	}
	ids, units, years := make([]int64, n), make([]int64, n), make([]int32, n)
	kinds := make([]string, n)
	for j, i := range loaded {
		ids[j], units[j], kinds[j], years[j] = results[i].BatchID, bs[i].UnitID, bs[i].Kind, int32(bs[i].Year)
	}

	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("bulk_supersede"), firstUnits, firstKinds, firstYears, firstIDs); err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("bulk_flip"), ids, next); err != nil {
		return fmt.Errorf("flip: %w", err)
	}
	rows, err := tx.QueryContext(ctx, sqlfiles.Query("bulk_active_seqs"), int64(n))
	if err != nil {
		return fmt.Errorf("active log: %w", err)
	}
	seqs := make([]int64, 0, n)
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("active log: %w", err)
		}
		seqs = append(seqs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(seqs) != n {
		return fmt.Errorf("active log: %w (%d of %d)", err, len(seqs), n)
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("bulk_publish"), seqs, units, kinds, years, ids); err != nil {
		return fmt.Errorf("active log: %w", err)
	}
	return tx.Commit()
}

// dropGroup removes batches that never became active, with their rows
// (table name -> batch ids).
func (d *DB) dropGroup(ctx context.Context, tables map[string][]int64) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var all []int64
	// The keys are Batch.Table: names from the code's own list of kinds.
	for t, ids := range tables {
		if _, err := tx.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("bulk_drop_rows"), "table", t), ids); err != nil {
			return err
		}
		all = append(all, ids...)
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("bulk_drop_batches"), all); err != nil {
		return err
	}
	return tx.Commit()
}
