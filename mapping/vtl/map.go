package vtl

// MapStyle says how a map prints.
type MapStyle uint8

const (
	// MapJava prints as java.util.AbstractMap does: {k=v, k2=v2}.
	MapJava MapStyle = iota
	// MapBlank prints as the empty string. API Gateway's nested $context objects
	// ($context.identity, $context.requestOverride, ...) print this way while still answering
	// get, keySet and the other Map methods.
	MapBlank
)

// indexThreshold is the size above which a Map keeps a hash index. Smaller maps, the common
// case for JSON objects and API Gateway's $context, are searched linearly: key lengths differ
// more often than not, so most comparisons stop at the length, and references remember where
// their key was found (see modifier.hint), so the search is rare anyway.
const indexThreshold = 32

// Map is a java.util.LinkedHashMap: keys keep their insertion order. Keys compare as Java's
// equals does for strings, numbers and booleans (Integer 1 and Long 1 are different keys); lists
// and maps used as keys compare by identity. A Map is not safe for concurrent mutation.
type Map struct {
	keys  []Value
	vals  []Value
	index map[string]int // string keys, once the map is past indexThreshold
	other map[mapKey]int // other keys, likewise
	style MapStyle
	mods  uint32 // structural changes, for fail-fast iteration of keySet(), values(), entrySet()
}

// NewMap returns an empty Java-style map with room for n entries.
func NewMap(n int) *Map {
	return &Map{keys: make([]Value, 0, n), vals: make([]Value, 0, n)}
}

// NewMapOf returns a Java-style map holding keys[i] → vals[i] in order, built with one
// allocation for both slices; a repeated key keeps its first position and its last value, as
// LinkedHashMap.put does. keys and vals must have the same length; they are copied.
func NewMapOf(keys, vals []Value) *Map {
	n := len(keys)
	backing := make([]Value, 2*n)
	m := &Map{keys: backing[:0:n], vals: backing[n : n : 2*n]}
	for i := range keys {
		m.Put(keys[i], vals[i])
	}
	return m
}

// NewBlankMap returns an empty map that prints as the empty string (see MapBlank).
func NewBlankMap(n int) *Map {
	m := NewMap(n)
	m.style = MapBlank
	return m
}

// Style reports how the map prints.
func (m *Map) Style() MapStyle { return m.style }

// Len returns the number of entries.
func (m *Map) Len() int { return len(m.keys) }

// mapKey is a non-string key in a comparable form with Java's equality: numbers and
// booleans by value, BigInteger and BigDecimal by text, lists, maps and objects by identity.
type mapKey struct {
	kind Kind
	num  uint64
	text string
	ref  any
}

// hashKey returns the index key of k; ok is false for a host object Go cannot compare, which
// equals no key (see sameObject) and so is never indexed nor found.
func hashKey(k Value) (key mapKey, ok bool) {
	switch k.kind {
	case BigInt:
		return mapKey{kind: BigInt, text: k.bigint().String()}, true
	case Decimal:
		return mapKey{kind: Decimal, text: k.dec().unscaled.String(), num: uint64(k.dec().scale)}, true
	case String, Char:
		return mapKey{kind: k.kind, text: k.s()}, true
	case Null, Bool, Int, Long, Double:
		return mapKey{kind: k.kind, num: k.num}, true
	case ObjectKind:
		if !sameObject(k.ref, k.ref) {
			return mapKey{}, false
		}
	}
	return mapKey{kind: k.kind, ref: k.ref}, true
}

func keyEqual(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case String, Char:
		return a.s() == b.s()
	case BigInt:
		return a.bigint().Cmp(b.bigint()) == 0
	case Decimal:
		return a.dec().scale == b.dec().scale && a.dec().unscaled.Cmp(b.dec().unscaled) == 0
	case Bool, Int, Long, Double, Null:
		return a.num == b.num
	}
	return a.sameRef(b)
}

func (m *Map) find(k Value) int {
	if m.index != nil {
		var i int
		var ok bool
		if k.kind == String {
			i, ok = m.index[k.s()]
		} else if key, hashable := hashKey(k); hashable {
			i, ok = m.other[key]
		}
		if ok {
			return i
		}
		return -1
	}
	if k.kind == String { // the common case, kept tight: lengths first, then bytes
		ks := k.s()
		for i := range m.keys {
			if kk := &m.keys[i]; kk.num == k.num && kk.kind == String && kk.s() == ks {
				return i
			}
		}
		return -1
	}
	for i := range m.keys {
		if keyEqual(m.keys[i], k) {
			return i
		}
	}
	return -1
}

// Get returns the value stored under k and whether k is present.
func (m *Map) Get(k Value) (Value, bool) {
	if i := m.find(k); i >= 0 {
		return m.vals[i], true
	}
	return NullValue, false
}

// GetString returns the value stored under the string key k.
func (m *Map) GetString(k string) (Value, bool) { return m.Get(StringValue(k)) }

// Put stores v under k and returns the previous value (Null if there was none), as Java's
// Map.put does. A new key goes at the end of the iteration order.
func (m *Map) Put(k, v Value) Value {
	if i := m.find(k); i >= 0 {
		old := m.vals[i]
		m.vals[i] = v
		return old
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	m.mods++
	if m.index != nil {
		m.indexKey(k, len(m.keys)-1)
	} else if len(m.keys) > indexThreshold {
		m.reindex(0)
	}
	return NullValue
}

func (m *Map) indexKey(k Value, i int) {
	if k.kind == String {
		m.index[k.s()] = i
		return
	}
	key, ok := hashKey(k)
	if !ok {
		return
	}
	if m.other == nil {
		m.other = make(map[mapKey]int)
	}
	m.other[key] = i
}

// reindex (re)builds the index entries of the keys from position from on.
func (m *Map) reindex(from int) {
	if m.index == nil {
		m.index = make(map[string]int, len(m.keys)*2)
	}
	for i := from; i < len(m.keys); i++ {
		m.indexKey(m.keys[i], i)
	}
}

// PutString stores v under the string key k.
func (m *Map) PutString(k string, v Value) { m.Put(StringValue(k), v) }

// Remove deletes k and returns the value it held (Null if none).
func (m *Map) Remove(k Value) Value {
	i := m.find(k)
	if i < 0 {
		return NullValue
	}
	old := m.vals[i]
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.vals = append(m.vals[:i], m.vals[i+1:]...)
	m.mods++
	if m.index != nil {
		if k.kind == String {
			delete(m.index, k.s())
		} else if key, ok := hashKey(k); ok {
			delete(m.other, key)
		}
		m.reindex(i)
	}
	return old
}

// Clear removes every entry, keeping the map's style and capacity, so a map can be reused.
func (m *Map) Clear() {
	clear(m.keys)
	clear(m.vals)
	m.keys, m.vals, m.index, m.other = m.keys[:0], m.vals[:0], nil, nil
	m.mods++
}

// Keys returns the keys in insertion order. The slice aliases the map: do not keep it across
// mutations.
func (m *Map) Keys() []Value { return m.keys }

// Values returns the values in insertion order, aliasing the map like Keys.
func (m *Map) Values() []Value { return m.vals }
