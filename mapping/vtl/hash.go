package vtl

import (
	"math"
	"math/big"

	"github.com/apigate/apigate/internal/jre"
)

// javaHashCode is Object.hashCode as the Java classes behind each kind define it. Objects
// without a value-based hashCode (host objects, iterators) hash to 0.
func javaHashCode(v Value) int32 {
	switch v.kind {
	case Bool:
		if v.num != 0 {
			return 1231
		}
		return 1237
	case Int:
		return int32(v.num)
	case Long:
		return int32(v.num ^ v.num>>32)
	case Double:
		bits := v.num
		if f := math.Float64frombits(bits); f != f {
			bits = 0x7ff8000000000000 // doubleToLongBits' canonical NaN
		}
		return int32(bits ^ bits>>32)
	case BigInt:
		return bigIntHash(v.bigint())
	case Decimal:
		d := v.dec()
		return 31*bigIntHash(d.unscaled) + d.scale
	case String:
		return jre.HashCode(v.s())
	case Char:
		return jre.HashCode(v.s())
	case ListKind:
		h := int32(1)
		for _, e := range v.list().items {
			h = 31*h + javaHashCode(e)
		}
		return h
	case MapKind:
		m := v.mapv()
		var h int32
		for i := range m.keys {
			h += javaHashCode(m.keys[i]) ^ javaHashCode(m.vals[i])
		}
		return h
	case ObjectKind:
		switch o := v.ref.(type) {
		case *mapEntry:
			return javaHashCode(o.key) ^ javaHashCode(o.value())
		case *mapView:
			if o.kind == viewValues {
				return 0 // AbstractCollection keeps Object's identity hash
			}
			var h int32
			for _, e := range o.snapshot() {
				h += javaHashCode(e)
			}
			return h
		}
	}
	return 0
}

// bigIntHash is BigInteger.hashCode: over the magnitude's 32-bit words, most significant
// first, times the sign.
func bigIntHash(b *big.Int) int32 {
	mag := new(big.Int).Abs(b).Bytes()
	for len(mag)%4 != 0 {
		mag = append([]byte{0}, mag...)
	}
	var h int32
	for i := 0; i < len(mag); i += 4 {
		word := uint32(mag[i])<<24 | uint32(mag[i+1])<<16 | uint32(mag[i+2])<<8 | uint32(mag[i+3])
		h = 31*h + int32(word)
	}
	return h * int32(b.Sign())
}
