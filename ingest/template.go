package ingest

import (
	"strconv"

	"gongkai"
	"gongkai/internal/xlsxtemplate"
)

// WriteTemplate writes the blank workbook a department downloads for a
// ledger kind (internal/xlsxtemplate), its title "XX单位20XX年…".
func WriteTemplate(k *gongkai.Kind, path string) error {
	return WriteTemplateFor(k, path, "", 0)
}

// WriteTemplateFor is WriteTemplate with the title filled in for a unit
// and a year (a clerk's download): "平安县财政局2024年依申请公开台账"
// rather than "XX单位20XX年…", which the ingester then reads back as the
// unit and year. An empty unit or a year 0 keeps its placeholder.
func WriteTemplateFor(k *gongkai.Kind, path, unit string, year int) error {
	return xlsxtemplate.Write(path, k, templateTitle(k, unit, year), outcomeLabels())
}

// templateTitle is the title row: unit and year, or their placeholders.
func templateTitle(k *gongkai.Kind, unit string, year int) string {
	if unit == "" {
		unit = "XX单位"
	}
	y := "20XX"
	if year > 0 {
		y = strconv.Itoa(year)
	}
	return unit + y + "年" + k.Title
}

// outcomeLabels are the outcomes as a template's dropdown offers them, in
// the order of the annual-report table: a numbered sub-row after its group
// (（三）不予公开/1.属于国家秘密), （一） and （二） by their own label.
func outcomeLabels() []string {
	out := make([]string, len(Outcomes))
	for i, o := range Outcomes {
		out[i] = o.Label
		if o.Code != "1" && o.Code != "2" {
			out[i] = o.Group + "/" + o.Label
		}
	}
	return out
}
