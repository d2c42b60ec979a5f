package gateway

import (
	"reflect"
	"testing"
)

func TestParseQuery(t *testing.T) {
	q := parseQuery("a=1&b=x+y&a=2;c=%2B&&d&e=%zz")
	want := map[string][]string{"a": {"1", "2"}, "b": {"x y"}, "c": {"+"}, "d": {""}, "e": {"%zz"}}
	if !reflect.DeepEqual(map[string][]string(q), want) {
		t.Fatalf("parseQuery = %v, want %v", q, want)
	}
	// values share one array: appending to one must not change another
	q["b"] = append(q["b"], "more")
	if q.Get("c") != "+" || len(q["c"]) != 1 {
		t.Errorf("appending to b changed c: %v", q)
	}
	if parseQuery("") != nil {
		t.Error("empty query: not nil")
	}
}

func BenchmarkParseQuery(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		parseQuery("name=wrk&type=dog&limit=10")
	}
}
