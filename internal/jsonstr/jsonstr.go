// Package jsonstr is apigate's one JSON string writer. JSON requires a writer to escape quotes,
// backslashes and control characters and leaves the rest to it, and the systems apigate matches
// byte for byte chose differently: a Dialect is one such choice, and Append writes a string in
// it.
package jsonstr

import "unicode/utf8"

// Dialect is a way of writing JSON strings: what it escapes beyond what JSON requires, how it
// spells the escapes, and what becomes of bytes that are not UTF-8. The dialects are the
// package's variables; a Dialect is read-only.
type Dialect struct {
	safe    [256]bool       // the bytes copied as they are
	swar    bool            // every byte plain8 passes is safe (the word test applies)
	hex     string          // the digits of \uXXXX
	slash   bool            // '/' is written \/
	invalid string          // what a byte that is not UTF-8 becomes
	escape  func(rune) bool // the non-ASCII runes written as \uXXXX
}

// The dialects.
var (
	// Go is encoding/json's (without HTML escaping, as aws-lambda-go's runtime and API
	// Gateway's events write): \b \f \n \r \t by name, other control characters as \u00xx,
	// U+2028 and U+2029 escaped, a byte that is not UTF-8 as \ufffd.
	Go = newDialect(dialect{hex: "0123456789abcdef", invalid: `\ufffd`,
		escape: func(r rune) bool { return r == '\u2028' || r == '\u2029' }})
	// Smart is json-smart's ESCAPE4Web, which API Gateway's mapping templates write JSON with:
	// as Go, and '/' as \/, U+007F to U+009F and U+2000 to U+20FF as \uXXXX, upper-case hex, a
	// byte that is not UTF-8 as U+FFFD itself.
	Smart = newDialect(dialect{hex: "0123456789ABCDEF", slash: true, invalid: "\uFFFD",
		escape: func(r rune) bool { return r >= 0x7F && r <= 0x9F || r >= 0x2000 && r <= 0x20FF }})
	// Minimal escapes what JSON requires and nothing else: \b \f \n \r \t by name, other
	// control characters as \u00xx; every other byte, UTF-8 or not, is copied.
	Minimal = newDialect(dialect{hex: "0123456789abcdef", copyNonASCII: true})
)

type dialect struct {
	hex          string
	slash        bool
	invalid      string
	escape       func(rune) bool
	copyNonASCII bool
}

func newDialect(c dialect) *Dialect {
	d := &Dialect{hex: c.hex, slash: c.slash, invalid: c.invalid, escape: c.escape}
	for b := 0x20; b < 0x100; b++ {
		switch {
		case b == '"' || b == '\\' || b == '/' && c.slash || b == 0x7F && c.escape != nil && c.escape(0x7F):
		case b < utf8.RuneSelf || c.copyNonASCII:
			d.safe[b] = true
		}
	}
	d.swar = !c.slash && d.safe[0x7F]
	return d
}

// Text is what a JSON string is written from: a string or bytes.
type Text interface{ ~string | ~[]byte }

// Append appends s to b as a JSON string in dialect d, quotes included.
func Append[T Text](b []byte, s T, d *Dialect) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if d.swar {
			// eight bytes at a time while none needs a look
			for i+8 <= len(s) && plain8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
				uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
				i += 8
			}
		}
		for i < len(s) && d.safe[s[i]] {
			i++
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			b = d.appendASCII(b, c)
			i++
			start = i
			continue
		}
		r, size := decodeRune(s, i)
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, d.invalid...)
			i++
			start = i
			continue
		case d.escape(r):
			b = append(b, s[start:i]...)
			b = d.appendU(b, r)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendASCII appends the escape of c, an ASCII byte that is not safe.
func (d *Dialect) appendASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\', '/':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return d.appendU(b, rune(c))
}

// appendU appends r (at most U+FFFF) as \uXXXX.
func (d *Dialect) appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', d.hex[r>>12&0xF], d.hex[r>>8&0xF], d.hex[r>>4&0xF], d.hex[r&0xF])
}

// plain8 reports whether none of the eight bytes of w needs a look: each is at least 0x20,
// below 0x80, and neither '"' nor '\\'. (x - ones*n) &^ x & highs is non-zero when a byte of x
// is below n (n at most 0x80; a borrow starts only at such a byte).
func plain8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := w^(ones*'"'), w^(ones*'\\')
	return (w|(w-ones*0x20)&^w|(quote-ones)&^quote|(backslash-ones)&^backslash)&highs == 0
}

// decodeRune decodes the UTF-8 sequence at s[i] as utf8.DecodeRune does, without converting s.
func decodeRune[T Text](s T, i int) (rune, int) {
	var buf [utf8.UTFMax]byte
	n := copy(buf[:], s[i:min(len(s), i+utf8.UTFMax)])
	return utf8.DecodeRune(buf[:n])
}
