package jre

import (
	"strings"
	"unicode/utf8"
)

// SplitString returns Java's s.split(regex, limit). As in Java, a regex that is one character
// other than ".$|()[{^?*+\" or a backslash followed by one character that is neither an ASCII
// letter nor a digit splits on that character without compiling a pattern; any other regex is
// compiled through cache (which may be nil) and applied with Pattern.Split.
func SplitString(s, regex string, limit int, cache *Cache) ([]string, error) {
	if sep, ok := literalSeparator(regex); ok {
		return splitLiteral(s, sep, limit), nil
	}
	p, err := cache.Compile(regex)
	if err != nil {
		return nil, err
	}
	return p.Split(s, limit)
}

// literalSeparator reports whether String.split's fast path applies to regex, returning the
// separator character.
func literalSeparator(regex string) (string, bool) {
	r, size := utf8.DecodeRuneInString(regex)
	switch {
	case size == len(regex) && size > 0:
		if strings.ContainsRune(".$|()[{^?*+\\", r) {
			return "", false
		}
	case regex != "" && regex[0] == '\\':
		r, size = utf8.DecodeRuneInString(regex[1:])
		if 1+size != len(regex) || r < utf8.RuneSelf && isASCIIAlnum(byte(r)) {
			return "", false
		}
	default:
		return "", false
	}
	if r == utf8.RuneError || r >= 0x10000 {
		return "", false
	}
	return regex[len(regex)-size:], true
}

// splitLiteral is String.split's fast path: Pattern.Split semantics for a single-character
// separator.
func splitLiteral(s, sep string, limit int) []string {
	i := strings.Index(s, sep)
	if i < 0 {
		return []string{s}
	}
	n := strings.Count(s, sep) + 1
	if limit > 0 {
		n = min(n, limit)
	}
	list := make([]string, 0, n)
	off := 0
	for ; i >= 0; i = strings.Index(s[off:], sep) {
		if limit > 0 && len(list) == limit-1 {
			break
		}
		list = append(list, s[off:off+i])
		off += i + len(sep)
	}
	list = append(list, s[off:])
	return trimTrailingEmpty(list, limit)
}
