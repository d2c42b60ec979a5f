package jre

import (
	"math"
	"math/big"
	"math/bits"
)

// FormatDouble returns Java's Double.toString(f) as JDK 17 prints it.
func FormatDouble(f float64) string {
	var buf [32]byte
	return string(AppendDouble(buf[:0], f))
}

// AppendDouble appends Java's Double.toString(f) as JDK 17 prints it to dst and returns the
// extended slice.
//
// JDK 17 still converts with the historical sun.misc.FloatingDecimal algorithm (replaced by a
// shortest-digits algorithm only in JDK 19). That algorithm stops generating digits with a
// symmetric error test and rounds the last digit afterwards, so it sometimes prints more digits
// than needed (2.0E-3 prints as "0.0020", 1.0E23 as "1.0E23" but 2^-1074 as "4.9E-324"). Go's
// strconv gives the shortest representation, which is why this function reimplements the
// FloatingDecimal steps: the integer fast path, the decimal exponent estimate, the int, long and
// big-integer digit loops with their exact stopping tests, and the final rounding.
func AppendDouble(dst []byte, f float64) []byte {
	fbits := math.Float64bits(f)
	negative := fbits>>63 != 0
	fract := fbits & (1<<52 - 1)
	binExp := int(fbits>>52) & 0x7ff
	if binExp == 0x7ff {
		switch {
		case fract != 0:
			return append(dst, "NaN"...)
		case negative:
			return append(dst, "-Infinity"...)
		}
		return append(dst, "Infinity"...)
	}
	if negative {
		dst = append(dst, '-')
	}
	var nSignificantBits int
	if binExp == 0 {
		if fract == 0 {
			return append(dst, "0.0"...)
		}
		leadingZeros := bits.LeadingZeros64(fract)
		shift := leadingZeros - (63 - 52)
		fract <<= uint(shift)
		binExp = 1 - shift
		nSignificantBits = 64 - leadingZeros
	} else {
		fract |= 1 << 52
		nSignificantBits = 53
	}
	var d decimalDigits
	d.convert(binExp-1023, fract, nSignificantBits)
	return d.appendJava(dst)
}

// decimalDigits is the decimal form FloatingDecimal produces: digits[first:first+n] are the
// significant digits and the value is 0.d1d2d3... * 10^exponent.
type decimalDigits struct {
	digits   [24]byte
	first    int
	n        int
	exponent int
}

// fiveBits[i] is the number of bits of 5^i, as FloatingDecimal's N_5_BITS table.
var fiveBits = [...]int{0, 3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40, 42, 45, 47, 49, 52, 54, 56, 59, 61}

// pow5 returns 5^i for i < len(fiveBits).
func pow5(i int) int64 {
	p := int64(1)
	for ; i > 0; i-- {
		p *= 5
	}
	return p
}

// bitsOfPow5 is FloatingDecimal's estimate of the bit length of 5^i.
func bitsOfPow5(i int) int {
	if i < len(fiveBits) {
		return fiveBits[i]
	}
	return i * 3
}

// convert develops the decimal digits of fract * 2^(binExp-52), where fract has its high bit
// at position 52 and nSignificantBits significant bits.
func (d *decimalDigits) convert(binExp int, fract uint64, nSignificantBits int) {
	tailZeros := bits.TrailingZeros64(fract)
	nFractBits := 53 - tailZeros
	nTinyBits := max(0, nFractBits-binExp-1)
	if binExp <= 62 && binExp >= -21 && nTinyBits < len(fiveBits) && nFractBits+fiveBits[nTinyBits] < 64 && nTinyBits == 0 {
		// An integer that fits a long.
		insignificant := 0
		if binExp > nSignificantBits {
			insignificant = insignificantDigits(binExp - nSignificantBits - 1)
		}
		if binExp >= 52 {
			fract <<= uint(binExp - 52)
		} else {
			fract >>= uint(52 - binExp)
		}
		d.developLong(int64(fract), insignificant)
		return
	}

	decExp := estimateDecExp(fract, binExp)
	b5 := max(0, -decExp)
	b2 := b5 + nTinyBits + binExp
	s5 := max(0, decExp)
	s2 := s5 + nTinyBits
	m5 := b5
	m2 := b2 - nSignificantBits

	fract >>= uint(tailZeros)
	b2 -= nFractBits - 1
	common := min(b2, s2)
	b2 -= common
	s2 -= common
	m2 -= common
	if nFractBits == 1 {
		m2--
	}
	if m2 < 0 {
		b2 -= m2
		s2 -= m2
		m2 = 0
	}

	bBits := nFractBits + b2 + bitsOfPow5(b5)
	tenSBits := s2 + 1 + bitsOfPow5(s5+1)
	var high, low bool
	var lowDigitDifference int64
	switch {
	case bBits < 32 && tenSBits < 32:
		decExp, high, low, lowDigitDifference = digitLoop[int32](d, decExp, int32(fract)*int32(pow5(b5))<<uint(b2), int32(pow5(s5))<<uint(s2), int32(pow5(m5))<<uint(m2))
	case bBits < 64 && tenSBits < 64:
		decExp, high, low, lowDigitDifference = digitLoop[int64](d, decExp, int64(fract)*pow5(b5)<<uint(b2), pow5(s5)<<uint(s2), pow5(m5)<<uint(m2))
	default:
		decExp, high, low, lowDigitDifference = d.loopBig(decExp, fract, b5, b2, s5, s2, m5, m2)
	}
	d.exponent = decExp + 1
	d.first = 0
	if high {
		if low {
			if lowDigitDifference == 0 {
				if d.digits[d.first+d.n-1]&1 != 0 {
					d.roundUp()
				}
			} else if lowDigitDifference > 0 {
				d.roundUp()
			}
		} else {
			d.roundUp()
		}
	}
}

// needsMoreDigits reports whether the scientific (E) form will be used for decExp, in which
// case FloatingDecimal insists on at least two digits.
func needsMoreDigits(decExp int) bool { return decExp < -3 || decExp >= 8 }

// digitLoop is FloatingDecimal's digit loop, run in int (int32) when every quantity fits one
// and in long (int64) otherwise; T's arithmetic wraps exactly as Java's does for that type.
func digitLoop[T int32 | int64](d *decimalDigits, decExp int, b, s, m T) (int, bool, bool, int64) {
	tens := s * 10
	q := b / s
	b = 10 * (b % s)
	m *= 10
	low := b < m
	high := b+m > tens
	d.n = 0
	if q == 0 && !high {
		decExp--
	} else {
		d.digits[d.n] = byte('0' + q)
		d.n++
	}
	if needsMoreDigits(decExp) {
		high, low = false, false
	}
	for !low && !high && d.n < len(d.digits) {
		q = b / s
		b = 10 * (b % s)
		m *= 10
		if m > 0 {
			low = b < m
			high = b+m > tens
		} else {
			low, high = true, true
		}
		d.digits[d.n] = byte('0' + q)
		d.n++
	}
	return decExp, high, low, int64(b<<1 - tens)
}

// loopBig is the digit loop with arbitrary precision integers. Its "high" test is B+M >= 10S
// where the int and long loops test B+M > 10S; FloatingDecimal differs the same way.
func (d *decimalDigits) loopBig(decExp int, fract uint64, b5, b2, s5, s2, m5, m2 int) (int, bool, bool, int64) {
	s := pow52(s5, s2)
	b := pow52(b5, b2)
	b.Mul(b, new(big.Int).SetUint64(fract))
	m := pow52(m5+1, m2+1)
	tenS := pow52(s5+1, s2+1)
	ten := big.NewInt(10)
	q := new(big.Int)
	sum := new(big.Int)

	step := func() int {
		q.QuoRem(b, s, b)
		b.Mul(b, ten)
		return int(q.Int64())
	}
	test := func() (bool, bool) {
		return b.Cmp(m) < 0, tenS.Cmp(sum.Add(b, m)) <= 0
	}
	digit := step()
	low, high := test()
	d.n = 0
	if digit == 0 && !high {
		decExp--
	} else {
		d.digits[d.n] = byte('0' + digit)
		d.n++
	}
	if needsMoreDigits(decExp) {
		high, low = false, false
	}
	for !low && !high && d.n < len(d.digits) {
		digit = step()
		m.Mul(m, ten)
		low, high = test()
		d.digits[d.n] = byte('0' + digit)
		d.n++
	}
	var lowDigitDifference int64
	if high && low {
		lowDigitDifference = int64(b.Lsh(b, 1).Cmp(tenS))
	}
	return decExp, high, low, lowDigitDifference
}

// pow52 returns 5^p5 * 2^p2.
func pow52(p5, p2 int) *big.Int {
	r := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(p5)), nil)
	return r.Lsh(r, uint(p2))
}

// insignificantDigits is FloatingDecimal's count of decimal digits that 2^p2 makes meaningless
// in an integer that exceeds 53 bits.
func insignificantDigits(p2 int) int {
	if p2 > 1 && p2 < 64 {
		return int(float64(p2) * math.Log10(2))
	}
	return 0
}

// estimateDecExp returns floor(log10(value)) estimated as FloatingDecimal does, from the
// mantissa bits and the binary exponent; it may be one too high.
func estimateDecExp(fract uint64, binExp int) int {
	d2 := math.Float64frombits(uint64(1023)<<52 | fract&(1<<52-1))
	d := (d2-1.5)*0.289529654 + 0.176091259 + float64(binExp)*0.301029995663981
	return int(math.Floor(d))
}

// developLong stores the digits of the positive integer v, dropping `insignificant` low digits
// with rounding and then the trailing zeros.
func (d *decimalDigits) developLong(v int64, insignificant int) {
	exp := 0
	if insignificant != 0 {
		pow10 := pow5(insignificant) << uint(insignificant)
		residue := v % pow10
		v /= pow10
		exp += insignificant
		if residue >= pow10>>1 {
			v++
		}
	}
	i := len(d.digits) - 1
	c := v % 10
	v /= 10
	for c == 0 {
		exp++
		c = v % 10
		v /= 10
	}
	for v != 0 {
		d.digits[i] = byte('0' + c)
		i--
		exp++
		c = v % 10
		v /= 10
	}
	d.digits[i] = byte('0' + c)
	d.exponent = exp + 1
	d.first = i
	d.n = len(d.digits) - i
}

// roundUp adds one to the last digit, carrying as FloatingDecimal does (a carry out of the
// first digit leaves the trailing digits as zeros).
func (d *decimalDigits) roundUp() {
	i := d.first + d.n - 1
	q := d.digits[i]
	if q == '9' {
		for q == '9' && i > d.first {
			d.digits[i] = '0'
			i--
			q = d.digits[i]
		}
		if q == '9' {
			d.exponent++
			d.digits[d.first] = '1'
			return
		}
	}
	d.digits[i] = q + 1
}

// appendJava appends the digits in Double.toString's layout: plain notation for
// 10^-3 <= |value| < 10^7, computerized scientific notation otherwise.
func (d *decimalDigits) appendJava(dst []byte) []byte {
	digits := d.digits[d.first : d.first+d.n]
	exp := d.exponent
	switch {
	case exp > 0 && exp < 8:
		intLen := min(len(digits), exp)
		dst = append(dst, digits[:intLen]...)
		if intLen < exp {
			for range exp - intLen {
				dst = append(dst, '0')
			}
			return append(dst, '.', '0')
		}
		dst = append(dst, '.')
		if intLen < len(digits) {
			return append(dst, digits[intLen:]...)
		}
		return append(dst, '0')
	case exp <= 0 && exp > -3:
		dst = append(dst, '0', '.')
		for range -exp {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[0], '.')
	if len(digits) > 1 {
		dst = append(dst, digits[1:]...)
	} else {
		dst = append(dst, '0')
	}
	dst = append(dst, 'E')
	e := exp - 1
	if exp <= 0 {
		dst = append(dst, '-')
		e = -exp + 1
	}
	if e >= 100 {
		dst = append(dst, byte('0'+e/100))
		e %= 100
		dst = append(dst, byte('0'+e/10))
	} else if e >= 10 {
		dst = append(dst, byte('0'+e/10))
	}
	return append(dst, byte('0'+e%10))
}
