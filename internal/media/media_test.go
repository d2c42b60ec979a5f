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

func TestIsBinary(t *testing.T) {
	tests := []struct {
		mt     string
		binary []string
		want   bool
	}{
		{"image/png", nil, false},
		{"image/png", []string{"image/png"}, true},
		{"image/png", []string{"Image/PNG"}, true},
		{"image/png", []string{"image/*"}, true},
		{"image/png", []string{"image/jpeg"}, false},
		{"image/png", []string{"*/png"}, false},
		{"image/png", []string{"*/*"}, true},
		{"application/octet-stream", []string{"image/*", "application/octet-stream"}, true},
		{"text/plain", []string{"image/*"}, false},
		{"", []string{"*/*"}, false},
		{"nonsense", []string{"*/*"}, false},
		{"*/*", []string{"image/png"}, false}, // an Accept wildcard is not a binary type
	}
	for _, tc := range tests {
		if got := IsBinary(tc.mt, tc.binary); got != tc.want {
			t.Errorf("IsBinary(%q, %q) = %v", tc.mt, tc.binary, got)
		}
	}
}

func BenchmarkType(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Type("application/json; charset=utf-8")
	}
}
