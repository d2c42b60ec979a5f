package vtl

import (
	"math"
	"strconv"

	"github.com/apigate/apigate/internal/jsonstr"
)

// maxPrintDepth bounds how deep nested (or self-containing) collections print.
const maxPrintDepth = 256

// String returns Java's toString of v: "null" for null, numbers as Java prints them (a Double
// always has a fraction or exponent: 1.0, 1.0E10), lists as [a, b] (or compact JSON for JSON
// lists), maps as {k=v, k2=v2}.
func (v Value) String() string {
	if v.kind == String || v.kind == Char {
		return v.s()
	}
	return string(appendJava(nil, v, 0, math.MaxInt))
}

// appendJava appends Java's toString of v, stopping once dst exceeds limit bytes.
func appendJava(dst []byte, v Value, depth, limit int) []byte {
	switch v.kind {
	case Null:
		return append(dst, "null"...)
	case Bool:
		if v.num != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Int, Long:
		return strconv.AppendInt(dst, int64(v.num), 10)
	case BigInt:
		return v.bigint().Append(dst, 10)
	case Decimal:
		return appendDecimal(dst, v.dec())
	case Double:
		return appendDouble(dst, math.Float64frombits(v.num))
	case String, Char:
		return append(dst, v.s()...)
	case ListKind:
		l := v.list()
		if l.style == ListJSON {
			return appendJSON(dst, v, depth, limit)
		}
		if depth > maxPrintDepth {
			return append(dst, "[...]"...)
		}
		dst = append(dst, '[')
		for i, e := range l.items {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			if len(dst) > limit {
				break
			}
			if e.kind == ListKind && e.ref == v.ref {
				dst = append(dst, "(this Collection)"...)
				continue
			}
			dst = appendJava(dst, e, depth+1, limit)
		}
		return append(dst, ']')
	case MapKind:
		m := v.mapv()
		if m.style == MapBlank {
			return dst
		}
		if depth > maxPrintDepth {
			return append(dst, "{...}"...)
		}
		dst = append(dst, '{')
		for i := range m.keys {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			if len(dst) > limit {
				break
			}
			dst = appendJavaElem(dst, m.keys[i], v, depth, limit)
			dst = append(dst, '=')
			dst = appendJavaElem(dst, m.vals[i], v, depth, limit)
		}
		return append(dst, '}')
	case ObjectKind:
		return append(dst, v.obj().String()...)
	}
	return dst
}

func appendJavaElem(dst []byte, e, self Value, depth, limit int) []byte {
	if e.kind == MapKind && e.ref == self.ref {
		return append(dst, "(this Map)"...)
	}
	return appendJava(dst, e, depth+1, limit)
}

// AppendJSON appends v as compact JSON the way json-smart's JSONValue.toJSONString writes it,
// which is how API Gateway prints $input.json results and arrays from $input.path: strings
// escaped for the web ("/" becomes "\/", control characters and U+007F–U+009F and
// U+2000–U+20FF become \uXXXX), numbers as Java prints them, null, NaN and infinities as null.
func AppendJSON(dst []byte, v Value) []byte { return appendJSON(dst, v, 0, math.MaxInt) }

func appendJSON(dst []byte, v Value, depth, limit int) []byte {
	if depth > maxPrintDepth || len(dst) > limit {
		return append(dst, "null"...)
	}
	switch v.kind {
	case Null:
		return append(dst, "null"...)
	case Double:
		f := math.Float64frombits(v.num)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return append(dst, "null"...)
		}
		return appendDouble(dst, f)
	case Bool, Int, Long, BigInt, Decimal:
		return appendJava(dst, v, depth, limit)
	case String, Char:
		return jsonstr.Append(dst, v.s(), jsonstr.Smart)
	case ListKind:
		dst = append(dst, '[')
		for i, e := range v.list().items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, e, depth+1, limit)
		}
		return append(dst, ']')
	case MapKind:
		m := v.mapv()
		dst = append(dst, '{')
		for i := range m.keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonstr.Append(dst, m.keys[i].String(), jsonstr.Smart)
			dst = append(dst, ':')
			dst = appendJSON(dst, m.vals[i], depth+1, limit)
		}
		return append(dst, '}')
	case ObjectKind:
		if c, ok := v.obj().(collection); ok { // json-smart writes any Collection as an array
			return appendJSON(dst, ListValue(NewList(c.snapshot()...)), depth, limit)
		}
		return jsonstr.Append(dst, v.obj().String(), jsonstr.Smart)
	}
	return dst
}
