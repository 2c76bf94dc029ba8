package metrics

import (
	"regexp"
	"testing"
)

// TestSchemeYAMLWords: a scheme file the YAML decoder cannot take is
// refused with the line and what is wrong in Chinese; none of the
// decoder's English, Go type names (metrics.Group) or the value it quotes
// (which it may cut in the middle of a character) reaches the admin.
func TestSchemeYAMLWords(t *testing.T) {
	latin := regexp.MustCompile(`[A-Za-z]+`)
	for _, c := range []struct{ src, want string }{
		{"", "YAML 格式错误：文件是空的"},
		{"year: 2024\nname: [unclosed\n  - : :\n", "YAML 格式错误：第 1 行：语法错误，请检查冒号、缩进以及括号和引号是否成对"},
		{"year: 2024\nname: x\ngroups: 5\n", "YAML 格式错误：第 3 行：此处的值应为列表（每项一行，以“- ”开头）"},
		{"year: 2024\nname: [a]\n", "YAML 格式错误：第 2 行：此处的值应为文字"},
		{"year: 二〇二四\n", "YAML 格式错误：第 1 行：此处的值应为数字"},
		{"year: 2024\nyear: 2025\n", "YAML 格式错误：第 2 行：键“year”重复"},
		{"year: 2024\nbonus_capp: 2\n", "YAML 格式错误：第 2 行：未知的键“bonus_capp”（可能拼写有误）"},
		{"这是一份说明，不是台账。\n第二行\n", "YAML 格式错误：文件内容不是考核细则：应为以 year:、name: 等键开头的键值表"},
		{"\x00\x9f\xff", "YAML 格式错误：不是 UTF-8 编码的 YAML 文本（可能不是考核细则文件，或含有控制字符）"},
	} {
		_, err := ParseSchemeYAML([]byte(c.src), "细则.yaml")
		ve, ok := err.(*ValidationError)
		if !ok || ve.File != "细则.yaml" || len(ve.Problems) != 1 || ve.Problems[0] != c.want {
			t.Errorf("%q: %v\nwant %s", c.src, err, c.want)
			continue
		}
		rest := latin.ReplaceAllStringFunc(ve.Problems[0], func(w string) string {
			switch w {
			case "YAML", "UTF", "year", "name", "bonus", "capp": // the file's own keys
				return ""
			}
			return w
		})
		if w := latin.FindAllString(rest, -1); w != nil {
			t.Errorf("%q: English %q", c.src, w)
		}
	}
}
