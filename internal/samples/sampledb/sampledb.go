// Package sampledb loads the sample county 平安县 (package samples) into a
// gongkai database with the real ingester and scorer, for the tests of
// other packages: the registry, every good ledger file of 2022–2024 (or
// only those holding some ledger kinds) and, if asked, the three schemes,
// scored. It lives apart from package samples so that samples stays a
// plain embed that anything, ingest's own tests included, may import.
// The demo command takes its list of good files from Files, so the tests
// load the same files as the demo.
package sampledb

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gongkai/ingest"
	"gongkai/internal/samples"
	"gongkai/metrics"
	"gongkai/store"
)

// Years are the sample county's years, each with its scheme.
var Years = []int{2022, 2023, 2024}

// Options choose what Load loads.
type Options struct {
	// Kinds, when set, loads only the ledger files holding at least one of
	// these kinds (by the generator's file list in data/expected.json).
	Kinds map[string]bool
	// Score loads samples/scheme-YYYY.yaml of every year and scores it.
	Score bool
	// Uploader is recorded on every batch ("test" if empty).
	Uploader string
}

// Load fills db, which should be empty. Any good sample file the ingester
// does not load is an error.
func Load(ctx context.Context, db *store.DB, opt Options) error {
	dir, err := os.MkdirTemp("", "gongkai-samples-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, samples.FS); err != nil {
		return err
	}
	if r := ingest.LoadUnits(ctx, db, filepath.Join(dir, "data", "单位名录.xlsx")); r.Status != ingest.StatusLoaded {
		return fmt.Errorf("单位名录: %s %+v", r.Reason, r.Errors)
	}
	files, err := Files(opt.Kinds)
	if err != nil {
		return err
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		return err
	}
	uploader := opt.Uploader
	if uploader == "" {
		uploader = "test"
	}
	for _, p := range files {
		for _, r := range in.File(ctx, filepath.Join(dir, filepath.FromSlash(p)), path.Base(p), ingest.Options{Uploader: uploader, NoAnnotate: true}) {
			if r.Status != ingest.StatusLoaded && r.Status != ingest.StatusUnchanged {
				return fmt.Errorf("%s: %s %s %+v", p, r.Status, r.Reason, r.Errors)
			}
		}
	}
	if !opt.Score {
		return nil
	}
	for _, y := range Years {
		name := fmt.Sprintf("scheme-%d.yaml", y)
		s, err := metrics.ParseSchemeFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := metrics.LoadScheme(ctx, db, s, name, metrics.LoadOptions{}); err != nil {
			return err
		}
		if err := metrics.Score(ctx, db, y); err != nil {
			return err
		}
	}
	return nil
}

// Files lists the good sample ledger files (slash paths in samples.FS:
// data/2024/…; not bad/, not the registry), sorted; with kinds, only those
// holding one of the kinds.
func Files(kinds map[string]bool) ([]string, error) {
	var out []string
	if kinds != nil {
		raw, err := fs.ReadFile(samples.FS, "data/expected.json")
		if err != nil {
			return nil, err
		}
		var list struct {
			Files []struct {
				Path  string `json:"path"`
				Kinds []struct {
					Kind string `json:"kind"`
				} `json:"kinds"`
			} `json:"file_list"`
		}
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("expected.json: %w", err)
		}
		for _, f := range list.Files {
			for _, k := range f.Kinds {
				if kinds[k.Kind] {
					out = append(out, "data/"+f.Path)
					break
				}
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("expected.json lists no file of kinds %v", kinds)
		}
	} else {
		err := fs.WalkDir(samples.FS, "data", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(p, "data/bad/") || path.Base(p) == "单位名录.xlsx" {
				return err
			}
			if ext := strings.ToLower(path.Ext(p)); ext == ".xlsx" || ext == ".csv" {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
