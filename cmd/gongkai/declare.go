package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"gongkai"
	"gongkai/ingest"
)

// cmdDeclare records a 零报告: the unit had nothing of a ledger kind in the
// year (or, with --withdraw, takes the declaration in force back).
func cmdDeclare(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	u := c.unitFlag()
	kind := c.String("kind", "", "台账类型："+strings.Join(unitKindNames(), ", "))
	year := c.yearFlag("`年度`")
	note := c.String("note", "", "说明（可选）")
	withdraw := c.Bool("withdraw", false, "撤回该单位该年度该类台账的无数据声明")
	by := c.String("by", "cli", "声明人")
	db, _, code := c.open(ctx, func(pos []string) bool { return len(pos) == 0 && *kind != "" })
	if code >= 0 {
		return code
	}
	d := ingest.Declaration{UnitID: u.ID, Unit: u.Name, Kind: *kind, Year: int(*year), Note: *note, Account: *by, Withdraw: *withdraw}
	if _, err := ingest.Declare(ctx, db, d); err != nil {
		if c := gongkai.ErrorCode(err); c == gongkai.EUNKNOWNKIND || c == gongkai.ENOYEAR {
			return fail(stderr, exitUsage, err)
		}
		return fail(stderr, exitRefused, err)
	}
	title := gongkai.KindByName(*kind).Title
	if *withdraw {
		fmt.Fprintf(stdout, "已撤回：%s %d 年度“%s”无此类事项的声明\n", u.Name, *year, title)
	} else {
		fmt.Fprintf(stdout, "已声明：%s %d 年度“%s”本年度无此类事项\n", u.Name, *year, title)
	}
	return exitOK
}

// unitKindNames are the kinds a unit keeps, which it may declare.
func unitKindNames() []string {
	var out []string
	for _, k := range gongkai.UnitKinds() {
		out = append(out, k.Name)
	}
	return out
}
