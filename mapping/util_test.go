package mapping

import (
	"encoding/base64"
	"errors"
	"math/bits"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apigate/apigate/mapping/vtl"
)

// The expected values below were produced by the Java classes API Gateway's functions are
// built on (commons-lang StringEscapeUtils, java.net.URLEncoder/URLDecoder, java.util.Base64),
// run through the Velocity oracle on OpenJDK 17.

func TestEscapeJavaScript(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"it's", `it\'s`},
		{`""`, `\"\"`},
		{`a/b\c`, `a\/b\\c`},
		{"line\nnext\r\ttab\b\f", `line\nnext\r\ttab\b\f`},
		{"\x01\x1f\x7f", `\u0001\u001F` + "\x7f"},
		{"é€😀", `\u00E9\u20AC\uD83D\uDE00`},
		{"0010", "0010"},
		{`{"foo": 123}`, `{\"foo\": 123}`},
		{"\u2028", `\u2028`},
		{"bad\xffbyte", `bad\uFFFDbyte`},
	}
	for _, tt := range tests {
		if got := EscapeJavaScript(tt.in); got != tt.want {
			t.Errorf("EscapeJavaScript(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"x=a+b", "x%3Da%2Bb"},
		{"a b", "a+b"},
		{"*-._~", "*-._%7E"},
		{"é😀", "%C3%A9%F0%9F%98%80"},
		{`{"some": "value"}`, "%7B%22some%22%3A+%22value%22%7D"},
		{"some raw data", "some+raw+data"},
		{"\x00\x7f", "%00%7F"},
	}
	for _, tt := range tests {
		if got := URLEncode(tt.in); got != tt.want {
			t.Errorf("URLEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLDecode(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "x=a+b", want: "x=a b"},
		{in: "Rock%2b%26%2bRoll", want: "Rock+&+Roll"},
		{in: "Rock+%26+Roll", want: "Rock & Roll"},
		{in: "%3E%2C%2F%3F%3A%3B%27%22%5B%5D%5C%7B%7D%7C", want: `>,/?:;'"[]\{}|`},
		{in: "%e2%82%ac", want: "€"},
		{in: "%e2%82x", want: "\uFFFDx"},
		{in: "%+1", want: "\x01"},
		{in: "%C3%A9+ok", want: "é ok"},
		{in: "a%F0%9F%98%80b", want: "a😀b"},
		{in: "%ff%fe", want: "\uFFFD\uFFFD"},
		{in: "no escapes", want: "no escapes"},
		{in: "%zz", err: `$util.urlDecode: URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "zz" under radix 16`},
		{in: "%-1", err: "$util.urlDecode: URLDecoder: Illegal hex characters in escape (%) pattern - negative value"},
		{in: "abc%4", err: "$util.urlDecode: URLDecoder: Incomplete trailing escape (%) pattern"},
		{in: "%é", err: "$util.urlDecode: URLDecoder: Incomplete trailing escape (%) pattern"},
		{in: "%", err: "$util.urlDecode: URLDecoder: Incomplete trailing escape (%) pattern"},
	}
	for _, tt := range tests {
		got, err := URLDecode(tt.in)
		if tt.err != "" {
			var ue *UtilError
			if !errors.As(err, &ue) || err.Error() != tt.err {
				t.Errorf("URLDecode(%q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("URLDecode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestBase64Decode(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "", want: ""},
		{in: "eyJhIjoxfQ==", want: `{"a":1}`},
		{in: "eyJhIjoxfQ", want: `{"a":1}`},
		{in: "eyJtZXNzYWdlIjogInBhdGgyIn0=", want: `{"message": "path2"}`},
		{in: "SGVsbG8gV29ybGQ=", want: "Hello World"},
		{in: "w6k=", want: "é"},
		{in: "/w==", want: "\uFFFD"},
		{in: "YWI=", want: "ab"},
		{in: "YQ=", err: "Input byte array has wrong 4-byte ending unit"},
		{in: "=", err: "Input byte array has wrong 4-byte ending unit"},
		{in: "Y", err: "Last unit does not have enough valid bits"},
		{in: "YQ== ", err: "Input byte array has incorrect ending byte at 4"},
		{in: "a b", err: "Illegal base64 character 20"},
		{in: "é", err: "Illegal base64 character -17"},
		{in: "YW-=", err: "Illegal base64 character 2d"},
	}
	for _, tt := range tests {
		got, err := Base64Decode(tt.in)
		if tt.err != "" {
			var ue *UtilError
			if !errors.As(err, &ue) || ue.Message != tt.err {
				t.Errorf("Base64Decode(%q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Base64Decode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestDecodeJavaUTF8(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{[]byte("ok"), "ok"},
		{[]byte{0xE2, 0x82}, "\uFFFD"},
		{[]byte{0xE2, 0x82, 'x'}, "\uFFFDx"},
		{[]byte{0xFF, 0xFE}, "\uFFFD\uFFFD"},
		{[]byte{0xF0, 0x9F, 0x98}, "\uFFFD"},
		{[]byte{0xED, 0xA0, 0x80}, "\uFFFD\uFFFD\uFFFD"}, // an encoded surrogate: E D is not followed by A0
		{[]byte{0xC0, 0xAF}, "\uFFFD\uFFFD"},
		{[]byte{0xF4, 0x90, 0x80, 0x80}, "\uFFFD\uFFFD\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		if got := decodeJavaUTF8(tt.in); got != tt.want {
			t.Errorf("decodeJavaUTF8(% x) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUtilCall(t *testing.T) {
	u := utilObject{}
	str := vtl.StringValue
	tests := []struct {
		name string
		args []vtl.Value
		want vtl.Value
		err  error
	}{
		{"escapeJavaScript", []vtl.Value{str("it's")}, str(`it\'s`), nil},
		{"urlEncode", []vtl.Value{str("a b")}, str("a+b"), nil},
		{"urlDecode", []vtl.Value{str("a+b")}, str("a b"), nil},
		{"base64Encode", []vtl.Value{str(`{"kinesis": "snapshot"}`)}, str("eyJraW5lc2lzIjogInNuYXBzaG90In0="), nil},
		{"base64Decode", []vtl.Value{str("SGVsbG8gV29ybGQ=")}, str("Hello World"), nil},
		{"parseJson", []vtl.Value{str("42")}, vtl.IntValue(42), nil},
		{"urlEncode", []vtl.Value{vtl.NullValue}, vtl.NullValue, nil},
		{"urlEncode", []vtl.Value{vtl.IntValue(1)}, vtl.NullValue, vtl.ErrNoMethod},
		{"urlEncode", nil, vtl.NullValue, vtl.ErrNoMethod},
		{"nope", []vtl.Value{str("x")}, vtl.NullValue, vtl.ErrNoMethod},
		{"nope", []vtl.Value{vtl.NullValue}, vtl.NullValue, vtl.ErrNoMethod},
	}
	for _, tt := range tests {
		got, err := u.Call(tt.name, tt.args)
		if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("$util.%s(%v) error = %v, want %v", tt.name, tt.args, err, tt.err)
			continue
		}
		if got.Kind() != tt.want.Kind() || got.AsString() != tt.want.AsString() || got.AsInt64() != tt.want.AsInt64() {
			t.Errorf("$util.%s(%v) = %#v, want %#v", tt.name, tt.args, got, tt.want)
		}
	}
	if _, err := u.Call("parseJson", []vtl.Value{str("{a")}); err == nil {
		t.Errorf("$util.parseJson('{a') succeeded, want an error")
	} else {
		var je *JSONError
		if !errors.As(err, &je) || je.Message != "Unexpected End Of File position 1: null" {
			t.Errorf("$util.parseJson('{a') error = %v, want a JSONError", err)
		}
	}
	if u.String() != "{}" {
		t.Errorf("$util prints %q, want {}", u.String())
	}
}

// utilAppendInputs are strings whose escapes and encodings exercise every branch.
var utilAppendInputs = []string{"", "plain", "it's \"quoted\" a/b\\c", "line\nnext\x01\x7f", "é€😀 x=a+b",
	"bad\xffbyte", "\xed\xa0\x80", `{"kinesis": "snapshot"}`, "ab", "abc", "abcd", string(make([]byte, 200))}

// TestUtilPrintedMatchesCall checks that a printed $util call, which AppendCall writes straight
// into the output, renders what printing Call's result renders.
func TestUtilPrintedMatchesCall(t *testing.T) {
	for _, name := range []string{"escapeJavaScript", "urlEncode", "base64Encode", "urlDecode", "parseJson"} {
		printed := mustCompile(t, "[$util."+name+"($s)]")
		set := mustCompile(t, "#set($r = $util."+name+"($s))[$r]")
		for _, s := range append(utilAppendInputs, "%zz") {
			req := &Request{Vars: map[string]vtl.Value{"s": vtl.StringValue(s)}}
			a, errA := printed.RenderString(req)
			b, errB := set.RenderString(req)
			if (errA == nil) != (errB == nil) || errA == nil && a != b {
				t.Errorf("$util.%s(%q): printed %q, %v; through #set %q, %v", name, s, a, errA, b, errB)
			}
		}
	}
}

// TestInputPrintedMatchesCall does the same for $input.json, $input.params and $input.path (whose
// AppendCall prints strings, integers and null and leaves the other kinds to the engine).
func TestInputPrintedMatchesCall(t *testing.T) {
	calls := []string{"json('$')", "json('$.a')", "json('$.missing')", "json('$.a[*]')", "json('$.b')",
		"params('id')", "params('q')", "params('x-token')", "params('nope')", "params($null)", "params()",
		"path('$')", "path('$.a')", "path('$.a[0]')", "path('$.a[1]')", "path('$.a[2]')", "path('$.a[2].c')",
		"path('$.b')", "path('$.t')", "path('$.l')", "path('$.missing')", "path('$.a[*]')", "path($null)", "path(1)"}
	params := Params{Path: map[string]string{"id": "a/b"}, QueryString: map[string][]string{"q": {"1", "2"}},
		Header: map[string][]string{"X-Token": {"t"}}}
	for _, call := range calls {
		printed := mustCompile(t, "[$input."+call+"]")
		set := mustCompile(t, "#set($r = $input."+call+")[$r]")
		for _, body := range []string{`{"a":[1,"x/y",{"c":null}],"b":2.50,"t":true,"l":12345678901}`, ``, `[1]`, `{a`, `"s"`} {
			req := &Request{Body: []byte(body), Params: params}
			a, errA := printed.RenderString(req)
			b, errB := set.RenderString(req)
			if (errA == nil) != (errB == nil) || errA == nil && a != b {
				t.Errorf("$input.%s on %q: printed %q, %v; through #set %q, %v", call, body, a, errA, b, errB)
			}
		}
	}
}

// TestInputPathDeclined checks that the value of a printed $input.path that AppendCall leaves to
// the engine reaches only the Call for the same path that follows it.
func TestInputPathDeclined(t *testing.T) {
	tpl := mustCompile(t, "$input.path('$.b')|$input.path('$.b')|$input.path('$.a')|$input.path('$.s')|#set($x = $input.path('$.a'))$x.size()")
	got, err := tpl.RenderString(&Request{Body: []byte(`{"a":[1,{"c":2}],"b":2.50,"s":"x"}`)})
	if want := `2.5|2.5|[1,{"c":2}]|x|2`; err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

func mustCompile(t *testing.T, src string) *Template {
	t.Helper()
	tpl, err := Compile(src)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	return tpl
}

// FuzzUtilAppend holds the Append forms of $util's functions to their string forms.
func FuzzUtilAppend(f *testing.F) {
	for _, s := range utilAppendInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prefix := []byte("pre")
		if got, want := string(AppendEscapeJavaScript(prefix, s)), "pre"+EscapeJavaScript(s); got != want {
			t.Fatalf("AppendEscapeJavaScript(%q) = %q, want %q", s, got, want)
		}
		var ref []byte // rune by rune, as commons-lang walks the string
		for _, r := range s {
			ref = appendJSEscaped(ref, r)
		}
		if got := EscapeJavaScript(s); got != string(ref) {
			t.Fatalf("EscapeJavaScript(%q) = %q, rune by rune %q", s, got, ref)
		}
		if got, want := string(AppendURLEncode(prefix, s)), "pre"+URLEncode(s); got != want {
			t.Fatalf("AppendURLEncode(%q) = %q, want %q", s, got, want)
		}
		// net/url's form encoding differs from URLEncoder only in '~' and '*', and for bytes
		// that are not UTF-8, which Java reads as U+FFFD
		form := strings.NewReplacer("~", "%7E", "%2A", "*").Replace(url.QueryEscape(strings.ToValidUTF8(s, "\uFFFD")))
		if got := URLEncode(s); got != form && utf8.ValidString(s) {
			t.Fatalf("URLEncode(%q) = %q, net/url gives %q", s, got, form)
		}
		args := []vtl.Value{vtl.StringValue(s)}
		want, _ := utilObject{}.Call("base64Encode", args)
		if got := base64.StdEncoding.EncodeToString([]byte(s)); want.AsString() != got {
			t.Fatalf("$util.base64Encode(%q) = %q, want %q", s, want.AsString(), got)
		}
		out, handled, err := utilObject{}.AppendCall(prefix, "base64Encode", args)
		if !handled || err != nil || string(out) != "pre"+want.AsString() {
			t.Fatalf("AppendCall base64Encode(%q) = %q, %v, %v", s, out, handled, err)
		}
	})
}

// FuzzBase64Encode holds AppendBase64Encode to encoding/base64's standard encoding.
func FuzzBase64Encode(f *testing.F) {
	for _, s := range utilAppendInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := base64.StdEncoding.EncodeToString([]byte(s))
		if got := string(AppendBase64Encode([]byte("pre"), s)); got != "pre"+want {
			t.Fatalf("AppendBase64Encode(%q) = %q, want pre%s", s, got, want)
		}
	})
}

// TestAppendBase64EncodeLengths checks every length through the two-word, one-word and tail
// loops against encoding/base64.
func TestAppendBase64EncodeLengths(t *testing.T) {
	var b []byte
	for n := range 80 {
		s := string(b)
		if got, want := string(AppendBase64Encode([]byte("p"), s)), "p"+base64.StdEncoding.EncodeToString(b); got != want {
			t.Fatalf("AppendBase64Encode of %d bytes = %q, want %q", n, got, want)
		}
		b = append(b, byte(n*37+11))
	}
}

func TestAppendBase64EncodeAllocs(t *testing.T) {
	s := string(make([]byte, 300))
	buf := make([]byte, 0, 512)
	if n := testing.AllocsPerRun(100, func() { AppendBase64Encode(buf[:0], s) }); n != 0 {
		t.Errorf("AppendBase64Encode allocates %v times into a large enough buffer", n)
	}
}

// BenchmarkBase64Encode compares $util.base64Encode's encoder with encoding/base64's on a
// Kinesis record's worth of data.
func BenchmarkBase64Encode(b *testing.B) {
	s := `{"event":"page_view","user":"u-48213","session":"s-9f2c41","path":"/products/trail-shoe?color=red&size=42","referrer":"https://www.example.com/search?q=trail+shoes","ts":1720000123456,"ua":"Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0"}`
	buf := make([]byte, 0, 512)
	b.Run("AppendBase64Encode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(s)))
		for b.Loop() {
			buf = AppendBase64Encode(buf[:0], s)
		}
	})
	b.Run("encoding-base64", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(s)))
		for b.Loop() {
			buf = base64.StdEncoding.AppendEncode(buf[:0], []byte(s))
		}
	})
}

// TestUtilStringAllocs checks that $util's string results cost one allocation, the string,
// when they fit the stack buffer they are built in.
func TestUtilStringAllocs(t *testing.T) {
	s := strings.Repeat(`{"a": "x/y"} `, 25)
	for name, f := range map[string]func(){
		"EscapeJavaScript": func() { EscapeJavaScript(s) },
		"URLEncode":        func() { URLEncode(s) },
		"base64Encode":     func() { utilObject{}.Call("base64Encode", []vtl.Value{vtl.StringValue(s)}) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 1 {
			t.Errorf("%s allocates %v times, want 1", name, n)
		}
	}
}

// boundaryInputs are strings of 0 to 17 bytes of a plain filler with one special byte at each
// position: every place a special byte can take in the words and tails of the eight-bytes-at-a-
// time kernels. The fillers are 'x' and ' ' (a borrow out of the byte below makes a space look
// like a byte below 0x20) and '0'; the specials are the edges of every kernel's byte sets.
func boundaryInputs() []string {
	specials := []byte{0, 0x08, 0x1f, ' ', '!', '"', '\'', '*', '+', '-', '.', '/', '0', '9', ':', '@', 'A',
		'Z', '[', '\\', '_', '`', 'a', 'z', '{', 0x7e, 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xff}
	var out []string
	for _, fill := range []byte{'x', ' ', '0'} {
		for n := range 18 {
			out = append(out, strings.Repeat(string(fill), n))
			for at := range n {
				for _, c := range specials {
					b := []byte(strings.Repeat(string(fill), n))
					b[at] = c
					out = append(out, string(b))
				}
			}
		}
	}
	return append(out, "é€😀 \xed\xa0\x80\u2028 x", "0123456\xc3\xa9", "01234567\xf0\x9f\x98\x80abcdefgh")
}

// escapeJavaScriptRef is escapeJavaScript rune by rune, as commons-lang walks the string: the
// reference the eight-bytes-at-a-time kernel is held to.
func escapeJavaScriptRef(s string) string {
	var b []byte
	for _, r := range s {
		b = appendJSEscaped(b, r)
	}
	return string(b)
}

func TestEscapeJavaScriptBoundaries(t *testing.T) {
	inputs := boundaryInputs()
	// the 64-byte chunks: sparse and dense runs (six escapes in a chunk make the next go byte
	// by byte), JSON texts, and a non-ASCII character or a control character at each end
	for _, n := range []int{7, 8, 9, 63, 64, 65, 128, 130} {
		for _, c := range []string{"x", "'", "\x01", "\xff", "é", "😀"} {
			inputs = append(inputs, strings.Repeat("a/", n/2)+c+strings.Repeat("plain text ", 9),
				c+strings.Repeat("b", n)+c, strings.Repeat(c, n), strings.Repeat("abcdefgh", n/8)+c+strings.Repeat("/", 7),
				"{"+strings.Repeat(`"k":"v/w",`, n/8)+c+"}", "["+strings.Repeat("x", n)+c+"]")
		}
	}
	for _, s := range inputs {
		want := escapeJavaScriptRef(s)
		if got := EscapeJavaScript(s); got != want {
			t.Fatalf("EscapeJavaScript(%q) = %q, want %q", s, got, want)
		}
		if got := string(AppendEscapeJavaScript([]byte("pre"), s)); got != "pre"+want {
			t.Fatalf("AppendEscapeJavaScript(%q) = %q, want pre%q", s, got, want)
		}
		if got, want := jsSafePrefix(s), len(s)-len(strings.TrimLeftFunc(s, func(r rune) bool {
			return r < utf8.RuneSelf && jsSafe[r]
		})); got != want {
			t.Fatalf("jsSafePrefix(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestJSEscapes8 checks the word test against the byte table on random words, most of them
// plain bytes with a few special ones: the mask is zero exactly when every byte is safe, and its
// lowest flag is the first byte that is not.
func TestJSEscapes8(t *testing.T) {
	special := []byte{0, 0x1f, 0x20, '"', '\'', '/', '\\', 0x7e, 0x7f, 0x80, 0xff, 'a'}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1 << 20 {
		w := rng.Uint64() & 0x7f7f7f7f7f7f7f7f
		for i := range 8 {
			if rng.IntN(6) == 0 {
				w = w&^(0xff<<(8*i)) | uint64(special[rng.IntN(len(special))])<<(8*i)
			}
		}
		first := 8
		for i := range 8 {
			if !jsSafe[byte(w>>(8*i))] {
				first = i
				break
			}
		}
		if got := bits.TrailingZeros64(jsEscapes8(w)) >> 3; got != first {
			t.Fatalf("%#016x: first flag at byte %d, want %d", w, got, first)
		}
	}
}

// FuzzEscapeJavaScript holds EscapeJavaScript to the rune by rune reference.
func FuzzEscapeJavaScript(f *testing.F) {
	for _, s := range utilAppendInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := EscapeJavaScript(s), escapeJavaScriptRef(s); got != want {
			t.Fatalf("EscapeJavaScript(%q) = %q, want %q", s, got, want)
		}
	})
}

// appendURLEncodeRef is AppendURLEncode a byte at a time, with the safe runs copied: the
// reference the branch-free kernel is held to.
func appendURLEncodeRef(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case urlSafeByte[c]:
			start := i
			for i++; i < len(s) && urlSafeByte[s[i]]; i++ {
			}
			dst = append(dst, s[start:i]...)
			continue
		case c == ' ':
			dst = append(dst, '+')
			i++
			continue
		case c < utf8.RuneSelf:
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&0xF])
			i++
			continue
		}
		seq := s[i:]
		r, n := utf8.DecodeRuneInString(seq)
		if r == utf8.RuneError && n == 1 {
			seq = "\uFFFD" // a byte that is not UTF-8 decodes to U+FFFD, which encodes as such
		} else {
			seq = seq[:n]
		}
		for j := 0; j < len(seq); j++ {
			dst = append(dst, '%', upperHex[seq[j]>>4], upperHex[seq[j]&0xF])
		}
		i += n
	}
	return dst
}

func TestURLEncodeBoundaries(t *testing.T) {
	inputs := boundaryInputs()
	for _, n := range []int{63, 64, 65, 128, 130} { // the 64-byte chunks, with a non-ASCII byte at each end
		for _, c := range []string{"x", " ", "\xff", "é"} {
			inputs = append(inputs, strings.Repeat("a/", n/2)+c, c+strings.Repeat("b", n), strings.Repeat(c, n))
		}
	}
	for _, s := range inputs {
		want := string(appendURLEncodeRef([]byte("pre"), s))
		if got := string(AppendURLEncode([]byte("pre"), s)); got != want {
			t.Fatalf("AppendURLEncode(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzURLEncode holds AppendURLEncode to the byte loop it replaces.
func FuzzURLEncode(f *testing.F) {
	for _, s := range utilAppendInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendURLEncode(nil, s)), string(appendURLEncodeRef(nil, s)); got != want {
			t.Fatalf("AppendURLEncode(%q) = %q, want %q", s, got, want)
		}
	})
}

// kernelInputs are realistic arguments of $util's byte kernels: the JSON body a Step Functions
// template escapes (about 450 bytes, with quotes, '/' and non-ASCII), a Kinesis record's JSON
// event, and short strings.
var kernelInputs = []struct{ name, s string }{
	{"body", `{"orderId":"ORD-500042","customer":{"id":"C04217","name":"Chloé Müller","email":"chloe@example.com","note":"Leave at the \"back\" door \/ garage"},"lines":[{"sku":"SKU-10013","qty":2,"unitPrice":89.99},{"sku":"SKU-10442","qty":1,"unitPrice":14.5},{"sku":"SKU-11301","qty":3,"unitPrice":3.99}],"shipping":{"method":"express","address":{"street":"Hauptstraße 5","city":"Berlin","zip":"10115","country":"DE"}},"giftWrap":false,"coupon":null}`},
	{"event", `{"event":"page_view","user":"u-48213","session":"s-9f2c41","path":"/products/trail-shoe?color=red&size=42","referrer":"https://www.example.com/search?q=trail+shoes","ts":1720000123456,"ua":"Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0"}`},
	{"plain", "The quick brown fox jumps over the lazy dog, 0123456789 times"},
	{"short", "it's"},
	{"ip", "203.0.113.42"},
}

// BenchmarkKernels runs $util's byte kernels on realistic arguments.
func BenchmarkKernels(b *testing.B) {
	buf := make([]byte, 0, 4096)
	for _, k := range []struct {
		name   string
		append func([]byte, string) []byte
	}{{"escapeJavaScript", AppendEscapeJavaScript}, {"urlEncode", AppendURLEncode}, {"base64Encode", AppendBase64Encode}} {
		for _, in := range kernelInputs {
			b.Run(k.name+"/"+in.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(in.s)))
				for b.Loop() {
					buf = k.append(buf[:0], in.s)
				}
			})
		}
	}
}
