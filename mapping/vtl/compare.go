package vtl

// Comparisons follow Velocity 1.7's ASTEQNode and ASTLTNode: numbers compare by value whatever
// their types; values of the same class use Java's equals; anything else compares by toString;
// two nulls are equal, null and a value are not. <, <=, > and >= are false unless both sides
// are numbers.

func valuesEqual(a, b Value, nullIsEmpty bool) bool {
	if nullIsEmpty {
		if a.kind == Null {
			a = StringValue("")
		}
		if b.kind == Null {
			b = StringValue("")
		}
	}
	if a.isNumber() && b.isNumber() {
		return compareNumbers(a, b) == 0
	}
	if a.kind == Null || b.kind == Null {
		return a.kind == b.kind
	}
	if a.kind == b.kind {
		return javaEquals(a, b)
	}
	if a.kind == String && b.kind == String {
		return a.s() == b.s()
	}
	return a.String() == b.String()
}

// javaEquals is Object.equals for two values: numbers of different boxed types are unequal
// (Integer 1 is not Long 1), lists and maps compare element by element.
func javaEquals(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case Null:
		return true
	case String, Char:
		return a.s() == b.s()
	case Bool, Int, Long:
		return a.num == b.num
	case Double:
		fa, fb := a.AsFloat64(), b.AsFloat64()
		return a.num == b.num || (fa != fa && fb != fb) // Double.equals: bits, all NaNs equal
	case BigInt:
		return compareNumbers(a, b) == 0
	case Decimal: // BigDecimal.equals also compares the scale: 2.0 is not 2.00
		x, y := a.dec(), b.dec()
		return x.scale == y.scale && x.unscaled.Cmp(y.unscaled) == 0
	case ListKind:
		x, y := a.list(), b.list()
		if x == y {
			return true
		}
		if len(x.items) != len(y.items) {
			return false
		}
		for i := range x.items {
			if !javaEquals(x.items[i], y.items[i]) {
				return false
			}
		}
		return true
	case MapKind:
		x, y := a.mapv(), b.mapv()
		if x == y {
			return true
		}
		if len(x.keys) != len(y.keys) {
			return false
		}
		for i, k := range x.keys {
			w, ok := y.Get(k)
			if !ok || !javaEquals(x.vals[i], w) {
				return false
			}
		}
		return true
	}
	return a.sameRef(b)
}
