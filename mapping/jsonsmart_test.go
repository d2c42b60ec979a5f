package mapping

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

// dumpValue prints a value with its Java kind, so that tests see Integer and Long apart.
func dumpValue(v vtl.Value) string {
	switch v.Kind() {
	case vtl.MapKind:
		var b strings.Builder
		b.WriteString("{")
		for i, k := range v.AsMap().Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			val, _ := v.AsMap().Get(k)
			b.WriteString(k.AsString() + "=" + dumpValue(val))
		}
		return b.String() + "}"
	case vtl.ListKind:
		parts := make([]string, 0, v.AsList().Len())
		for _, it := range v.AsList().Items() {
			parts = append(parts, dumpValue(it))
		}
		style := "J"
		if v.AsList().Style() == vtl.ListJava {
			style = ""
		}
		return style + "[" + strings.Join(parts, ", ") + "]"
	case vtl.String:
		return strconv.Quote(v.AsString())
	case vtl.Int:
		return "I" + strconv.FormatInt(v.AsInt64(), 10)
	case vtl.Long:
		return "L" + strconv.FormatInt(v.AsInt64(), 10)
	case vtl.BigInt:
		return "B" + v.AsBigInt().String()
	case vtl.Double:
		return "D" + strconv.FormatFloat(v.AsFloat64(), 'g', -1, 64)
	case vtl.Decimal:
		return "M" + v.String()
	case vtl.Bool:
		return strconv.FormatBool(v.AsBool())
	}
	return "null"
}

func TestParseJSONSmart(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":1}`, `{a=I1}`},
		{`{"json": [{"foo": "bar"}]}`, `{json=J[{foo="bar"}]}`},
		{`a=b`, `"a=b"`},
		{`name=toqoz`, `"name=toqoz"`},
		{`a{b`, `"a{b"`},
		{`a[`, `"a["`},
		{`null{`, `"null{"`},
		{`true{`, `"true{"`},
		{`undefined{`, `"undefined{"`},
		{`"a=b"`, `"a=b"`},
		{`"{}"`, `"{}"`},
		{`{}`, `{}`},
		{`null`, `null`},
		{`true`, `true`},
		{` 42 `, `I42`},
		{`-`, `I0`},
		{`007`, `I7`},
		{`2147483648`, `L2147483648`},
		{`-2147483649`, `L-2147483649`},
		{`9223372036854775808`, `B9223372036854775808`},
		{`1.5`, `D1.5`},
		{`0.1234567890123456`, `D0.1234567890123456`},        // 18 characters: Double
		{`0.1000000000000000001`, `M0.1000000000000000001`},  // 21 characters: BigDecimal
		{`12345678901234567.12e-3`, `M12345678901234.56712`}, // exponent kept exact
		{`-1000000000000000000.5`, `M-1000000000000000000.5`},
		{`1e5`, `D100000`},
		{`1E400`, `D+Inf`},
		{`1e`, `"1e"`},
		{`123abc`, `"123abc"`},
		{`12 34`, `"12 34"`},
		{`[1,2,]`, `J[I1, I2]`},
		{`[,1]`, `J[I1]`},
		{`{,"a":1,}`, `{a=I1}`},
		{`{a:1, 'b': "c"}`, `{a=I1, b="c"}`},
		{`{ key with space : value here }`, `{key with space="value here"}`},
		{`{"a":1 "b":2}`, `{a="1 \"b\":2"}`},
		{`{"a":1,"a":2,"b":3}`, `{a=I2, b=I3}`},
		{`{"a":null}`, `{a=null}`},
		{`{"a":"\u00e9\ud83d\ude00"}`, `{a="é😀"}`},
		{`{"a":"x\qy"}`, `{a="xy"}`},
		{`{"a":"\x41\/\'"}`, `{a="A/'"}`},
		{"{\"a\":\"tab\there\"}", "{a=\"tab\\there\"}"},
		{"{\"a\":\"tab\there\\n\"}", "{a=\"tabhere\\n\"}"},
		{`{"a":"\ud83d"}`, "{a=\"\uFFFD\"}"},
		{`{"a":"\ud83dx"}`, "{a=\"\uFFFDx\"}"},
		{`{"a":"\é"}`, `{a=""}`},
		{`["x", [true, false, null], {"k": -0.5}]`, `J["x", J[true, false, null], {k=D-0.5}]`},
		{`{"a":1} trailing garbage`, `{a=I1}`},
		{`NaN`, `DNaN`},
		{"   ", `""`},
		{"{\"a\":\"\x1a\"}", `{a="\x1a"}`},
	}
	for _, tt := range tests {
		v, err := parseJSONSmart(tt.in)
		if err != nil {
			t.Errorf("parse(%q) error %v", tt.in, err)
			continue
		}
		if got := dumpValue(v); got != tt.want {
			t.Errorf("parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseJSONSmartErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
		pos  int
	}{
		{`{a`, "Unexpected End Of File position 1: null", 1}, // recorded by AWS (vtl-toqoz-aws2015-122ff6ce)
		{`[a`, "Unexpected End Of File position 1: EOF", 1},  // recorded by AWS (vtl-toqoz-aws2015-2b1f2df4)
		{`{`, "Unexpected End Of File position 0: null", 0},
		{`[`, "Unexpected End Of File position 0: EOF", 0},
		{`"abc`, "Unexpected End Of File position 4: null", 4},
		{`"\"`, "Unexpected End Of File position 2: null", 2},
		{`{"a" 1}`, "Unexpected character (1) at position 4.", 4},
		{`{"a":}`, "Unexpected character (}) at position 5.", 5},
		{`{"a":`, "Unexpected End Of File position 4: EOF", 4},
		{`{"a": `, "Unexpected End Of File position 5: EOF", 5},
		{`{"a":1`, "Unexpected End Of File position 5: null", 5},
		{`{"a":"b"x}`, "Unexpected token x at position 7.", 7},
		{`{:}`, "Unexpected character (:) at position 1.", 1},
		{`]`, "Unexpected character (]) at position 0.", 0},
		{`[}`, "Unexpected character (}) at position 1.", 1},
		{`{"é":"\uZZZZ"}`, "Unexpected unicode escape sequence Z at position 8.", 8},
		{`{"a":"\u12`, "Unexpected End Of File position 10: null", 10},
		{`{"a":"\u12"}`, "Unexpected unicode escape sequence \" at position 10.", 10},
		{`[1e+]`, "Unexpected token 1e+ at position 4.", 4},
		{`[-.]`, "Unexpected token -. at position 3.", 3},
		{`😀{`, "", 0},
		{strings.Repeat("[", 401), "Malicious payload, having non natural depths, parsing stoped on [ at position 400.", 400},
		{"[" + strings.Repeat("1", 1001) + "]", "Malicious payload, number literal of 1001 chars exceeds the maximum of 1000, parsing stoped at position 1002.", 1002},
	}
	for _, tt := range tests {
		v, err := parseJSONSmart(tt.in)
		if tt.want == "" {
			if err != nil {
				t.Errorf("parse(%q) error %v, want a value", tt.in, err)
			}
			continue
		}
		var je *JSONError
		if !errors.As(err, &je) {
			t.Errorf("parse(%.20q) = %s, %v; want error %q", tt.in, dumpValue(v), err, tt.want)
			continue
		}
		if je.Message != tt.want || je.Position != tt.pos {
			t.Errorf("parse(%.20q) error %q at %d, want %q at %d", tt.in, je.Message, je.Position, tt.want, tt.pos)
		}
		if je.Error() != "net.minidev.json.parser.ParseException: "+tt.want {
			t.Errorf("Error() = %q", je.Error())
		}
	}
}
