package vtl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// maxJSONDepth bounds nesting in ParseJSON.
const maxJSONDepth = 512

// ParseJSON converts a JSON document into a Value the way Jackson's ObjectMapper reads it into
// plain Java objects: objects become insertion-ordered maps, arrays lists (both printing
// Java-style), integers an Integer, Long or BigInteger by size, other numbers a Double. As
// Jackson canonicalizes field names, every occurrence of one object key in the document shares
// one string, and each map is built at its final size.
func ParseJSON(data []byte) (Value, error) {
	r := &jsonReader{dec: json.NewDecoder(bytes.NewReader(data)), names: map[string]string{}}
	r.dec.UseNumber()
	v, err := r.value(0)
	if err != nil {
		return NullValue, fmt.Errorf("vtl: invalid JSON: %w", err)
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return NullValue, errors.New("vtl: invalid JSON: data after the value")
	}
	return v, nil
}

// jsonReader is the state of one ParseJSON.
type jsonReader struct {
	dec        *json.Decoder
	names      map[string]string // the object keys read so far, each kept once
	keys, vals []Value           // the members of the objects being read, innermost last
}

func (r *jsonReader) value(depth int) (Value, error) {
	if depth > maxJSONDepth {
		return NullValue, errors.New("nested too deeply")
	}
	tok, err := r.dec.Token()
	if err != nil {
		return NullValue, err
	}
	switch t := tok.(type) {
	case nil:
		return NullValue, nil
	case bool:
		return BoolValue(t), nil
	case string:
		return StringValue(t), nil
	case json.Number:
		return numberValue(string(t)), nil
	case json.Delim:
		if t == '[' {
			l := NewList()
			for r.dec.More() {
				v, err := r.value(depth + 1)
				if err != nil {
					return NullValue, err
				}
				l.Append(v)
			}
			_, err := r.dec.Token()
			return ListValue(l), err
		}
		base := len(r.keys)
		for r.dec.More() {
			kt, err := r.dec.Token()
			if err != nil {
				return NullValue, err
			}
			k := kt.(string)
			if name, ok := r.names[k]; ok {
				k = name
			} else {
				r.names[k] = k
			}
			v, err := r.value(depth + 1)
			if err != nil {
				return NullValue, err
			}
			r.keys, r.vals = append(r.keys, StringValue(k)), append(r.vals, v)
		}
		m := NewMapOf(r.keys[base:], r.vals[base:])
		r.keys, r.vals = r.keys[:base], r.vals[:base]
		_, err := r.dec.Token()
		return MapValue(m), err
	}
	return NullValue, fmt.Errorf("unexpected token %v", tok)
}

// numberValue types a JSON number as Jackson (2.14, the oracle's) does: an Integer up to 9
// digits, a Long up to 18, a BigInteger from 19 digits on even within the long range.
func numberValue(s string) Value {
	if !strings.ContainsAny(s, ".eE") {
		if digits := len(strings.TrimPrefix(s, "-")); digits <= 18 {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return IntegerValue(i)
			}
		}
		if b, ok := new(big.Int).SetString(s, 10); ok {
			return Value{kind: BigInt, ref: b}
		}
	}
	f, _ := strconv.ParseFloat(s, 64)
	return DoubleValue(f)
}

// ValueOf converts a Go value into a Value: strings, booleans, integers (int32 and smaller as
// Integer, int and int64 as Integer or Long by size), floats as Double, json.Number as
// ParseJSON would type it, []any, []string and []Value as lists, map[string]any,
// map[string]string and map[string]Value as maps (keys sorted, as Go maps have no order), and
// Value, *List, *Map and Object as themselves. Anything else becomes its fmt.Sprint string.
func ValueOf(x any) Value {
	switch t := x.(type) {
	case nil:
		return NullValue
	case Value:
		return t
	case *List:
		return ListValue(t)
	case *Map:
		return MapValue(t)
	case Object:
		return ObjectValue(t)
	case string:
		return StringValue(t)
	case bool:
		return BoolValue(t)
	case int:
		return IntegerValue(int64(t))
	case int8:
		return IntValue(int32(t))
	case int16:
		return IntValue(int32(t))
	case int32:
		return IntValue(t)
	case int64:
		return IntegerValue(t)
	case uint8:
		return IntValue(int32(t))
	case uint16:
		return IntValue(int32(t))
	case uint32:
		return IntegerValue(int64(t))
	case uint:
		return ValueOf(uint64(t))
	case uint64:
		if t <= 1<<63-1 {
			return IntegerValue(int64(t))
		}
		return BigIntValue(new(big.Int).SetUint64(t))
	case float32:
		return DoubleValue(float64(t))
	case float64:
		return DoubleValue(t)
	case json.Number:
		return numberValue(string(t))
	case *big.Int:
		return BigIntValue(new(big.Int).Set(t))
	case []any:
		items := make([]Value, len(t))
		for i, e := range t {
			items[i] = ValueOf(e)
		}
		return ListValue(NewList(items...))
	case []string:
		items := make([]Value, len(t))
		for i, e := range t {
			items[i] = StringValue(e)
		}
		return ListValue(NewList(items...))
	case []Value:
		return ListValue(NewList(t...))
	case map[string]any:
		return mapOf(len(t), func(yield func(string, Value)) {
			for _, k := range sortedKeys(t) {
				yield(k, ValueOf(t[k]))
			}
		})
	case map[string]string:
		return mapOf(len(t), func(yield func(string, Value)) {
			for _, k := range sortedKeys(t) {
				yield(k, StringValue(t[k]))
			}
		})
	case map[string]Value:
		return mapOf(len(t), func(yield func(string, Value)) {
			for _, k := range sortedKeys(t) {
				yield(k, t[k])
			}
		})
	}
	return StringValue(fmt.Sprint(x))
}

func mapOf(n int, each func(func(string, Value))) Value {
	m := NewMap(n)
	each(func(k string, v Value) { m.PutString(k, v) })
	return MapValue(m)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
