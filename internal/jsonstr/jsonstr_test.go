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
		for i, d := range dialects {
			want := []string{c.goStr, c.smart, c.minim}[i]
			if got := string(Append(nil, c.in, d.d)); got != want {
				t.Errorf("%s(%q) = %s, want %s", d.name, c.in, got, want)
			}
			if got := string(Append([]byte("x"), []byte(c.in), d.d)); got != "x"+want {
				t.Errorf("%s([]byte %q) = %s, want x%s", d.name, c.in, got, want)
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
		{"key", "unitPrice"},
		{"note", `Leave at the "back" door / garage`},
		{"url", "https://www.example.com/search?q=trail+shoes"},
	} {
		for _, d := range dialects {
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

var dialects = []struct {
	name string
	d    *Dialect
}{{"Go", Go}, {"Smart", Smart}, {"Minimal", Minimal}}

// specialBytes are the bytes at the edges of the dialects' sets.
var specialBytes = []byte{0, 0x1f, 0x20, 0x21, '"', 0x23, '/', '\\', 0x5b, 0x5d, 0x7e, 0x7f, 0x80, 0x9f, 0xc3, 0xe2, 0xff, 'a'}

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

// appendRef is Append as a byte loop over the dialect's table, the reference the word tests are
// held to.
func appendRef(b []byte, s string, d *Dialect) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case d.safe[c]:
			b = append(b, c)
			i++
		case c < utf8.RuneSelf:
			b = d.appendASCII(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				b = append(b, d.invalid...)
			case d.escape(r):
				b = d.appendU(b, r)
			default:
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(b, '"')
}

// TestAppendBoundaries puts each special byte at each position of strings of 0 to 17 bytes of
// a plain filler ('x', or ' ', which a borrow out of the byte below turns into one that looks
// special), and compares Append with the byte loop.
func TestAppendBoundaries(t *testing.T) {
	for _, d := range dialects {
		for k := range 2 * 18 {
			n, fill := k%18, " x"[k/18:k/18+1]
			for at := range max(n, 1) {
				for _, c := range specialBytes {
					b := []byte(strings.Repeat(fill, n))
					if n > 0 {
						b[at] = c
					}
					want := string(appendRef(nil, string(b), d.d))
					if got := string(Append(nil, string(b), d.d)); got != want {
						t.Fatalf("%s: Append(%q) = %s, want %s", d.name, b, got, want)
					}
					if got := string(Append(nil, b, d.d)); got != want {
						t.Fatalf("%s: Append([]byte %q) = %s, want %s", d.name, b, got, want)
					}
				}
			}
		}
	}
}

// FuzzAppendRef holds Append to the byte loop in every dialect.
func FuzzAppendRef(f *testing.F) {
	f.Add("0000000\x19 0123456789")
	f.Add("Leave at the \"back\" door / garage \xc3\xa9\xe2\x80\xa8\x7f\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range dialects {
			if got, want := string(Append(nil, s, d.d)), string(appendRef(nil, s, d.d)); got != want {
				t.Fatalf("%s: Append(%q) = %s, want %s", d.name, s, got, want)
			}
		}
	})
}
