package mapping

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/apigate/apigate/mapping/vtl"
)

// UtilError is the failure of a $util function on its argument, carrying the message of the
// Java exception API Gateway's implementation throws (for example "URLDecoder: Incomplete
// trailing escape (%) pattern").
type UtilError struct {
	Func    string // the $util function: urlDecode, base64Decode or parseJson
	Message string // the Java exception's message
	Err     error  // the underlying error, such as a *JSONError; may be nil
}

// Error names the function and gives the message.
func (e *UtilError) Error() string { return "$util." + e.Func + ": " + e.Message }

// Unwrap returns the underlying error, if any.
func (e *UtilError) Unwrap() error { return e.Err }

// utilObject is $util. It has no state, so one value serves every render.
type utilObject struct{}

var (
	_ vtl.Object       = utilObject{}
	_ vtl.CallAppender = utilObject{}
)

// Util returns $util as a vtl host object, for programs that render their own vtl templates
// with API Gateway's utility functions.
func Util() vtl.Object { return utilObject{} }

// Property implements vtl.Object: $util has no properties.
func (utilObject) Property(string) (vtl.Value, bool) { return vtl.NullValue, false }

// String implements vtl.Object: $util prints as {} (recorded in 2015).
func (utilObject) String() string { return "{}" }

// Call implements vtl.Object. Every function takes one String; a null argument yields null (the
// recorded $util.urlEncode($input.body.missing) renders empty), and any other kind of argument
// finds no method, as Java's String parameters would not accept it.
func (utilObject) Call(name string, args []vtl.Value) (vtl.Value, error) {
	if len(args) != 1 {
		return vtl.NullValue, vtl.ErrNoMethod
	}
	arg := args[0]
	if arg.IsNull() {
		switch name {
		case "escapeJavaScript", "parseJson", "urlEncode", "urlDecode", "base64Encode", "base64Decode":
			return vtl.NullValue, nil
		}
		return vtl.NullValue, vtl.ErrNoMethod
	}
	if arg.Kind() != vtl.String {
		return vtl.NullValue, vtl.ErrNoMethod
	}
	s := arg.AsString()
	switch name {
	case "escapeJavaScript":
		return vtl.StringValue(EscapeJavaScript(s)), nil
	case "parseJson":
		v, err := ParseJSON(s)
		if err != nil {
			return vtl.NullValue, &UtilError{Func: name, Message: err.Error(), Err: err}
		}
		return v, nil
	case "urlEncode":
		return vtl.StringValue(URLEncode(s)), nil
	case "urlDecode":
		d, err := URLDecode(s)
		return vtl.StringValue(d), err
	case "base64Encode":
		var buf [1024]byte // on the stack: one allocation, the string, for most results
		return vtl.StringValue(string(AppendBase64Encode(buf[:0], s))), nil
	case "base64Decode":
		d, err := Base64Decode(s)
		return vtl.StringValue(d), err
	}
	return vtl.NullValue, vtl.ErrNoMethod
}

// AppendCall implements vtl.CallAppender: escapeJavaScript, urlEncode and base64Encode write
// their result straight into a template's output when it prints them.
func (utilObject) AppendCall(dst []byte, name string, args []vtl.Value) ([]byte, bool, error) {
	if len(args) != 1 || args[0].Kind() != vtl.String {
		return dst, false, nil // null and other kinds: as Call says
	}
	s := args[0].AsString()
	switch name {
	case "escapeJavaScript":
		return AppendEscapeJavaScript(dst, s), true, nil
	case "urlEncode":
		return AppendURLEncode(dst, s), true, nil
	case "base64Encode":
		return AppendBase64Encode(dst, s), true, nil
	}
	return dst, false, nil
}

// ParseJSON parses text as $util.parseJson does, with json-smart's permissive parser: objects
// become Java-style maps ({k=v}), arrays lists that print as compact JSON, unquoted words
// strings. Errors are *JSONError.
func ParseJSON(text string) (vtl.Value, error) { return parseJSONSmart(text) }

// EscapeJavaScript escapes s as $util.escapeJavaScript does, which is Apache commons-lang's
// StringEscapeUtils.escapeJavaScript: ' " \ and / get a backslash; \b \f \n \r \t their short
// escapes; other control characters and every character above U+007E except U+007F become \uXXXX
// with upper-case hex (characters beyond U+FFFF as two escaped surrogates).
func EscapeJavaScript(s string) string {
	i := jsSafePrefix(s)
	if i == len(s) {
		return s
	}
	var buf [1024]byte // on the stack: one allocation, the string, for most results
	return string(AppendEscapeJavaScript(buf[:0], s))
}

// AppendEscapeJavaScript appends EscapeJavaScript(s) to dst and returns the extended slice.
func AppendEscapeJavaScript(dst []byte, s string) []byte {
	// s goes in chunks of up to 64 bytes, with room made once for each, in one of two ways:
	//   - word by word: a word is stored whole past the end of dst, which takes its safe
	//     prefix, and the byte after that is escaped (fast on text with few escapes);
	//   - byte by byte without a branch on the byte: each byte's escape from jsEscapes is
	//     stored whole past the end of dst, which takes its length (fast on a JSON text, with
	//     a quote every few bytes, where the word loop's branches mispredict).
	// A JSON text (starting with { or [) goes byte by byte, other text word by word until a
	// chunk has dense escapes, and the rest then byte by byte; short tails byte by byte too.
	const dense = 6 // escapes in a chunk that make the next one go byte by byte
	escapes := 0
	if len(s) > 0 && (s[0] == '{' || s[0] == '[') {
		escapes = dense
	}
	for i := 0; i < len(s); {
		chunk := min(len(s)-i, 64)
		dst = slices.Grow(dst, 6*chunk+8)
		n, buf, end := len(dst), dst[:cap(dst)], i+chunk
		if escapes < dense {
			escapes = 0
			for i+8 <= end {
				w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
				binary.LittleEndian.PutUint64(buf[n:n+8], w)
				m := jsEscapes8(w)
				if m == 0 {
					n, i = n+8, i+8
					continue
				}
				k := bits.TrailingZeros64(m) >> 3
				if n, i = n+k, i+k; s[i] >= utf8.RuneSelf {
					break
				}
				e := jsEscapes[s[i]]
				binary.LittleEndian.PutUint64(buf[n:n+8], e)
				n, i = n+int(e>>56), i+1
				escapes++
			}
		}
		for ; i < end && s[i] < utf8.RuneSelf; i++ {
			e := jsEscapes[s[i]]
			binary.LittleEndian.PutUint64(buf[n:n+8], e)
			n += int(e >> 56)
		}
		dst = buf[:n]
		if i >= end {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		dst = appendJSEscaped(dst, r)
		i += size
	}
	return dst
}

// jsEscapes holds what escapeJavaScript writes for each ASCII byte, its bytes in the low six
// bytes (the first lowest) and their count in the high one.
var jsEscapes = func() (t [utf8.RuneSelf]uint64) {
	for c := range rune(utf8.RuneSelf) {
		e := appendJSEscaped(nil, c)
		for i, b := range e {
			t[c] |= uint64(b) << (8 * i)
		}
		t[c] |= uint64(len(e)) << 56
	}
	return t
}()

// jsSafePrefix returns the length of the longest prefix of s that escapeJavaScript leaves as
// it is.
func jsSafePrefix(s string) int {
	i := 0
	for i+8 <= len(s) {
		if m := jsEscapes8(binary.LittleEndian.Uint64([]byte(s[i : i+8]))); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(s) && jsSafe[s[i]] {
		i++
	}
	return i
}

// jsEscapes8 flags, with the high bit of each byte, the bytes of w (eight bytes of a string,
// the first lowest) that escapeJavaScript does not copy: those below 0x20 or from 0x80 up and
// ' " \ /. (w - ones*0x20) &^ w flags the bytes below 0x20, and (x - ones) &^ x with
// x = w ^ ones*c those equal to c. A borrow leaves a byte only from a flagged one, into the
// byte above it, so the lowest flag is always exact: bits.TrailingZeros64(m)/8 is the index of
// the first byte to escape.
func jsEscapes8(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, a, bs, sl := w^(ones*'"'), w^(ones*'\''), w^(ones*'\\'), w^(ones*'/')
	return (w | (w-ones*0x20)&^w | (q-ones)&^q | (a-ones)&^a | (bs-ones)&^bs | (sl-ones)&^sl) & highs
}

// jsSafe marks the bytes escapeJavaScript copies: printable ASCII but ' " \ and /, and DEL.
var jsSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '\'' && c != '"' && c != '\\' && c != '/'
	}
	return t
}()

func appendJSEscaped(b []byte, r rune) []byte {
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		return appendUnicodeEscape(appendUnicodeEscape(b, hi), lo)
	}
	if r > 0x7F {
		return appendUnicodeEscape(b, r)
	}
	switch r {
	case '\b':
		return append(b, '\\', 'b')
	case '\n':
		return append(b, '\\', 'n')
	case '\t':
		return append(b, '\\', 't')
	case '\f':
		return append(b, '\\', 'f')
	case '\r':
		return append(b, '\\', 'r')
	case '\'', '"', '\\', '/':
		return append(b, '\\', byte(r))
	}
	if r < 0x20 {
		return appendUnicodeEscape(b, r)
	}
	return append(b, byte(r))
}

const upperHex = "0123456789ABCDEF"

func appendUnicodeEscape(b []byte, r rune) []byte {
	return append(b, '\\', 'u', upperHex[r>>12&0xF], upperHex[r>>8&0xF], upperHex[r>>4&0xF], upperHex[r&0xF])
}

// URLEncode encodes s as $util.urlEncode does, which is Java's URLEncoder.encode(s, "UTF-8"):
// letters, digits and . - * _ stay, a space becomes +, every other byte of the UTF-8 form %XX in
// upper case.
func URLEncode(s string) string {
	i := 0
	for i < len(s) && urlSafeByte[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	var buf [1024]byte // on the stack: one allocation, the string, for most results
	return string(AppendURLEncode(buf[:0], s))
}

// AppendURLEncode appends URLEncode(s) to dst and returns the extended slice.
func AppendURLEncode(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		// up to 64 ASCII bytes without a branch on the byte: each is its encoding from
		// urlEscapes, stored as four bytes past the end of dst, which takes the encoding's length
		chunk := min(len(s)-i, 64)
		dst = slices.Grow(dst, 3*chunk+1)
		n, buf, end := len(dst), dst[:cap(dst)], i+chunk
		for ; i < end && s[i] < utf8.RuneSelf; i++ {
			e := urlEscapes[s[i]]
			binary.LittleEndian.PutUint32(buf[n:n+4], e)
			n += int(e >> 24)
		}
		dst = buf[:n]
		if i == end {
			continue
		}
		var size int
		dst, size = appendURLEncodedSeq(dst, s[i:])
		i += size
	}
	return dst
}

// appendURLEncodedSeq appends the encoding of the UTF-8 sequence s starts with (its first byte
// is not ASCII), %XX for each of its bytes, and returns the extended slice and the sequence's
// length. A byte that is not UTF-8 decodes to U+FFFD, which encodes as such.
func appendURLEncodedSeq(dst []byte, s string) ([]byte, int) {
	r, size := utf8.DecodeRuneInString(s)
	seq := s[:size]
	if r == utf8.RuneError && size == 1 {
		seq = "\uFFFD"
	}
	for j := 0; j < len(seq); j++ {
		dst = append(dst, '%', upperHex[seq[j]>>4], upperHex[seq[j]&0xF])
	}
	return dst, size
}

// urlEscapes holds the encoding of each ASCII byte as URLEncoder writes it, its bytes in the
// low three bytes (the first lowest) and their count in the high one: the byte itself for
// letters, digits and . - * _, + for a space, %XX for the others.
var urlEscapes = func() (t [utf8.RuneSelf]uint32) {
	for c := range uint32(utf8.RuneSelf) {
		switch {
		case urlSafe(byte(c)):
			t[c] = 1<<24 | c
		case c == ' ':
			t[c] = 1<<24 | '+'
		default:
			t[c] = 3<<24 | uint32(upperHex[c&0xF])<<16 | uint32(upperHex[c>>4])<<8 | '%'
		}
	}
	return t
}()

// urlSafeByte marks the bytes URLEncoder keeps: letters, digits and . - * _.
var urlSafeByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = urlSafe(byte(c))
	}
	return t
}()

func urlSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '-' || c == '*' || c == '_'
}

// URLDecode decodes s as $util.urlDecode does, which is Java's URLDecoder.decode(s, "UTF-8"): +
// becomes a space, runs of %XX become the bytes they name, read as UTF-8. A malformed escape is an
// error (*UtilError) with Java's message.
func URLDecode(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, nil
	}
	var out strings.Builder
	out.Grow(len(s))
	var raw []byte
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '+':
			out.WriteByte(' ')
			i++
		case '%':
			raw = raw[:0]
			for i < len(s) && s[i] == '%' {
				h, ok := twoJavaChars(s[i+1:])
				if !ok {
					break
				}
				v, err := parseJavaHexByte(h)
				if err != nil {
					return "", err
				}
				raw = append(raw, v)
				i += 1 + len(h)
			}
			if i < len(s) && s[i] == '%' {
				return "", &UtilError{Func: "urlDecode", Message: "URLDecoder: Incomplete trailing escape (%) pattern"}
			}
			out.WriteString(decodeJavaUTF8(raw))
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.String(), nil
}

// twoJavaChars returns the prefix of t that Java's substring would give for two UTF-16 code
// units, and false when t holds fewer than two.
func twoJavaChars(t string) (string, bool) {
	if len(t) >= 2 && t[0] < utf8.RuneSelf && t[1] < utf8.RuneSelf {
		return t[:2], true
	}
	r1, n1 := utf8.DecodeRuneInString(t)
	if n1 == 0 {
		return "", false
	}
	if r1 > 0xFFFF {
		return t[:n1], true
	}
	if n1 == len(t) {
		return "", false
	}
	_, n2 := utf8.DecodeRuneInString(t[n1:])
	return t[:n1+n2], true
}

// parseJavaHexByte parses the two characters after % as Java's Integer.parseInt(h, 16) does,
// which accepts a leading sign.
func parseJavaHexByte(h string) (byte, error) {
	v, err := strconv.ParseInt(h, 16, 32)
	if err != nil {
		return 0, &UtilError{Func: "urlDecode", Message: "URLDecoder: Illegal hex characters in escape (%) pattern - For input string: \"" + h + "\" under radix 16"}
	}
	if v < 0 {
		return 0, &UtilError{Func: "urlDecode", Message: "URLDecoder: Illegal hex characters in escape (%) pattern - negative value"}
	}
	return byte(v), nil
}

// Base64Decode decodes s as $util.base64Decode does, which is Java's Base64.getDecoder()
// (the basic, strict alphabet; padding optional) followed by reading the bytes as UTF-8. Invalid
// input is an error (*UtilError) with Java's message.
func Base64Decode(s string) (string, error) {
	src := latin1Bytes(s)
	out := make([]byte, 0, len(src)*3/4+3)
	bits, shift := 0, 18
	fail := func(msg string) (string, error) {
		return "", &UtilError{Func: "base64Decode", Message: msg}
	}
	i := 0
	for i < len(src) {
		c := src[i]
		i++
		v := base64Index(c)
		if v == -2 { // '=' ends the data: "xx==", "xxx=" are complete, "x=" and "=" are not
			if shift == 6 && (i == len(src) || src[i] != '=') || shift == 18 {
				return fail("Input byte array has wrong 4-byte ending unit")
			}
			if shift == 6 {
				i++
			}
			break
		}
		if v < 0 {
			return fail("Illegal base64 character " + javaByteHex(c))
		}
		bits |= v << shift
		shift -= 6
		if shift < 0 {
			out = append(out, byte(bits>>16), byte(bits>>8), byte(bits))
			bits, shift = 0, 18
		}
	}
	switch shift {
	case 6:
		out = append(out, byte(bits>>16))
	case 0:
		out = append(out, byte(bits>>16), byte(bits>>8))
	case 12:
		return fail("Last unit does not have enough valid bits")
	}
	if i < len(src) {
		return fail("Input byte array has incorrect ending byte at " + strconv.Itoa(i))
	}
	return decodeJavaUTF8(out), nil
}

// latin1Bytes returns s as Java's String.getBytes(ISO_8859_1) does: each UTF-16 code unit one
// byte, '?' for those above U+00FF.
func latin1Bytes(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s[:i])
	for _, r := range s[i:] {
		switch {
		case r > 0xFFFF:
			b = append(b, '?', '?')
		case r > 0xFF:
			b = append(b, '?')
		default:
			b = append(b, byte(r))
		}
	}
	return string(b)
}

// javaByteHex prints a byte as Java's Integer.toString(b, 16) prints a signed byte.
func javaByteHex(c byte) string {
	if c >= 0x80 {
		return "-" + strconv.FormatInt(int64(0x100-int(c)), 16)
	}
	return strconv.FormatInt(int64(c), 16)
}

// base64Index returns the value of a base64 digit, -2 for '=' and -1 for anything else.
func base64Index(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	case c == '=':
		return -2
	}
	return -1
}
