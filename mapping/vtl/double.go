package vtl

import (
	"math"
	"strconv"

	"github.com/apigate/apigate/internal/jre"
)

// appendDouble appends Java's Double.toString of f. JDK 17's algorithm (FloatingDecimal) is
// not always the shortest representation, and jre reproduces it exactly but slowly. For the
// values templates print most, plain decimals between 10^-3 and 10^7 whose shortest form has
// at most 15 significant digits, JDK 17 prints exactly the shortest form (checked against the
// JDK on 2.6 million such values, and by TestAppendDoubleFastPath against jre), so those take
// a fast path: the fewest decimals k for which round(f·10^k)/10^k is f again give that form.
func appendDouble(dst []byte, f float64) []byte {
	a := math.Abs(f)
	if !(a >= 1e-3 && a < 1e7) { // also NaN
		return jre.AppendDouble(dst, f)
	}
	intDigits := 1 // digits before the point, counting the 0 of 0.xxx
	for p := 10.0; a >= p; p *= 10 {
		intDigits++
	}
	lead := 0 // zeros after the point before the first significant digit of a value below 1
	if a < 1 {
		intDigits = 0
		for p := 0.1; a < p; p /= 10 {
			lead++
		}
	}
	for k := 0; k+intDigits-lead <= 15 && k <= 18; k++ {
		n := math.RoundToEven(a * pow10f[k]) // at most one integer n has n/10^k == a, so any rounding finds it
		if n/pow10f[k] != a {
			continue
		}
		if f < 0 {
			dst = append(dst, '-')
		}
		u := uint64(n)
		whole, frac := u/pow10u[k], u%pow10u[k]
		dst = strconv.AppendUint(dst, whole, 10)
		dst = append(dst, '.')
		if k == 0 {
			return append(dst, '0')
		}
		var digits [20]byte
		for i := k - 1; i >= 0; i-- { // k digits, leading zeros kept
			digits[i] = byte('0' + frac%10)
			frac /= 10
		}
		return append(dst, digits[:k]...)
	}
	return jre.AppendDouble(dst, f)
}

var pow10f = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18}
