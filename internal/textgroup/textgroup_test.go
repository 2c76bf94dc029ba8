package textgroup

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

type labelled struct {
	ID    int    `json:"id"`
	Unit  string `json:"unit"`
	Text  string `json:"text"`
	Group string `json:"group"`
}

func readSet(t *testing.T) []labelled { return readSetB(t) }

func readSetB(t testing.TB) []labelled {
	t.Helper()
	b, err := os.ReadFile("testdata/requests.json")
	if err != nil {
		t.Fatal(err)
	}
	var set []labelled
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	return set
}

// pairScores are the pairwise precision and recall of groups against hand
// labels: of the pairs put together, the share the hand also put together;
// of the pairs the hand put together, the share put together.
func pairScores(set []labelled, groups [][]int) (precision, recall float64, tp, fp, fn int) {
	got := make([]int, len(set))
	for k, g := range groups {
		for _, i := range g {
			got[i] = k
		}
	}
	for i := range set {
		for j := i + 1; j < len(set); j++ {
			same, hand := got[i] == got[j], set[i].Group == set[j].Group
			switch {
			case same && hand:
				tp++
			case same:
				fp++
			case hand:
				fn++
			}
		}
	}
	return float64(tp) / float64(tp+fp), float64(tp) / float64(tp+fn), tp, fp, fn
}

// TestGroupingQuality: the grouping of the hand-labelled set (testdata,
// labelled before the code was written) keeps its pairwise precision and
// recall at least where they were when Threshold was chosen.
func TestGroupingQuality(t *testing.T) {
	set := readSet(t)
	if len(set) < 200 {
		t.Fatalf("the set has %d texts, want at least 200", len(set))
	}
	texts := make([]string, len(set))
	for i, r := range set {
		texts[i] = r.Text
	}
	c := NewCorpus(texts)
	groups := c.Group(Threshold)
	p, r, tp, fp, fn := pairScores(set, groups)
	t.Logf("threshold %.2f: %d groups; pairs: %d right, %d wrongly joined, %d missed; precision %.3f, recall %.3f",
		Threshold, len(groups), tp, fp, fn, p, r)
	if testing.Verbose() {
		for _, th := range []float64{0.2, 0.22, 0.25, 0.28, 0.3, 0.35, 0.4, 0.45, 0.5} {
			p, r, _, _, _ := pairScores(set, c.Group(th))
			t.Logf("  at %.2f: precision %.3f, recall %.3f", th, p, r)
		}
		for _, g := range groups {
			if len(g) > 1 {
				var ls []string
				for _, i := range g {
					ls = append(ls, set[i].Group+":"+set[i].Text)
				}
				t.Logf("group %v", ls)
			}
		}
	}
	const minPrecision, minRecall = 0.973, 0.827 // reached at Threshold 0.30 (rounded down)
	if p < minPrecision || r < minRecall {
		t.Errorf("precision %.3f, recall %.3f; want at least %.3f and %.3f", p, r, minPrecision, minRecall)
	}
	// Deterministic: the same texts give the same groups.
	if again := NewCorpus(texts).Group(Threshold); !reflect.DeepEqual(again, groups) {
		t.Error("a second grouping of the same texts differs")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"申请公开2023年度城关镇低保户名单及保障标准":    "城关镇低保户名单 保障标准",
		"关于城区停车收费标准的信息":              "城区停车收费标准",
		"请提供县国土空间总体规划（2021-2035年）草案": "县国土空间总体规划 草案",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := Grams("请提供城区停车收费标准"), []string{"城区", "区停", "停车", "车收", "收费", "费标", "标准"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Grams = %v, want %v", got, want)
	}
}

// TestCoverage: three identical requests, so every bigram weighs the same
// and a coverage is a count of the 7 shared bigrams (城区 区停 停车 车收 收费
// 费标 标准).
func TestCoverage(t *testing.T) {
	c := NewCorpus([]string{"申请公开城区停车收费标准", "关于城区停车收费标准的信息", "请提供2024年城区停车收费标准"})
	g := c.Group(Threshold)
	if len(g) != 1 {
		t.Fatalf("groups %v", g)
	}
	shared := c.Shared(g[0], c.Medoid(g[0]))
	if len(shared) != 7 {
		t.Fatalf("shared %v", shared)
	}
	for text, want := range map[string]float64{
		"城区停车收费标准公示 价格收费": 7.0 / 7,
		"城区公共停车收费标准调整":    6.0 / 7, // no 区停
		"停车场收费管理办法":       2.0 / 7, // 停车 收费
		"低保政策解读":          0,
	} {
		if got := c.CoverageOf(shared, SetOf(text)); got < want-1e-9 || got > want+1e-9 {
			t.Errorf("CoverageOf(%q) = %.4f, want %.4f", text, got, want)
		}
	}
}

// medoidPairwise is Medoid by its definition: every pair's similarity
// summed, the first on a tie.
func medoidPairwise(c *Corpus, group []int) int {
	best, bestSum := group[0], -1.0
	for _, i := range group {
		var s float64
		for _, j := range group {
			if i != j {
				s += c.Similarity(i, j)
			}
		}
		if s > bestSum+1e-9 {
			best, bestSum = i, s
		}
	}
	return best
}

// TestMedoidIsPairwise: Medoid (one pass over the group's summed vector)
// picks what the pairwise sums pick, for every group of the hand-labelled
// set, for the whole set as one group, and for groups with repeated texts
// (ties go to the first).
func TestMedoidIsPairwise(t *testing.T) {
	set := readSet(t)
	texts := make([]string, len(set))
	for i, r := range set {
		texts[i] = r.Text
	}
	texts = append(texts, texts[:40]...) // repeats: exact ties
	c := NewCorpus(texts)
	groups := c.Group(Threshold)
	all := make([]int, len(texts))
	for i := range all {
		all[i] = i
	}
	groups = append(groups, all, []int{len(set), 0, len(set) + 1, 1})
	checked := 0
	for _, g := range groups {
		if got, want := c.Medoid(g), medoidPairwise(c, g); got != want {
			t.Errorf("group %v: Medoid %d (%s), pairwise %d (%s)", g, got, texts[got], want, texts[want])
		}
		if len(g) > 2 {
			checked++
		}
	}
	if checked < 10 {
		t.Fatalf("only %d groups of 3 or more texts checked", checked)
	}
}

// BenchmarkMedoid: a group of 3,000 requests (the hand-labelled set's texts
// repeated), Medoid beside the pairwise sums it replaced.
func BenchmarkMedoid(b *testing.B) {
	set := readSetB(b)
	var texts []string
	for len(texts) < 3000 {
		for _, r := range set {
			texts = append(texts, r.Text)
		}
	}
	texts = texts[:3000]
	c := NewCorpus(texts)
	g := make([]int, len(texts))
	for i := range g {
		g[i] = i
	}
	b.Run("one-pass", func(b *testing.B) {
		for b.Loop() {
			c.Medoid(g)
		}
	})
	b.Run("pairwise-baseline", func(b *testing.B) {
		for b.Loop() {
			medoidPairwise(c, g)
		}
	})
}

// BenchmarkGrams: the bigrams of the hand-labelled set's texts, as
// NewCorpus and SetOf take them for every request and publication.
func BenchmarkGrams(b *testing.B) {
	set := readSetB(b)
	for b.Loop() {
		for _, r := range set {
			Grams(r.Text)
		}
	}
}
