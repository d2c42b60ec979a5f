package mapping

import (
	"unicode/utf16"

	"github.com/apigate/apigate/mapping/vtl"
)

// entry is one key and value of a map API Gateway builds as a java.util.HashMap.
type entry struct {
	key string
	val vtl.Value
}

// putHashOrdered stores entries in m in the order java.util.HashMap iterates them once they have
// been inserted in the given order into a map of default capacity: by hash bucket, ties in
// insertion order. API Gateway's $context and its nested objects iterate this way (recorded:
// vtl-ls-context-keyset), so keySet() and #foreach see the same order as on AWS.
func putHashOrdered(m *vtl.Map, entries []entry) {
	capacity := 16
	for len(entries) > capacity*3/4 {
		capacity *= 2
	}
	mask := uint32(capacity - 1)
	var small [32]uint32
	buckets := small[:0]
	if len(entries) > len(small) {
		buckets = make([]uint32, 0, len(entries))
	}
	for _, e := range entries {
		buckets = append(buckets, javaBucket(e.key, mask))
	}
	// Insertion sort by bucket: stable, allocation free, and the lists are short.
	for i := 1; i < len(entries); i++ {
		e, b := entries[i], buckets[i]
		j := i
		for j > 0 && buckets[j-1] > b {
			entries[j], buckets[j] = entries[j-1], buckets[j-1]
			j--
		}
		entries[j], buckets[j] = e, b
	}
	for _, e := range entries {
		m.PutString(e.key, e.val)
	}
}

// hashOrder returns the positions of keys in the order java.util.HashMap iterates them after
// they are inserted in the given order, for key sets fixed in advance: computed once, it spares
// putHashOrdered's hashing and sorting on every render.
func hashOrder(keys ...string) []uint8 {
	entries := make([]entry, len(keys))
	for i, k := range keys {
		entries[i] = entry{key: k, val: vtl.IntegerValue(int64(i))}
	}
	m := vtl.NewMap(len(keys))
	putHashOrdered(m, entries)
	order := make([]uint8, 0, len(keys))
	for _, v := range m.Values() {
		order = append(order, uint8(v.AsInt64()))
	}
	return order
}

// putOrdered stores vals under keys in m in the precomputed order.
func putOrdered(m *vtl.Map, keys []string, order []uint8, vals []vtl.Value) {
	for _, i := range order {
		m.PutString(keys[i], vals[i])
	}
}

// javaBucket returns the HashMap bucket of a String key: Java's hashCode, spread as
// HashMap.hash does, masked by the table size.
func javaBucket(s string, mask uint32) uint32 {
	var h uint32
	for _, r := range s {
		if r > 0xFFFF {
			hi, lo := utf16.EncodeRune(r)
			h = 31*h + uint32(hi)
			h = 31*h + uint32(lo)
			continue
		}
		h = 31*h + uint32(r)
	}
	return (h ^ h>>16) & mask
}

// stringOrNull is a String value, or null for the empty string: API Gateway leaves the fields it
// has no value for null (they print as nothing but compare equal to $null).
func stringOrNull(s string) vtl.Value {
	if s == "" {
		return vtl.NullValue
	}
	return vtl.StringValue(s)
}

// mapOfStrings builds a map from a Go map of strings in HashMap order, with style blank or Java.
func mapOfStrings(src map[string]string, blank bool) *vtl.Map {
	var m *vtl.Map
	if blank {
		m = vtl.NewBlankMap(len(src))
	} else {
		m = vtl.NewMap(len(src))
	}
	if len(src) == 0 {
		return m
	}
	entries := make([]entry, 0, len(src))
	for k, v := range src {
		entries = append(entries, entry{k, vtl.StringValue(v)})
	}
	sortByKey(entries)
	putHashOrdered(m, entries)
	return m
}

// sortByKey puts entries built from a Go map (random order) in key order first, so that keys
// sharing a bucket come out in a stable order.
func sortByKey(entries []entry) {
	for i := 1; i < len(entries); i++ {
		e := entries[i]
		j := i
		for j > 0 && entries[j-1].key > e.key {
			entries[j] = entries[j-1]
			j--
		}
		entries[j] = e
	}
}
