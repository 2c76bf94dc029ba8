package ingest

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/store"
)

// A 零报告 (declaration of no data): a unit states that it had nothing of a
// ledger kind in a year ("本年度无此类事项"), which a clerk would otherwise
// show by uploading nothing and be chased for. It is the zero-row
// counterpart of an upload: kept as history (store.DeclareHistory), ended
// by a later upload of the kind and year (the newer act wins), withdrawn by
// another act. 催报 skips it, status pages show it, and the scheme's
// when_none says how it scores (metrics).

// Declaration is a 零报告 act asked for: declare, or Withdraw the one in
// force.
type Declaration struct {
	UnitID   int64
	Unit     string // the unit's name, for messages
	Kind     string
	Year     int
	Note     string
	Account  string // who: the account, or the CLI's user
	Withdraw bool
}

// Declare records d in one transaction and returns the act's id. It
// refuses (a *gongkai.Error) an unknown or county-wide kind, a year out of
// range, a declaration while a batch of the kind and year is active or one
// is in force already, and a withdrawal with none in force.
func Declare(ctx context.Context, db *store.DB, d Declaration) (int64, error) {
	k := gongkai.KindByName(d.Kind)
	if k == nil {
		return 0, gongkai.Errorf(gongkai.EUNKNOWNKIND, "未知的台账类型“%s”", d.Kind)
	}
	if k.CountyWide {
		return 0, gongkai.Errorf(gongkai.ECOUNTYWIDE, "“%s”是全县的台账，由政务公开科统一上传，单位不声明", k.Title)
	}
	if d.Year < 2000 || d.Year > 2100 {
		return 0, gongkai.Errorf(gongkai.ENOYEAR, "年度 %d 无效", d.Year)
	}
	var id int64
	err := db.InTx(ctx, func(q *store.Queries) error {
		active, err := q.UnitStatus(ctx, d.UnitID, d.Year)
		if err != nil {
			return err
		}
		inForce, err := q.DeclareInForce(ctx, d.UnitID, d.Year)
		if err != nil {
			return err
		}
		var cur *store.Declaration
		for i := range inForce {
			if inForce[i].Kind == d.Kind {
				cur = &inForce[i]
			}
		}
		act := "declare"
		switch {
		case d.Withdraw && cur == nil:
			return gongkai.Errorf(gongkai.EDECLARE, "%s没有生效的 %d 年度“%s”无此类事项声明，无需撤回", d.Unit, d.Year, k.Title)
		case d.Withdraw:
			act = "withdraw"
		case cur != nil:
			return gongkai.Errorf(gongkai.EDECLARE, "%s已于 %s 声明 %d 年度“%s”无此类事项", d.Unit, cur.At, d.Year, k.Title)
		default:
			for _, a := range active {
				if a.Kind == d.Kind {
					return gongkai.Errorf(gongkai.EDECLARE, "%s已上传 %d 年度“%s”（第 %d 批次），不能声明本年度无此类事项", d.Unit, d.Year, k.Title, a.BatchID)
				}
			}
		}
		id, err = q.DeclareInsert(ctx, d.UnitID, d.Kind, d.Year, act, d.Note, d.Account)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("零报告：%w", err)
	}
	return id, nil
}
