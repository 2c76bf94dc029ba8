package ingest

import (
	"hash/maphash"
	"math"
	"slices"
	"strings"
)

// keySet remembers the first row of each distinct key: the duplicate check
// of application and case numbers. A Go map[string]int32 did the same, but
// for a million rows its lookups and the zeroing of its table were a tenth
// of the load's CPU. Here a slot is one word (hash tag and entry index), so
// the probe of an absent key usually reads one cache line and compares no
// key bytes, and the keys themselves sit packed in one arena.
//
// The zero value is an empty set.
type keySet struct {
	// slots[i] is 0 when empty, else the hash's upper 32 bits (the tag)
	// above entry index+1. Linear probing from the hash's low bits, a
	// power-of-two length, at most half full.
	slots []uint64
	ents  []keyEnt
	arena []byte
	// over takes the keys that no longer fit the uint32 offsets of ents;
	// nil until then, which a real ledger never reaches.
	over map[string]int32
	seed maphash.Seed

	// Test hooks: hashClear clears hash bits to force tag and position
	// collisions; arenaMax (0: math.MaxUint32) lowers the arena limit so
	// that over can be exercised without 4 GB of keys.
	hashClear uint64
	arenaMax  uint64
}

type keyEnt struct {
	off, n uint32 // the key is arena[off : off+n]
	row    int32
}

const keyTagMask = ^uint64(math.MaxUint32)

func (s *keySet) len() int { return len(s.ents) + len(s.over) }

// first returns the row recorded for key, or records row for it (copying
// the key) and returns it with dup false. Lookup and insertion share one
// probe.
func (s *keySet) first(key string, row int32) (firstRow int32, dup bool) {
	if 2*(len(s.ents)+1) > len(s.slots) {
		s.rehash(max(16, 2*len(s.slots)))
	}
	h := maphash.String(s.seed, key) &^ s.hashClear
	tag := h & keyTagMask
	slots := s.slots
	mask := uint64(len(slots) - 1)
	i := h & mask
	for {
		v := slots[i&mask]
		if v == 0 {
			break
		}
		if v&keyTagMask == tag {
			e := &s.ents[uint32(v)-1]
			if int(e.n) == len(key) && string(s.arena[e.off:e.off+e.n]) == key {
				return e.row, true
			}
		}
		i++
	}
	if s.over != nil {
		if r, ok := s.over[key]; ok {
			return r, true
		}
	}
	lim := uint64(math.MaxUint32)
	if s.arenaMax != 0 {
		lim = s.arenaMax
	}
	if uint64(len(s.arena))+uint64(len(key)) > lim || uint64(len(s.ents)) >= math.MaxUint32-1 {
		if s.over == nil {
			s.over = map[string]int32{}
		}
		s.over[strings.Clone(key)] = row
		return row, false
	}
	slots[i&mask] = tag | uint64(len(s.ents)+1)
	// Doubling, where append would grow a large slice by a quarter and
	// copy (and fault in) five times its final size.
	if len(s.ents) == cap(s.ents) {
		s.ents = slices.Grow(s.ents, max(len(s.ents), 64))
	}
	if cap(s.arena)-len(s.arena) < len(key) {
		s.arena = slices.Grow(s.arena, max(len(s.arena), len(key), 1024))
	}
	s.ents = append(s.ents, keyEnt{uint32(len(s.arena)), uint32(len(key)), row})
	s.arena = append(s.arena, key...)
	return row, false
}

// reserve sizes the set for about n keys: growing to a million keys step
// by step rehashes twice as many as it holds.
func (s *keySet) reserve(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if size > len(s.slots) {
		s.rehash(size)
	}
	s.ents = slices.Grow(s.ents, max(0, n-len(s.ents)))
	// Application numbers take 10-20 bytes.
	s.arena = slices.Grow(s.arena, max(0, 16*n-len(s.arena)))
}

// rehash moves the entries to a table of size slots (a power of two),
// hashing the keys again from the arena.
func (s *keySet) rehash(size int) {
	if s.seed == (maphash.Seed{}) {
		s.seed = maphash.MakeSeed()
	}
	slots := make([]uint64, size)
	mask := uint64(size - 1)
	for j, e := range s.ents {
		h := maphash.Bytes(s.seed, s.arena[e.off:e.off+e.n]) &^ s.hashClear
		i := h & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = h&keyTagMask | uint64(j+1)
	}
	s.slots = slots
}
