package jre

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// ToLower returns Java's s.toLowerCase() for a locale without special rules (JDK 17, Unicode
// 13): 'İ' (U+0130) becomes "i̇" and a capital sigma at the end of a word becomes the final
// form 'ς'. An ASCII string without upper-case letters is returned without allocating.
func ToLower(s string) string {
	if isASCII(s) {
		if indexASCIIRange(s, 'A', 'Z') < 0 {
			return s
		}
		return ownedString(appendShiftedASCII(make([]byte, 0, len(s)), s, 'A', 'Z'))
	}
	return ownedString(AppendLower(make([]byte, 0, len(s)), s))
}

// AppendLower appends ToLower(s) to dst and returns the extended slice.
func AppendLower(dst []byte, s string) []byte {
	if isASCII(s) {
		return appendShiftedASCII(dst, s, 'A', 'Z')
	}
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		switch {
		case r == 'İ':
			dst = append(dst, "i\u0307"...)
		case r == 'Σ' && isFinalSigma(s, i, size):
			dst = append(dst, "ς"...)
		case r == utf8.RuneError && size == 1, r >= 0xD800 && r <= 0xDFFF:
			dst = append(dst, s[i:i+size]...)
		default:
			dst = utf8.AppendRune(dst, simpleLower(r))
		}
		i += size
	}
	return dst
}

// ToUpper returns Java's s.toUpperCase() for a locale without special rules (JDK 17, Unicode
// 13), including the full mappings that lengthen the string: 'ß' becomes "SS", 'ﬁ' "FI". An
// ASCII string without lower-case letters is returned without allocating.
func ToUpper(s string) string {
	if isASCII(s) {
		if indexASCIIRange(s, 'a', 'z') < 0 {
			return s
		}
		return ownedString(appendShiftedASCII(make([]byte, 0, len(s)), s, 'a', 'z'))
	}
	return ownedString(AppendUpper(make([]byte, 0, len(s)), s))
}

// AppendUpper appends ToUpper(s) to dst and returns the extended slice.
func AppendUpper(dst []byte, s string) []byte {
	if isASCII(s) {
		return appendShiftedASCII(dst, s, 'a', 'z')
	}
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		if exp, ok := upperExpansions[r]; ok {
			dst = append(dst, exp...)
		} else if r == utf8.RuneError && size == 1 || r >= 0xD800 && r <= 0xDFFF {
			dst = append(dst, s[i:i+size]...)
		} else {
			dst = utf8.AppendRune(dst, simpleUpper(r))
		}
		i += size
	}
	return dst
}

// indexASCIIRange returns the index of the first byte of s in [lo, hi], or -1.
func indexASCIIRange(s string, lo, hi byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= lo && s[i] <= hi {
			return i
		}
	}
	return -1
}

// appendShiftedASCII appends the ASCII string s with the letters in [lo, hi] switched to the
// other case: lo and hi are 'A' and 'Z', or 'a' and 'z'.
func appendShiftedASCII(dst []byte, s string, lo, hi byte) []byte {
	n := len(dst)
	dst = append(dst, s...)
	b := dst[n:]
	// eight bytes at a time: as every byte is below 0x80, adding 0x80-lo to each sets its top
	// bit exactly when it is >= lo, adding 0x7F-hi exactly when it is > hi, and no sum carries
	// into the next byte; the letters differ from their other case in bit 5 alone
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	geLo, gtHi := ones*uint64(0x80-lo), ones*uint64(0x7F-hi)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		in := (w + geLo) &^ (w + gtHi) & tops
		binary.LittleEndian.PutUint64(b[i:], w^in>>2)
	}
	for ; i < len(b); i++ {
		if b[i] >= lo && b[i] <= hi {
			b[i] ^= 0x20
		}
	}
	return dst
}

// EqualsIgnoreCase returns Java's a.equalsIgnoreCase(b): equal UTF-16 lengths and, character by
// character, equal after Character.toUpperCase or after toUpperCase then toLowerCase.
func EqualsIgnoreCase(a, b string) bool {
	if len(a) == len(b) && a == b {
		return true
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ra, sa := decodeUnit(a, i)
		rb, sb := decodeUnit(b, j)
		if unitsOf(ra) != unitsOf(rb) {
			return false
		}
		if ra != rb || ra == utf8.RuneError && a[i:i+sa] != b[j:j+sb] {
			ua, ub := simpleUpper(ra), simpleUpper(rb)
			if ua != ub && simpleLower(ua) != simpleLower(ub) {
				return false
			}
		}
		i += sa
		j += sb
	}
	return i == len(a) && j == len(b)
}

// unicode14Cased lists the case pairs Unicode added after version 13, which JDK 17's
// Character.toUpperCase and toLowerCase leave unchanged while Go's unicode package maps them.
var unicode14Cased = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x2C2F, Hi: 0x2C2F, Stride: 1},
		{Lo: 0x2C5F, Hi: 0x2C5F, Stride: 1},
		{Lo: 0xA7C0, Hi: 0xA7C1, Stride: 1},
		{Lo: 0xA7D0, Hi: 0xA7D9, Stride: 1},
	},
	R32: []unicode.Range32{
		{Lo: 0x10570, Hi: 0x105BC, Stride: 1},
	},
}

// simpleUpper is Java's Character.toUpperCase(int) in JDK 17.
func simpleUpper(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'a' && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}
	if unicode.Is(unicode14Cased, r) {
		return r
	}
	return unicode.ToUpper(r)
}

// simpleLower is Java's Character.toLowerCase(int) in JDK 17.
func simpleLower(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	if unicode.Is(unicode14Cased, r) {
		return r
	}
	return unicode.ToLower(r)
}

// isFinalSigma reports whether the capital sigma at byte offset i (size bytes) of s ends a
// word: a cased letter precedes it within the word and none follows it within the word. Java
// finds the word with a BreakIterator; this approximation takes a word to be letters, marks and
// digits, joined by single "mid-word" punctuation such as '.' or an apostrophe.
func isFinalSigma(s string, i, size int) bool {
	for j := i; j > 0; {
		r, n := lastUnit(s[:j])
		if isMidWord(r) && j-n > 0 {
			if before, _ := lastUnit(s[:j-n]); isWordChar(before) {
				j -= n
				continue
			}
		}
		if !isWordChar(r) {
			return false
		}
		if isCased(r) {
			return !casedFollows(s, i+size)
		}
		j -= n
	}
	return false
}

// casedFollows reports whether a cased letter follows offset k within the same word.
func casedFollows(s string, k int) bool {
	for k < len(s) {
		r, n := decodeUnit(s, k)
		if isMidWord(r) && k+n < len(s) {
			if after, _ := decodeUnit(s, k+n); isWordChar(after) {
				k += n
				continue
			}
		}
		if !isWordChar(r) {
			return false
		}
		if isCased(r) {
			return true
		}
		k += n
	}
	return false
}

// isMidWord reports the punctuation that Unicode word segmentation keeps inside a word when
// letters or digits surround it (MidLetter and MidNumLet).
func isMidWord(r rune) bool {
	switch r {
	case '.', '\'', ':', 0xB7, 0x387, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return false
}

// lastUnit decodes the last character of s.
func lastUnit(s string) (rune, int) {
	if len(s) >= 3 {
		if r, size := decodeUnit(s, len(s)-3); size == 3 {
			return r, size
		}
	}
	return utf8.DecodeLastRuneInString(s)
}

// isWordChar approximates the characters a word BreakIterator keeps inside one word.
func isWordChar(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.Nd)
}

// isCased is Unicode's Cased property, which Java's final sigma rule tests.
func isCased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}
