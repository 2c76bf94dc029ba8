package metrics

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gongkai/store"
)

// A version carries the batches its scores were computed from (issue 15):
// scoring records the batches active then; a ledger uploaded after the
// last 计算 makes publishing refuse, naming the ledger and both batches,
// until the year is scored again; the version then lists the batches
// scored from.
func TestPublishScoredBatches(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	loadFixtureScheme(t, db, nil)
	dir := t.TempDir()
	media := func(name, last string) string {
		return writeLedger(t, dir, name, "账号名称,平台,发布日期,标题\n一号,微信公众号,2024-01-02,a\n一号,微信公众号,"+last+",b\n")
	}
	ingestAll(t, db,
		media("单位一-新媒体-2024.csv", "2024-01-05"),
		media("单位二-新媒体-2024.csv", "2024-01-06"))
	if err := Score(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	scored, err := db.VersionBatches(ctx, 2024, Draft)
	if err != nil || len(scored) != 2 || scored[0].UnitID != 1 || scored[1].UnitID != 2 || scored[0].Kind != "media" {
		t.Fatalf("batches the draft was scored from: %+v %v", scored, err)
	}

	// 单位一 uploads its ledger again after the 计算.
	ingestAll(t, db, media("单位一-新媒体-2024-改.csv", "2024-01-20"))
	var active int64
	if err := db.Raw().QueryRow(`SELECT max(batch_id) FROM batches`).Scan(&active); err != nil {
		t.Fatal(err)
	}
	if now, _ := db.VersionBatches(ctx, 2024, Draft); !reflect.DeepEqual(now, scored) {
		t.Errorf("the draft's batches followed the upload: %+v", now)
	}
	_, err = Publish(ctx, db, PublishRequest{Year: 2024, By: "admin", Reason: "年度考核"})
	want := "变化的台账：单位一 政务新媒体更新台账（计算时为第 " + strconv.FormatInt(scored[0].ID, 10) + " 批次，现为第 " + strconv.FormatInt(active, 10) + " 批次）"
	if !errors.Is(err, ErrScoresStale) || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("publish after an upload since the 计算: %v\nwant …%s", err, want)
	}
	if vs, _ := Versions(ctx, db, 2024); len(vs) != 0 {
		t.Fatalf("a refused publication made a version: %+v", vs)
	}

	// Scored again, the draft and its version carry the new batch.
	if err := Score(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	v, err := Publish(ctx, db, PublishRequest{Year: 2024, By: "admin", Reason: "年度考核"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.VersionBatches(ctx, 2024, v.Version)
	if err != nil {
		t.Fatal(err)
	}
	wantBatches := []store.ScoredFrom{{UnitID: 1, Kind: "media", ID: active}, scored[1]}
	if !reflect.DeepEqual(got, wantBatches) {
		t.Errorf("version's batches %+v, want %+v", got, wantBatches)
	}
	if d, _ := db.VersionBatches(ctx, 2024, Draft); !reflect.DeepEqual(d, wantBatches) {
		t.Errorf("draft's batches %+v, want %+v", d, wantBatches)
	}
}
