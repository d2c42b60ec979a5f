package vtl

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/apigate/apigate/internal/jre"
)

// decimal is a java.math.BigDecimal: unscaled × 10^-scale. Velocity's MathUtils computes in
// BigDecimal when a Double meets a BigInteger, and json-smart reads decimals longer than 18
// characters as BigDecimal.
type decimal struct {
	unscaled *big.Int
	scale    int32
}

// DecimalValue returns a java.math.BigDecimal of value unscaled × 10^-scale. unscaled must not
// be changed afterwards.
func DecimalValue(unscaled *big.Int, scale int32) Value {
	return Value{kind: Decimal, ref: &decimal{unscaled: unscaled, scale: scale}}
}

// ParseDecimal parses a decimal number as new BigDecimal(String) does ("12.50", "-1E+3").
func ParseDecimal(s string) (Value, bool) {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil || e > math.MaxInt32/2 || e < -math.MaxInt32/2 {
			return NullValue, false
		}
		mant, exp = s[:i], e
	}
	scale := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		scale = len(mant) - i - 1
		mant = mant[:i] + mant[i+1:]
	}
	if mant == "" || mant == "-" || mant == "+" {
		return NullValue, false
	}
	u, ok := new(big.Int).SetString(mant, 10)
	if !ok {
		return NullValue, false
	}
	return DecimalValue(u, int32(scale-exp)), true
}

// toDecimal is MathUtils.toBigDecimal: integers exactly, a Double as its exact binary value
// (new BigDecimal(double)).
func toDecimal(v Value) *decimal {
	switch v.kind {
	case Decimal:
		return v.dec()
	case BigInt:
		return &decimal{unscaled: v.bigint(), scale: 0}
	case Int, Long:
		return &decimal{unscaled: big.NewInt(int64(v.num)), scale: 0}
	}
	return decimalOfFloat(v.AsFloat64())
}

// decimalOfFloat is new BigDecimal(double). Infinities and NaN, which Java rejects, become 0.
func decimalOfFloat(f float64) *decimal {
	if math.IsInf(f, 0) || math.IsNaN(f) || f == 0 {
		return &decimal{unscaled: new(big.Int)}
	}
	frac, exp := math.Frexp(f) // f = frac × 2^exp, 0.5 <= |frac| < 1
	m := int64(frac * (1 << 53))
	exp -= 53
	for m&1 == 0 { // Java strips trailing zero bits of the significand
		m >>= 1
		exp++
	}
	u := big.NewInt(m)
	if exp >= 0 {
		return &decimal{unscaled: u.Lsh(u, uint(exp)), scale: 0}
	}
	// m / 2^k = m·5^k / 10^k
	five := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(-exp)), nil)
	return &decimal{unscaled: u.Mul(u, five), scale: int32(-exp)}
}

var bigTen = big.NewInt(10)

func pow10(n int32) *big.Int { return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil) }

// aligned returns both unscaled values at the larger scale.
func aligned(a, b *decimal) (x, y *big.Int, scale int32) {
	switch {
	case a.scale == b.scale:
		return a.unscaled, b.unscaled, a.scale
	case a.scale > b.scale:
		return a.unscaled, new(big.Int).Mul(b.unscaled, pow10(a.scale-b.scale)), a.scale
	}
	return new(big.Int).Mul(a.unscaled, pow10(b.scale-a.scale)), b.unscaled, b.scale
}

// errDecimalModulo is what MathUtils throws for % in its BigDecimal branch.
var errDecimalModulo = &jre.Exception{Class: "java.lang.ArithmeticException", Message: "Cannot calculate the modulo of BigDecimals."}

// decimalArith is MathUtils' BigDecimal branch. Division keeps the dividend's scale and rounds
// half down (BigDecimal.ROUND_HALF_DOWN); modulo is an error, as in Velocity 1.7.
func decimalArith(op opKind, av, bv Value) (Value, error) {
	a, b := toDecimal(av), toDecimal(bv)
	switch op {
	case opAdd, opSub:
		x, y, scale := aligned(a, b)
		r := new(big.Int)
		if op == opAdd {
			r.Add(x, y)
		} else {
			r.Sub(x, y)
		}
		return DecimalValue(r, scale), nil
	case opMul:
		return DecimalValue(new(big.Int).Mul(a.unscaled, b.unscaled), a.scale+b.scale), nil
	case opDiv:
		// quotient at scale a.scale: a.u·10^b.scale / b.u
		num, den := new(big.Int).Set(a.unscaled), new(big.Int).Set(b.unscaled)
		if b.scale >= 0 {
			num.Mul(num, pow10(b.scale))
		} else {
			den.Mul(den, pow10(-b.scale))
		}
		return DecimalValue(divHalfDown(num, den), a.scale), nil
	}
	return NullValue, fmt.Errorf("%w: %w", ErrMethodException, errDecimalModulo)
}

// divHalfDown divides rounding to the nearest integer, ties toward zero.
func divHalfDown(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Sign() == 0 {
		return q
	}
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if twice.Cmp(new(big.Int).Abs(den)) > 0 { // more than half: away from zero
		if (num.Sign() < 0) != (den.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// lowInt64 is BigInteger.longValue: the low 64 bits, two's complement.
func lowInt64(b *big.Int) int64 {
	if b.IsInt64() {
		return b.Int64()
	}
	low := new(big.Int).And(b, new(big.Int).SetUint64(math.MaxUint64)) // two's complement of negatives too
	return int64(low.Uint64())
}

func compareDecimals(a, b *decimal) int {
	x, y, _ := aligned(a, b)
	return x.Cmp(y)
}

// appendDecimal is BigDecimal.toString: plain notation unless the scale is negative or the
// number is below 10^-6, else scientific with an explicit exponent sign (1.5E+20).
func appendDecimal(dst []byte, d *decimal) []byte {
	coeff := new(big.Int).Abs(d.unscaled).String()
	if d.unscaled.Sign() < 0 {
		dst = append(dst, '-')
	}
	adjusted := -int64(d.scale) + int64(len(coeff)-1)
	scale := int(d.scale)
	if d.scale >= 0 && adjusted >= -6 {
		switch {
		case scale == 0:
			return append(dst, coeff...)
		case len(coeff) > scale:
			dst = append(dst, coeff[:len(coeff)-scale]...)
			dst = append(dst, '.')
			return append(dst, coeff[len(coeff)-scale:]...)
		}
		dst = append(dst, '0', '.')
		dst = append(dst, strings.Repeat("0", scale-len(coeff))...)
		return append(dst, coeff...)
	}
	dst = append(dst, coeff[0])
	if len(coeff) > 1 {
		dst = append(dst, '.')
		dst = append(dst, coeff[1:]...)
	}
	dst = append(dst, 'E')
	if adjusted >= 0 {
		dst = append(dst, '+')
	}
	return strconv.AppendInt(dst, adjusted, 10)
}
