package ingest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

// checkKeys feeds keys to s and to a map, row i+1 for keys[i], and fails at
// the first difference.
func checkKeys(t testing.TB, s *keySet, keys []string) {
	t.Helper()
	checkMore(t, s, map[string]int32{}, keys, 0)
}

// checkMore is checkKeys on a set that already holds the keys of ref, with
// rows from base+1.
func checkMore(t testing.TB, s *keySet, ref map[string]int32, keys []string, base int) {
	t.Helper()
	for i, k := range keys {
		row := int32(base + i + 1)
		want, wantDup := ref[k]
		if !wantDup {
			want = row
			ref[k] = row
		}
		got, dup := s.first(k, row)
		if got != want || dup != wantDup {
			t.Fatalf("key %d %q (len %d): first = %d, %v; want %d, %v", i, short(k), len(k), got, dup, want, wantDup)
		}
	}
	if s.len() != len(ref) {
		t.Fatalf("len = %d, want %d", s.len(), len(ref))
	}
	// Every key is found again, with its first row.
	for k, want := range ref {
		if got, dup := s.first(k, -1); !dup || got != want {
			t.Fatalf("again %q: first = %d, %v; want %d, true", short(k), got, dup, want)
		}
	}
	if 2*len(s.ents) > len(s.slots) {
		t.Fatalf("%d entries in %d slots: load over 0.5", len(s.ents), len(s.slots))
	}
}

func short(k string) string {
	if len(k) > 40 {
		return k[:40] + "…"
	}
	return k
}

// mixedKeys draws n keys (with repeats) of the shapes that trouble a hash
// set: empty, long, and pairs that differ in one byte at either end or in
// the middle.
func mixedKeys(r *rand.Rand, n int) []string {
	long := strings.Repeat("长编号", 70<<10/9+1) // > 64 KiB
	var keys []string
	for len(keys) < n {
		switch r.IntN(40) {
		case 0:
			keys = append(keys, "")
		case 1:
			b := []byte(long)
			b[r.IntN(len(b))] ^= 1 << r.IntN(8)
			keys = append(keys, long, string(b))
		case 2, 3, 4, 5, 6, 7, 8, 9:
			base := fmt.Sprintf("2024-YSQ-%06d", r.IntN(1000))
			for _, at := range []int{0, len(base) / 2, len(base) - 1} {
				b := []byte(base)
				b[at]++
				keys = append(keys, base, string(b))
			}
		case 10, 11, 12, 13, 14, 15, 16, 17:
			b := make([]byte, r.IntN(40))
			for i := range b {
				b[i] = byte(r.IntN(4)) // few distinct bytes: many near misses
			}
			keys = append(keys, string(b))
		case 18, 19, 20, 21, 22, 23, 24, 25:
			if len(keys) > 0 { // a repeat of an earlier key
				keys = append(keys, keys[r.IntN(len(keys))])
			}
		default:
			keys = append(keys, fmt.Sprintf("2024-YSQ-%06d", r.IntN(5000)))
		}
	}
	return keys
}

func TestKeySetMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name      string
		hashClear uint64
		n         int
	}{
		{"hash", 0, 20000},
		// every tag 0: each probe that meets an entry compares its key
		{"sameTag", keyTagMask, 20000},
		// every hash 0: one probe chain holds all keys
		{"sameHash", ^uint64(0), 1500},
		// 32 positions in each tag's slot run
		{"fewHashes", ^uint64(0x1f | 0x3<<32), 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &keySet{hashClear: tc.hashClear}
			checkKeys(t, s, mixedKeys(r, tc.n))
		})
	}
}

func TestKeySetReserve(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	keys := mixedKeys(r, 5000)
	// A reservation made after keys are in, larger and smaller ones.
	s := &keySet{}
	ref := map[string]int32{}
	checkMore(t, s, ref, keys[:1000], 0)
	s.reserve(100_000)
	s.reserve(10)
	if len(s.slots) < 200_000 {
		t.Fatalf("reserve(100000): %d slots", len(s.slots))
	}
	checkMore(t, s, ref, keys[1000:], 1000)
}

// TestKeySetGrow fills a set from a tiny reservation to a million keys,
// so that it rehashes many times.
func TestKeySetGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("a million keys")
	}
	keys := make([]string, 1_000_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("2024-YSQ-%07d", i)
	}
	rand.New(rand.NewPCG(5, 6)).Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	s := &keySet{}
	s.reserve(2)
	checkKeys(t, s, append(keys, keys[:1000]...))
}

// TestKeySetCopiesKey checks that the set keeps its own copy: a cell is a
// slice of a row buffer that is reused.
func TestKeySetCopiesKey(t *testing.T) {
	buf := []byte("A-001")
	s := &keySet{}
	s.first(unsafe.String(&buf[0], len(buf)), 1)
	copy(buf, "B-002")
	if r, dup := s.first("A-001", 2); !dup || r != 1 {
		t.Fatalf("A-001 after its buffer changed: %d, %v", r, dup)
	}
	if _, dup := s.first("B-002", 3); dup {
		t.Fatal("B-002 reported as a duplicate")
	}
}

// FuzzKeySet compares the set with a map on keys separated by 0 bytes in
// data; mode picks forced hash collisions and a reservation.
func FuzzKeySet(f *testing.F) {
	f.Add([]byte("a\x00b\x00a\x00\x00\x00ab\x00ba\x00b"), byte(0))
	f.Add([]byte("2024-YSQ-000001\x002024-YSQ-000002\x002024-YSQ-000001"), byte(1))
	f.Add(bytes.Repeat([]byte("x\x00xx\x00x\x00"), 50), byte(2))
	f.Fuzz(func(t *testing.T, data []byte, mode byte) {
		s := &keySet{}
		switch mode % 4 {
		case 1:
			s.hashClear = keyTagMask
		case 2:
			s.hashClear = ^uint64(0)
		case 3:
			s.hashClear = ^uint64(0x7 | 0x1<<32)
		}
		if mode&4 != 0 {
			s.reserve(int(mode >> 3))
		}
		checkKeys(t, s, strings.Split(string(data), "\x00"))
	})
}

// benchKeys1M is a million application numbers in shuffled order.
func benchKeys1M() []string {
	keys := make([]string, 1_000_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("2024-YSQ-%06d", i)
	}
	rand.New(rand.NewPCG(9, 10)).Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys
}

func BenchmarkKeySet1M(b *testing.B) {
	keys := benchKeys1M()
	for _, reserve := range []bool{true, false} {
		b.Run(fmt.Sprintf("reserve=%v", reserve), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := &keySet{}
				if reserve {
					s.reserve(len(keys))
				}
				for i, k := range keys {
					if _, dup := s.first(k, int32(i+1)); dup {
						b.Fatal("dup")
					}
				}
			}
		})
	}
}

// BenchmarkSeenMap1M is the map the set replaced, as it was used: a
// lookup, then an insert of the key copied into an arena.
func BenchmarkSeenMap1M(b *testing.B) {
	keys := benchKeys1M()
	for _, reserve := range []bool{true, false} {
		b.Run(fmt.Sprintf("reserve=%v", reserve), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := map[string]int32{}
				if reserve {
					m = make(map[string]int32, len(keys))
				}
				var arena []byte
				for i, k := range keys {
					if _, dup := m[k]; dup {
						b.Fatal("dup")
					}
					if cap(arena)-len(arena) < len(k) {
						arena = make([]byte, 0, 64<<10)
					}
					start := len(arena)
					arena = append(arena, k...)
					m[unsafe.String(unsafe.SliceData(arena[start:]), len(k))] = int32(i + 1)
				}
			}
		})
	}
}
