package metrics

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/store"
)

// Publishing freezes a year's results as a numbered version (issue 15).
// Scoring writes the draft (the live score tables) at any time; clerks and
// leaders see only the year's latest version, and only when it is a
// publication. A version's rows are copies, never derived again: a later
// upload, restore, registry or scheme change leaves it as it was.

// Version is one version of a year's results.
type Version = store.ResultVersion

// Draft is the version number that reads the draft, the live score tables.
const Draft = store.Draft

var (
	// ErrNoReason: a publication or withdrawal without a reason.
	ErrNoReason = errors.New("请填写理由：发布或撤回的理由会记入版本记录和操作日志")
	// ErrNotScored: the year has no draft to publish.
	ErrNotScored = errors.New("该年度尚无考核得分，不能发布")
	// ErrScoresStale: what the year's draft was scored from changed after
	// the scoring: a ledger (its active batch), a 零报告 declaration of a
	// kind the scheme scores by when_none, or the scheme. A version carries
	// what its scores were computed from; publishing a draft scored from
	// anything else than what is in force now would freeze scores that no
	// longer match, so the year is scored again first, and the admin sees
	// the draft that is published.
	ErrScoresStale = errors.New("上次计算之后台账、零报告声明或考核细则有变化，草稿的得分不是按现在的数据算出的，不能发布；请先重新计算，核对草稿后再发布")
)

// Versions lists a year's versions, oldest first.
func Versions(ctx context.Context, db *store.DB, year int) ([]Version, error) {
	vs, err := db.Versions(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("versions: %w", err)
	}
	return vs, nil
}

// Latest is every year's latest version (published or withdrawn), newest
// year first: what the units are shown.
func Latest(ctx context.Context, db *store.DB) ([]Version, error) {
	vs, err := db.Versions(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("versions: %w", err)
	}
	return vs, nil
}

// latestOf is the latest version of a year, if it has one.
func latestOf(ctx context.Context, q *store.Queries, year int) (Version, bool, error) {
	vs, err := q.Versions(ctx, year)
	if err != nil {
		return Version{}, false, fmt.Errorf("versions: %w", err)
	}
	if len(vs) == 0 {
		return Version{}, false, nil
	}
	return vs[len(vs)-1], true, nil
}

// PublishRequest is a publication of a year's draft.
type PublishRequest struct {
	Year   int
	By     string
	Reason string
	// Confirm and Reason are required when the year has a version
	// already: the new one replaces what the units see.
	Confirm bool
}

// Publish freezes the year's draft as its next version, in one
// transaction. A year with a version already is refused with
// gongkai.EPUBLISHED unless confirmed (asked before the reason, so the
// confirmation can show what changes); every publication, the first too,
// is refused with ErrNoReason without a reason, as the CLI requires one. A draft scored from
// other batches, 零报告 declarations or another scheme than those in force
// now is refused (ErrScoresStale, naming them); the version records the
// batches and declarations the draft was scored from.
func Publish(ctx context.Context, db *store.DB, r PublishRequest) (Version, error) {
	var out Version
	err := db.InTx(ctx, func(q *store.Queries) error {
		scored, err := q.ScoreResults(ctx, r.Year, Draft, "")
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if len(scored) == 0 {
			return fmt.Errorf("%w：%d", ErrNotScored, r.Year)
		}
		if err := scoredFromNow(ctx, q, r.Year); err != nil {
			return err
		}
		prev, had, err := latestOf(ctx, q, r.Year)
		if err != nil {
			return err
		}
		if had && !r.Confirm {
			return gongkai.Errorf(gongkai.EPUBLISHED, "%d年的考核结果已有%s；发布草稿将成为第%d版，替换各单位看到的结果，需要确认",
				r.Year, Label(&prev), prev.Version+1)
		}
		if strings.TrimSpace(r.Reason) == "" {
			return ErrNoReason
		}
		n, err := q.VersionNext(ctx, r.Year)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if err := q.VersionInsert(ctx, r.Year, n, store.VersionPublished, r.By, strings.TrimSpace(r.Reason)); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if err := q.VersionCopy(ctx, r.Year, n); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		out, _, err = latestOf(ctx, q, r.Year)
		return err
	})
	return out, err
}

// scoredFromNow refuses (ErrScoresStale, naming each change) a year whose
// draft was scored from other batches, declarations or another scheme than
// those in force now.
func scoredFromNow(ctx context.Context, q *store.Queries, year int) error {
	batches, err := q.VersionScoredChanged(ctx, year)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	decls, err := q.ScoreDeclarationsChanged(ctx, year)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	scheme, err := q.ScoreSchemeChanged(ctx, year)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	var what []string
	if len(batches) > 0 {
		what = append(what, changedText(batches))
	}
	if len(decls) > 0 {
		what = append(what, declaredText(decls))
	}
	if scheme {
		what = append(what, "考核细则：计算后重新导入了内容不同的考核细则")
	}
	if len(what) == 0 {
		return nil
	}
	return fmt.Errorf("%w。%s", ErrScoresStale, strings.Join(what, "。"))
}

// shownChanges is how many changes of one sort a refusal names.
const shownChanges = 5

// firstOf joins the first shownChanges of parts with "；", saying how many
// there are when there are more.
func firstOf(parts []string) string {
	if len(parts) > shownChanges {
		parts = append(parts[:shownChanges:shownChanges], fmt.Sprintf("……共 %d 项", len(parts)))
	}
	return strings.Join(parts, "；")
}

// changedText lists the changed ledgers for ErrScoresStale, each with the
// batch scored from and the batch active now.
func changedText(cs []store.Changed) string {
	var parts []string
	for _, c := range cs {
		unit := c.Unit
		if c.UnitID == gongkai.CountyUnitID {
			unit = gongkai.CountyName
		}
		var what string
		switch {
		case c.Scored == 0:
			what = fmt.Sprintf("计算后新上传第 %d 批次", c.Now)
		case c.Now == 0:
			what = fmt.Sprintf("计算时为第 %d 批次，现已无生效批次", c.Scored)
		default:
			what = fmt.Sprintf("计算时为第 %d 批次，现为第 %d 批次", c.Scored, c.Now)
		}
		parts = append(parts, fmt.Sprintf("%s %s（%s）", unit, gongkai.KindTitle(c.Kind), what))
	}
	return "变化的台账：" + firstOf(parts)
}

// declaredText lists the changed 零报告 declarations for ErrScoresStale.
func declaredText(ds []store.Changed) string {
	var parts []string
	for _, d := range ds {
		what := "计算后重新声明了本年度无此类事项"
		switch {
		case d.Scored == 0:
			what = "计算后声明了本年度无此类事项"
		case d.Now == 0:
			what = "计算时声明了本年度无此类事项，现已撤回或已上传台账"
		}
		parts = append(parts, fmt.Sprintf("%s %s（%s）", d.Unit, gongkai.KindTitle(d.Kind), what))
	}
	return "变化的零报告声明：" + firstOf(parts)
}

// Withdraw records a withdrawal of the year's published results as its
// next version: the units then see that the results were withdrawn. A year
// whose latest version is not a publication is refused (gongkai.ENOTFOUND).
func Withdraw(ctx context.Context, db *store.DB, year int, by, reason string) (Version, error) {
	if strings.TrimSpace(reason) == "" {
		return Version{}, ErrNoReason
	}
	var out Version
	err := db.InTx(ctx, func(q *store.Queries) error {
		prev, had, err := latestOf(ctx, q, year)
		if err != nil {
			return err
		}
		if !had || prev.State != store.VersionPublished {
			return gongkai.Errorf(gongkai.ENOTFOUND, "%d年的考核结果未发布，无需撤回", year)
		}
		if err := q.VersionInsert(ctx, year, prev.Version+1, store.VersionWithdrawn, by, strings.TrimSpace(reason)); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		out, _, err = latestOf(ctx, q, year)
		return err
	})
	return out, err
}

// Label names a version for a page or an export: "第2版，2026-12-05 发布",
// "第3版，2026-12-06 撤回"; nil is the draft, "草稿（未发布）".
func Label(v *Version) string {
	if v == nil || v.Version == Draft {
		return "草稿（未发布）"
	}
	day, _, _ := strings.Cut(v.At, " ")
	if v.State == store.VersionWithdrawn {
		return fmt.Sprintf("第%d版，%s 撤回", v.Version, day)
	}
	return fmt.Sprintf("第%d版，%s 发布", v.Version, day)
}

// Published is the version of a year the units are shown: its latest
// version when that is a publication. ok is false when the year was never
// published; withdrawn is the withdrawal when the latest version is one.
func Published(ctx context.Context, db *store.DB, year int) (v Version, ok bool, withdrawn *Version, err error) {
	last, had, err := latestOf(ctx, db.Queries, year)
	if err != nil || !had {
		return Version{}, false, nil, err
	}
	if last.State == store.VersionWithdrawn {
		return Version{}, false, &last, nil
	}
	return last, true, nil, nil
}

// VersionOf finds version n of a year.
func VersionOf(ctx context.Context, db *store.DB, year, n int) (Version, error) {
	vs, err := Versions(ctx, db, year)
	if err != nil {
		return Version{}, err
	}
	for _, v := range vs {
		if v.Version == n {
			return v, nil
		}
	}
	return Version{}, gongkai.Errorf(gongkai.ENOTFOUND, "%d年度没有第%d版考核结果", year, n)
}
