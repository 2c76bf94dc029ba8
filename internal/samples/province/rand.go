package province

import (
	"hash/fnv"
	"math/rand/v2"
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
