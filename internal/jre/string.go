package jre

import (
	"strings"
	"unicode/utf8"
)

// Trim returns Java's s.trim(): s without the leading and trailing characters at or below
// U+0020 (spaces and ASCII control characters, but not other Unicode white space).
func Trim(s string) string {
	start, end := 0, len(s)
	for start < end && s[start] <= ' ' {
		start++
	}
	for end > start && s[end-1] <= ' ' {
		end--
	}
	return s[start:end]
}

// Replace returns Java's s.replace(target, replacement): every non-overlapping occurrence of
// target, left to right, replaced. An empty target inserts replacement before every UTF-16 code
// unit and at the end, splitting surrogate pairs as Java does.
func Replace(s, target, replacement string) string {
	if target == "" {
		return insertBetweenUnits(s, replacement)
	}
	if len(target) == 1 && len(replacement) == 1 && target[0] < utf8.RuneSelf && replacement[0] < utf8.RuneSelf {
		return replaceByte(s, target[0], replacement[0])
	}
	if utf8.ValidString(s) && utf8.ValidString(target) {
		return strings.ReplaceAll(s, target, replacement)
	}
	u, t := toUnits(s), toUnits(target)
	var b []byte
	last := 0
	for i := indexUnits(u, t, 0); i >= 0; i = indexUnits(u, t, last) {
		b = append(b, fromUnits(u[last:i])...)
		b = append(b, replacement...)
		last = i + len(t)
	}
	if last == 0 {
		return s
	}
	return string(append(b, fromUnits(u[last:])...))
}

// AppendReplace appends Replace(s, target, replacement) to dst and returns the extended slice.
func AppendReplace(dst []byte, s, target, replacement string) []byte {
	if target == "" || !utf8.ValidString(s) || !utf8.ValidString(target) {
		return append(dst, Replace(s, target, replacement)...)
	}
	for {
		i := strings.Index(s, target)
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(append(dst, s[:i]...), replacement...)
		s = s[i+len(target):]
	}
}

// replaceByte is Replace of one ASCII character by another, which touches no other UTF-16 unit
// nor any UTF-8 sequence: one pass and at most one allocation.
func replaceByte(s string, old, new byte) string {
	i := strings.IndexByte(s, old)
	if i < 0 {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if b[i] == old {
			b[i] = new
		}
	}
	return ownedString(b)
}

// insertBetweenUnits is Replace with an empty target.
func insertBetweenUnits(s, sep string) string {
	b := make([]byte, 0, len(s)+(len(s)+1)*len(sep))
	b = append(b, sep...)
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		if r >= 0x10000 {
			hi, lo := surrogates(r)
			b = appendUnit(b, hi)
			b = append(b, sep...)
			b = appendUnit(b, lo)
		} else {
			b = append(b, s[i:i+size]...)
		}
		b = append(b, sep...)
		i += size
	}
	return string(b)
}

// HashCode returns Java's s.hashCode(): the sum of s[i]*31^(n-1-i) over its UTF-16 code units,
// in wrapping 32-bit arithmetic.
func HashCode(s string) int32 {
	var h int32
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		if r >= 0x10000 {
			hi, lo := surrogates(r)
			h = 31*(31*h+int32(hi)) + int32(lo)
		} else {
			h = 31*h + int32(r)
		}
		i += size
	}
	return h
}
