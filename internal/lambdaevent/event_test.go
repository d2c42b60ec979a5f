package lambdaevent

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestValid checks valid against utf8.ValidString around its 16-byte ASCII fast path:
// every length up to 24 with a non-ASCII byte (valid or not) at every position.
func TestValid(t *testing.T) {
	for n := 0; n <= 24; n++ {
		base := strings.Repeat("a", n)
		cases := []string{base}
		for i := 0; i < n; i++ {
			for _, r := range []string{"\x80", "\xff", "é", "\u20ac"} {
				cases = append(cases, base[:i]+r+base[i:])
			}
		}
		for _, s := range cases {
			if got, want := valid(s), utf8.ValidString(s); got != want {
				t.Errorf("valid(%q) = %v, want %v", s, got, want)
			}
			if want := strings.ToValidUTF8(s, "\uFFFD"); utf8.ValidString(s) && clean(s) != want {
				t.Errorf("clean(%q) = %q, want %q", s, clean(s), want)
			}
		}
	}
}
