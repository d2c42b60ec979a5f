package methodrequest

import (
	"net/url"
	"reflect"
	"runtime"
	"strings"
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
	if q := parseQuery(strings.Repeat("a=1&", MaxHeaderSize/4+1)); q != nil {
		t.Errorf("a query over MaxHeaderSize was decoded: %d names", len(q))
	}
}

// TestParseQueryAllocations: what a query allocates follows what it holds, not its separators
// (sized by its separators, this query took 400 KB).
func TestParseQueryAllocations(t *testing.T) {
	raw := strings.Repeat("&", MaxHeaderSize-3) + "a=1"
	const runs = 20
	var q url.Values
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		q = parseQuery(raw)
	}
	runtime.ReadMemStats(&after)
	if n := (after.TotalAlloc - before.TotalAlloc) / runs; len(q) != 1 || n > 32<<10 {
		t.Errorf("%d names, %d bytes allocated", len(q), n)
	}
}

// FuzzParseQuery checks parseQuery against url.ParseQuery where both agree on the syntax: a
// query without ';' and without malformed escapes, which url.ParseQuery decodes the same way.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "a=1", "a=1&a=2", "a=%20+b", "=x", "a", "a=&b=", "k=v&&k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) > MaxHeaderSize {
			return // never decoded (TestParseQuery)
		}
		got := parseQuery(raw)
		want, err := url.ParseQuery(raw)
		if err != nil {
			return // ';' or a malformed escape: parseQuery has rules of its own (TestParseQuery)
		}
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(map[string][]string(got), map[string][]string(want)) {
			t.Errorf("parseQuery(%q) = %v, url.ParseQuery %v", raw, got, want)
		}
	})
}

func BenchmarkParseQuery(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		parseQuery("name=wrk&type=dog&limit=10")
	}
}
