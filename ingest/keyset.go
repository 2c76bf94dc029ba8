package ingest

import (
	"hash/maphash"
	"math"
	"slices"
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
	seed  maphash.Seed

	// hashClear clears hash bits, for tests to force tag and position
	// collisions.
	hashClear uint64
}

// keyEnt is one key: the arena from off to the next key's off (or the
// arena's end). Entries are indexed by 32 bits in the slots, which a batch
// never outgrows (its rows are numbered in an int32).
type keyEnt struct {
	off int
	row int32
}

// key returns entry j's key.
func (s *keySet) key(j int) []byte {
	end := len(s.arena)
	if j+1 < len(s.ents) {
		end = s.ents[j+1].off
	}
	return s.arena[s.ents[j].off:end]
}

const keyTagMask = ^uint64(math.MaxUint32)

func (s *keySet) len() int { return len(s.ents) }

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
			if j := int(uint32(v)) - 1; string(s.key(j)) == key {
				return s.ents[j].row, true
			}
		}
		i++
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
	s.ents = append(s.ents, keyEnt{len(s.arena), row})
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
	for j := range s.ents {
		h := maphash.Bytes(s.seed, s.key(j)) &^ s.hashClear
		i := h & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = h&keyTagMask | uint64(j+1)
	}
	s.slots = slots
}
