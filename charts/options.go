package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"gongkai/metrics"
)

// Chart is one chart of a page: a fixed element id, the kind that picks
// its tooltip formatter in assets/gongkai.js, and the ECharts option.
type Chart struct {
	ID     string
	Kind   string
	Title  string
	Height int // px
	Option map[string]any
}

// OptionJSON is the option object as given to ECharts. encoding/json
// escapes <, > and & (as \u003c …), so the text is safe inside a <script>
// element whatever the unit names are.
func (c Chart) OptionJSON() ([]byte, error) {
	b, err := json.Marshal(c.Option)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	return b, nil
}

// OptionIndent is OptionJSON indented, for golden files.
func (c Chart) OptionIndent() ([]byte, error) {
	b, err := c.OptionJSON()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// Colours. Grades run from green (best) to red (worst).
var (
	gradePalette  = []string{"#2e9d5b", "#3a7bd5", "#f0a020", "#d9363e"}
	seriesPalette = []string{"#3a7bd5", "#2e9d5b", "#f0a020", "#d9363e", "#7a56c2", "#17a2b8", "#8c6d46", "#e66aa6", "#6c757d"}
	replyPalette  = []string{"#1a7f4b", "#4caf50", "#a5d66f", "#f7d54a", "#f0a020", "#d9363e"}
	heatColors    = []string{"#d9363e", "#f7d54a", "#2e9d5b"}
	// distinctPalette colours the highlighted lines of a trend chart: ten
	// hues told apart at a glance (Tableau 10, its grey replaced), so no
	// two units share a colour; the other units are greyLine.
	distinctPalette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#17becf"}
	greyLine        = "#c9cdd4"
)

// narrowWidth is the widest chart (px) that gets an option's narrow rule:
// a phone's screen less the page's margins.
const narrowWidth = 520

// withNarrow adds an ECharts media rule: on a chart at most narrowWidth
// wide, narrow is merged over the option (fewer ticks, legends below,
// smaller labels), and every chart's title and subtitle wrap within the
// chart instead of running off its edges, with the toolbox put away so it
// does not cover them. ECharts takes the rest of the option as its base.
func withNarrow(o map[string]any, narrow map[string]any) map[string]any {
	if narrow == nil {
		narrow = map[string]any{}
	}
	narrow["title"] = map[string]any{
		"textStyle":    map[string]any{"fontSize": 15, "width": narrowTextWidth, "overflow": "break"},
		"subtextStyle": map[string]any{"fontSize": 11, "width": narrowTextWidth, "overflow": "break", "lineHeight": 14},
	}
	narrow["toolbox"] = map[string]any{"show": false}
	o["media"] = []any{map[string]any{"query": map[string]any{"maxWidth": narrowWidth}, "option": narrow}}
	return o
}

// narrowTextWidth is the width (px) a title wraps at on a narrow chart.
const narrowTextWidth = 300

// gradeColor gives grade i of n a colour: the first green, the last red.
func gradeColor(i, n int) string {
	if n <= 1 {
		return gradePalette[0]
	}
	k := i * (len(gradePalette) - 1) / (n - 1)
	if i == n-1 {
		k = len(gradePalette) - 1
	}
	return gradePalette[k]
}

// Visible rows of a long ranking before it scrolls.
const maxRankRows = 60

func newBase(id, title, subtitle string) []ec.GlobalOpts {
	return []ec.GlobalOpts{
		ec.WithInitializationOpts(opts.Initialization{ChartID: id, AssetsHost: "assets/"}),
		ec.WithAnimation(false),
		ec.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center"}),
		ec.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "20", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Title: "保存为图片", Type: "png"},
		}}),
	}
}

type validator interface {
	Validate()
	JSON() map[string]interface{}
}

func optionOf(c validator) map[string]any {
	c.Validate()
	return c.JSON()
}

// series builds a go-echarts series whose data items carry extra fields
// for the tooltip formatters (full names, rank, grade …).
func series(name, typ string, data any, o ...ec.SeriesOpts) ec.SingleSeries {
	s := ec.SingleSeries{Name: name, Type: typ, Data: data}
	s.ConfigureSeriesOpts(o...)
	return s
}

// rankItem is a bar of the ranking; "-" values (other grades' series) are
// written as the string "-", which ECharts skips.
type rankItem struct {
	Name   string  `json:"name"` // full unit name
	Value  float64 `json:"value"`
	Rank   int     `json:"rank"`
	Grade  string  `json:"grade"`
	Vetoed bool    `json:"vetoed,omitempty"`
	Delta  *int    `json:"rankChange,omitempty"`
}

// RankChart is the ranking of group gi (0-based): a horizontal bar per
// unit in rank order, one stacked series per grade so the legend names the
// grades, and the group average as a dashed line.
func (d *Data) RankChart(gi int) Chart {
	g := d.Groups[gi]
	id := fmt.Sprintf("rank-g%d", gi+1)
	bar := ec.NewBar()
	n := len(g.Units)
	height := 110 + 24*n
	cats := make([]string, n)
	for i, u := range g.Units {
		cats[i] = u.Short
	}
	left := strconv.Itoa(labelsLeft(cats, axisFont))
	gopts := append(newBase(id, fmt.Sprintf("%s排名", g.Name), fmt.Sprintf("%d年度，%d个单位，组平均 %.2f 分", d.Year, n, g.Avg)),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "50"}),
		ec.WithGridOpts(opts.Grid{Left: left, Right: "60", Top: "85", Bottom: "30"}),
		ec.WithXAxisOpts(opts.XAxis{Type: "value", Name: "得分", Min: 0, Max: scoreAxisMax(g.Units)}),
		ec.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}}),
	)
	if n > maxRankRows {
		height = 110 + 24*maxRankRows
		gopts = append(gopts, ec.WithGridOpts(opts.Grid{Left: left, Right: "80", Top: "85", Bottom: "30"}), ec.WithDataZoomOpts(
			opts.DataZoom{Type: "slider", YAxisIndex: []int{0}, Start: 0, End: float32(maxRankRows * 100 / n), Orient: "vertical"},
			opts.DataZoom{Type: "inside", YAxisIndex: []int{0}, Start: 0, End: float32(maxRankRows * 100 / n)},
		))
	}
	bar.SetGlobalOptions(gopts...)
	bar.SetXAxis(cats).XYReversal()
	for gi2, gr := range d.Grades {
		data := make([]any, n)
		has := false
		for i, u := range g.Units {
			if u.Grade != gr.Name {
				data[i] = "-"
				continue
			}
			has = true
			data[i] = rankItem{Name: u.Unit, Value: u.Normalized, Rank: u.Rank, Grade: u.Grade, Vetoed: u.Vetoed, Delta: u.RankDelta}
		}
		if !has {
			continue
		}
		bar.MultiSeries = append(bar.MultiSeries, series(gr.Name, types.ChartBar, data,
			ec.WithBarChartOpts(opts.BarChart{Stack: "rank", BarCategoryGap: "30%"}),
			ec.WithItemStyleOpts(opts.ItemStyle{Color: gradeColor(gi2, len(d.Grades))}),
			ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "{c}"}),
		))
	}
	bar.MultiSeries = append(bar.MultiSeries, series("组平均分", types.ChartLine, []any{},
		ec.WithItemStyleOpts(opts.ItemStyle{Color: "#555555"}),
		ec.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "组平均", XAxis: g.Avg}),
		ec.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "组平均 {c}", Position: "start"},
			LineStyle: &opts.LineStyle{Type: "dashed", Color: "#555555", Width: 1.5},
		}),
	))
	return Chart{ID: id, Kind: "rank", Title: g.Name + "排名", Height: height, Option: optionOf(bar)}
}

// RadarChart shows one unit's 一级 indicator scores as % of their maximum
// against its group's average and the group's best unit.
func (d *Data) RadarChart(u *Unit) Chart {
	g := d.groupOf(u)
	r := ec.NewRadar()
	ind := make([]*opts.Indicator, len(g.Indicators))
	for i, it := range g.Indicators {
		ind[i] = &opts.Indicator{Name: it.Name, Max: 100}
	}
	r.SetGlobalOptions(append(newBase("radar", u.Unit, fmt.Sprintf("%d年度 一级指标得分率（%%）", d.Year)),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "52"}),
		ec.WithRadarComponentOpts(radarComponent(ind)),
	)...)
	pcts := func(x *Unit) []float64 {
		out := make([]float64, len(g.Indicators))
		for i, it := range g.Indicators {
			out[i] = unitPct(x, it.ID)
		}
		return out
	}
	best := g.Units[0]
	self := u.Short
	if best.UnitID == u.UnitID {
		self += "（组内第一）"
	}
	area := func(c string) ec.SeriesOpts {
		return ec.WithAreaStyleOpts(opts.AreaStyle{Color: c, Opacity: opts.Float(0.15)})
	}
	r.AddSeries(self, []opts.RadarData{{Name: u.Unit, Value: pcts(u)}},
		ec.WithItemStyleOpts(opts.ItemStyle{Color: "#3a7bd5"}), area("#3a7bd5"),
		ec.WithLineStyleOpts(opts.LineStyle{Width: 2.5}))
	r.AddSeries("组平均", []opts.RadarData{{Name: g.Name + "平均", Value: g.AvgPct}},
		ec.WithItemStyleOpts(opts.ItemStyle{Color: "#888888"}),
		ec.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5}))
	if best.UnitID != u.UnitID {
		r.AddSeries("组内第一："+best.Short, []opts.RadarData{{Name: best.Unit, Value: pcts(best)}},
			ec.WithItemStyleOpts(opts.ItemStyle{Color: "#2e9d5b"}),
			ec.WithLineStyleOpts(opts.LineStyle{Width: 1.5}))
	}
	o := optionOf(r)
	// go-echarts has no radar radius: the component is re-encoded with it.
	o["radar"] = radarWithRadius{RadarComponent: radarComponent(ind), Radius: "60%"}
	// On a phone the indicator names are broken into lines of at most
	// six characters: ECharts truncates a radar's names rather than
	// wrapping them at a width.
	short := make([]any, len(g.Indicators))
	for i, it := range g.Indicators {
		short[i] = map[string]any{"name": breakLines(it.Name, radarNarrowLine)}
	}
	narrow := map[string]any{
		"legend": map[string]any{"top": "auto", "bottom": "5"},
		"radar":  map[string]any{"radius": "42%", "center": []string{"50%", "52%"}, "axisName": map[string]any{"fontSize": 10}, "indicator": short},
	}
	return Chart{ID: "radar", Kind: "radar", Title: "一级指标得分率", Height: 500, Option: withNarrow(o, narrow)}
}

// radarNarrowLine is the longest line (characters) of a radar's
// indicator name on a phone.
const radarNarrowLine = 6

// breakLines breaks s into lines of at most n characters, as even as they
// can be (公众参与和工作机制 → 公众参与和\n工作机制).
func breakLines(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	lines := (len(r) + n - 1) / n
	per := (len(r) + lines - 1) / lines
	var b strings.Builder
	for i := 0; i < len(r); i += per {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(string(r[i:min(i+per, len(r))]))
	}
	return b.String()
}

type radarWithRadius struct {
	opts.RadarComponent
	Radius string `json:"radius"`
}

func radarComponent(ind []*opts.Indicator) opts.RadarComponent {
	return opts.RadarComponent{Indicator: ind, Shape: "polygon", SplitNumber: 5, Center: []string{"50%", "58%"},
		AxisName: &opts.AxisName{Show: opts.Bool(true), Color: "#333333", FontSize: 13}}
}

// scoreAxisMax is 100, or the best score rounded up to 5 when bonus points
// take it over 100.
func scoreAxisMax(units []*Unit) float64 {
	m := 100.0
	for _, u := range units {
		if u.Normalized > m {
			m = math.Ceil(u.Normalized/5) * 5
		}
	}
	return m
}

func (d *Data) groupOf(u *Unit) *Group {
	for _, g := range d.Groups {
		if g.Name == u.Group {
			return g
		}
	}
	return d.Groups[0]
}

type heatItem struct {
	Name  string     `json:"name"` // full unit name
	Value [3]float64 `json:"value"`
	Ind   string     `json:"ind"` // full indicator name
	Pts   float64    `json:"pts"`
	Max   float64    `json:"max"`
}

// heatLine is the longest line (characters) of a heatmap's column label,
// and heatNarrowLine on a phone, where the labels are smaller;
// heatNarrowName is the width (px) a unit's name wraps at there.
const (
	heatLine       = 4
	heatNarrowLine = 3
	heatNarrowName = 60
)

// axisFont is ECharts' size (px) of axis labels, and axisGap the room
// between an axis and its labels.
const (
	axisFont = 12
	axisGap  = 8
)

// textPx estimates the width (px) of s in ECharts' sans-serif at size px:
// a Han character or a full-width sign is size wide, anything else about
// 0.6 of it.
func textPx(s string, size int) int {
	var w float64
	for _, r := range s {
		if r >= 0x2E80 {
			w += float64(size)
		} else {
			w += 0.6 * float64(size)
		}
	}
	return int(math.Ceil(w))
}

// labelsLeft is the grid's left edge (px) that holds the widest of a
// category axis's labels at size px. ECharts' containLabel measures only
// every other label of an axis over 40 categories, so a long name at an
// odd place would run off the chart: the room is given here instead.
func labelsLeft(labels []string, size int) int {
	w := 0
	for _, l := range labels {
		w = max(w, textPx(l, size))
	}
	return w + axisGap + 10
}

// HeatmapChart shows group gi's units (rank order) × 一级 indicators,
// coloured by the share of each indicator's maximum.
func (d *Data) HeatmapChart(gi int) Chart { return d.HeatmapChartOf(gi, nil) }

// HeatmapChartOf is HeatmapChart with only the units of group gi whose ids
// are in keep (every unit when keep is nil), e.g. those of one grade.
func (d *Data) HeatmapChartOf(gi int, keep []int64) Chart {
	g := d.Groups[gi]
	id := fmt.Sprintf("heatmap-g%d", gi+1)
	units := g.Units
	if keep != nil {
		units = nil
		for _, u := range g.Units {
			if slices.Contains(keep, u.UnitID) {
				units = append(units, u)
			}
		}
	}
	hm := ec.NewHeatMap()
	// Full indicator names, broken into even lines within a column (主动/公开,
	// not 主动公/开): a cut name ("公众参与和工作…") or a long one printed
	// over its neighbour's is unreadable. A phone's lines are shorter.
	xs := make([]string, len(g.Indicators))
	narrowXs := make([]any, len(g.Indicators))
	for i, it := range g.Indicators {
		xs[i] = breakLines(it.Name, heatLine)
		narrowXs[i] = breakLines(it.Name, heatNarrowLine)
	}
	ys := make([]string, len(units))
	var data []heatItem
	for y, u := range units {
		ys[y] = u.Short
		for x, it := range g.Indicators {
			s, _ := item(u, it.ID)
			data = append(data, heatItem{Name: u.Unit, Value: [3]float64{float64(x), float64(y), unitPct(u, it.ID)}, Ind: it.Name, Pts: s.Points, Max: it.Max})
		}
	}
	// The grid's edges hold the labels (see labelsLeft): the unit names on
	// the left, the indicator names wrapped above, under the title.
	// A line of text is as high as its type (zrender's default).
	const titleRoom, narrowTitleRoom, lineHeight, narrowLine = 75, 60, axisFont + 1, 11
	lines := 1
	for _, x := range xs {
		lines = max(lines, strings.Count(x, "\n")+1)
	}
	narrowLines := 1
	for _, x := range narrowXs {
		narrowLines = max(narrowLines, strings.Count(x.(string), "\n")+1)
	}
	top := titleRoom + lines*lineHeight + axisGap
	narrowTop := narrowTitleRoom + narrowLines*narrowLine + axisGap
	hm.SetGlobalOptions(append(newBase(id, g.Name+"一级指标得分率", fmt.Sprintf("%d年度，单位按名次排列，数值为得分占该项满分的百分比", d.Year)),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		ec.WithGridOpts(opts.Grid{Left: strconv.Itoa(labelsLeft(ys, axisFont)), Right: "20", Top: strconv.Itoa(top), Bottom: "70"}),
		ec.WithXAxisOpts(opts.XAxis{Type: "category", Data: xs, Position: "top", AxisLabel: &opts.AxisLabel{Interval: "0"}, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		ec.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		ec.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Calculable: opts.Bool(true), Min: 0, Max: 100, Orient: "horizontal", Left: "center", Bottom: "5",
			InRange: &opts.VisualMapInRange{Color: heatColors}}),
	)...)
	hm.MultiSeries = append(hm.MultiSeries, series("得分率", types.ChartHeatMap, data,
		ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), FontSize: 11}),
	))
	// On a phone the names take two lines of smaller type, so that the
	// columns keep room for their labels.
	narrow := map[string]any{
		"grid":   map[string]any{"top": strconv.Itoa(narrowTop), "left": strconv.Itoa(heatNarrowName + axisGap + 4)},
		"xAxis":  map[string]any{"data": narrowXs, "axisLabel": map[string]any{"fontSize": 10}},
		"yAxis":  map[string]any{"axisLabel": map[string]any{"width": heatNarrowName, "fontSize": 10, "overflow": "breakAll"}},
		"series": []any{map[string]any{"label": map[string]any{"fontSize": 9}}},
	}
	return Chart{ID: id, Kind: "heatmap", Title: g.Name + "一级指标得分率", Height: 170 + 26*len(units), Option: withNarrow(optionOf(hm), narrow)}
}

// trendItem is a point of a unit's line across years.
type trendItem struct {
	Name  string `json:"name"` // full unit name
	Value any    `json:"value"`
	Muted bool   `json:"muted,omitempty"` // a grey line's point
}

func (d *Data) yearLabels() []string {
	out := make([]string, len(d.Years))
	for i, y := range d.Years {
		out[i] = strconv.Itoa(y) + "年"
	}
	return out
}

// trendHighlight is how many of the best and of the worst units of the
// year a trend chart draws in colour.
const trendHighlight = 5

// TrendChart shows every unit of group gi across the years: its score
// (rank=false) or its rank within its group (rank=true). The five best and
// the five worst of the year are drawn in ten distinct colours and named
// in the legend (every unit, when the group has at most ten); the others
// are thin grey lines behind them, so forty lines are not a tangle and no
// legend has to page.
func (d *Data) TrendChart(gi int, rank bool) Chart {
	g := d.Groups[gi]
	what, id := "得分", fmt.Sprintf("trend-score-g%d", gi+1)
	if rank {
		what, id = "名次", fmt.Sprintf("trend-rank-g%d", gi+1)
	}
	line := ec.NewLine()
	n := len(g.Units)
	highlit := func(i int) bool { return n <= 2*trendHighlight || i < trendHighlight || i >= n-trendHighlight }
	var legend []string
	for i, u := range g.Units {
		if highlit(i) {
			legend = append(legend, u.Short)
		}
	}
	sub := fmt.Sprintf("%d–%d年度", d.Years[0], d.Years[len(d.Years)-1])
	if n > 2*trendHighlight {
		sub += fmt.Sprintf("；彩色为%d年度前%d名和后%d名，灰色为其余%d个单位", d.Year, trendHighlight, trendHighlight, n-2*trendHighlight)
	}
	y := opts.YAxis{Type: "value", Name: what, Scale: opts.Bool(true)}
	if rank {
		y = opts.YAxis{Type: "value", Name: what, Inverse: opts.Bool(true), Min: 1, MinInterval: 1}
	}
	line.SetGlobalOptions(append(newBase(id, g.Name+"历年"+what, sub),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "5", Data: legend}),
		ec.WithGridOpts(opts.Grid{Left: "20", Right: "40", Top: "80", Bottom: "75", ContainLabel: opts.Bool(true)}),
		ec.WithYAxisOpts(y),
	)...)
	line.SetXAxis(d.yearLabels())
	// Grey lines first: ECharts draws later series on top.
	var grey, coloured []ec.SingleSeries
	for i, u := range g.Units {
		hi := highlit(i)
		data := make([]trendItem, len(d.Years))
		for j, yr := range d.Years {
			data[j] = trendItem{Name: u.Unit, Value: "-", Muted: !hi}
			if p, ok := d.History[yr][u.UnitID]; ok && p.Group == u.Group {
				if rank {
					data[j].Value = p.Rank
				} else {
					data[j].Value = p.Normalized
				}
			}
		}
		if !hi {
			grey = append(grey, series(u.Short, types.ChartLine, data,
				ec.WithLineChartOpts(opts.LineChart{Symbol: "none"}),
				ec.WithItemStyleOpts(opts.ItemStyle{Color: greyLine}),
				ec.WithLineStyleOpts(opts.LineStyle{Width: 1, Color: greyLine}),
			))
			continue
		}
		c := distinctPalette[len(coloured)%len(distinctPalette)]
		coloured = append(coloured, series(u.Short, types.ChartLine, data,
			ec.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 6}),
			ec.WithItemStyleOpts(opts.ItemStyle{Color: c}),
			ec.WithLineStyleOpts(opts.LineStyle{Width: 2.5, Color: c}),
		))
	}
	line.MultiSeries = append(append(line.MultiSeries, grey...), coloured...)
	narrow := map[string]any{
		"grid":   map[string]any{"top": "95", "bottom": "110", "right": "15"},
		"legend": map[string]any{"itemGap": 6, "itemWidth": 16},
	}
	return Chart{ID: id, Kind: "trend", Title: g.Name + "历年" + what, Height: 440, Option: withNarrow(optionOf(line), narrow)}
}

// UnitTrendChart shows one unit's score and rank across the years.
func (d *Data) UnitTrendChart(u *Unit) Chart {
	line := ec.NewLine()
	size := len(d.groupOf(u).Units)
	// The score axis from a round ten below the lowest score to 100 (or
	// the best score with bonus points): a unit scoring 101 and 101.5 is
	// not drawn as a fall off a cliff.
	lo, hi := 100.0, 100.0
	for _, yr := range d.Years {
		if p, ok := d.History[yr][u.UnitID]; ok {
			lo, hi = math.Min(lo, p.Normalized), math.Max(hi, p.Normalized)
		}
	}
	lo, hi = math.Max(0, math.Floor(lo/10)*10-10), math.Ceil(hi/10)*10
	line.SetGlobalOptions(append(newBase("trend", u.Unit, "历年得分与组内名次"),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "5"}),
		ec.WithGridOpts(opts.Grid{Left: "20", Right: "20", Top: "80", Bottom: "45", ContainLabel: opts.Bool(true)}),
		ec.WithYAxisOpts(opts.YAxis{Type: "value", Name: "得分", Min: lo, Max: hi}),
	)...)
	line.ExtendYAxis(opts.YAxis{Type: "value", Name: "名次", Inverse: opts.Bool(true), Min: 1, Max: size, MinInterval: 1, SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	line.SetXAxis(d.yearLabels())
	score := make([]any, len(d.Years))
	rk := make([]any, len(d.Years))
	for i, yr := range d.Years {
		score[i], rk[i] = "-", "-"
		if p, ok := d.History[yr][u.UnitID]; ok {
			score[i] = p.Normalized
			if p.Group == u.Group {
				rk[i] = p.Rank
			}
		}
	}
	line.MultiSeries = append(line.MultiSeries,
		series("得分", types.ChartLine, score, ec.WithItemStyleOpts(opts.ItemStyle{Color: "#3a7bd5"}),
			ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
			ec.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 8})),
		// No labels on the rank line: where it meets the score line they
		// fell on the score's; the tooltip names the rank.
		series("名次", types.ChartLine, rk, ec.WithItemStyleOpts(opts.ItemStyle{Color: "#f0a020"}),
			ec.WithLineChartOpts(opts.LineChart{Symbol: "rect", SymbolSize: 8, YAxisIndex: 1})),
	)
	narrow := map[string]any{"grid": map[string]any{"left": "5", "right": "5"}}
	return Chart{ID: "trend", Kind: "unit-trend", Title: "历年得分与名次", Height: 360, Option: withNarrow(optionOf(line), narrow)}
}

// yearlyCounts is the frame of the county's charts of cases per year (the
// applications and the reply times): a bar a year, counted in 件, with
// gridBottom the room under the plot for that chart's legend.
func (d *Data) yearlyCounts(id, title, subtitle, gridBottom string) *ec.Bar {
	bar := ec.NewBar()
	bar.SetGlobalOptions(append(newBase(id, title, subtitle),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "5"}),
		ec.WithGridOpts(opts.Grid{Left: "20", Right: "20", Top: "80", Bottom: gridBottom, ContainLabel: opts.Bool(true)}),
		ec.WithYAxisOpts(opts.YAxis{Type: "value", Name: "件", MinInterval: 1}),
	)...)
	bar.SetXAxis(d.yearLabels())
	return bar
}

// yearlyNarrow is a yearlyCounts chart on a phone: the subtitle wraps
// over more lines, so the plot starts lower, and the legend takes three
// lines under it.
func yearlyNarrow(top string) map[string]any {
	return map[string]any{
		"grid":   map[string]any{"top": top, "bottom": "95", "left": "5", "right": "5"},
		"legend": map[string]any{"itemGap": 6, "itemWidth": 16},
	}
}

// stackCounts stacks one bar series per category on a yearlyCounts chart;
// count gives year i's cases of category k.
func stackCounts(bar *ec.Bar, stack string, labels, palette []string, years int, count func(i, k int) any) {
	for k, label := range labels {
		data := make([]opts.BarData, years)
		for i := range data {
			data[i] = opts.BarData{Value: count(i, k)}
		}
		bar.AddSeries(label, data, ec.WithBarChartOpts(opts.BarChart{Stack: stack, BarWidth: "40%"}),
			ec.WithItemStyleOpts(opts.ItemStyle{Color: palette[k]}))
	}
}

// AppsChart shows the county's applications by outcome across the years
// (table 三 of the annual reports derived from the ledgers).
func (d *Data) AppsChart() Chart {
	bar := d.yearlyCounts("apps", "全县政府信息公开申请办理结果", "由各单位台账推算的年度报告表三（总计列）汇总", "50")
	stackCounts(bar, "outcome", OutcomeLabels[:], seriesPalette, len(d.Apps), func(i, k int) any { return d.Apps[i].Outcomes[k] })
	newData := make([]any, len(d.Apps))
	carried := make([]any, len(d.Apps))
	for i, a := range d.Apps {
		newData[i], carried[i] = a.New, a.CarriedOut
	}
	bar.MultiSeries = append(bar.MultiSeries,
		series("本年新收", types.ChartLine, newData, ec.WithItemStyleOpts(opts.ItemStyle{Color: "#333333"}),
			ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
			ec.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 7})),
		series("结转下年度", types.ChartLine, carried, ec.WithItemStyleOpts(opts.ItemStyle{Color: "#999999"}),
			ec.WithLineStyleOpts(opts.LineStyle{Type: "dashed"}),
			ec.WithLineChartOpts(opts.LineChart{Symbol: "diamond", SymbolSize: 7})),
	)
	return Chart{ID: "apps", Kind: "apps", Title: "依申请公开办理结果", Height: 440, Option: withNarrow(optionOf(bar), yearlyNarrow("120"))}
}

// ReplyChart shows how many working days replies took, per year, and how
// many came after the statutory deadline. Replies the calendar cannot judge
// are in neither; a second subtitle line counts them, so the bars do not
// silently fall short of the applications answered.
func (d *Data) ReplyChart() Chart {
	sub := "自收到申请（或补正完成）之日起的工作日数；法定期限20个工作日，延期不超过20个工作日"
	note := replyUnknownNote(d.Reply)
	if note != "" {
		sub += "\n" + note
	}
	bar := d.yearlyCounts("reply", "全县依申请公开答复用时分布", sub, "60")
	if note != "" {
		// Room for the second subtitle line above the axis name.
		bar.GridList[0].Top = "95"
	}
	stackCounts(bar, "days", ReplyBuckets[:], replyPalette, len(d.Reply), func(i, k int) any { return d.Reply[i].Buckets[k] })
	late := make([]any, len(d.Reply))
	for i, r := range d.Reply {
		late[i] = r.Late
	}
	bar.MultiSeries = append(bar.MultiSeries, series("逾期答复", types.ChartLine, late,
		ec.WithItemStyleOpts(opts.ItemStyle{Color: "#b00020"}),
		ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Color: "#b00020", FontWeight: "bold", BackgroundColor: "#ffffff", Padding: "2"}),
		ec.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 2}),
		ec.WithLineChartOpts(opts.LineChart{Symbol: "triangle", SymbolSize: 9})))
	return Chart{ID: "reply", Kind: "reply", Title: "答复用时分布", Height: 440, Option: withNarrow(optionOf(bar), yearlyNarrow("120"))}
}

// replyUnknownNote says how many replies lie outside the known holiday
// calendar, by year when more than one year has some; "" when none.
func replyUnknownNote(rs []YearReply) string {
	var total, year int
	var parts []string
	for _, r := range rs {
		if r.Unknown > 0 {
			total, year = total+r.Unknown, r.Year
			parts = append(parts, fmt.Sprintf("%d年 %d 件", r.Year, r.Unknown))
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%d年另有 %d 件%s，未计入", year, total, metrics.UnknownNote)
	}
	return fmt.Sprintf("另有 %d 件%s，未计入（%s）", total, metrics.UnknownNote, strings.Join(parts, "，"))
}

// Rule is a scoring rule (a leaf indicator) with the points it cost
// county-wide.
type Rule struct {
	ID    string
	Name  string
	Lost  float64
	Units int // units that lost points on it
}

// CostlyRules sums every unit's lost points per leaf indicator, most
// costly first (ties by indicator id).
func CostlyRules(units []metrics.UnitScore) []Rule {
	idx := map[string]int{}
	var out []Rule
	for _, u := range units {
		for _, it := range u.Indicators {
			if it.Rule == "" || it.Section != "score" || it.Lost <= 0 {
				continue
			}
			i, ok := idx[it.ID]
			if !ok {
				i = len(out)
				idx[it.ID] = i
				out = append(out, Rule{ID: it.ID, Name: it.Name})
			}
			out[i].Lost += it.Lost
			out[i].Units++
		}
	}
	for i := range out {
		out[i].Lost = round2(out[i].Lost)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Lost != out[j].Lost {
			return out[i].Lost > out[j].Lost
		}
		return idLess(out[i].ID, out[j].ID)
	})
	return out
}

// idLess orders dotted indicator ids numerically (2.10 after 2.9).
func idLess(a, b string) bool {
	pa, pb := splitID(a), splitID(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	if len(pa) != len(pb) {
		return len(pa) < len(pb)
	}
	return a < b
}

func splitID(s string) []int {
	var out []int
	n, digits := 0, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n, digits = n*10+int(r-'0'), true
		case r == '.':
			out = append(out, n)
			n, digits = 0, false
		}
	}
	if digits {
		out = append(out, n)
	}
	return out
}

type paretoItem struct {
	Name  string  `json:"name"` // indicator id and full name
	Value float64 `json:"value"`
	Units int     `json:"units,omitempty"`
}

// Rules shown in the Pareto chart; the rest are summed as 其他.
const maxParetoRules = 15

// ParetoChart shows the rules that cost the most points county-wide, with
// the cumulative share of all lost points.
func (d *Data) ParetoChart() Chart {
	res := make([]metrics.UnitScore, len(d.Units))
	for i, u := range d.Units {
		res[i] = u.UnitScore
	}
	rules := CostlyRules(res)
	var total float64
	for _, r := range rules {
		total += r.Lost
	}
	if len(rules) > maxParetoRules {
		other := Rule{ID: "", Name: fmt.Sprintf("其他%d项", len(rules)-maxParetoRules+1)}
		for _, r := range rules[maxParetoRules-1:] {
			other.Lost += r.Lost
			other.Units += r.Units
		}
		other.Lost = round2(other.Lost)
		other.Units = 0 // units may repeat across rules
		rules = append(rules[:maxParetoRules-1:maxParetoRules-1], other)
	}
	// Horizontal bars, most costly on top: the rules' full names wrap
	// beside their bars (vertical bars cut them at nine characters), the
	// lost points sit at the bar's end, and the cumulative share is a line
	// on the top axis whose values are in the tooltip, not printed over the
	// bars.
	cats := make([]string, len(rules))
	bars := make([]paretoItem, len(rules))
	cum := make([]paretoItem, len(rules))
	var run float64
	for i, r := range rules {
		full := r.Name
		if r.ID != "" {
			full = r.ID + " " + r.Name
		}
		cats[i] = full
		bars[i] = paretoItem{Name: full, Value: r.Lost, Units: r.Units}
		run += r.Lost
		pct := 0.0
		if total > 0 {
			pct = round1(run / total * 100)
		}
		cum[i] = paretoItem{Name: full, Value: pct}
	}
	bar := ec.NewBar()
	bar.SetGlobalOptions(append(newBase("pareto", "全县失分最多的考核细则", fmt.Sprintf("%d年度，共失分 %.2f 分；柱为失分（下方坐标），折线为累计占比（上方坐标）", d.Year, round2(total))),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "5"}),
		ec.WithGridOpts(opts.Grid{Left: "10", Right: "50", Top: "95", Bottom: "40", ContainLabel: opts.Bool(true)}),
		ec.WithXAxisOpts(opts.XAxis{Type: "value", Position: "bottom", Min: 0, Max: paretoAxisMax(bars)}),
		ec.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: paretoLabelWidth, Overflow: "break"}}),
	)...)
	bar.ExtendXAxis(opts.XAxis{Type: "value", Position: "top", Min: 0, Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}, SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	bar.SetXAxis(cats).XYReversal()
	bar.MultiSeries = append(bar.MultiSeries,
		series("失分", types.ChartBar, bars, ec.WithItemStyleOpts(opts.ItemStyle{Color: "#d9363e"}),
			ec.WithBarChartOpts(opts.BarChart{BarWidth: "55%"}),
			ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Color: "#333333"})),
		series("累计占比", types.ChartLine, cum, ec.WithItemStyleOpts(opts.ItemStyle{Color: "#555555"}),
			ec.WithLineChartOpts(opts.LineChart{XAxisIndex: 1, Symbol: "circle", SymbolSize: 5}),
			ec.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5})),
	)
	narrow := map[string]any{
		"grid":  map[string]any{"top": "115", "right": "25"},
		"yAxis": map[string]any{"axisLabel": map[string]any{"width": 140, "fontSize": 10}},
	}
	return Chart{ID: "pareto", Kind: "pareto", Title: "失分最多的考核细则", Height: 160 + 40*len(rules), Option: withNarrow(optionOf(bar), narrow)}
}

// paretoAxisMax leaves room right of the longest bar for its label: the
// most lost points and 15% more, rounded up to 10. ECharts' own axis end
// can fall just past the bar (78.14 → 80), and at phone width the label
// then runs out of the chart.
func paretoAxisMax(bars []paretoItem) float64 {
	m := 0.0
	for _, b := range bars {
		m = max(m, b.Value)
	}
	return max(10, math.Ceil(m*1.15/10)*10)
}

// paretoLabelWidth is the width (px) a rule's name wraps at beside its bar.
const paretoLabelWidth = 220

// IndexCharts are the charts of the site's front page, in page order: per
// group the ranking, the heatmap and the score and rank trends; then the
// county's applications, reply times and costliest rules. The radar of
// the front page (RadarChart of a chosen unit) is added by the site.
func (d *Data) IndexCharts() []Chart {
	var out []Chart
	for gi := range d.Groups {
		out = append(out, d.RankChart(gi), d.HeatmapChart(gi), d.TrendChart(gi, false), d.TrendChart(gi, true))
	}
	return append(out, d.AppsChart(), d.ReplyChart(), d.ParetoChart())
}
