package vtl_test

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/apigate/apigate/mapping/vtl"
)

func TestParseJSON(t *testing.T) {
	tests := []struct{ in, want, kinds string }{
		{`{"a": 1, "b": [true, null, "x"], "c": {"d": 2.50}}`, `{a=1, b=[true, null, x], c={d=2.5}}`, "Map"},
		{`{"a": 1, "a": 2, "b": 3}`, `{a=2, b=3}`, "Map"}, // a repeated key keeps its first place, its last value
		{`[2147483647, 2147483648, 999999999999999999, 1000000000000000000, 1.0, 1e2, -0]`,
			`[2147483647, 2147483648, 999999999999999999, 1000000000000000000, 1.0, 100.0, 0]`, "List"},
		{`{}`, `{}`, "Map"},
		{`[]`, `[]`, "List"},
		{`"s"`, `s`, "String"},
		{`{"x": {"y": {"x": 1}}}`, `{x={y={x=1}}}`, "Map"},
	}
	for _, tt := range tests {
		v, err := vtl.ParseJSON([]byte(tt.in))
		if err != nil {
			t.Errorf("ParseJSON(%s): %v", tt.in, err)
			continue
		}
		if got := v.String(); got != tt.want || v.Kind().String() != tt.kinds {
			t.Errorf("ParseJSON(%s) = %s %s; want %s %s", tt.in, v.Kind(), got, tt.kinds, tt.want)
		}
	}
	for _, bad := range []string{``, `{`, `{"a" 1}`, `[1,]`, `{} {}`, `{"a":1}x`, strings.Repeat("[", 600) + strings.Repeat("]", 600)} {
		if v, err := vtl.ParseJSON([]byte(bad)); err == nil {
			t.Errorf("ParseJSON(%q) = %v, want an error", bad, v)
		}
	}
}

// TestParseJSONSharesKeys checks that every occurrence of an object key shares one string, as
// Jackson's canonical field names do, in maps of every size (indexed ones too).
func TestParseJSONSharesKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString(`[{"id": 1, "name": "a"}, {"name": "b", "id": 2}, {"x": {"id": 3}}, {`)
	for i := range 40 {
		b.WriteString(`"k` + strings.Repeat("x", i) + `": 0, `)
	}
	b.WriteString(`"id": 4}]`)
	v, err := vtl.ParseJSON([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var ids []*byte
	var walk func(vtl.Value)
	walk = func(v vtl.Value) {
		if l := v.AsList(); l != nil {
			for _, e := range l.Items() {
				walk(e)
			}
		}
		if m := v.AsMap(); m != nil {
			for i, k := range m.Keys() {
				if k.AsString() == "id" {
					ids = append(ids, unsafe.StringData(k.AsString()))
				}
				walk(m.Values()[i])
			}
		}
	}
	walk(v)
	if len(ids) != 4 {
		t.Fatalf("found %d id keys, want 4", len(ids))
	}
	for _, p := range ids[1:] {
		if p != ids[0] {
			t.Errorf("the id keys do not share one string")
		}
	}
	if got, _ := v.AsList().Items()[3].AsMap().GetString("id"); got.AsInt64() != 4 {
		t.Errorf("indexed map: id = %v, want 4", got)
	}
}
