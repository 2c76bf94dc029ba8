// Package draw holds the random draws the two sample generators share: the
// county's (internal/samples/gen) and the province's
// (internal/samples/province). Each generator keys its own streams; these
// functions only say what one draw takes from a stream, so a change here
// changes both data sets.
package draw

import (
	"math/rand/v2"
	"time"
)

// Between is a uniform integer in [lo, hi].
func Between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// Chance is true with probability p.
func Chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// Weighted picks an index by weights.
func Weighted(r *rand.Rand, w ...int) int {
	sum := 0
	for _, x := range w {
		sum += x
	}
	n := r.IntN(sum)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

// Pick is one of xs, uniformly.
func Pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// BySize draws how many records a unit of size 1–3 writes (size 0: none),
// from the [lo, hi] of its size. All three are drawn whatever the size, so
// that a unit's size does not shift the rest of its stream.
func BySize(r *rand.Rand, size int, ranges [3][2]int) int {
	n := []int{0, 0, 0, 0}
	for i, lh := range ranges {
		n[i+1] = Between(r, lh[0], lh[1])
	}
	return n[size]
}

// PerMonth spreads n items over the twelve months, at least one in each
// (so a year has twelve even when n is smaller).
func PerMonth(r *rand.Rand, n int) []int {
	per := make([]int, 12)
	for m := range per {
		per[m] = 1
	}
	for i := 12; i < n; i++ {
		per[r.IntN(12)]++
	}
	return per
}

// Appeal draws whether a reply of replied is appealed (22%) and, if so,
// when (15 to 55 days after it, on a weekday; none after 20 December of y)
// and how.
func Appeal(r *rand.Rand, replied time.Time, y int) (recv time.Time, typ string, ok bool) {
	if !Chance(r, 0.22) {
		return time.Time{}, "", false
	}
	recv = Weekday(AddDays(replied, Between(r, 15, 55)))
	if recv.After(Day(y, 12, 20)) {
		return time.Time{}, "", false
	}
	return recv, []string{"行政复议", "未经复议直接起诉", "复议后起诉"}[Weighted(r, 70, 20, 10)], true
}

// AppealResult is the result of an appeal received on recv in year y: one
// received after 15 October is often still pending; otherwise, when
// corrected is asked for, a result that corrects the office (took says it
// was used), else mostly upheld.
func AppealResult(r *rand.Rand, recv time.Time, y int, corrected bool) (res string, took bool) {
	res = Pick(r, "结果维持", "结果维持", "维持", "其他结果")
	if recv.After(Day(y, 10, 15)) && Chance(r, 0.6) {
		return Pick(r, "尚未审结", "审理中"), false
	}
	if corrected {
		return Pick(r, "结果纠正", "撤销", "确认违法"), true
	}
	return res, false
}

// Flaws draws which of a year's publications, counted by month in
// perMonth and indexed in order, a disclosures ledger gets wrong: published
// late, when late is set (one to three, drawn with repeats, so perhaps
// fewer), and without secrecy review, when unreviewed is set (one or two;
// three, a veto in the sample schemes, with probability veto for a poor
// unit).
func Flaws(r *rand.Rand, perMonth []int, late, unreviewed, poor bool, veto float64) (lateIdx, noReview map[int]bool) {
	total := 0
	for _, c := range perMonth {
		total += c
	}
	lateIdx, noReview = map[int]bool{}, map[int]bool{}
	if late {
		for k := 0; k < 1+r.IntN(3); k++ { // the bound is drawn again at every step
			lateIdx[r.IntN(total)] = true
		}
	}
	if unreviewed {
		n := 1 + r.IntN(2)
		if poor && Chance(r, veto) {
			n = 3
		}
		for len(noReview) < n {
			noReview[r.IntN(total)] = true
		}
	}
	return lateIdx, noReview
}

// Spelling is one of the ways spellings lists of writing key, drawn; key
// itself, with nothing drawn, where it lists none.
func Spelling(r *rand.Rand, spellings map[string][]string, key string) string {
	if words, ok := spellings[key]; ok {
		return Pick(r, words...)
	}
	return key
}

// Day is midnight UTC of y-m-d.
func Day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// AddDays is t moved by n days.
func AddDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// Weekday moves a Saturday or Sunday to the next Monday.
func Weekday(t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = AddDays(t, 1)
	}
	return t
}

// DaysBetween is how many whole days lie from a to b.
func DaysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// RandDay is a uniform date in [from, to].
func RandDay(r *rand.Rand, from, to time.Time) time.Time {
	return AddDays(from, r.IntN(DaysBetween(from, to)+1))
}
