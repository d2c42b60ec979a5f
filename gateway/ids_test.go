package gateway

import (
	"regexp"
	"testing"
)

func TestRequestIDShape(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	ext := regexp.MustCompile(`^[A-Za-z0-9]{14}=$`)
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		ids := newRequestIDs()
		id, x := ids.request, ids.extended
		if !re.MatchString(id) || !ext.MatchString(x) || seen[id] {
			t.Fatalf("%q %q", id, x)
		}
		seen[id] = true
	}
}

func BenchmarkRequestIDs(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newRequestIDs()
	}
}
