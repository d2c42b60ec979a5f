package methodrequest

import (
	"regexp"
	"testing"
)

func TestIDShape(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	ext := regexp.MustCompile(`^[A-Za-z0-9]{14}=$`)
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		ids := NewIDs()
		id, x := ids.Request, ids.Extended
		if !re.MatchString(id) || !ext.MatchString(x) || seen[id] {
			t.Fatalf("%q %q", id, x)
		}
		seen[id] = true
	}
}

func BenchmarkNewIDs(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewIDs()
	}
}
