package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/store"
)

// TestDeclarationLeavesReminders (issue 15): 平安县审计局 keeps no new-media
// account, so 2024's 催报 asks it for the 政务新媒体更新台账. Its clerk
// declares 零报告 on the unit page: the status shows 已声明无数据, the
// declaration is in the unit's history, 催报 no longer lists the unit, and
// after 计算 the sample scheme's when_none: exempt takes 1.4's 4 points out
// of its total and its maximum. Withdrawn, the unit is chased again; a
// later upload ends a declaration.
func TestDeclarationLeavesReminders(t *testing.T) {
	e := newEnv(t, nil)
	admin, clerk, other := e.login(adminName), e.login(dummyName), e.login(clerkName)
	const unit = "平安县审计局"
	id := e.unitID(unit)

	type reminders struct {
		Units []Reminder `json:"units"`
	}
	missing := func() (units, ledgers int, of []string) {
		t.Helper()
		var r reminders
		if err := admin.getJSON("/api/reminders?year=2024", &r); err != nil {
			t.Fatal(err)
		}
		for _, u := range r.Units {
			ledgers += len(u.Missing)
			if u.Unit == unit {
				of = u.Missing
			}
		}
		return len(r.Units), ledgers, of
	}
	units0, ledgers0, of := missing()
	if strings.Join(of, ",") != "media" {
		t.Fatalf("before: %s is chased for %v, want [media]", unit, of)
	}
	// The sample schemes' owes: 32 units / 43 ledgers in 2024 (without it,
	// every unit kind of every assessed unit: 44 / 88; TestRemindersFollowTheScheme).
	if units0 != 32 || ledgers0 != 43 {
		t.Errorf("催报 2024: %d units / %d ledgers, want 32 / 43", units0, ledgers0)
	}

	// The clerk's page offers the declaration for the missing ledger only.
	page := fmt.Sprintf("/unit/%d?year=2024", id)
	resp, body := clerk.do("GET", page, nil, "")
	if resp.StatusCode != 200 || strings.Count(body, "声明本年度无此类事项</button>") != 1 {
		t.Fatalf("unit page: %d, %d declare buttons", resp.StatusCode, strings.Count(body, "声明本年度无此类事项</button>"))
	}
	// Another unit's clerk may not declare for it; a county-wide kind and
	// an uploaded one are refused.
	post := func(c *client, v url.Values) (int, string) {
		v.Set("csrf", c.csrf)
		resp, body := c.do("POST", fmt.Sprintf("/unit/%d/declarations", id), strings.NewReader(v.Encode()), "application/x-www-form-urlencoded")
		return resp.StatusCode, body
	}
	if code, _ := post(other, url.Values{"kind": {"media"}, "year": {"2024"}}); code != 403 {
		t.Errorf("another unit's clerk: %d, want 403", code)
	}
	if code, body := post(clerk, url.Values{"kind": {"tasks"}, "year": {"2024"}}); code != 400 || !strings.Contains(body, "是全县的台账") {
		t.Errorf("county-wide kind: %d", code)
	}
	if code, body := post(clerk, url.Values{"kind": {"applications"}, "year": {"2024"}}); code != 409 || !strings.Contains(body, "已上传 2024 年度“依申请公开办理台账”") {
		t.Errorf("uploaded kind: %d %s", code, trim(body))
	}

	// The declaration, through the page's form.
	resp, _ = clerk.do("POST", fmt.Sprintf("/unit/%d/declarations", id), strings.NewReader(url.Values{
		"csrf": {clerk.csrf}, "kind": {"media"}, "year": {"2024"}, "note": {"本单位未开设政务新媒体账号"}}.Encode()), "application/x-www-form-urlencoded")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != page+"#status" {
		t.Fatalf("declare: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = clerk.do("GET", page, nil, "")
	for _, want := range []string{"已声明无数据", "本单位未开设政务新媒体账号", "撤回声明</button>", "<td>政务新媒体更新台账</td><td class=\"num\">2024</td><td>声明本年度无此类事项</td><td>有效</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("unit page lacks %q", want)
		}
	}
	var st struct {
		Ledgers []store.KindStatus `json:"ledgers"`
	}
	if err := clerk.getJSON(fmt.Sprintf("/api/units/%d/status?year=2024", id), &st); err != nil {
		t.Fatal(err)
	}
	for _, k := range st.Ledgers {
		if (k.Declared != nil) != (k.Kind == "media") || k.Declared != nil && (k.Declared.Account != dummyName || k.Declared.Note != "本单位未开设政务新媒体账号") {
			t.Errorf("status %s: declared %+v", k.Kind, k.Declared)
		}
	}
	units1, ledgers1, of := missing()
	if of != nil || units1 != units0-1 || ledgers1 != ledgers0-1 {
		t.Errorf("after the declaration: %d / %d, %s chased for %v", units1, ledgers1, unit, of)
	}
	// 催报's CSV separates ledgers with "；": titles contain "、".
	_, csv := admin.do("GET", "/admin/reminders?year=2024&format=csv", nil, "")
	if !strings.Contains(csv, "规范性文件及政策解读台账；政务新媒体更新台账") {
		t.Errorf("reminders CSV:\n%s", trim(csv))
	}
	_, html := admin.do("GET", "/admin/reminders?year=2024", nil, "")
	if !strings.Contains(html, "<li>规范性文件及政策解读台账</li><li>政务新媒体更新台账</li>") {
		t.Errorf("reminders page does not list ledgers apart")
	}

	// Scored by the scheme (100 points): 1.4 (4 points, when_none: exempt)
	// leaves the total and the maximum. 县审计局 loses no point. Before: 1 =
	// 21.5 of 21.5, total 100 + 0.5 bonus = 100.5 of 100. After: 1 = 17.5 of
	// 17.5, base 96, total 96.5 of 96 → 96.5 / 96 × 100 = 100.5208 → 100.52.
	if resp, body := admin.api("POST", "/api/score", strings.NewReader("year=2024"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("score: %d %s", resp.StatusCode, body)
	}
	var raw map[string]json.RawMessage
	if err := admin.getJSON(fmt.Sprintf("/api/units/%d/score?year=2024", id), &raw); err != nil {
		t.Fatal(err)
	}
	var us struct {
		Total      float64 `json:"total"`
		Max        float64 `json:"max"`
		Normalized float64 `json:"score"`
		Indicators []struct {
			ID     string  `json:"id"`
			Points float64 `json:"points"`
			Max    float64 `json:"max"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal(raw["score"], &us); err != nil {
		t.Fatal(err)
	}
	if us.Total != 96.5 || us.Max != 96 || us.Normalized != 100.52 {
		t.Errorf("score: total %v of %v → %v, want 96.5 of 96 → 100.52", us.Total, us.Max, us.Normalized)
	}
	for _, it := range us.Indicators {
		if it.ID == "1" && (it.Points != 17.5 || it.Max != 17.5) || it.ID == "1.4" && (it.Points != 0 || it.Max != 0) {
			t.Errorf("indicator %s: %v of %v", it.ID, it.Points, it.Max)
		}
	}

	// Withdrawn (the admin, through the API): chased again.
	resp, body = admin.api("POST", fmt.Sprintf("/api/units/%d/declarations", id), strings.NewReader("kind=media&year=2024&withdraw=true"), "application/x-www-form-urlencoded")
	if resp.StatusCode != 200 || !strings.Contains(body, `"declared": false`) {
		t.Fatalf("withdraw: %d %s", resp.StatusCode, body)
	}
	if _, _, of := missing(); strings.Join(of, ",") != "media" {
		t.Errorf("after the withdrawal: chased for %v", of)
	}
	// Declared again, then a media ledger is uploaded: the upload ends it.
	if resp, body := clerk.api("POST", fmt.Sprintf("/api/units/%d/declarations", id), strings.NewReader("kind=media&year=2024"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("declare again: %d %s", resp.StatusCode, body)
	}
	media := filepath.Join(t.TempDir(), "media.csv")
	if err := os.WriteFile(media, []byte("\ufeff"+unit+"2024年政务新媒体更新台账\n账号名称,平台,发布日期,标题\n审计发布,微信公众号,2024-03-01,审计公告\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, rs, body := clerk.upload(nil, [2]string{"media.csv", media}); code != 200 || len(rs) != 1 || rs[0].BatchID == 0 {
		t.Fatalf("upload: %d %s", code, body)
	}
	var ds struct {
		Declarations []store.Declaration `json:"declarations"`
	}
	if err := clerk.getJSON(fmt.Sprintf("/api/units/%d/declarations", id), &ds); err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, d := range ds.Declarations {
		states = append(states, d.Act+":"+d.State)
	}
	if got := strings.Join(states, " "); got != "declare:uploaded withdraw: declare:withdrawn" {
		t.Errorf("declaration history: %s", got)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_log WHERE action IN ('declare', 'withdraw_declaration')"); n < 5 {
		t.Errorf("%d declaration acts audited", n)
	}
}

// TestBrowserDeclaration: the same 零报告 in headless Chromium. The clerk of
// 平安县审计局 writes a note in the new-media row of the unit page's status
// table and presses the button; the row then says 已声明无数据 with the
// note, the history lists the declaration, and the admin's 催报 page no
// longer names the unit; the admin presses 计算 and the unit page scores
// it by the scheme's when_none: exempt (the figures of
// TestDeclarationLeavesReminders: 1.4 is 0 of 0, 1 is 17.5 of 17.5,
// 96.5 of 96 = 100.52).
func TestBrowserDeclaration(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	shots := artifactDir(t)
	const unit = "平安县审计局"
	id := e.unitID(unit)

	loginVia(c, base, dummyName)
	c.navigate(fmt.Sprintf("%s/unit/%d?year=2024", base, id))
	row := `document.querySelector('#status tr[data-kind="media"]')`
	if got := c.evalString(row + `.innerText`); !strings.Contains(got, "未上传") {
		t.Fatalf("media row before: %q", got)
	}
	c.eval(row + `.querySelector('form.declare input[name="note"]').value = "本单位未开设政务新媒体账号"; true`)
	c.navigateBy(func() { c.eval(row + `.querySelector('form.declare button').click(); true`) })
	got := c.evalString(row + `.innerText`)
	if !strings.Contains(got, "已声明无数据") || !strings.Contains(got, "本单位未开设政务新媒体账号") {
		t.Fatalf("media row after: %q", got)
	}
	if h := c.evalString(`document.getElementById("declarations").innerText`); !strings.Contains(h, "声明本年度无此类事项") || !strings.Contains(h, "有效") {
		t.Errorf("declaration history: %q", h)
	}
	c.screenshot(filepath.Join(shots, "clerk-declaration.png"))
	c.navigateBy(func() { c.eval(`document.getElementById("logout").click(); true`) })

	loginVia(c, base, adminName)
	c.navigate(base + "/admin/reminders?year=2024")
	if text := c.evalString(`document.getElementById("reminders").innerText`); strings.Contains(text, unit) || !strings.Contains(text, "平安县马坪乡人民政府") {
		t.Errorf("reminders after the declaration:\n%s", text)
	}
	c.screenshot(filepath.Join(shots, "admin-reminders-declared.png"))

	c.navigate(base + "/admin")
	c.eval(`document.querySelector('#score-submit').form.year.value = "2024"; true`)
	c.navigateBy(func() { c.eval(`document.getElementById("score-submit").click(); true`) })
	if f := c.evalString(`(document.getElementById("flash") || {innerText: ""}).innerText`); !strings.HasPrefix(f, "已计算 2024 年度得分：56 个单位") {
		t.Fatalf("after 计算: %q", f)
	}
	c.navigate(fmt.Sprintf("%s/unit/%d?year=2024", base, id))
	c.waitJS(`document.getElementById("unit-score") !== null`, 10*time.Second)
	indicator := func(id string) string {
		return strings.Join(strings.Fields(c.evalString(fmt.Sprintf(`(Array.from(document.querySelectorAll("#score-section tr")).find(function (tr) { return tr.cells[0].innerText.indexOf(%q) === 0; }) || {innerText: ""}).innerText`, id+" "))), " ")
	}
	if s, i1, i14 := c.evalString(`document.getElementById("unit-score").innerText`), indicator("1"), indicator("1.4"); s != "100.52" ||
		i1 != "1 主动公开 17.5 17.5" || !strings.HasPrefix(i14, "1.4 政务新媒体更新") || !strings.HasSuffix(i14, " 0 0") {
		t.Errorf("unit page after 计算: score %q, 1 %q, 1.4 %q", s, i1, i14)
	}
	c.screenshot(filepath.Join(shots, "admin-declared-scored.png"))
}
