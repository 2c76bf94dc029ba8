package metrics

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gongkai/ingest"
	sqlfiles "gongkai/sql"
	"gongkai/store"
)

// A draft is scored from 零报告 declarations and a scheme as well as from
// batches (migration 0020): a declaration made or withdrawn after the 计算,
// of a kind the scheme scores by when_none, or a different scheme loaded
// after it makes publishing refuse, naming the change, until the year is
// scored again. A declaration of a kind no when_none reads, and loading
// the same scheme again, change no score and refuse nothing.
func TestPublishScoredInputs(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	// 2.2.2 新媒体 (media) when_none: exempt; no leaf reads responses.
	mediaExempt := func(s *Scheme) { s.Indicators[1].Children[1].Children[1].WhenNone = "exempt" }
	loadFixtureScheme(t, db, mediaExempt)
	declare := func(unit int64, kind string, withdraw bool) int64 {
		t.Helper()
		id, err := ingest.Declare(ctx, db, ingest.Declaration{UnitID: unit, Unit: "单位", Kind: kind, Year: 2024, Account: "测试", Withdraw: withdraw})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	score := func() {
		t.Helper()
		if err := Score(ctx, db, 2024); err != nil {
			t.Fatal(err)
		}
	}
	refused := func(step string, r PublishRequest, want string) {
		t.Helper()
		_, err := Publish(ctx, db, r)
		if !errors.Is(err, ErrScoresStale) || !strings.HasSuffix(err.Error(), "。"+want) {
			t.Fatalf("%s: publish: %v\nwant …。%s", step, err, want)
		}
	}
	first := PublishRequest{Year: 2024, By: "admin", Reason: "年度考核"}
	again := PublishRequest{Year: 2024, By: "admin", Confirm: true, Reason: "更正"}

	score()
	// After the 计算 单位一 declares it has no new-media account, 单位三 no
	// 舆情回应 (no leaf of the scheme reads responses: not a change).
	media := declare(1, "media", false)
	declare(3, "responses", false)
	refused("declared after 计算", first, "变化的零报告声明：单位一 政务新媒体更新台账（计算后声明了本年度无此类事项）")
	if vs, _ := Versions(ctx, db, 2024); len(vs) != 0 {
		t.Fatalf("a refused publication made a version: %+v", vs)
	}
	score()
	v, err := Publish(ctx, db, first)
	if err != nil {
		t.Fatalf("scored again: %v", err)
	}
	if got, err := db.VersionDeclarations(ctx, 2024, v.Version); err != nil || !reflect.DeepEqual(got, []store.ScoredFrom{{UnitID: 1, Kind: "media", ID: media}}) {
		t.Errorf("version 1's declarations: %+v %v", got, err)
	}

	// Withdrawn after the 计算: refused again.
	declare(1, "media", true)
	refused("withdrawn after 计算", again, "变化的零报告声明：单位一 政务新媒体更新台账（计算时声明了本年度无此类事项，现已撤回或已上传台账）")
	score()

	// The same scheme loaded again changes nothing; another one does.
	loadFixtureScheme(t, db, mediaExempt)
	v, err = Publish(ctx, db, again)
	if err != nil || v.Version != 2 {
		t.Fatalf("the same scheme loaded again: %+v %v", v, err)
	}
	loadFixtureScheme(t, db, func(s *Scheme) { mediaExempt(s); s.BonusCap = 3 })
	refused("another scheme after 计算", again, "考核细则：计算后重新导入了内容不同的考核细则")

	// A declaration and another scheme: both named, the declaration first.
	media2 := declare(2, "media", false)
	refused("declared and another scheme", again, "变化的零报告声明：单位二 政务新媒体更新台账（计算后声明了本年度无此类事项）。考核细则：计算后重新导入了内容不同的考核细则")
	score()

	// The version diff says why: the declarations and the scheme.
	declared := func(from, to int) map[string][]DeclDiff {
		t.Helper()
		d, err := Diff(ctx, db, 2024, from, to)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]DeclDiff{}
		for _, u := range d.Units {
			if len(u.Declared) > 0 {
				out[u.Unit] = u.Declared
			}
		}
		if d.SchemeChanged != (to == Draft) {
			t.Errorf("diff %d → %d: scheme changed %v", from, to, d.SchemeChanged)
		}
		return out
	}
	title := "政务新媒体更新台账"
	if got, want := declared(1, 2), map[string][]DeclDiff{"单位一": {{Kind: "media", Title: title, From: media}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("versions 1 → 2: declarations %+v, want %+v", got, want)
	}
	if got, want := declared(2, Draft), map[string][]DeclDiff{"单位二": {{Kind: "media", Title: title, To: media2}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("version 2 → draft: declarations %+v, want %+v", got, want)
	}
	if got := (DeclDiff{From: media}).Text(); got != "无此类事项的声明（#"+strconv.FormatInt(media, 10)+"）已撤回或因上传台账失效" {
		t.Errorf("withdrawn: %s", got)
	}
	if v, err = Publish(ctx, db, again); err != nil || v.Version != 3 {
		t.Fatalf("scored again: %+v %v", v, err)
	}
}

// Migration 0020 on a database scored and published before it: the
// declarations in force and the scheme now are taken as those the draft
// and the versions were scored from, so publishing is not refused and the
// diff names no declaration and no scheme.
func TestMigrationScoreInputs(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	loadFixtureScheme(t, db, func(s *Scheme) { s.Indicators[1].Children[1].Children[1].WhenNone = "exempt" })
	decl, err := ingest.Declare(ctx, db, ingest.Declaration{UnitID: 1, Unit: "单位一", Kind: "media", Year: 2024, Account: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Score(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	if _, err := Publish(ctx, db, PublishRequest{Year: 2024, By: "admin", Reason: "年度考核"}); err != nil {
		t.Fatal(err)
	}
	// As before the migration: its tables gone, then it runs.
	for _, tb := range []string{"score_declarations", "score_scheme", "version_declarations"} {
		if _, err := db.Raw().Exec("DROP TABLE " + tb); err != nil {
			t.Fatal(err)
		}
	}
	migs, err := sqlfiles.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	for _, m := range migs {
		if m.Version == 20 {
			if _, err := db.Raw().Exec(m.SQL); err != nil {
				t.Fatal(err)
			}
			ran = true
		}
	}
	if !ran {
		t.Fatal("no migration 0020")
	}
	want := []store.ScoredFrom{{UnitID: 1, Kind: "media", ID: decl}}
	for _, n := range []int{Draft, 1} {
		if got, err := db.VersionDeclarations(ctx, 2024, n); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("version %d's declarations: %+v %v", n, got, err)
		}
	}
	d, err := Diff(ctx, db, 2024, 1, Draft)
	if err != nil || len(d.Units) != 0 || d.SchemeChanged {
		t.Errorf("diff after the migration: %+v %v", d, err)
	}
	if _, err := Publish(ctx, db, PublishRequest{Year: 2024, By: "admin", Confirm: true, Reason: "迁移后"}); err != nil {
		t.Errorf("publish after the migration: %v", err)
	}
}
