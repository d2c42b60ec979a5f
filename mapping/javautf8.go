package mapping

import "unicode/utf8"

// decodeJavaUTF8 turns bytes into a string as Java's new String(bytes, UTF_8) does: valid UTF-8
// is kept, and each maximal ill-formed subsequence becomes one U+FFFD (Java's decoder follows
// Unicode's "maximal subpart" practice, where Go's range loop replaces byte by byte).
func decodeJavaUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			out = append(out, b[i:i+n]...)
			i += n
			continue
		}
		out = utf8.AppendRune(out, utf8.RuneError)
		i += illFormedPrefix(b[i:])
	}
	return string(out)
}

// illFormedPrefix returns the length of the maximal subpart of an ill-formed UTF-8 sequence at
// the start of b: the lead byte and the continuation bytes that could still have completed it.
func illFormedPrefix(b []byte) int {
	lo, hi := byte(0x80), byte(0xBF) // allowed range of the second byte
	var need int                     // continuation bytes the lead byte announces
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for k := 0; k < need && n < len(b); k++ {
		c := b[n]
		if k == 0 && (c < lo || c > hi) || k > 0 && (c < 0x80 || c > 0xBF) {
			break
		}
		n++
	}
	return n
}
