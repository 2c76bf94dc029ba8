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
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"gongkai"
	"gongkai/ingest"
	"gongkai/metrics"
	"gongkai/store"
)

// newFlags makes a FlagSet that reports usage errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		// fs.Output, not stderr: parse silences the flag package's own call
		// of Usage and prints it once itself.
		fmt.Fprintf(fs.Output(), "用法: gongkai %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// dbUse is what a command does with --db, as the command table declares.
type dbUse int

const (
	noDB     dbUse = iota // no --db (or one of its own: review's is optional)
	onDB                  // --db names a database that must exist (openExisting)
	createDB              // --db may name a new file: a command that loads something
)

// cmdLine is the command line of one run of a command. The command table
// declares what the commands share: the FlagSet's name and usage line, and
// --db for a command on a database. The command declares its own flags on
// it, the shared ones by its methods (yearFlag, unitFlag, jsonFlag), then
// parse, or open for a command on a database, reads and checks the
// arguments in one call:
//
//	year := c.yearFlag("考核`年度`")
//	asJSON := c.jsonFlag()
//	db, _, code := c.open(ctx, nil)
//	if code >= 0 {
//		return code
//	}
//
// The database open opened is closed when the command returns (start).
type cmdLine struct {
	*flag.FlagSet
	args   []string
	stderr io.Writer
	usage  string // the usage line, for subcommands
	sub    string // the subcommand (user add, …), for a command that has them
	// db is --db; create: the command may make the database file, as the
	// commands that load something do (ingest, units load, scheme load,
	// serve, …); otherwise the file must exist (openExisting), since a
	// command that reads results would answer from an empty file made for
	// it.
	db     *string
	create bool
	// opt are the store's options (ingest's smaller buffer pool).
	opt    store.Options
	year   *gongkai.Year // yearFlag: --year, which the command needs
	unit   *unitArg      // unitFlag
	said   bool          // bad said what is wrong: no usage after it
	opened *store.DB     // what openDB opened, for close
}

// newCmdLine makes the command line of a command named name (units load
// for a subcommand) whose -h says usage, declaring --db as db says.
func newCmdLine(name, usage string, db dbUse, args []string, stderr io.Writer) *cmdLine {
	c := &cmdLine{FlagSet: newFlags(name, usage, stderr), args: args, stderr: stderr, usage: usage, create: db == createDB}
	if db != noDB {
		c.db = c.String("db", "", "数据库文件")
	}
	return c
}

// close closes the database the command opened, if any.
func (c *cmdLine) close() {
	if c.opened != nil {
		c.opened.Close()
	}
}

// parse reads the arguments and checks them: a required --year or --unit
// given, and ok (nil: no check of its own; false: the usage, exit 2). It
// returns the positional arguments with -1, or the exit code, its message
// printed.
func (c *cmdLine) parse(ok func(pos []string) bool) ([]string, int) {
	pos, code := parse(c.FlagSet, c.args)
	if code >= 0 {
		return nil, code
	}
	if c.year != nil && *c.year == 0 || c.unit != nil && c.unit.name == "" && !c.unit.optional || ok != nil && !ok(pos) {
		if c.said {
			return nil, exitUsage
		}
		return nil, usageExit(c.FlagSet)
	}
	return pos, -1
}

// noArgs and oneArg are checks for parse and open: no positional
// argument, or one (a file).
func noArgs(pos []string) bool { return len(pos) == 0 }
func oneArg(pos []string) bool { return len(pos) == 1 }

// open is parse, then opens the --db file and resolves --unit. It returns
// the database and the positional arguments with -1, or the exit code, its
// message printed.
func (c *cmdLine) open(ctx context.Context, ok func(pos []string) bool) (*store.DB, []string, int) {
	pos, code := c.parse(ok)
	if code >= 0 {
		return nil, nil, code
	}
	db, code := c.openDB(ctx)
	if code < 0 && c.unit != nil && c.unit.name != "" {
		if code = c.unit.resolve(ctx, db, c.stderr); code >= 0 {
			db = nil
		}
	}
	return db, pos, code
}

// bad is for a check of parse or open: it says what is wrong with a value
// (a file type, a batch number) and returns false, so that the command
// ends with exit 2 without the usage.
func (c *cmdLine) bad(format string, args ...any) bool {
	fmt.Fprintf(c.stderr, "gongkai: "+format+"\n", args...)
	c.said = true
	return false
}

// openDB opens the --db file of a command line already parsed, for a
// command with checks of its own between (ingest's files).
func (c *cmdLine) openDB(ctx context.Context) (db *store.DB, code int) {
	if c.create {
		db, code = openDBWith(ctx, *c.db, c.opt, c.stderr)
	} else {
		db, code = openExisting(ctx, *c.db, c.stderr)
	}
	c.opened = db
	return db, code
}

// unitArg is the --unit of a command on one unit's results: the name
// typed, and once open has resolved it, the registry's unit and the
// registry.
type unitArg struct {
	name string
	*gongkai.Unit
	reg      *ingest.Registry
	optional bool // optionalUnitFlag: every unit when not given
}

// unitFlag declares --unit, which the command needs: open resolves it in
// the registry.
func (c *cmdLine) unitFlag() *unitArg {
	c.unit = &unitArg{}
	c.StringVar(&c.unit.name, "unit", "", "单位（全称、简称或统一社会信用代码）")
	return c.unit
}

// optionalUnitFlag declares --unit for a command that lists every unit
// unless one is named; open resolves it when given, and id is its id.
func (c *cmdLine) optionalUnitFlag() *unitArg {
	c.unit = &unitArg{optional: true}
	c.StringVar(&c.unit.name, "unit", "", "只列这个单位（全称、简称或统一社会信用代码）；默认全部单位")
	return c.unit
}

// id is the unit's id once open has resolved it, 0 (every unit) when an
// optional --unit was not given.
func (u *unitArg) id() int64 {
	if u.Unit == nil {
		return 0
	}
	return u.ID
}

// resolve finds the unit in the registry. A code of 0 or more is the exit
// code, its message printed: 1 when the registry cannot be read, 2 for a
// name the registry does not hold.
func (u *unitArg) resolve(ctx context.Context, db *store.DB, stderr io.Writer) int {
	reg, err := ingest.LoadRegistry(ctx, db)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if u.Unit, err = reg.Resolve(u.name); err != nil {
		return fail(stderr, exitUsage, err)
	}
	u.reg = reg
	return -1
}

// yearFlag declares --year, which the command needs (parse checks it
// is given): a year in gongkai.MinYear–MaxYear, any other value a usage
// error said in Chinese. A word of usage in backquotes names the value in
// -h (-year 年度).
func (c *cmdLine) yearFlag(usage string) *gongkai.Year {
	c.year = c.optionalYearFlag(usage)
	return c.year
}

// optionalYearFlag declares --year for a command that can do without
// (ingest reads the year from the file): 0 when not given.
func (c *cmdLine) optionalYearFlag(usage string) *gongkai.Year {
	y := new(gongkai.Year)
	c.Var(y, "year", usage)
	return y
}

// jsonFlag declares --json, the machine-readable output of a command that
// prints a table.
func (c *cmdLine) jsonFlag() *bool {
	return c.Bool("json", false, "以 JSON 输出")
}

// parse returns the positional arguments and -1 to continue, or the exit
// code (0 for -h, 2 otherwise). Flags may follow positional arguments, as
// people type `gongkai ingest a.xlsx --partial`. A flag the command does not
// know, or a value of the wrong type, is said in Chinese (flagError): the
// flag package's English never reaches the user.
func parse(fs *flag.FlagSet, args []string) ([]string, int) {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(out)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			fs.SetOutput(out)
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
				return nil, exitOK
			}
			fmt.Fprintf(out, "gongkai %s: %s\n", fs.Name(), flagError(err))
			fs.Usage()
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

// The errors of the flag package, to be said in Chinese.
var (
	flagUnknown  = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNeedsArg = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagBadValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*): (.*)$`)
	flagSyntax   = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagError is a flag parse error in Chinese.
func flagError(err error) string {
	msg := err.Error()
	if m := flagUnknown.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("没有参数 --%s（用 -h 查看可用的参数）", m[1])
	}
	if m := flagNeedsArg.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("参数 --%s 需要一个值", m[1])
	}
	if m := flagBadValue.FindStringSubmatch(msg); m != nil {
		what := "格式不对"
		switch {
		case strings.Contains(msg, "boolean"):
			what = "应为 true 或 false"
		case strings.Contains(m[3], "out of range"):
			what = "超出范围"
		case strings.Contains(m[3], "parse error"):
			what = "应为数字"
		case strings.IndexFunc(m[3], func(r rune) bool { return r > unicode.MaxASCII }) >= 0:
			// A flag.Value of ours (e.g. review's --max-chars) said
			// what is wrong in Chinese already.
			what = m[3]
		}
		return fmt.Sprintf("参数 --%s 的值“%s”无效：%s", m[2], m[1], what)
	}
	if m := flagSyntax.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("参数写法不对：%s", m[1])
	}
	return "参数有误：" + msg
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
		fmt.Fprintf(stderr, "gongkai: %s\n", openError(path, err))
		return nil, exitRefused
	}
	// A database made by an older gongkai gets this build's holiday
	// calendar (a newly known year) before anything reads it.
	if err := metrics.EnsureCalendar(ctx, db); err != nil {
		db.Close()
		return nil, fail(stderr, exitRefused, err)
	}
	return db, -1
}

// openError says in Chinese why the database file could not be opened:
// DuckDB's messages are English.
func openError(path string, err error) string {
	if gongkai.ErrorCode(err) == gongkai.EINUSE {
		return fmt.Sprintf("数据库文件 %s 正被另一个程序使用（例如正在运行的 gongkai serve），请关闭后重试", path)
	}
	var e *gongkai.Error
	if errors.As(err, &e) { // already in Chinese (a memory limit it cannot read)
		return e.Message
	}
	why := fmt.Sprintf("（技术细节：%v）", err)
	msg := err.Error()
	switch st, serr := os.Stat(path); {
	case serr == nil && st.IsDir():
		why = "：这是一个文件夹，不是数据库文件"
	case errors.Is(err, fs.ErrPermission) || strings.Contains(msg, "ermission denied"):
		why = "：没有读写这个文件的权限"
	case strings.Contains(msg, "not a valid DuckDB database") || strings.Contains(msg, "database file") && strings.Contains(msg, "not"):
		why = "：不是 gongkai 的数据库文件，或文件已损坏"
	case strings.Contains(msg, "migration"):
		why = fmt.Sprintf("：升级数据库结构失败（技术细节：%v）", err)
	}
	return fmt.Sprintf("无法打开数据库文件 %s%s", path, why)
}

// openExisting is openDB for a database that must already exist: the
// commands that read results (score, explain, history, report, weights,
// annual-report, exports) would otherwise create an empty file and answer
// from it.
func openExisting(ctx context.Context, path string, stderr io.Writer) (*store.DB, int) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			fmt.Fprintf(stderr, "gongkai: 数据库文件 %s 不存在（请检查 --db 的路径；导入台账时会新建数据库）\n", path)
			return nil, exitUsage
		}
	}
	return openDB(ctx, path, stderr)
}

// needYearData: a command deriving a year's results from the ledgers says
// so when the year has none at all, rather than answering with zeros. The
// code is -1 to go on, else 1 (its message printed).
func needYearData(ctx context.Context, db *store.DB, year int, stderr io.Writer) int {
	years, err := db.BatchYears(ctx)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if slices.Contains(years, year) {
		return -1
	}
	have := "数据库中还没有任何台账"
	if len(years) > 0 {
		ys := make([]string, len(years))
		for i, y := range years {
			ys[i] = fmt.Sprint(y)
		}
		have = "有台账的年度：" + strings.Join(ys, "、")
	}
	fmt.Fprintf(stderr, "gongkai: %d 年没有任何台账（%s）\n", year, have)
	return exitRefused
}

// toStdout: the artifact goes to standard output (--out - or /dev/stdout),
// and the command's messages then go to stderr, never mixed into it.
func toStdout(out string) bool { return out == "-" || out == "/dev/stdout" }

// messages is where a command writing its artifact to out says what it did.
func messages(out string, stdout, stderr io.Writer) io.Writer {
	if toStdout(out) {
		return stderr
	}
	return stdout
}

// saveArtifact writes an artifact with save, which writes a file: to out,
// or for standard output to a temporary file named name (save may look at
// its extension) that is then copied to stdout.
func saveArtifact(out, name string, stdout io.Writer, save func(path string) error) error {
	if !toStdout(out) {
		return save(out)
	}
	dir, err := os.MkdirTemp("", "gongkai-out-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, name)
	if err := save(p); err != nil {
		return err
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(stdout, f); err != nil {
		return fmt.Errorf("写到标准输出失败：%w", err)
	}
	return nil
}

// orEmpty is a list for writeJSON: [] rather than null when it is empty.
func orEmpty[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
