package vtl

// ListStyle says how a list prints, which depends on the Java class behind it.
type ListStyle uint8

const (
	// ListJava prints as java.util.AbstractCollection does: [a, b, c]. Lists that templates
	// build ([1, 2] literals, ranges, split results) and lists parsed by Jackson print this way.
	ListJava ListStyle = iota
	// ListJSON prints as compact JSON, as json-smart's JSONArray does. API Gateway's
	// $input.path returns arrays of this kind.
	ListJSON
)

// List is a java.util.List: an ordered, growable sequence of values. A List is not safe for
// concurrent mutation; a template that only reads a list may share it across renders.
type List struct {
	items []Value
	style ListStyle
}

// NewList returns a Java-style list holding items (the slice is used, not copied).
func NewList(items ...Value) *List { return &List{items: items} }

// newListCap returns an empty Java-style list with room for n items. Small lists come with
// their items in the same allocation.
func newListCap(n int) *List {
	switch {
	case n <= 4:
		b := new(struct {
			l List
			a [4]Value
		})
		b.l.items = b.a[:0]
		return &b.l
	case n <= 8:
		b := new(struct {
			l List
			a [8]Value
		})
		b.l.items = b.a[:0]
		return &b.l
	}
	return &List{items: make([]Value, 0, n)}
}

// NewJSONList returns a list that prints as compact JSON, like json-smart's JSONArray.
func NewJSONList(items ...Value) *List { return &List{items: items, style: ListJSON} }

// Style reports how the list prints.
func (l *List) Style() ListStyle { return l.style }

// Len returns the number of elements.
func (l *List) Len() int { return len(l.items) }

// Get returns element i, or Null when i is out of range.
func (l *List) Get(i int) Value {
	if i < 0 || i >= len(l.items) {
		return NullValue
	}
	return l.items[i]
}

// Set replaces element i and reports whether i was in range.
func (l *List) Set(i int, v Value) bool {
	if i < 0 || i >= len(l.items) {
		return false
	}
	l.items[i] = v
	return true
}

// Append adds v at the end.
func (l *List) Append(v Value) { l.items = append(l.items, v) }

// Items returns the elements. The slice aliases the list: do not keep it across mutations.
func (l *List) Items() []Value { return l.items }
