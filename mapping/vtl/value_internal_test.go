package vtl

import (
	"strings"
	"testing"
	"unsafe"
)

// TestValueLayout guards what the one use of unsafe in this package buys and relies on: a
// String keeps the address of its bytes in ref and its length in num, so a Value is four words
// (a string field beside ref would make it six, and the render loop, which copies Values
// constantly, measurably slower), and unsafe.String gives back the very same bytes, not a copy.
func TestValueLayout(t *testing.T) {
	if got, want := unsafe.Sizeof(Value{}), 4*unsafe.Sizeof(uintptr(0)); got != want {
		t.Fatalf("unsafe.Sizeof(Value{}) = %d, want %d (four words); the string payload no longer pays its way", got, want)
	}
	long := strings.Repeat("abc", 100)
	for _, s := range []string{"", "x", "héllo", long, long[7:42], "\xed\xa0\x80"} {
		for _, v := range []Value{StringValue(s), CharValue(s)} {
			got := v.s()
			if got != s {
				t.Fatalf("%v(%q).s() = %q", v.kind, s, got)
			}
			if len(s) > 0 && unsafe.StringData(got) != unsafe.StringData(s) {
				t.Fatalf("%v(%q).s() copied the bytes", v.kind, s)
			}
			if _, ok := v.ref.(*byte); !ok {
				t.Fatalf("%v(%q).ref holds %T, want *byte", v.kind, s, v.ref)
			}
		}
	}
	if s := NullValue.s(); s != "" {
		t.Fatalf("NullValue.s() = %q", s)
	}
}

// sliceObject is a host object whose dynamic type Go cannot compare.
type sliceObject struct{ parts []string }

func (sliceObject) Property(string) (Value, bool)       { return NullValue, false }
func (sliceObject) Call(string, []Value) (Value, error) { return NullValue, ErrNoMethod }
func (o sliceObject) String() string                    { return strings.Join(o.parts, ",") }

// TestObjectIdentity checks that host objects compare by identity (Go's == on the object) and
// that one Go cannot compare equals nothing, itself included, without panicking: as a map key
// it is stored but never found, before and after the map grows an index.
func TestObjectIdentity(t *testing.T) {
	a, b := ObjectValue(&foreachScope{}), ObjectValue(&foreachScope{})
	if !javaEquals(a, a) || javaEquals(a, b) {
		t.Fatal("pointer objects do not compare by identity")
	}
	f := ObjectValue(sliceObject{parts: []string{"a"}})
	if javaEquals(f, f) {
		t.Fatal("an object Go cannot compare must not equal itself by identity")
	}
	for _, n := range []int{1, indexThreshold + 5} {
		m := NewMap(n)
		for i := range n - 1 {
			m.Put(IntValue(int32(i)), IntValue(int32(i)))
		}
		m.Put(a, StringValue("a"))
		m.Put(f, StringValue("f"))
		if v, ok := m.Get(a); !ok || v.AsString() != "a" {
			t.Fatalf("n=%d: Get(a) = %v, %v", n, v, ok)
		}
		if _, ok := m.Get(f); ok {
			t.Fatalf("n=%d: an object Go cannot compare was found", n)
		}
		if got := m.Remove(f); !got.IsNull() {
			t.Fatalf("n=%d: Remove(f) = %v", n, got)
		}
		if m.Len() != n+1 {
			t.Fatalf("n=%d: Len() = %d", n, m.Len())
		}
	}
}
