package charts

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Short unit names for chart axes. Every chart of a site uses the same
// Namer, so a unit is abbreviated the same way everywhere; the full name
// is always in the tooltip and on the unit's page.
//
// Rules, in order:
//  1. the county prefix (the "平安县" that most units' names start with) is
//     removed: 平安县财政局 → 财政局;
//  2. the suffix 人民政府 is removed (城关镇人民政府 → 城关镇), and 办事处
//     after 街道 (东城街道办事处 → 东城街道);
//  3. a name that would become empty or less than two characters keeps its
//     full name without 人民政府 (平安县人民政府 → 平安县);
//  4. names longer than MaxShort characters are cut to MaxShort-1 and "…";
//  5. units whose short forms would collide keep their full names.

// MaxShort is the longest abbreviated name, in characters.
const MaxShort = 12

var countyPrefix = regexp.MustCompile(`^(\p{Han}{1,8}?(?:自治县|自治旗|县|区|市|旗))`)

// Namer abbreviates unit names consistently.
type Namer struct {
	County string
	short  map[string]string
}

// NewNamer builds the abbreviations for a set of full names.
func NewNamer(names []string) *Namer {
	uniq := map[string]bool{}
	var list []string
	for _, n := range names {
		if !uniq[n] {
			uniq[n] = true
			list = append(list, n)
		}
	}
	sort.Strings(list)
	counts := map[string]int{}
	for _, n := range list {
		if m := countyPrefix.FindString(n); m != "" && m != n {
			counts[m]++
		}
	}
	county, best := "", 0
	for p, c := range counts {
		if c > best || c == best && p < county {
			county, best = p, c
		}
	}
	if best*2 < len(list) || best < 2 {
		county = ""
	}
	nm := &Namer{County: county, short: map[string]string{}}
	byShort := map[string][]string{}
	for _, n := range list {
		s := abbreviate(n, county)
		byShort[s] = append(byShort[s], n)
	}
	for s, full := range byShort {
		for _, n := range full {
			if len(full) > 1 {
				nm.short[n] = n
			} else {
				nm.short[n] = s
			}
		}
	}
	return nm
}

func abbreviate(name, county string) string {
	s := strings.TrimSpace(name)
	if county != "" {
		s = strings.TrimPrefix(s, county)
	}
	s = strings.TrimSuffix(s, "人民政府")
	if strings.HasSuffix(s, "街道办事处") {
		s = strings.TrimSuffix(s, "办事处")
	}
	if utf8.RuneCountInString(s) < 2 {
		s = strings.TrimSuffix(strings.TrimSpace(name), "人民政府")
		if s == "" {
			s = name
		}
	}
	if utf8.RuneCountInString(s) > MaxShort {
		r := []rune(s)
		s = string(r[:MaxShort-1]) + "…"
	}
	return s
}

// Short returns the abbreviation of a full name; names the Namer was not
// built with are abbreviated by the same rules.
func (n *Namer) Short(full string) string {
	if s, ok := n.short[full]; ok {
		return s
	}
	return abbreviate(full, n.County)
}
