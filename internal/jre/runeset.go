package jre

import (
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// runeRange is an inclusive range of code points.
type runeRange struct{ lo, hi rune }

// runeSet is a set of code points kept as sorted, non-overlapping, non-adjacent ranges. A Java
// character class (with its unions, intersections and negation) is evaluated into a runeSet and
// emitted as a plain .NET class, the only kind regexp2 understands.
type runeSet []runeRange

// single returns the set of one code point.
func single(r rune) runeSet { return runeSet{{r, r}} }

// ranges returns the set of the code points in the pairs lo0, hi0, lo1, hi1, ...
func ranges(bounds ...rune) runeSet {
	var s runeSet
	for i := 0; i+1 < len(bounds); i += 2 {
		s = append(s, runeRange{bounds[i], bounds[i+1]})
	}
	return s.normalize()
}

// fromTables returns the union of Go's Unicode tables.
func fromTables(tables ...*unicode.RangeTable) runeSet {
	var s runeSet
	for _, t := range tables {
		for _, r := range t.R16 {
			s = appendStrided(s, rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
		for _, r := range t.R32 {
			s = appendStrided(s, rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
	}
	return s.normalize()
}

// appendStrided appends lo, lo+stride, ... hi to s.
func appendStrided(s runeSet, lo, hi, stride rune) runeSet {
	if stride == 1 {
		return append(s, runeRange{lo, hi})
	}
	for r := lo; r <= hi; r += stride {
		s = append(s, runeRange{r, r})
	}
	return s
}

// normalize sorts and merges the ranges of s.
func (s runeSet) normalize() runeSet {
	slices.SortFunc(s, func(a, b runeRange) int { return int(a.lo - b.lo) })
	out := s[:0]
	for _, r := range s {
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// union returns the code points in s or t.
func (s runeSet) union(t runeSet) runeSet {
	return append(slices.Clone(s), t...).normalize()
}

// complement returns the code points not in s.
func (s runeSet) complement() runeSet {
	var out runeSet
	next := rune(0)
	for _, r := range s {
		if r.lo > next {
			out = append(out, runeRange{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, runeRange{next, unicode.MaxRune})
	}
	return out
}

// intersect returns the code points in both s and t.
func (s runeSet) intersect(t runeSet) runeSet {
	var out runeSet
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		lo, hi := max(s[i].lo, t[j].lo), min(s[i].hi, t[j].hi)
		if lo <= hi {
			out = append(out, runeRange{lo, hi})
		}
		if s[i].hi < t[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

// appendClass appends s as a .NET character class. Every code point is written in a form
// that means itself inside a class, whatever the options.
func (s runeSet) appendClass(dst []byte) []byte {
	if len(s) == 0 {
		return append(dst, `[^\x00-`+string(rune(unicode.MaxRune))+`]`...)
	}
	dst = append(dst, '[')
	for _, r := range s {
		dst = appendClassRune(dst, r.lo)
		if r.hi > r.lo {
			if r.hi > r.lo+1 {
				dst = append(dst, '-')
			}
			dst = appendClassRune(dst, r.hi)
		}
	}
	return append(dst, ']')
}

// appendClassRune appends one code point escaped for use inside a .NET class or, being
// escaped the same way, as a literal outside one.
func appendClassRune(dst []byte, r rune) []byte {
	switch {
	case r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
		return append(dst, byte(r))
	case r < 0x100:
		return append(dst, `\x`+hex(r, 2)...)
	case r < 0x10000:
		return append(dst, `\u`+hex(r, 4)...)
	}
	return utf8.AppendRune(dst, r)
}

// hex formats r in exactly width hexadecimal digits.
func hex(r rune, width int) string {
	h := strconv.FormatInt(int64(r), 16)
	for len(h) < width {
		h = "0" + h
	}
	return h
}
