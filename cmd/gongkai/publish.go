package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"
	"strconv"
	"strings"
	"text/tabwriter"

	"gongkai"
	"gongkai/metrics"
	"gongkai/store"
)

// Versions of a year's results (issue 15): publish freezes the draft as the
// next version, versions lists them, diff compares two (or a version with
// the draft).

func cmdPublish(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("考核`年度`")
	reason := c.String("reason", "", "发布理由（记入版本记录）")
	confirm := c.Bool("confirm", false, "确认发布：该年度已有版本时必须加上，新版本将替换各单位看到的结果")
	by := c.String("by", "", "发布人（默认为当前系统用户）")
	db, _, code := c.open(ctx, func(pos []string) bool {
		return len(pos) == 0 && (strings.TrimSpace(*reason) != "" || c.bad("需要用 --reason 说明发布理由"))
	})
	if code >= 0 {
		return code
	}
	v, err := metrics.Publish(ctx, db, metrics.PublishRequest{Year: int(*year), By: actor(*by), Reason: *reason, Confirm: *confirm})
	if err != nil {
		code := fail(stderr, exitRefused, err)
		switch {
		case gongkai.ErrorCode(err) == gongkai.EPUBLISHED:
			fmt.Fprintf(stderr, "先用 gongkai diff --db %s --year %d 查看草稿与已发布版本的差异，确认后加 --confirm 再发布\n", *c.db, *year)
		case errors.Is(err, metrics.ErrScoresStale):
			fmt.Fprintf(stderr, "先运行 gongkai score --db %s --year %d 重新计算，再发布\n", *c.db, *year)
		}
		return code
	}
	fmt.Fprintf(stdout, "已发布 %d 年度考核结果%s（%d 个单位），发布人 %s，理由：%s\n", v.Year, metrics.Label(&v), v.Units, v.By, v.Reason)
	return exitOK
}

// actor is who a publication is recorded as: --by, else the system user.
func actor(by string) string {
	if by = strings.TrimSpace(by); by != "" {
		return by
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "cli"
}

func cmdVersions(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("考核`年度`")
	asJSON := c.jsonFlag()
	db, _, code := c.open(ctx, noArgs)
	if code >= 0 {
		return code
	}
	vs, err := metrics.Versions(ctx, db, int(*year))
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *asJSON {
		writeJSON(stdout, orEmpty(vs))
		return exitOK
	}
	if len(vs) == 0 {
		fmt.Fprintf(stdout, "%d 年度的考核结果尚未发布\n", *year)
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "版本\t状态\t时间\t操作人\t单位数\t理由")
	for _, v := range vs {
		state := "发布"
		if v.State == store.VersionWithdrawn {
			state = "撤回"
		}
		fmt.Fprintf(tw, "第%d版\t%s\t%s\t%s\t%d\t%s\n", v.Version, state, v.At, v.By, v.Units, v.Reason)
	}
	tw.Flush()
	return exitOK
}

// versionFlag is a version given on the command line: a number, or
// "draft" (metrics.Draft).
type versionFlag struct {
	n   int
	set bool
}

func (f *versionFlag) String() string {
	if !f.set {
		return ""
	}
	if f.n == metrics.Draft {
		return "draft"
	}
	return strconv.Itoa(f.n)
}

func (f *versionFlag) Set(s string) error {
	if s == "draft" {
		f.n, f.set = metrics.Draft, true
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return fmt.Errorf("应为版本号（1、2、…）或 draft（草稿）")
	}
	f.n, f.set = n, true
	return nil
}

func versionVar(fs *flag.FlagSet, name, usage string) *versionFlag {
	v := &versionFlag{}
	fs.Var(v, name, usage)
	return v
}

// shownVersion is the version an export shows when --version is not
// given: the year's published version, else the draft.
func shownVersion(ctx context.Context, db *store.DB, year int, f *versionFlag) (int, error) {
	if f.set {
		return f.n, nil
	}
	v, ok, _, err := metrics.Published(ctx, db, year)
	if err != nil || !ok {
		return metrics.Draft, err
	}
	return v.Version, nil
}

func cmdDiff(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("考核`年度`")
	from := versionVar(c.FlagSet, "from", "比较的旧版本（默认为最近发布的版本）")
	to := versionVar(c.FlagSet, "to", "比较的新版本，或 draft（草稿，默认）")
	asJSON := c.jsonFlag()
	db, _, code := c.open(ctx, func(pos []string) bool { return len(pos) == 0 && !(from.set && from.n == metrics.Draft) })
	if code >= 0 {
		return code
	}
	if !from.set {
		v, ok, _, err := metrics.Published(ctx, db, int(*year))
		if err != nil {
			return fail(stderr, exitRefused, err)
		}
		if !ok {
			fmt.Fprintf(stderr, "gongkai: %d 年度没有已发布的考核结果，请用 --from 指定版本\n", *year)
			return exitRefused
		}
		from.n = v.Version
	}
	d, err := metrics.Diff(ctx, db, int(*year), from.n, to.n)
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *asJSON {
		writeJSON(stdout, d)
		return exitOK
	}
	printDiff(stdout, d)
	return exitOK
}

// printDiff writes a diff as text: one block per unit.
func printDiff(w io.Writer, d *metrics.VersionDiff) {
	fmt.Fprintf(w, "%d 年度：%s → %s\n", d.Year, d.FromLabel, d.ToLabel)
	if t := d.SchemeText(); t != "" {
		fmt.Fprintln(w, t)
	}
	if len(d.Units) == 0 {
		fmt.Fprintln(w, "没有变化")
		return
	}
	changed := 0
	for _, u := range d.Units {
		if u.Changed() {
			changed++
		}
	}
	fmt.Fprintf(w, "%d 个单位有变化（其中 %d 个单位得分、名次或等次改变）\n", len(d.Units), changed)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, u := range d.Units {
		fmt.Fprintln(tw)
		switch u.Only {
		case "from":
			fmt.Fprintf(tw, "%s（%s）\t已不在新结果中\n", u.Unit, u.Group)
		case "to":
			fmt.Fprintf(tw, "%s（%s）\t新增：%s 分，第 %d 名，%s\n", u.Unit, u.Group, f2(u.ToScore), u.ToRank, u.ToGrade)
		default:
			fmt.Fprintf(tw, "%s（%s）\t得分 %s → %s\t名次 %d → %d\t等次 %s → %s\n", u.Unit, u.Group,
				f2(u.FromScore), f2(u.ToScore), u.FromRank, u.ToRank, u.FromGrade, u.ToGrade)
		}
		for _, it := range u.Items {
			fmt.Fprintf(tw, "  %s %s\t%s → %s 分\t%s\n", it.ID, it.Name, f2(it.FromPoints), f2(it.ToPoints), whyText(it))
		}
		for _, b := range u.Batches {
			fmt.Fprintf(tw, "  %s\t%s\n", b.Title, batchText(b))
		}
		for _, dd := range u.Declared {
			fmt.Fprintf(tw, "  %s\t%s\n", dd.Title, dd.Text())
		}
	}
	tw.Flush()
}

// whyText joins an item's reasons on both sides; "" for an indicator
// without its own rule (a sum of others), which has none.
func whyText(it metrics.ItemDiff) string {
	f, t := it.FromReason, it.ToReason
	if f == "" && t == "" {
		return ""
	}
	if f == "" {
		f = "未失分"
	}
	if t == "" {
		t = "未失分"
	}
	return f + " → " + t
}

// batchText says which batches of a kind were added and removed.
func batchText(b metrics.BatchDiff) string {
	ids := func(xs []int64) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = "#" + strconv.FormatInt(x, 10)
		}
		return strings.Join(s, " ")
	}
	var parts []string
	if len(b.Added) > 0 {
		parts = append(parts, "新批次 "+ids(b.Added))
	}
	if len(b.Removed) > 0 {
		parts = append(parts, "替换掉的批次 "+ids(b.Removed))
	}
	return strings.Join(parts, "；")
}
