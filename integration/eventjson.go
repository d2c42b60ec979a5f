package integration

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// This file writes the JSON of Lambda proxy events by hand: an event is built for every request
// a Lambda proxy method serves, and encoding/json (reflection, a map per object) costs several
// times what appending the bytes does. The output is what encoding/json writes for the same
// values with HTML escaping off (Encoder.SetEscapeHTML(false)): the fuzz tests check the two
// byte for byte.

// eventText is the text a JSON string is written from: a string or, for a request body, bytes.
type eventText interface{ ~string | ~[]byte }

const eventHex = "0123456789abcdef"

// eventAppendString appends s as a JSON string, escaped as encoding/json escapes it: '"' and '\\'
// with a backslash, \b \f \n \r \t by name, other control characters as \u00XX, U+2028 and
// U+2029 as \u2028 and \u2029, and each byte that is not part of valid UTF-8 as \ufffd (the
// replacement character, which is also what a JSON decoder gives back for it).
func eventAppendString[T eventText](b []byte, s T) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// eight bytes at a time while none needs a look: no control character, quote,
		// backslash or non-ASCII byte
		for i+8 <= len(s) && eventPlain8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
			i += 8
		}
		for i < len(s) && eventSafe[s[i]] {
			i++
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', eventHex[c>>4], eventHex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := eventDecodeRune(s, i)
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', eventHex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// eventPlain8 reports whether none of the eight bytes of w needs escaping or UTF-8 decoding:
// each is at least 0x20, below 0x80, and neither '"' nor '\\'. (x - ones*n) &^ x & highs is
// non-zero when a byte of x is below n (n at most 0x80; a borrow starts only at such a byte).
func eventPlain8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := w^(ones*'"'), w^(ones*'\\')
	return (w|(w-ones*0x20)&^w|(quote-ones)&^quote|(backslash-ones)&^backslash)&highs == 0
}

// eventSafe tells the bytes that go into a JSON string as they are: ASCII from 0x20, but '"' and
// '\\'.
var eventSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// eventDecodeRune decodes the UTF-8 sequence at s[i] (a byte of at least utf8.RuneSelf) as
// utf8.DecodeRune does, without converting s.
func eventDecodeRune[T eventText](s T, i int) (rune, int) {
	var buf [utf8.UTFMax]byte
	n := copy(buf[:], s[i:min(len(s), i+utf8.UTFMax)])
	return utf8.DecodeRune(buf[:n])
}

// eventClean returns s as a JSON decoder gives it back after eventAppendString: s itself when it
// is valid UTF-8 (the common case, no allocation), else a copy with each invalid byte replaced
// by U+FFFD. The typed fast path passes every string through it, so that a function taking the
// events struct sees what it would have decoded from the JSON event.
func eventClean(s string) string {
	if s == "" {
		return s // inlined: many of an event's strings are empty
	}
	return eventCleanString(s)
}

// eventValid reports whether s is valid UTF-8, as utf8.ValidString does, answering the short
// ASCII strings most of an event's are without calling it.
func eventValid(s string) bool { return eventShortASCII(s) || utf8.ValidString(s) }

// eventShortASCII reports whether s is at most 16 bytes of ASCII, testing them as two words.
func eventShortASCII(s string) bool {
	if len(s) > 16 {
		return false
	}
	var b [16]byte
	copy(b[:], s)
	return (binary.LittleEndian.Uint64(b[:8])|binary.LittleEndian.Uint64(b[8:]))&0x8080808080808080 == 0
}

// eventCleanString is eventClean for a non-empty string.
func eventCleanString(s string) string {
	if eventValid(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// eventCleanAll returns vs, or a copy with every value cleaned when one is not valid UTF-8.
func eventCleanAll(vs []string) []string {
	for i, v := range vs {
		if !eventValid(v) {
			out := make([]string, len(vs))
			copy(out, vs[:i])
			for j := i; j < len(vs); j++ {
				out[j] = eventClean(vs[j])
			}
			return out
		}
	}
	return vs
}

// eventAppendStringOrNull appends s, or null when s is empty.
func eventAppendStringOrNull(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return eventAppendString(b, s)
}

// eventAppendInt appends n.
func eventAppendInt(b []byte, n int64) []byte { return strconv.AppendInt(b, n, 10) }

// eventAppendBool appends true or false.
func eventAppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// eventAppendStringMap appends m as a JSON object with its keys in sorted order (keys, which
// holds them), or null when m is empty.
func eventAppendStringMap(b []byte, m map[string]string, keys []string) []byte {
	if len(m) == 0 {
		return append(b, "null"...)
	}
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = eventAppendString(b, k)
		b = append(b, ':')
		b = eventAppendString(b, m[k])
	}
	return append(b, '}')
}

// eventAppendObject appends a JSON object of n members written by member (which appends
// "key":value for member i), or null when n is 0, as the event's empty maps are.
func eventAppendObject(b []byte, n int, member func(b []byte, i int) []byte) []byte {
	if n == 0 {
		return append(b, "null"...)
	}
	b = append(b, '{')
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = member(b, i)
	}
	return append(b, '}')
}

// eventAppendKey appends the member name k and its colon.
func eventAppendKey(b []byte, k string) []byte {
	return append(eventAppendString(b, k), ':')
}

// eventAppendStrings appends vs as a JSON array of strings.
func eventAppendStrings(b []byte, vs []string) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = eventAppendString(b, v)
	}
	return append(b, ']')
}
