package jre

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A Java string is a sequence of UTF-16 code units; a Go string here is its UTF-8 encoding. The
// two agree except in three places, handled the same way by every function of this package:
//
//   - A supplementary character (U+10000 and up, such as most emoji) is one 4-byte rune in Go
//     and two code units (a surrogate pair) in Java: it counts 2 for lengths and indices.
//   - An unpaired surrogate, which Java strings can hold (charAt(i) on half of a pair, or
//     substring cutting a pair), is stored as the 3-byte generalized UTF-8 ("WTF-8") encoding
//     of the surrogate code point, 0xED 0xA0..0xBF 0x80..0xBF. It counts as one code unit.
//     Concatenating a high and a low half yields two such sequences, which still count as the
//     two units Java would see; AppendUTF8, for output, joins them into the 4-byte character
//     and writes any unpaired surrogate as '?', as Java's UTF-8 encoder does.
//   - Any other byte that is not valid UTF-8 counts as one code unit (the U+FFFD a Java decoder
//     would have produced for it) and is kept unchanged.

// isASCII reports whether s holds only ASCII bytes, in which case byte and UTF-16 indices agree.
func isASCII(s string) bool {
	b := []byte(s) // not copied: the compiler sees b is only read
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// decodeUnit decodes the character at byte offset i of s: a rune, a WTF-8 encoded surrogate
// (returned as the surrogate code point) or a single invalid byte (returned as U+FFFD with
// size 1).
func decodeUnit(s string, i int) (r rune, size int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, size = utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 && c == 0xED && i+2 < len(s) &&
		s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return r, size
}

// unitsOf returns how many UTF-16 code units the decoded character r takes.
func unitsOf(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// surrogates splits a supplementary character into its high and low surrogates.
func surrogates(r rune) (hi, lo rune) {
	r -= 0x10000
	return 0xD800 + r>>10, 0xDC00 + r&0x3FF
}

// appendUnit appends one UTF-16 code unit or character: a surrogate as its WTF-8 encoding, any
// other rune as UTF-8.
func appendUnit(dst []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(dst, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(dst, r)
}

// Len returns the Java length of s: its number of UTF-16 code units.
func Len(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		n += unitsOf(r)
		i += size
	}
	return n
}

// toUnits returns the UTF-16 code units of s.
func toUnits(s string) []uint16 {
	u := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		if r >= 0x10000 {
			hi, lo := surrogates(r)
			u = append(u, uint16(hi), uint16(lo))
		} else {
			u = append(u, uint16(r))
		}
		i += size
	}
	return u
}

// fromUnits returns the string of the UTF-16 code units u, joining surrogate pairs into runes
// and keeping unpaired surrogates as WTF-8.
func fromUnits(u []uint16) string {
	b := make([]byte, 0, len(u))
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if r >= 0xD800 && r <= 0xDBFF && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
			r = 0x10000 + (r-0xD800)<<10 + rune(u[i+1]-0xDC00)
			i++
		}
		b = appendUnit(b, r)
	}
	return string(b)
}

// bytePosition is where a UTF-16 index falls in a Go string: at byte offset off, or, when split is
// true, between the two surrogates of the 4-byte rune starting at off.
type bytePosition struct {
	off   int
	split bool
}

// locate finds the byte position of UTF-16 index unit (0 <= unit <= Len(s)) in a non-ASCII s.
func locate(s string, unit int) bytePosition {
	n := 0
	for i := 0; i < len(s); {
		if n == unit {
			return bytePosition{off: i}
		}
		r, size := decodeUnit(s, i)
		n += unitsOf(r)
		if n > unit {
			return bytePosition{off: i, split: true}
		}
		i += size
	}
	return bytePosition{off: len(s)}
}

// unitIndex converts byte offset off (at a character boundary) of s into a UTF-16 index.
func unitIndex(s string, off int) int {
	n := 0
	for i := 0; i < off; {
		r, size := decodeUnit(s, i)
		n += unitsOf(r)
		i += size
	}
	return n
}

// CharAt returns Java's s.charAt(i) as a string of one UTF-16 code unit. When i points at
// either half of a surrogate pair the result is that lone surrogate in WTF-8 (see the package
// documentation); an index out of range is a StringIndexOutOfBoundsException.
func CharAt(s string, i int) (string, error) {
	if isASCII(s) {
		if i < 0 || i >= len(s) {
			return "", charAtError(s, i, len(s))
		}
		return s[i : i+1], nil
	}
	if i < 0 || i >= Len(s) {
		return "", charAtError(s, i, Len(s))
	}
	p := locate(s, i)
	r, size := decodeUnit(s, p.off)
	if r < 0x10000 {
		return s[p.off : p.off+size], nil
	}
	hi, lo := surrogates(r)
	if p.split {
		return string(appendUnit(nil, lo)), nil
	}
	return string(appendUnit(nil, hi)), nil
}

// charAtError is JDK 17's exception for charAt out of range, whose message depends on the
// string's internal coding: Latin-1 (every code unit below U+0100) or UTF-16.
func charAtError(s string, i, length int) error {
	msg := "String index out of range: " + strconv.Itoa(i)
	if !isLatin1(s) {
		msg = "index " + strconv.Itoa(i) + ", length " + strconv.Itoa(length)
	}
	return &Exception{Class: ClassStringIndexOutOfBounds, Message: msg}
}

// isLatin1 reports whether every code unit of s is below U+0100, in which case JDK 17 stores
// it compactly (and words some exceptions differently).
func isLatin1(s string) bool {
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		if r > 0xFF || r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

// Substring returns Java's s.substring(begin, end) with UTF-16 indices. A bound that cuts a
// surrogate pair leaves the cut half in the result as a lone surrogate, as Java does.
func Substring(s string, begin, end int) (string, error) {
	ascii := isASCII(s)
	length := len(s)
	if !ascii {
		length = Len(s)
	}
	if begin < 0 || begin > end || end > length {
		return "", &Exception{Class: ClassStringIndexOutOfBounds,
			Message: "begin " + strconv.Itoa(begin) + ", end " + strconv.Itoa(end) + ", length " + strconv.Itoa(length)}
	}
	if ascii {
		return s[begin:end], nil
	}
	b, e := locate(s, begin), locate(s, end)
	if !b.split && !e.split {
		return s[b.off:e.off], nil
	}
	var out []byte
	from := b.off
	if b.split {
		r, size := decodeUnit(s, b.off)
		_, lo := surrogates(r)
		if e.split && e.off == b.off {
			return "", nil
		}
		out = appendUnit(out, lo)
		from = b.off + size
	}
	if e.split {
		r, _ := decodeUnit(s, e.off)
		hi, _ := surrogates(r)
		out = append(out, s[from:e.off]...)
		out = appendUnit(out, hi)
	} else {
		out = append(out, s[from:e.off]...)
	}
	return string(out), nil
}

// IndexOf returns Java's s.indexOf(sub, from): the UTF-16 index of the first occurrence of sub
// at or after from, or -1. A negative from counts as 0; a from past the end finds only an
// empty sub (at the end).
func IndexOf(s, sub string, from int) int {
	if isASCII(s) && isASCII(sub) {
		if from >= len(s) {
			if sub == "" {
				return len(s)
			}
			return -1
		}
		from = max(from, 0)
		i := strings.Index(s[from:], sub)
		if i < 0 {
			return -1
		}
		return from + i
	}
	if utf8.ValidString(s) && utf8.ValidString(sub) {
		length := Len(s)
		if from >= length {
			if sub == "" {
				return length
			}
			return -1
		}
		from = max(from, 0)
		p := locate(s, from)
		start := p.off
		if p.split && sub != "" {
			_, size := decodeUnit(s, p.off)
			start += size
		} else if p.split {
			return from
		}
		i := strings.Index(s[start:], sub)
		if i < 0 {
			return -1
		}
		return unitIndex(s, start+i)
	}
	return indexUnits(toUnits(s), toUnits(sub), from)
}

// indexUnits is IndexOf on UTF-16 code units.
func indexUnits(s, sub []uint16, from int) int {
	if from >= len(s) {
		if len(sub) == 0 {
			return len(s)
		}
		return -1
	}
	for i := max(from, 0); i+len(sub) <= len(s); i++ {
		if unitsEqual(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// LastIndexOf returns Java's s.lastIndexOf(sub, from): the UTF-16 index of the last occurrence
// of sub starting at or before from, or -1. A from past the last possible start is clamped to
// it; a negative from finds nothing.
func LastIndexOf(s, sub string, from int) int {
	if isASCII(s) && isASCII(sub) {
		from = min(from, len(s)-len(sub))
		if from < 0 {
			return -1
		}
		return strings.LastIndex(s[:from+len(sub)], sub)
	}
	if utf8.ValidString(s) && utf8.ValidString(sub) {
		from = min(from, Len(s)-Len(sub))
		if from < 0 {
			return -1
		}
		p := locate(s, from)
		if p.split && sub == "" {
			return from
		}
		i := strings.LastIndex(s[:min(len(s), p.off+len(sub))], sub)
		if i < 0 {
			return -1
		}
		return unitIndex(s, i)
	}
	u, su := toUnits(s), toUnits(sub)
	for i := min(from, len(u)-len(su)); i >= 0; i-- {
		if unitsEqual(u[i:i+len(su)], su) {
			return i
		}
	}
	return -1
}

// unitsEqual reports whether a and b hold the same code units.
func unitsEqual(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// AppendUTF8 appends s as Java's String.getBytes(UTF_8) (or any UTF-8 Writer) encodes it: a
// high and a low surrogate that follow each other (for instance two halves of an emoji taken
// with charAt and concatenated) become the one 4-byte character they form, and an unpaired
// surrogate becomes '?'. Everything else, invalid bytes included, is copied unchanged; a string
// without surrogates is appended as is.
func AppendUTF8(dst []byte, s string) []byte {
	if strings.IndexByte(s, 0xED) < 0 {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		switch {
		case r >= 0xD800 && r <= 0xDBFF && size == 3 && i+size < len(s):
			if lo, loSize := decodeUnit(s, i+size); lo >= 0xDC00 && lo <= 0xDFFF && loSize == 3 {
				dst = utf8.AppendRune(dst, 0x10000+(r-0xD800)<<10+(lo-0xDC00))
				i += size + loSize
				continue
			}
			dst = append(dst, '?')
		case r >= 0xD800 && r <= 0xDFFF && size == 3:
			dst = append(dst, '?')
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}
