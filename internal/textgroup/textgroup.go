// Package textgroup groups short Chinese texts that ask for the same thing
// (issue 19: 依申请公开 requests about one matter, across applicants and
// units) by character bigrams, without a dictionary.
//
// Why character n-grams and not a segmenter: a segmenter such as gojieba
// finds its dictionary through the source tree at run time, so the binary
// would not work alone unless the dictionary were embedded (megabytes, a
// cgo dependency); and a general dictionary knows little of the words that
// matter here (place and project names such as 柳树湾村 or 城南片区). Bigrams
// of the characters need no dictionary, survive typos (one wrong character
// spoils two bigrams, not the whole word), and weighted by how rare they
// are in the texts at hand (IDF) let 棚户区 count for more than 申请 or 方案.
//
// Everything is deterministic: the same texts in the same order give the
// same groups, labels and scores.
package textgroup

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// stopPhrases are the words of a request's form, not of its matter; they are
// cut out before the bigrams are taken. Longest first, so that 申请公开 goes
// before 申请 and 公开.
var stopPhrases = sortedLongestFirst([]string{
	"信息公开申请", "申请公开", "申请获取", "请予公开", "请提供", "请公开", "要求公开", "依法公开",
	"关于", "的信息", "相关信息", "有关情况", "本人系", "本人", "本单位", "我县", "本县", "我镇", "今年", "全文",
	"申请", "提供", "公开", "获取", "请", "的", "及", "和", "与", "其他", "有关", "相关",
})

func sortedLongestFirst(s []string) []string {
	slices.SortStableFunc(s, func(a, b string) int { return len([]rune(b)) - len([]rune(a)) })
	return s
}

// Normalize keeps a text's matter: the stop phrases, digits (years,
// numbers, the 年 or 年度 after them) and everything that is not a letter are
// removed; the pieces between removals are kept apart by a space, so no
// bigram spans a cut.
func Normalize(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsDigit(r) {
			for i < len(rs) && (unicode.IsDigit(rs[i]) || rs[i] == '年' || rs[i] == '度' || rs[i] == '-') {
				i++
			}
			b.WriteByte(' ')
			continue
		}
		if n := stopAt(rs[i:]); n > 0 {
			i += n
			b.WriteByte(' ')
			continue
		}
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// stopByFirst are the stop phrases as runes by their first rune, longest
// first: Normalize looks at every character of every request and
// publication of a province, and converting each phrase at each character
// took most of Convert's time.
var stopByFirst = func() map[rune][][]rune {
	m := map[rune][][]rune{}
	for _, p := range stopPhrases {
		rs := []rune(p)
		m[rs[0]] = append(m[rs[0]], rs)
	}
	return m
}()

func stopAt(rs []rune) int {
	for _, p := range stopByFirst[rs[0]] {
		if len(p) <= len(rs) && slices.Equal(rs[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// Grams are the distinct character bigrams of a text after Normalize, in
// order of first appearance; a piece of one character is kept as itself.
func Grams(s string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for _, w := range strings.Fields(Normalize(s)) {
		rs := []rune(w)
		if len(rs) == 1 {
			add(w)
			continue
		}
		for i := 0; i+1 < len(rs); i++ {
			add(string(rs[i : i+2]))
		}
	}
	return out
}

// Corpus is a set of texts as weighted bigram vectors: each bigram weighs
// its inverse document frequency in the corpus, and each text's vector has
// unit length, so Similarity is a cosine.
type Corpus struct {
	grams [][]string
	idf   map[string]float64
	vec   []map[string]float64
}

// NewCorpus weighs the texts' bigrams against each other.
func NewCorpus(texts []string) *Corpus {
	c := &Corpus{grams: make([][]string, len(texts)), idf: map[string]float64{}, vec: make([]map[string]float64, len(texts))}
	df := map[string]int{}
	for i, t := range texts {
		c.grams[i] = Grams(t)
		for _, g := range c.grams[i] {
			df[g]++
		}
	}
	n := float64(len(texts))
	for g, d := range df {
		c.idf[g] = math.Log(1 + n/float64(d))
	}
	for i, gs := range c.grams {
		c.vec[i] = c.Vector(gs)
	}
	return c
}

// Weight is a bigram's weight in the corpus; a bigram the corpus has never
// seen weighs as one seen once.
func (c *Corpus) Weight(g string) float64 {
	if w, ok := c.idf[g]; ok {
		return w
	}
	return math.Log(1 + float64(len(c.grams)))
}

// Vector is bigrams as a unit-length vector of the corpus's weights.
func (c *Corpus) Vector(gs []string) map[string]float64 {
	v := make(map[string]float64, len(gs))
	var norm float64
	for _, g := range gs {
		w := c.Weight(g)
		v[g] = w
		norm += w * w
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for g := range v {
			v[g] /= norm
		}
	}
	return v
}

// Similarity is the cosine of texts i and j, 0 to 1.
func (c *Corpus) Similarity(i, j int) float64 { return cosine(c.vec[i], c.vec[j]) }

func cosine(a, b map[string]float64) float64 {
	if len(b) < len(a) {
		a, b = b, a
	}
	var s float64
	for g, w := range a {
		s += w * b[g]
	}
	return s
}

// Threshold is the similarity to a group's centroid at or above which a
// text joins it; chosen on the hand-labelled set (testdata), where it gives
// the precision and recall TestGroupingQuality holds.
const Threshold = 0.30

// Group puts the corpus's texts into groups one by one, in corpus order: a
// text joins the group whose centroid (the sum of its texts' vectors) it is
// most alike to (cosine), if at least threshold, else starts a group; the
// first such group on a tie. Groups are listed in the order started, a
// group's texts in corpus order. A centroid, not single link: single link
// chains (会议纪要 of one project to another's, village to village) and on
// the hand-labelled set scored lower in both precision and recall. Only the
// groups sharing a bigram with the text are compared (an inverted index).
func (c *Corpus) Group(threshold float64) [][]int {
	type group struct {
		members []int
		sum     map[string]float64
		norm2   float64
	}
	var groups []*group
	index := map[string][]int{} // bigram → groups whose sum holds it
	for j, v := range c.vec {
		best, bestSim := -1, threshold-1e-12
		seen := map[int]bool{}
		for g := range v {
			for _, k := range index[g] {
				if seen[k] {
					continue
				}
				seen[k] = true
				gr := groups[k]
				var dot float64
				for h, w := range v {
					dot += w * gr.sum[h]
				}
				if sim := dot / math.Sqrt(gr.norm2); sim > bestSim || sim == bestSim && k < best {
					best, bestSim = k, sim
				}
			}
		}
		if best < 0 {
			best = len(groups)
			groups = append(groups, &group{sum: map[string]float64{}})
		}
		gr := groups[best]
		gr.members = append(gr.members, j)
		for g, w := range v {
			old, had := gr.sum[g]
			if !had {
				index[g] = append(index[g], best)
			}
			gr.sum[g] = old + w
			gr.norm2 += (old+w)*(old+w) - old*old
		}
	}
	out := make([][]int, len(groups))
	for k, g := range groups {
		out[k] = g.members
	}
	return out
}

// Medoid is the group's text most alike to the others (the highest sum of
// similarities; the first on a tie): the request that best says what the
// group asks for.
//
// The vectors have unit length, so a text's sum of similarities to the
// others is its dot product with the group's summed vector less its own
// length: one pass over the group instead of one per pair, which took a
// province's most asked matter (thousands of requests) many minutes.
// TestMedoidIsPairwise holds it to the pairwise definition. Sums within
// 1e-9 are a tie: over thousands of texts, rounding (and the order a map
// is walked in) moves a sum by more than 1e-12, the tolerance the pairwise
// sums had, which would have let noise pick among equal texts.
func (c *Corpus) Medoid(group []int) int {
	sum := map[string]float64{}
	for _, i := range group {
		for g, w := range c.vec[i] {
			sum[g] += w
		}
	}
	best, bestSum := group[0], -1.0
	for _, i := range group {
		var s, self float64
		for g, w := range c.vec[i] {
			s += w * sum[g]
			self += w * w
		}
		if s -= self; s > bestSum+1e-9 {
			best, bestSum = i, s
		}
	}
	return best
}

// Shared are the bigrams at least half of the group's texts have, most
// widely shared first, then heaviest, then in the order of the group's
// medoid (Medoid, which the caller has for the label): what the group's
// texts have in common, for matching it against publications.
func (c *Corpus) Shared(group []int, medoid int) []string {
	count := map[string]int{}
	for _, i := range group {
		for _, g := range c.grams[i] {
			count[g]++
		}
	}
	need := (len(group) + 1) / 2
	order := map[string]int{}
	var out []string
	for k, g := range c.grams[medoid] {
		order[g] = k
		if count[g] >= need {
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		if wa, wb := c.Weight(a), c.Weight(b); wa != wb {
			if wa > wb {
				return -1
			}
			return 1
		}
		return order[a] - order[b]
	})
	return out
}

// GramSet is a text's bigrams as a set: what CoverageOf reads of a text.
type GramSet map[string]bool

// SetOf is the set of text's bigrams (Grams).
func SetOf(text string) GramSet {
	has := GramSet{}
	for _, g := range Grams(text) {
		has[g] = true
	}
	return has
}

// CoverageOf is the share of the shared bigrams' weight that a text (a
// publication's title and 栏目, made a set once: it is matched against
// every matter its unit was asked about, and normalising it again for each
// took most of a province's scoring) contains: 1 when it says everything
// the group's requests have in common, 0 when nothing.
func (c *Corpus) CoverageOf(shared []string, has GramSet) float64 {
	if len(shared) == 0 {
		return 0
	}
	var in, all float64
	for _, g := range shared {
		w := c.Weight(g)
		all += w
		if has[g] {
			in += w
		}
	}
	return in / all
}
