package vtl

import (
	"fmt"
	"math"
	"math/big"

	"github.com/apigate/apigate/internal/jre"
)

// Arithmetic follows Velocity 1.7's MathUtils: integers (Integer, Long) compute in 64 bits and
// the result takes the wider operand's type, widening to Long and then BigInteger on overflow;
// a Double makes the operation a double one, except with a BigInteger or BigDecimal, which
// make it a BigDecimal one. Division and modulo by zero yield null.

type calcBase uint8

const (
	baseLong calcBase = iota
	baseBigInt
	baseDouble
	baseDecimal
)

func calculationBase(a, b Value) calcBase {
	aInt := a.kind == Int || a.kind == Long || a.kind == BigInt
	bInt := b.kind == Int || b.kind == Long || b.kind == BigInt
	if a.kind == Decimal || b.kind == Decimal || (!aInt || !bInt) && (a.kind == BigInt || b.kind == BigInt) {
		return baseDecimal
	}
	if aInt && bInt {
		if a.kind == BigInt || b.kind == BigInt {
			return baseBigInt
		}
		return baseLong
	}
	return baseDouble
}

// wrapLong is MathUtils.wrapPrimitive: the result gets the larger operand type, widened if it
// does not fit.
func wrapLong(r int64, a, b Value) Value {
	if a.kind == Long || b.kind == Long {
		return LongValue(r)
	}
	return IntegerValue(r)
}

func bigResult(b *big.Int) Value {
	return Value{kind: BigInt, ref: b}
}

// arith computes a + - * / % b for two numbers; the error is MathUtils' ArithmeticException.
func arith(op opKind, a, b Value) (Value, error) {
	if (op == opDiv || op == opMod) && isZero(b) {
		return NullValue, nil
	}
	base := calculationBase(a, b)
	if base == baseDecimal {
		return decimalArith(op, a, b)
	}
	if base == baseBigInt && op == opMod && b.AsBigInt().Sign() < 0 {
		return NullValue, fmt.Errorf("%w: %w", ErrMethodException,
			&jre.Exception{Class: "java.lang.ArithmeticException", Message: "BigInteger: modulus not positive"})
	}
	return binaryArith(op, base, a, b), nil
}

// binaryArith is the Long, BigInteger and Double branches of MathUtils.
func binaryArith(op opKind, base calcBase, a, b Value) Value {
	switch base {
	case baseLong:
		x, y := int64(a.num), int64(b.num)
		switch op {
		case opAdd:
			r := x + y
			if (r^x) < 0 && (r^y) < 0 {
				return bigResult(new(big.Int).Add(big.NewInt(x), big.NewInt(y)))
			}
			return wrapLong(r, a, b)
		case opSub:
			r := x - y
			if (r^x) < 0 && (r^^y) < 0 {
				return bigResult(new(big.Int).Sub(big.NewInt(x), big.NewInt(y)))
			}
			return wrapLong(r, a, b)
		case opMul:
			r := x * y
			if y != 0 && r/y != x {
				return bigResult(new(big.Int).Mul(big.NewInt(x), big.NewInt(y)))
			}
			return wrapLong(r, a, b)
		case opDiv:
			return wrapLong(x/y, a, b) // Go, like Java, gives MinInt64 / -1 = MinInt64
		case opMod:
			return wrapLong(x%y, a, b)
		}
	case baseBigInt:
		x, y := a.AsBigInt(), b.AsBigInt()
		r := new(big.Int)
		switch op {
		case opAdd:
			r.Add(x, y)
		case opSub:
			r.Sub(x, y)
		case opMul:
			r.Mul(x, y)
		case opDiv:
			r.Quo(x, y) // truncates toward zero, as BigInteger.divide
		case opMod:
			r.Mod(x, y) // BigInteger.mod: never negative (a modulus <= 0 failed in arith)
		}
		return bigResult(r)
	}
	x, y := a.AsFloat64(), b.AsFloat64()
	switch op {
	case opAdd:
		return DoubleValue(x + y)
	case opSub:
		return DoubleValue(x - y)
	case opMul:
		return DoubleValue(x * y)
	case opDiv:
		return DoubleValue(x / y)
	case opMod:
		return DoubleValue(math.Mod(x, y))
	}
	return NullValue
}

func isZero(v Value) bool {
	switch v.kind {
	case Int, Long:
		return v.num == 0
	case Double:
		return math.Float64frombits(v.num) == 0
	case BigInt:
		return v.bigint().Sign() == 0
	case Decimal:
		return v.dec().unscaled.Sign() == 0
	}
	return false
}

// compareNumbers is MathUtils.compare: -1, 0 or 1 (a NaN compares equal to everything).
func compareNumbers(a, b Value) int {
	switch calculationBase(a, b) {
	case baseLong:
		x, y := int64(a.num), int64(b.num)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case baseBigInt:
		return a.AsBigInt().Cmp(b.AsBigInt())
	case baseDecimal:
		return compareDecimals(toDecimal(a), toDecimal(b))
	}
	x, y := a.AsFloat64(), b.AsFloat64()
	switch {
	case x > y:
		return 1
	case x < y:
		return -1
	}
	return 0
}
