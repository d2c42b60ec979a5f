package jre

import (
	"testing"
	"unsafe"
)

// TestOwnedStringIsNotReused guards ownedString's rule: a string it returns keeps its bytes.
// Each function that uses it must build a fresh buffer per call, never share the input's
// bytes, and never write to a buffer it has returned; a later call must not change an
// earlier result.
func TestOwnedStringIsNotReused(t *testing.T) {
	funcs := []struct {
		name string
		f    func(string) string
		in   []string
	}{
		{"ToUpper", ToUpper, []string{"abc-def", "Grüße", "ﬁx ß"}},
		{"ToLower", ToLower, []string{"ABC-DEF", "İSTANBUL", "ΟΔΟΣ"}},
		{"Replace", func(s string) string { return Replace(s, "-", "_") }, []string{"a-b-c", "x-y", "é-è"}},
	}
	for _, fn := range funcs {
		var results, wants []string
		for _, in := range fn.in {
			got := fn.f(in)
			if len(got) > 0 && unsafe.StringData(got) == unsafe.StringData(in) {
				t.Fatalf("%s(%q) returned its input's bytes although it changed them", fn.name, in)
			}
			results = append(results, got)
			wants = append(wants, string([]byte(got))) // a copy, to compare against later
		}
		for range 3 { // more calls, with the same and with other inputs
			for _, in := range fn.in {
				fn.f(in)
			}
		}
		for i, got := range results {
			if got != wants[i] {
				t.Fatalf("%s(%q) = %q changed to %q after later calls", fn.name, fn.in[i], wants[i], got)
			}
		}
	}
	if s := ownedString(nil); s != "" {
		t.Fatalf("ownedString(nil) = %q", s)
	}
}
