package vtl

import (
	"math"

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
	// Most printed doubles (prices, rates) have at most two decimals: one rounding tells, and
	// then the fewest decimals are two less n's trailing zeros (another integer m with
	// m/10^k == a would make m·10^(2-k) one with n's property, and there is only one).
	if n := math.RoundToEven(a * 100); n/100 == a {
		u, k := uint64(n), 2
		for k > 0 && u%10 == 0 {
			u, k = u/10, k-1
		}
		return appendFixed(dst, f < 0, u, k)
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
	for k := 3; k+intDigits-lead <= 15 && k <= 18; k++ { // k < 3 was ruled out above
		n := math.RoundToEven(a * pow10f[k]) // at most one integer n has n/10^k == a, so any rounding finds it
		if n/pow10f[k] == a {
			return appendFixed(dst, f < 0, uint64(n), k)
		}
	}
	return jre.AppendDouble(dst, f)
}

// appendFixed appends -u/10^k if neg, else u/10^k, with exactly k decimals (at least one).
func appendFixed(dst []byte, neg bool, u uint64, k int) []byte {
	var buf [24]byte // 20 digits, the point, a 0 before it, the sign
	i := len(buf)
	if k == 0 {
		i--
		buf[i] = '0'
	}
	for ; k > 0; k-- { // the decimals, leading zeros kept
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	i--
	buf[i] = '.'
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return append(dst, buf[i:]...)
}

var pow10f = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18}
