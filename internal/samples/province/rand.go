package province

import (
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// Every random choice comes from a PCG stream keyed by what it describes
// (seed, label, number), so the output does not depend on the order in
// which goroutines run.
func newRand(seed uint64, label string, n int, more ...int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(label))
	k := h.Sum64()
	for _, m := range more {
		k = k*1_000_003 + uint64(m)
	}
	return rand.New(rand.NewPCG(seed^k, uint64(n)*0x9e3779b97f4a7c15+k))
}

func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func weighted(r *rand.Rand, w ...int) int {
	t := 0
	for _, x := range w {
		t += x
	}
	n := r.IntN(t)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// weekday moves a Saturday or Sunday to the next Monday.
func weekday(t time.Time) time.Time {
	switch t.Weekday() {
	case time.Saturday:
		return addDays(t, 2)
	case time.Sunday:
		return addDays(t, 1)
	}
	return t
}

func randDay(r *rand.Rand, from, to time.Time) time.Time {
	n := int(to.Sub(from).Hours() / 24)
	return addDays(from, r.IntN(n+1))
}
