package server

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai"
	"gongkai/ingest"
)

// County-wide ledgers (the 重点任务台账, the 综合考核权重表) are the office's:
// a unit's status lists only the kinds a unit keeps, the 催报 list never
// names them, a clerk's upload of one is refused and an admin's loads as
// the county's, whose state the admin's upload page shows.
func TestCountyWideLedgers(t *testing.T) {
	e := newEnv(t, nil)
	clerk, admin := e.login(clerkName), e.login(adminName)

	var st struct {
		Ledgers []KindStatus `json:"ledgers"`
	}
	if err := clerk.getJSON(fmt.Sprintf("/api/units/%d/status?year=2024", e.unitID(clerkUnit)), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Ledgers) != len(gongkai.UnitKinds()) {
		t.Errorf("%d kinds on a unit's status, want %d", len(st.Ledgers), len(gongkai.UnitKinds()))
	}
	for _, k := range st.Ledgers {
		if gongkai.KindByName(k.Kind).CountyWide {
			t.Errorf("a unit's status lists the county-wide %s", k.Kind)
		}
	}
	for _, p := range []string{fmt.Sprintf("/unit/%d?year=2024", e.unitID(clerkUnit)), "/upload"} {
		if _, body := clerk.do("GET", p, nil, ""); strings.Contains(body, "重点任务台账") || strings.Contains(body, "综合考核权重表") {
			t.Errorf("%s offers a clerk a county-wide ledger", p)
		}
	}

	resp, body := admin.do("GET", "/admin/reminders?year=2024&format=csv", nil, "")
	if resp.StatusCode != 200 || strings.Contains(body, "重点任务台账") || strings.Contains(body, "综合考核权重表") {
		t.Errorf("reminders: %d\n%s", resp.StatusCode, trim(body))
	}
	if _, body := admin.do("GET", "/admin/reminders?year=2024", nil, ""); strings.Contains(body, `value="tasks"`) || strings.Contains(body, `value="weights"`) {
		t.Errorf("the reminders page offers county-wide kinds")
	}
	resp, body = admin.do("GET", "/admin/reminders?year=2024&kind=tasks", nil, "")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "“重点任务台账”是全县的台账") {
		t.Errorf("reminders for tasks: %d %s", resp.StatusCode, trim(body))
	}

	tasks := filepath.Join(t.TempDir(), "tasks.csv")
	csv := "平安县2024年政务公开重点任务台账\n序号,工作任务,牵头单位,完成时限,完成情况\n" +
		"1,公开预算,平安县财政局、平安县民政局,6月底前,已完成\n2,更新目录,平安县民政局,年底前,推进中\n" +
		"3,政策解读,平安县财政局,长期坚持,推进中\n4,开放日,平安县财政局,10月底前,已完成\n"
	if err := os.WriteFile(tasks, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, rs, body := clerk.upload(nil, [2]string{"tasks.csv", tasks})
	if code != 200 || len(rs) != 1 || rs[0].Status != ingest.StatusRefused || rs[0].Code != gongkai.ECOUNTYWIDE {
		t.Fatalf("clerk's upload of tasks: %d %s", code, body)
	}
	code, rs, body = admin.upload(nil, [2]string{"tasks.csv", tasks})
	if code != 200 || len(rs) != 1 || rs[0].Status != ingest.StatusLoaded || rs[0].Unit != gongkai.CountyName || !rs[0].County || rs[0].RowsLoaded != 4 || rs[0].RowsStored != 5 {
		t.Fatalf("admin's upload of tasks: %d %s", code, body)
	}
	if _, body := admin.do("GET", "/upload?year=2024", nil, ""); !strings.Contains(body, "2024 年度全县台账") || !strings.Contains(body, fmt.Sprintf("已上传（第 %d 批次）", rs[0].BatchID)) {
		t.Errorf("the admin's upload page lacks the county's status:\n%s", trim(body))
	}
	var kinds []map[string]string
	if err := clerk.getJSON("/api/kinds", &kinds); err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		if want := map[bool]string{true: "county", false: "unit"}[gongkai.KindByName(k["kind"]).CountyWide]; k["scope"] != want {
			t.Errorf("/api/kinds: %v", k)
		}
	}
}
