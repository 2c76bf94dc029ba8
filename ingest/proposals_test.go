package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestProposalCrossChecks: the 人大代表建议和政协提案 ledger refuses dates
// that contradict each other and a 主办单位 not in the registry; 协办单位
// is kept as written, registered or not.
func TestProposalCrossChecks(t *testing.T) {
	e := newEnv(t)
	p := filepath.Join(t.TempDir(), "建议提案-2024.csv")
	csv := "编号,类别,标题,主办单位,协办单位,交办日期,办结期限,办结日期,答复类别,是否公开答复全文,公开日期,代表委员满意度\n" +
		"J1,建议,好的,财政局,某某协会,2024-03-01,2024-06-01,2024-05-20,A,是,2024-05-30,满意\n" +
		"J2,建议,办结早于交办,财政局,,2024-03-01,2024-06-01,2024-02-20,A,是,2024-03-30,满意\n" +
		"J3,建议,期限早于交办,财政局,,2024-03-01,2024-02-01,,,,,\n" +
		"J4,提案,不公开却有日期,财政局,,2024-03-01,2024-06-01,2024-05-20,B,否,2024-05-30,基本满意\n" +
		"J5,提案,未办结却公开,财政局,,2024-03-01,2024-06-01,,,是,2024-05-30,\n" +
		"J6,提案,公开早于办结,财政局,,2024-03-01,2024-06-01,2024-05-20,C,是,2024-05-10,不满意\n" +
		"J7,提案,主办单位不在名录,县外星局,,2024-03-01,2024-06-01,,,,,\n" +
		"J8,其他,类别不对,财政局,,2024-03-01,2024-06-01,2024-05-20,D,是,2024-05-30,很满意\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	r := e.one(p, Options{})
	if r.Status != StatusRefused || r.Kind != "proposals" || !r.County {
		t.Fatalf("status %s kind %s county %v: %s", r.Status, r.Kind, r.County, r.Reason)
	}
	checkErrors(t, r.Errors, []RowError{
		{Row: 3, Column: "办结日期", Value: "2024-02-20", Reason: "办结日期早于交办日期"},
		{Row: 4, Column: "办结期限", Value: "2024-02-01", Reason: "办结期限早于交办日期"},
		{Row: 5, Column: "公开日期", Value: "2024-05-30", Reason: "“是否公开答复全文”为“否”，不应填写公开日期"},
		{Row: 6, Column: "公开日期", Value: "2024-05-30", Reason: "尚未办结（办结日期为空），不应填写答复全文公开日期"},
		{Row: 7, Column: "公开日期", Value: "2024-05-10", Reason: "答复全文公开日期早于办结日期"},
		{Row: 8, Column: "主办单位", Value: "县外星局", Reason: "单位“县外星局”不在单位名录中（可用全称、简称或统一社会信用代码），请联系政务公开科登记"},
		{Row: 9, Column: "类别", Value: "其他", Reason: "“其他”不是可选值，应为：建议、提案"},
		{Row: 9, Column: "答复类别", Value: "D", Reason: "“D”不是可选值，应为：A、B、C"},
		{Row: 9, Column: "代表委员满意度", Value: "很满意", Reason: "“很满意”不是可选值，应为：满意、基本满意、不满意"},
	})
}
