package server

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserExplanations (issue 15, "Explanations say what happened") in
// headless Chromium: after the new-media ledger of uploadMediaGaps and
// 计算, 2024 is published and the clerk of 平安县审计局 opens the unit page:
// under 失分原因, 1.4 says it lost 2 points (of 4, 2 per violating account), names the account's two
// gaps with their dates, then lists the two posts that ended them; the
// bonus is under 加分 and nowhere among the lost points.
func TestBrowserExplanations(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	shots := artifactDir(t)
	admin, clerk := e.login(adminName), e.login(dummyName)
	id, file := uploadMediaGaps(t, e, clerk, admin)
	if resp, body := admin.api("POST", "/api/published/2024", strings.NewReader("reason="+"年度考核"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}

	loginVia(c, base, dummyName)
	c.navigate(fmt.Sprintf("%s/unit/%d?year=2024", base, id))
	c.waitJS(`document.getElementById("losses") !== null`, 10*time.Second)
	// The loss blocks after a heading, up to the next heading.
	section := func(heading string) string {
		return c.evalString(fmt.Sprintf(`(function () {
  var out = [], el = document.getElementById(%q);
  for (el = el && el.nextElementSibling; el && el.classList.contains("loss"); el = el.nextElementSibling) { out.push(el.innerText); }
  return out.join("\n----\n");
})()`, heading))
	}
	lost, bonus := section("losses"), section("bonus")
	var block string
	for _, b := range strings.Split(lost, "\n----\n") {
		if strings.HasPrefix(b, "1.4 ") {
			block = b
		}
	}
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) != 5 || lines[0] != "1.4 政务新媒体更新（空白期超过两周或超过一周的情况多于三次）：失 2 分。1 个账号未按要求更新，扣 2.00 分" ||
		lines[1] != mediaGapEvent || lines[2] != "台账\t文件\t工作表\t行\t内容" ||
		lines[3] != "政务新媒体更新台账\t"+file+"\t\t5\t审计发布 2024-01-30" || lines[4] != "政务新媒体更新台账\t"+file+"\t\t7\t审计发布 2024-02-28" {
		t.Errorf("1.4 under 失分原因:\n%s\nwant the lost points, the event, then the rows 5 and 7", block)
	}
	// The event is a list above the rows' table.
	if order := c.evalString(`(function () {
  var ev = document.querySelector(".loss ul.events");
  return ev ? ev.nextElementSibling.tagName + " " + ev.querySelectorAll("li").length : "";
})()`); order != "TABLE 1" {
		t.Errorf("events then rows: %q", order)
	}
	if !strings.Contains(bonus, "多元化解读") || strings.Contains(lost, "多元化解读") || strings.Count(bonus, "\n----\n") != 0 {
		t.Errorf("bonus:\n%s\nlost:\n%s", bonus, lost)
	}
	c.screenshot(filepath.Join(shots, "clerk-explanations.png"))
}
