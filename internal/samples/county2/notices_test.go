package county2

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/ingest"
)

// Columns a kind does not have are ignored and listed once, in one notice
// (not an error), in files written by LibreOffice (from .fods and from a
// CSV opened in Calc), by openpyxl and by iconv (GB18030): the notice's
// exact text, and every row loads (the acceptance test compares each
// row's values with truth.json). A sub-column under a merged group cell
// is named with its group; 序号 and 备注 are not listed.
func TestExtraColumnsNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("loads files into DuckDB")
	}
	truth, _, in := openCounty(t)
	loaded := map[string]int{}
	for _, f := range truth.Files {
		loaded[f.Path] = f.Loaded
	}
	for _, c := range []struct{ file, notice string }{
		// LibreOffice from .fods, a two-row header.
		{"安宁县住房和城乡建设局2024年依申请公开台账.xlsx", "工作表“依申请公开”未识别的列已忽略：申请人情况／姓名/名称、申请人情况／联系电话"},
		// LibreOffice from .fods, one sheet per quarter: listed once.
		{"城南镇2024年回应关切台账.xlsx", "未识别的列已忽略：办理结果（工作表“一季度”“二季度”“三季度”“四季度”）"},
		// LibreOffice from a CSV (序号 and 备注 are not listed).
		{"安宁县人力资源和社会保障局2024年公众参与台账.xlsx", "工作表“安宁县人力资源和社会保障局2024年公众参与台账”未识别的列已忽略：地点、主办科室"},
		// openpyxl.
		{"北门街道2024年政务新媒体更新台账.xlsx", "工作表“更新台账”未识别的列已忽略：审核人"},
		{"安宁县自然资源和规划局2024年依申请公开台账.xlsx", "工作表“台账”未识别的列已忽略：申请人／名称、经办人"},
		// iconv, GB18030.
		{"河口镇2024年依申请公开台账.csv", "未识别的列已忽略：承办人"},
	} {
		t.Run(c.file, func(t *testing.T) {
			want, ok := loaded[c.file]
			if !ok || want == 0 {
				t.Fatalf("%s: not a loaded file of truth.json", c.file)
			}
			res := in.File(context.Background(), filepath.Join(committed, c.file), "", ingest.Options{Uploader: "notices", NoAnnotate: true})
			if len(res) != 1 {
				t.Fatalf("%d results: %+v", len(res), res)
			}
			r := res[0]
			if r.Status != ingest.StatusLoaded || int(r.RowsLoaded) != want || r.RowsRefused != 0 || len(r.Errors) != 0 {
				t.Errorf("status %s (%s), %d rows loaded (%d refused), want loaded with %d", r.Status, r.Reason, r.RowsLoaded, r.RowsRefused, want)
			}
			var notices []string
			for _, w := range r.Warnings {
				if strings.Contains(w, "未识别的列") {
					notices = append(notices, w)
				}
			}
			if len(notices) != 1 || notices[0] != c.notice {
				t.Errorf("notices %q, want %q", notices, c.notice)
			}
		})
	}
}
