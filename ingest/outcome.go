package ingest

import (
	"fmt"
	"strings"
)

// Outcome is one of the 21 outcome rows of annual-report table 三
// (（七）总计 excluded). Code is the stable key stored in the ledger:
// "1", "2" for （一）（二）, "3.1".."6.3" for numbered sub-rows.
type Outcome struct {
	Code  string
	Group string // （三）不予公开
	Label string // 1.属于国家秘密 (or the group label for （一）（二）)
}

// Outcomes in the order of the annual-report table.
var Outcomes = []Outcome{
	{"1", "（一）予以公开", "（一）予以公开"},
	{"2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	{"3.1", "（三）不予公开", "1.属于国家秘密"},
	{"3.2", "（三）不予公开", "2.其他法律行政法规禁止公开"},
	{"3.3", "（三）不予公开", "3.危及“三安全一稳定”"},
	{"3.4", "（三）不予公开", "4.保护第三方合法权益"},
	{"3.5", "（三）不予公开", "5.属于三类内部事务信息"},
	{"3.6", "（三）不予公开", "6.属于四类过程性信息"},
	{"3.7", "（三）不予公开", "7.属于行政执法案卷"},
	{"3.8", "（三）不予公开", "8.属于行政查询事项"},
	{"4.1", "（四）无法提供", "1.本机关不掌握相关政府信息"},
	{"4.2", "（四）无法提供", "2.没有现成信息需要另行制作"},
	{"4.3", "（四）无法提供", "3.补正后申请内容仍不明确"},
	{"5.1", "（五）不予处理", "1.信访举报投诉类申请"},
	{"5.2", "（五）不予处理", "2.重复申请"},
	{"5.3", "（五）不予处理", "3.要求提供公开出版物"},
	{"5.4", "（五）不予处理", "4.无正当理由大量反复申请"},
	{"5.5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"},
	{"6.1", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{"6.2", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{"6.3", "（六）其他处理", "3.其他"},
}

// OutcomeByCode returns the outcome with code, or nil.
func OutcomeByCode(code string) *Outcome {
	for i := range Outcomes {
		if Outcomes[i].Code == code {
			return &Outcomes[i]
		}
	}
	return nil
}

// outcomeText is an outcome's folded item text without numbering
// (属于国家秘密) and its folded group text (不予公开).
type outcomeText struct {
	item, group string
}

var outcomeTexts = func() []outcomeText {
	out := make([]outcomeText, len(Outcomes))
	for i, o := range Outcomes {
		g := stripNumbering(enumKey(o.Group))
		if j := strings.IndexByte(g, '('); j > 0 {
			g = g[:j] // 部分公开(区分处理的…)
		}
		item := stripNumbering(enumKey(o.Label))
		if o.Code == "1" || o.Code == "2" {
			item = g
		}
		out[i] = outcomeText{item: item, group: g}
	}
	return out
}()

// outcomeFull maps the folded official labels, with and without the group,
// to codes, so a cell copied from the report template always matches.
var outcomeFull = func() map[string]string {
	m := map[string]string{}
	for _, o := range Outcomes {
		m[enumKey(o.Label)] = o.Code
		m[enumKey(o.Group+o.Label)] = o.Code
		m[enumKey(o.Group+"/"+o.Label)] = o.Code
		if o.Code == "1" || o.Code == "2" {
			m[stripNumbering(enumKey(o.Label))] = o.Code
		}
	}
	return m
}()

// ParseOutcome reads an outcome as offices write it: the sub-row label with
// or without its group (1.属于国家秘密, （三）不予公开/1.属于国家秘密,
// 不予公开-属于国家秘密), a short form (予以公开, 不予公开-国家秘密), or the code.
func ParseOutcome(raw string) (string, error) {
	s := enumKey(clean(raw))
	if s == "" {
		return "", errBlank
	}
	if OutcomeByCode(s) != nil {
		return s, nil
	}
	if code, ok := outcomeFull[s]; ok {
		return code, nil
	}
	// Split "group/item"; the group only narrows the search.
	group, item := "", s
	if i := strings.IndexAny(s, "/-—–:|·"); i > 0 {
		group, item = stripNumbering(s[:i]), s[i+len(string([]rune(s[i:])[0])):]
		if j := strings.IndexByte(group, '('); j > 0 {
			group = group[:j]
		}
	} else if j := strings.IndexByte(s, ')'); s[0] == '(' && j > 0 && j < len(s)-1 {
		// "(三)不予公开1.属于国家秘密" written without a separator
		rest := s[j+1:]
		for _, ot := range outcomeTexts {
			if strings.HasPrefix(rest, ot.group) && len(rest) > len(ot.group) {
				group, item = ot.group, rest[len(ot.group):]
				break
			}
		}
	}
	item = stripNumbering(item)
	if k := strings.IndexByte(item, '('); k > 0 {
		item = item[:k] // 部分公开(区分处理的…)
	}
	var exact, contains []int
	for i, ot := range outcomeTexts {
		if group != "" && ot.group != group {
			continue
		}
		switch {
		case ot.item == item:
			exact = append(exact, i)
		case strings.Contains(ot.item, item) && len(item) >= len("秘密"):
			contains = append(contains, i)
		}
	}
	pick := exact
	if len(pick) == 0 {
		pick = contains
	}
	if len(pick) == 1 {
		return Outcomes[pick[0]].Code, nil
	}
	if len(pick) > 1 {
		var labels []string
		for _, i := range pick {
			labels = append(labels, Outcomes[i].Group+Outcomes[i].Label)
		}
		return "", fmt.Errorf("“%s”可对应多种情形（%s），请写明具体情形", raw, strings.Join(labels, "；"))
	}
	// A group with sub-rows named alone cannot be placed in one row.
	for _, ot := range outcomeTexts {
		if ot.group == item {
			return "", fmt.Errorf("“%s”需写明具体情形，如“%s/1.…”", raw, ot.group)
		}
	}
	return "", fmt.Errorf("“%s”不是年度报告表三的办理结果，应为“予以公开”“部分公开”或“不予公开/1.属于国家秘密”等", raw)
}
