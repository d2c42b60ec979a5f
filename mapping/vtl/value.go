package vtl

import (
	"math"
	"math/big"
	"reflect"
	"strconv"
	"unsafe"
)

// Kind is the Java type a Value stands for. Velocity templates run against Java objects; a Value
// carries just enough of the Java type to reproduce Velocity's arithmetic, comparison and
// printing rules.
type Kind uint8

// The kinds of Value.
const (
	Null       Kind = iota // Java null: what an unresolved reference evaluates to
	Bool                   // java.lang.Boolean
	Int                    // java.lang.Integer (32 bits)
	Long                   // java.lang.Long (64 bits)
	BigInt                 // java.math.BigInteger
	Double                 // java.lang.Double
	String                 // java.lang.String
	ListKind               // java.util.List
	MapKind                // java.util.Map (insertion ordered)
	ObjectKind             // a host object supplied by the caller (see Object)
	Char                   // java.lang.Character, as String.charAt returns
	Decimal                // java.math.BigDecimal
)

var kindNames = [...]string{"null", "Boolean", "Integer", "Long", "BigInteger", "Double", "String", "List", "Map", "Object", "Character", "BigDecimal"}

// String returns the Java class name of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// Value is one Java value as a template sees it. The zero Value is Java null. Values are small
// (32 bytes) and passed by value; lists and maps are references, as in Java, so a template that
// changes a map it was given changes the caller's map.
type Value struct {
	// ref is the payload of the reference kinds: the *List, *Map, *big.Int, *decimal or host
	// Object, and for a String or Character the address of its first byte (see s).
	ref  any
	num  uint64 // Bool (0/1), Int and Long (two's complement), Double (IEEE bits), string length
	kind Kind
}

// s returns the text of a String or Character. The text is kept as the address of its bytes
// (a *byte in ref) and its length (num), which unsafe.String turns back into the string: a
// Value stays at four words, where a string field beside ref would take six (see
// TestValueLayout), and the render loop moves Values constantly.
func (v Value) s() string {
	p, _ := v.ref.(*byte)
	return unsafe.String(p, int(v.num))
}

// isString reports whether v is the String s.
func (v Value) isString(s string) bool {
	return v.num == uint64(len(s)) && v.kind == String && v.s() == s
}

func (v Value) list() *List      { return v.ref.(*List) }
func (v Value) mapv() *Map       { return v.ref.(*Map) }
func (v Value) bigint() *big.Int { return v.ref.(*big.Int) }
func (v Value) dec() *decimal    { return v.ref.(*decimal) }

// sameRef reports whether two values of a reference kind are the same Java object.
func (v Value) sameRef(w Value) bool {
	if v.kind == ObjectKind || w.kind == ObjectKind {
		return sameObject(v.ref, w.ref)
	}
	return v.ref == w.ref
}

// sameObject is identity for host objects: Go's == on the objects, which are usually
// pointers. An object whose dynamic type cannot be compared equals nothing, itself included.
func sameObject(a, b any) bool {
	return reflect.TypeOf(a) == reflect.TypeOf(b) && reflect.ValueOf(a).Comparable() && a == b
}

// obj returns the host object of an ObjectKind value; for other kinds it is a nil interface.
func (v Value) obj() Object {
	if v.kind != ObjectKind {
		return nil
	}
	o, _ := v.ref.(Object)
	return o
}

func stringOf(kind Kind, s string) Value {
	return Value{kind: kind, ref: unsafe.StringData(s), num: uint64(len(s))}
}

// NullValue is Java null.
var NullValue = Value{}

// BoolValue returns a java.lang.Boolean.
func BoolValue(b bool) Value {
	if b {
		return Value{kind: Bool, num: 1}
	}
	return Value{kind: Bool}
}

// IntValue returns a java.lang.Integer.
func IntValue(i int32) Value { return Value{kind: Int, num: uint64(int64(i))} }

// LongValue returns a java.lang.Long.
func LongValue(i int64) Value { return Value{kind: Long, num: uint64(i)} }

// IntegerValue returns the smallest of Integer and Long that holds i, as Java's JSON parsers and
// Velocity's integer literals do.
func IntegerValue(i int64) Value {
	if i >= math.MinInt32 && i <= math.MaxInt32 {
		return IntValue(int32(i))
	}
	return LongValue(i)
}

// BigIntValue returns a java.math.BigInteger, or an Integer or Long when b fits one (as
// Velocity's literals and Jackson do). b must not be changed afterwards.
func BigIntValue(b *big.Int) Value {
	if b.IsInt64() {
		return IntegerValue(b.Int64())
	}
	return Value{kind: BigInt, ref: b}
}

// DoubleValue returns a java.lang.Double.
func DoubleValue(f float64) Value { return Value{kind: Double, num: math.Float64bits(f)} }

// StringValue returns a java.lang.String.
func StringValue(s string) Value { return stringOf(String, s) }

// ListValue wraps a list.
func ListValue(l *List) Value {
	if l == nil {
		return NullValue
	}
	return Value{kind: ListKind, ref: l}
}

// MapValue wraps a map.
func MapValue(m *Map) Value {
	if m == nil {
		return NullValue
	}
	return Value{kind: MapKind, ref: m}
}

// ObjectValue wraps a host object.
func ObjectValue(o Object) Value {
	if o == nil {
		return NullValue
	}
	return Value{kind: ObjectKind, ref: o}
}

// Kind reports the Java type of v.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is Java null.
func (v Value) IsNull() bool { return v.kind == Null }

// AsBool returns the value of a Boolean; false for any other kind.
func (v Value) AsBool() bool { return v.kind == Bool && v.num != 0 }

// AsInt64 returns the value of an Integer or Long (and a truncated Double or BigInteger, as
// Java's Number.longValue does); 0 for other kinds.
func (v Value) AsInt64() int64 {
	switch v.kind {
	case Int, Long:
		return int64(v.num)
	case Double:
		return javaD2L(v.AsFloat64())
	case BigInt:
		return lowInt64(v.bigint())
	case Decimal:
		d := v.dec()
		q := new(big.Int).Set(d.unscaled)
		if d.scale > 0 {
			q.Quo(q, pow10(d.scale))
		} else if d.scale < 0 {
			q.Mul(q, pow10(-d.scale))
		}
		return lowInt64(q)
	}
	return 0
}

// AsFloat64 returns the numeric value of a number kind as a float64; 0 for other kinds.
func (v Value) AsFloat64() float64 {
	switch v.kind {
	case Int, Long:
		return float64(int64(v.num))
	case Double:
		return math.Float64frombits(v.num)
	case BigInt:
		f, _ := new(big.Float).SetInt(v.bigint()).Float64()
		return f
	case Decimal:
		f, _ := strconv.ParseFloat(string(appendDecimal(nil, v.dec())), 64)
		return f
	}
	return 0
}

// AsBigInt returns the value of an integer kind as a new big.Int; nil for other kinds.
func (v Value) AsBigInt() *big.Int {
	switch v.kind {
	case Int, Long:
		return big.NewInt(int64(v.num))
	case BigInt:
		return new(big.Int).Set(v.bigint())
	}
	return nil
}

// CharValue returns a java.lang.Character holding the UTF-16 unit (or surrogate pair) in s.
func CharValue(s string) Value { return stringOf(Char, s) }

// AsString returns the contents of a String; "" for other kinds (use String for Java's
// toString of any value).
func (v Value) AsString() string {
	if v.kind == String {
		return v.s()
	}
	return ""
}

// AsList returns the list of a List value, or nil.
func (v Value) AsList() *List {
	if v.kind == ListKind {
		return v.list()
	}
	return nil
}

// AsMap returns the map of a Map value, or nil.
func (v Value) AsMap() *Map {
	if v.kind == MapKind {
		return v.mapv()
	}
	return nil
}

// AsObject returns the host object of an Object value, or nil.
func (v Value) AsObject() Object {
	if v.kind == ObjectKind {
		return v.obj()
	}
	return nil
}

// isNumber reports whether v is a java.lang.Number.
func (v Value) isNumber() bool { return v.kind >= Int && v.kind <= Double || v.kind == Decimal }

// javaD2L converts as Java's (long) cast does: NaN is 0, out-of-range values saturate.
func javaD2L(f float64) int64 {
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}
