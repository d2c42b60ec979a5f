package vtl

import (
	"math"
	"strconv"

	"github.com/apigate/apigate/mapping/vtl/internal/jre"
)

// appendDouble appends Java's Double.toString of f. JDK 17's algorithm (FloatingDecimal) is
// not always the shortest representation, and jre reproduces it exactly but slowly. For the
// values templates print most, plain decimals between 10^-3 and 10^7 whose shortest form has
// at most 15 significant digits, JDK 17 prints exactly the shortest form (checked against the
// JDK on 2.6 million such values, and by TestAppendDoubleFastPath against jre), so those take
// strconv's fast path.
func appendDouble(dst []byte, f float64) []byte {
	a := math.Abs(f)
	if !(a >= 1e-3 && a < 1e7) { // also NaN
		return jre.AppendDouble(dst, f)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], a, 'e', -1, 64) // d[.ddd]e±XX
	// split into digits and the decimal exponent
	var digits [24]byte
	nd := 0
	i := 0
	for ; i < len(e) && e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[nd] = e[i]
			nd++
		}
	}
	if nd > 15 {
		return jre.AppendDouble(dst, f)
	}
	exp := 0
	neg := e[i+1] == '-'
	for _, c := range e[i+2:] {
		exp = exp*10 + int(c-'0')
	}
	if neg {
		exp = -exp
	}
	if f < 0 {
		dst = append(dst, '-')
	}
	point := exp + 1 // digits before the decimal point
	switch {
	case point <= 0:
		dst = append(dst, '0', '.')
		for ; point < 0; point++ {
			dst = append(dst, '0')
		}
		return append(dst, digits[:nd]...)
	case point >= nd:
		dst = append(dst, digits[:nd]...)
		for ; point > nd; point-- {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	}
	dst = append(dst, digits[:point]...)
	dst = append(dst, '.')
	return append(dst, digits[point:nd]...)
}
