package xlsxstream

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"unicode"

	"gongkai"
)

var genFlag = flag.Bool("gen", false, "regenerate the files in testdata/")

// testOpt are the options of an upload, with the fast reader.
var testOpt = Options{MaxUnzipBytes: DefaultMaxUnzipBytes}

// serverOpt are the server's limits (server.New's defaults).
var serverOpt = Options{MaxUnzipBytes: 1 << 30}

// ingestTD is a file of ingest's test data: its ledgers are the
// workbooks these tests read.
func ingestTD(name string) string { return filepath.Join("..", "..", "ingest", "testdata", name) }

// openPath opens the workbook at path as an upload does.
func openPath(ctx context.Context, path string, opt Options) (*Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	f.Close()
	return Open(ctx, path, head[:n], opt)
}

// readWorkbook opens path and reads every sheet to its end, as an upload
// whose every sheet is a ledger: the rows of each sheet and the first
// refusal met.
func readWorkbook(ctx context.Context, path string, opt Options) (map[string][]numRow, error) {
	w, err := openPath(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	out := map[string][]numRow{}
	for _, sh := range w.Sheets() {
		r, err := w.Open(sh)
		if err != nil {
			return out, err
		}
		rows, err := readRows(r)
		out[sh] = rows
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// reasonOf is a refusal's message, or any other error's text.
func reasonOf(err error) string {
	var e *gongkai.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
