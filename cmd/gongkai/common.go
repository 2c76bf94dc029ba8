package main

// The conventions every subcommand shares: its FlagSet, -h and usage
// errors, opening --db, and how an error becomes a message and exit code.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"gongkai/metrics"
	"gongkai/store"
)

// newFlags makes a FlagSet that reports usage errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "用法: gongkai %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// newDBFlags is newFlags with the --db flag, for the commands that work on
// a database file; open it with openDB once the command line is checked.
func newDBFlags(name, synopsis string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := newFlags(name, synopsis, stderr)
	return fs, fs.String("db", "", "数据库文件")
}

// parse returns the positional arguments and -1 to continue, or the exit
// code (0 for -h, 2 otherwise). Flags may follow positional arguments, as
// people type `gongkai ingest a.xlsx --partial`.
func parse(fs *flag.FlagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK
			}
			return nil, exitUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, -1
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), -1
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// usageExit prints the usage of a command line that parsed but lacks
// something (a file, a required flag) and returns the usage exit code.
func usageExit(fs *flag.FlagSet) int {
	fs.Usage()
	return exitUsage
}

// subcommand checks that args start with one of names (units load, user
// add, …). If not, it prints the usage and returns the exit code: 0 when
// help was asked for, 2 otherwise; -1 means go on with args[1:].
func subcommand(args []string, synopsis string, stderr io.Writer, names ...string) int {
	if len(args) > 0 && slices.Contains(names, args[0]) {
		return -1
	}
	fmt.Fprintln(stderr, "用法: gongkai "+synopsis)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return exitOK
	}
	return exitUsage
}

// fail prints err as gongkai's message and returns code, so that a command
// ends with `return fail(stderr, exitRefused, err)`.
func fail(stderr io.Writer, code int, err error) int {
	fmt.Fprintf(stderr, "gongkai: %v\n", err)
	return code
}

// openDB opens the --db file. On failure it returns the exit code: 2 when
// --db is missing (usage), 1 when the file cannot be opened or is in use.
func openDB(ctx context.Context, path string, stderr io.Writer) (*store.DB, int) {
	return openDBWith(ctx, path, store.Options{}, stderr)
}

// openDBWith is openDB with store options (ingest's smaller buffer pool).
func openDBWith(ctx context.Context, path string, opt store.Options, stderr io.Writer) (*store.DB, int) {
	if path == "" {
		fmt.Fprintln(stderr, "gongkai: 需要 --db 指定数据库文件")
		return nil, exitUsage
	}
	db, err := store.OpenWith(ctx, path, opt)
	if err != nil {
		return nil, fail(stderr, exitRefused, err)
	}
	// A database made by an older gongkai gets this build's holiday
	// calendar (a newly known year) before anything reads it.
	if err := metrics.EnsureCalendar(ctx, db); err != nil {
		db.Close()
		return nil, fail(stderr, exitRefused, err)
	}
	return db, -1
}

// openExisting is openDB for a database that must already exist: report
// and export read results, and store.Open would create an empty file.
func openExisting(ctx context.Context, path string, stderr io.Writer) (*store.DB, int) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			fmt.Fprintf(stderr, "gongkai: 数据库文件 %s 不存在\n", path)
			return nil, exitUsage
		}
	}
	return openDB(ctx, path, stderr)
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
