package jsonstr

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppend(t *testing.T) {
	for _, c := range []struct {
		in                  string
		goStr, smart, minim string
	}{
		{``, `""`, `""`, `""`},
		{`plain text of some length`, `"plain text of some length"`, `"plain text of some length"`, `"plain text of some length"`},
		{`a"b\c/d`, `"a\"b\\c/d"`, `"a\"b\\c\/d"`, `"a\"b\\c/d"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`, `"\b\f\n\r\t"`, `"\b\f\n\r\t"`},
		{"\x00\x1f\x7f", `"\u0000\u001f` + "\x7f" + `"`, `"\u0000\u001F\u007F"`, `"\u0000\u001f` + "\x7f" + `"`},
		{"é\u0085\u2028\u2029\u20ac\U0001F600", "\"é\u0085\\u2028\\u2029\u20ac\U0001F600\"", `"é\u0085\u2028\u2029\u20AC` + "\U0001F600\"", "\"é\u0085\u2028\u2029\u20ac\U0001F600\""},
		{"a\xffb\xc3", `"a\ufffdb\ufffd"`, "\"a\uFFFDb\uFFFD\"", "\"a\xffb\xc3\""},
		{`<tag>&amp;`, `"<tag>&amp;"`, `"<tag>&amp;"`, `"<tag>&amp;"`},
		{"0123456789abcdef\"0123456789", `"0123456789abcdef\"0123456789"`, `"0123456789abcdef\"0123456789"`, `"0123456789abcdef\"0123456789"`},
	} {
		for _, d := range []struct {
			name string
			d    *Dialect
			want string
		}{{"Go", Go, c.goStr}, {"Smart", Smart, c.smart}, {"Minimal", Minimal, c.minim}} {
			if got := string(Append(nil, c.in, d.d)); got != d.want {
				t.Errorf("%s(%q) = %s, want %s", d.name, c.in, got, d.want)
			}
			if got := string(Append([]byte("x"), []byte(c.in), d.d)); got != "x"+d.want {
				t.Errorf("%s([]byte %q) = %s, want x%s", d.name, c.in, got, d.want)
			}
		}
	}
}

// goJSON is encoding/json's string, as the Lambda runtime writes it (no HTML escaping).
func goJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// replaceInvalid replaces each byte that is not UTF-8 with U+FFFD, as ranging over s does.
func replaceInvalid(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "abc", "a\"\\/\x00\x7f", "\u2028\u0085\xff\xc3", "\U0001F600 é", strings.Repeat("x", 40) + "\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(Append(nil, s, Go)), goJSON(s); got != want {
			t.Fatalf("Go(%q) = %s, encoding/json %s", s, got, want)
		}
		var back string
		if err := json.Unmarshal(Append(nil, s, Smart), &back); err != nil || back != replaceInvalid(s) {
			t.Fatalf("Smart(%q) decodes to %q, %v", s, back, err)
		}
		m := Append(nil, s, Minimal)
		if utf8.ValidString(s) {
			if err := json.Unmarshal(m, &back); err != nil || back != s {
				t.Fatalf("Minimal(%q) decodes to %q, %v", s, back, err)
			}
		}
		for _, c := range m[1 : len(m)-1] {
			if c < 0x20 {
				t.Fatalf("Minimal(%q) = %q: a control character", s, m)
			}
		}
	})
}

func BenchmarkAppend(b *testing.B) {
	for _, s := range []struct{ name, s string }{
		{"ascii-short", "application/json"},
		{"ascii-long", strings.Repeat(`{"id":7,"name":"Rex","tags":["a","b"]}`, 8)},
		{"utf8", strings.Repeat("héllo wörld ", 16)},
	} {
		for _, d := range []struct {
			name string
			d    *Dialect
		}{{"Go", Go}, {"Smart", Smart}, {"Minimal", Minimal}} {
			b.Run(s.name+"/"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				buf := make([]byte, 0, 4*len(s.s))
				for b.Loop() {
					buf = Append(buf[:0], s.s, d.d)
				}
			})
		}
	}
}

// TestPlain8 checks the eight-bytes-at-a-time test against the byte by byte one of Go.
func TestPlain8(t *testing.T) {
	check := func(w uint64) {
		want := true
		for i := range 8 {
			want = want && Go.safe[byte(w>>(8*i))]
		}
		if got := plain8(w); got != want {
			t.Fatalf("%#016x: %v, want %v", w, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	special := []byte{0, 0x1f, 0x20, 0x21, '"', 0x23, '\\', 0x5b, 0x5d, 0x7e, 0x7f, 0x80, 0xff, 'a'}
	for range 1 << 20 {
		w := rng.Uint64()
		check(w)
		for i := range 8 { // mostly plain bytes with one special one
			w = w&^(0xff<<(8*i)) | uint64(special[rng.IntN(len(special))])<<(8*i)
		}
		check(w &^ 0x8080808080808080)
		check(w)
	}
}
