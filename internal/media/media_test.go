package media

import "testing"

func TestType(t *testing.T) {
	for in, want := range map[string]string{
		"":                                   "",
		"application/json":                   "application/json",
		"Application/JSON; charset=UTF-8":    "application/json",
		" text/html , application/xml;q=0.9": "text/html",
		";":                                  "",
		"image/*":                            "image/*",
	} {
		if got := Type(in); got != want {
			t.Errorf("Type(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkType(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Type("application/json; charset=utf-8")
	}
}
