package methodrequest

import (
	"net"
	"testing"
)

// FuzzHostOf checks HostOf against net.SplitHostPort, whose host it returns, or the address
// where SplitHostPort fails.
func FuzzHostOf(f *testing.F) {
	for _, s := range []string{"", "example.com", "example.com:443", "127.0.0.1:40000", "[::1]:80",
		"::1", "[::1]", "[::1]80", "[::1]:80:1", "[[::1]]:80", "a]:80", "[a:80", ":80", "[]:", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		want := addr
		if h, _, err := net.SplitHostPort(addr); err == nil {
			want = h
		}
		if got := HostOf(addr); got != want {
			t.Errorf("HostOf(%q) = %q, want %q", addr, got, want)
		}
	})
}
