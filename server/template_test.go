package server

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai"
)

// TestTemplateTitle: a clerk's blank template has the clerk's unit and the
// year in its title (the year asked for, else this year); the office's keeps
// the placeholders, as does a county-wide kind's.
func TestTemplateTitle(t *testing.T) {
	e := newEnv(t, nil)
	k := gongkai.KindByName("applications")
	title := func(c *client, path string) string {
		t.Helper()
		resp, body := c.do("GET", path, nil, "")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != xlsxType {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		p := filepath.Join(t.TempDir(), "t.xlsx")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		v, _ := f.GetCellValue(f.GetSheetName(0), "A1")
		return v
	}
	clerk := e.login(clerk2Name)
	if got := title(clerk, "/templates/applications?year=2024"); got != clerk2Unit+"2024年"+k.Title {
		t.Errorf("clerk's title %q", got)
	}
	if got := title(clerk, "/api/templates/applications.xlsx"); got != clerk2Unit+strconv.Itoa(e.srv.cfg.Now().Year())+"年"+k.Title {
		t.Errorf("clerk's title this year %q", got)
	}
	if got := title(e.login(adminName), "/templates/applications?year=2024"); got != "XX单位20XX年"+k.Title {
		t.Errorf("office's title %q", got)
	}
}
