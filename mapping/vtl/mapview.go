package vtl

import (
	"fmt"

	"github.com/apigate/apigate/internal/jre"
)

type viewKind uint8

const (
	viewKeys viewKind = iota
	viewValues
	viewEntries
)

// mapView is what Map.keySet(), values() and entrySet() return: a live collection backed by
// the map, as Java's are. It reads the map's current contents, removing through it removes
// from the map, and iterating it while the map changes fails as Java's fail-fast iterators do.
type mapView struct {
	m    *Map
	kind viewKind
}

// collection is a live collection #foreach can iterate: snapshot returns the elements now,
// modCount changes whenever its contents change structurally.
type collection interface {
	snapshot() []Value
	modCount() uint32
}

func (v *mapView) modCount() uint32 { return v.m.mods }

func (v *mapView) snapshot() []Value {
	switch v.kind {
	case viewKeys:
		return v.m.keys
	case viewValues:
		return v.m.vals
	}
	items := make([]Value, len(v.m.keys))
	for i, k := range v.m.keys {
		items[i] = ObjectValue(&mapEntry{m: v.m, key: k})
	}
	return items
}

// Property answers the bean properties of a Collection: only isEmpty().
func (v *mapView) Property(name string) (Value, bool) {
	if name == "empty" {
		return BoolValue(v.m.Len() == 0), true
	}
	return NullValue, false
}

// Call implements the Collection methods templates use.
func (v *mapView) Call(name string, args []Value) (Value, error) {
	switch len(args) {
	case 0:
		switch name {
		case "size":
			return IntValue(int32(v.m.Len())), nil
		case "isEmpty":
			return BoolValue(v.m.Len() == 0), nil
		case "iterator":
			items := v.snapshot()
			return ObjectValue(&listIterator{l: NewList(items...), size: len(items), view: v, mods: v.m.mods}), nil
		case "toString":
			return StringValue(v.String()), nil
		case "clear":
			v.m.Clear()
			return voidResult, nil
		}
	case 1:
		a := args[0]
		switch name {
		case "contains":
			return BoolValue(v.indexOf(a) >= 0), nil
		case "remove":
			i := v.indexOf(a)
			if i < 0 {
				return BoolValue(false), nil
			}
			v.m.Remove(v.m.keys[i])
			return BoolValue(true), nil
		case "containsAll":
			l := a.AsList()
			if l == nil {
				break
			}
			for _, x := range l.items {
				if v.indexOf(x) < 0 {
					return BoolValue(false), nil
				}
			}
			return BoolValue(true), nil
		case "equals":
			return BoolValue(a.obj() == Object(v)), nil
		}
	}
	return NullValue, ErrNoMethod
}

// indexOf returns the map position of the element x of the view, or -1.
func (v *mapView) indexOf(x Value) int {
	switch v.kind {
	case viewKeys:
		return v.m.find(x)
	case viewValues:
		for i, val := range v.m.vals {
			if javaEquals(val, x) {
				return i
			}
		}
		return -1
	}
	e, ok := x.ref.(*mapEntry)
	if x.kind != ObjectKind || !ok {
		return -1
	}
	i := v.m.find(e.key)
	if i >= 0 && javaEquals(v.m.vals[i], e.value()) {
		return i
	}
	return -1
}

// String prints the view as Java's AbstractCollection does: [a, b], entries as k=v.
func (v *mapView) String() string {
	return string(appendJava(nil, ListValue(NewList(v.snapshot()...)), 0, 1<<30))
}

// errConcurrentModification is what a fail-fast iterator throws when its collection changed.
func errConcurrentModification() error {
	return fmt.Errorf("%w: %w", ErrMethodException, &jre.Exception{Class: "java.util.ConcurrentModificationException"})
}
