package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"gongkai"
	"gongkai/store"
)

// Registry resolves the names clerks write (full name, short name, alias or
// 统一社会信用代码) to units. An unknown unit is an error, never a new unit.
type Registry struct {
	Units  []gongkai.Unit
	byKey  map[string]int // folded name/alias/code → index in Units
	groups map[string]string
	// names sorted longest first, for finding a unit named inside a title,
	// and indexed by their first two runes (one for one-rune names): a title
	// is searched position by position, not name by name, which matters
	// with a province's 30,000 names and aliases.
	needles []needle
	byHead  map[string][]int32
}

type needle struct {
	key  string
	unit int
}

// LoadRegistry reads the unit registry from the database.
func LoadRegistry(ctx context.Context, db *store.DB) (*Registry, error) {
	units, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	return NewRegistry(units), nil
}

// NewRegistry indexes units.
func NewRegistry(units []gongkai.Unit) *Registry {
	r := &Registry{Units: units, byKey: map[string]int{}, groups: map[string]string{}}
	for i, u := range units {
		keys := append([]string{u.Name}, u.Aliases...)
		for _, k := range keys {
			fk := unitKey(k)
			if fk == "" {
				continue
			}
			r.byKey[fk] = i
			r.needles = append(r.needles, needle{fk, i})
		}
		if u.Code != "" {
			r.byKey[strings.ToUpper(u.Code)] = i
		}
		if u.Group != "" {
			r.groups[unitKey(u.Group)] = u.Group
		}
	}
	sort.SliceStable(r.needles, func(a, b int) bool { return len(r.needles[a].key) > len(r.needles[b].key) })
	r.byHead = map[string][]int32{}
	for i, n := range r.needles {
		h := head(n.key)
		r.byHead[h] = append(r.byHead[h], int32(i))
	}
	return r
}

// head is the first two runes of s (all of s if shorter).
func head(s string) string {
	n := 0
	for i := range s {
		if n == 2 {
			return s[:i]
		}
		n++
	}
	return s
}

func unitKey(s string) string { return enumKey(clean(s)) }

// Resolve finds the unit a cell names.
func (r *Registry) Resolve(raw string) (*gongkai.Unit, error) {
	s := clean(foldWidth(raw))
	if s == "" {
		return nil, errBlank
	}
	if i, ok := r.byKey[unitKey(s)]; ok {
		return &r.Units[i], nil
	}
	if i, ok := r.byKey[strings.ToUpper(s)]; ok {
		return &r.Units[i], nil
	}
	if looksLikeFloatCode(s) {
		return nil, fmt.Errorf("“%s”像是被 Excel 存成数字的统一社会信用代码，末尾几位已丢失：请把该列设为“文本”后重新填写 18 位代码", raw)
	}
	if len(s) == 18 && ValidCreditCode(strings.ToUpper(s)) == nil {
		return nil, fmt.Errorf("统一社会信用代码“%s”不在单位名录中，请联系政务公开科登记", raw)
	}
	return nil, fmt.Errorf("单位“%s”不在单位名录中（可用全称、简称或统一社会信用代码），请联系政务公开科登记", raw)
}

// ResolveGroup finds a 考核分组 named in the registry.
func (r *Registry) ResolveGroup(raw string) (string, bool) {
	g, ok := r.groups[unitKey(raw)]
	return g, ok
}

// FindIn returns the unit whose name or alias appears in text (a title row
// or a file name), preferring the longest match so 平安县财政局 wins over 平安县.
func (r *Registry) FindIn(text string) *gongkai.Unit {
	k := unitKey(text)
	// The needle found first in longest-first order: the lowest index of
	// any needle that k contains.
	best := int32(-1)
	for i := range k {
		rest := k[i:]
		h2 := head(rest)
		h1 := h2
		if _, size := utf8.DecodeRuneInString(rest); size < len(h2) {
			h1 = rest[:size]
		}
		for _, h := range [2]string{h2, h1} {
			for _, ni := range r.byHead[h] {
				if best >= 0 && ni >= best {
					break // sorted: no better needle in this list
				}
				if strings.HasPrefix(rest, r.needles[ni].key) {
					best = ni
					break
				}
			}
			if h1 == h2 {
				break
			}
		}
	}
	if best < 0 {
		return nil
	}
	return &r.Units[r.needles[best].unit]
}

// namedIn lists the units text names: names and aliases matched
// leftmost-longest without overlap (平安县财政局 is one match, not also
// 平安县), in any spacing, width or bracket form as in FindIn; then valid
// credit codes of the registry standing alone (not inside a longer run of
// letters and digits), in either case.
func (r *Registry) namedIn(text string) []int {
	k := unitKey(text)
	var out []int
	for i := 0; i < len(k); {
		rest := k[i:]
		h2 := head(rest)
		h1 := h2
		_, size := utf8.DecodeRuneInString(rest)
		if size < len(h2) {
			h1 = rest[:size]
		}
		found := -1
		for _, h := range [2]string{h2, h1} {
			for _, ni := range r.byHead[h] {
				// Lists are longest first; the one-rune list (h1) only
				// holds needles shorter than any of the h2 list.
				if strings.HasPrefix(rest, r.needles[ni].key) {
					found = int(ni)
					break
				}
			}
			if found >= 0 || h1 == h2 {
				break
			}
		}
		if found >= 0 {
			out = append(out, r.needles[found].unit)
			i += len(r.needles[found].key)
			continue
		}
		i += size
	}
	// Codes are looked for in the text with its spaces: unitKey drops them,
	// which would glue a code to the year after it.
	f := strings.ToUpper(foldWidth(text))
	for i := 0; i+18 <= len(f); {
		if !isCodeByte(f[i]) {
			i++
			continue
		}
		j := i
		for j < len(f) && isCodeByte(f[j]) {
			j++
		}
		if j-i == 18 {
			if u, ok := r.byKey[f[i:j]]; ok && ValidCreditCode(f[i:j]) == nil {
				out = append(out, u)
			}
		}
		i = j
	}
	return out
}

func isCodeByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z'
}

// OtherUnitIn returns a unit the texts name when none of them names u:
// a title, sheet or file name saying the ledger is another unit's. Texts
// that also name u (县政府办公室（县财政局）, or u's title over a file name
// of another unit) are u's. which is the index of the text naming it.
func (r *Registry) OtherUnitIn(u *gongkai.Unit, texts ...string) (other *gongkai.Unit, which int) {
	for t, text := range texts {
		for _, i := range r.namedIn(text) {
			if r.Units[i].ID == u.ID {
				return nil, -1
			}
			if other == nil {
				other, which = &r.Units[i], t
			}
		}
	}
	return other, which
}

// looksLikeFloatCode spots 1.13352318001776E+17: LibreOffice and Excel turn
// an 18-digit code typed into a General cell into a float.
func looksLikeFloatCode(s string) bool {
	u := strings.ToUpper(s)
	i := strings.Index(u, "E+")
	if i < 1 {
		return false
	}
	mant, exp := u[:i], u[i+2:]
	return allDigits(strings.Replace(mant, ".", "", 1)) && allDigits(exp)
}

// creditAlphabet is GB 32100-2015's 31 characters (no I, O, S, V, Z).
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidCreditCode checks an 18-character 统一社会信用代码 and its check
// character (GB 32100-2015).
func ValidCreditCode(code string) error {
	if looksLikeFloatCode(code) {
		return fmt.Errorf("“%s”被存成了数字，末尾几位已丢失：请把该列设为文本后重新填写", code)
	}
	if len(code) != 18 {
		return fmt.Errorf("统一社会信用代码应为 18 位，“%s”为 %d 位", code, len([]rune(code)))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, code[i])
		if v < 0 {
			return fmt.Errorf("统一社会信用代码“%s”第 %d 位“%c”不是有效字符（不使用 I、O、S、V、Z）", code, i+1, code[i])
		}
		sum += v * creditWeights[i]
	}
	want := (31 - sum%31) % 31
	if strings.IndexByte(creditAlphabet, code[17]) != want {
		return fmt.Errorf("统一社会信用代码“%s”校验位错误（应为 %c），请核对", code, creditAlphabet[want])
	}
	return nil
}

// CreditCheckChar computes the check character for the first 17 characters
// (used by the sample generator).
func CreditCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditAlphabet, first17[i]) * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31]
}
