package lambdaevent

import (
	"unicode/utf16"
	"unicode/utf8"
)

// This file reads the JSON a Lambda proxy function returns. encoding/json would do, but it
// matches struct fields regardless of case ({"StatusCode": 200} is not a proxy response on AWS,
// whose parser is case-sensitive), it cannot tell a missing key from a null one without a map
// per object, and it costs more than the rest of the response handling together. The reader
// validates the whole payload as encoding/json does (json.Valid), then walks the validated
// bytes. Strings decode as encoding/json decodes them: invalid UTF-8 and lone surrogates become
// U+FFFD. The fuzz tests check both against encoding/json.

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonInvalid jsonKind = iota
	jsonNull
	jsonTrue
	jsonFalse
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

// value is one JSON value of a validated payload: its kind and its bytes (for a string, the
// quotes included).
type value struct {
	kind jsonKind
	raw  []byte
}

// member is a member of a JSON object: its key (the raw text between the quotes, escapes not
// decoded) and its value.
type member struct {
	key []byte
	val value
}

// maxDepth is how deeply values may nest, as for encoding/json.
const maxDepth = 10000

// parseValue validates b as one JSON value (white space around it allowed) and returns it.
// The kind is jsonInvalid when b is not valid JSON.
func parseValue(b []byte) value {
	i := space(b, 0)
	end, ok := validValue(b, i, 0)
	if !ok || space(b, end) != len(b) {
		return value{}
	}
	return value{kind: kindOf(b[i]), raw: b[i:end]}
}

// kindOf returns the kind of the value that starts with c (valid JSON).
func kindOf(c byte) jsonKind {
	switch c {
	case 'n':
		return jsonNull
	case 't':
		return jsonTrue
	case 'f':
		return jsonFalse
	case '"':
		return jsonString
	case '{':
		return jsonObject
	case '[':
		return jsonArray
	}
	return jsonNumber
}

// space returns the index of the first byte at or after i that is not JSON white space.
func space(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// validValue validates the value at b[i:] and returns the index after it.
func validValue(b []byte, i, depth int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch c := b[i]; {
	case c == '"':
		return validString(b, i)
	case c == '{' || c == '[':
		if depth++; depth > maxDepth {
			return 0, false
		}
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		i = space(b, i+1)
		if i < len(b) && b[i] == end {
			return i + 1, true
		}
		for {
			var ok bool
			if c == '{' { // a member: its key and ':' before the value
				if i >= len(b) || b[i] != '"' {
					return 0, false
				}
				if i, ok = validString(b, i); !ok {
					return 0, false
				}
				if i = space(b, i); i >= len(b) || b[i] != ':' {
					return 0, false
				}
				i = space(b, i+1)
			}
			if i, ok = validValue(b, i, depth); !ok {
				return 0, false
			}
			if i = space(b, i); i >= len(b) {
				return 0, false
			}
			switch b[i] {
			case ',':
				i = space(b, i+1)
			case end:
				return i + 1, true
			default:
				return 0, false
			}
		}
	case c == 't':
		return literal(b, i, "true")
	case c == 'f':
		return literal(b, i, "false")
	case c == 'n':
		return literal(b, i, "null")
	case c == '-' || '0' <= c && c <= '9':
		return validNumber(b, i)
	}
	return 0, false
}

func literal(b []byte, i int, lit string) (int, bool) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), true
	}
	return 0, false
}

// validNumber validates -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at b[i:].
func validNumber(b []byte, i int) (int, bool) {
	digits := func(i int) int {
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return 0, false
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		i = digits(i + 1)
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return 0, false
		}
		i = j
	}
	return i, true
}

// validString validates the string at b[i] (a '"') and returns the index after it. Any byte
// from 0x20 up is allowed in it, valid UTF-8 or not, as encoding/json allows.
func validString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return 0, false
		case c == '\\':
			i++
			if i >= len(b) {
				return 0, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-i < 5 || hex4(b[i+1:i+5]) < 0 {
					return 0, false
				}
				i += 4
			default:
				return 0, false
			}
		}
	}
	return 0, false
}

// hex4 returns the value of 4 hex digits, or -1.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// skip returns the index after the valid value at b[i:].
func skip(b []byte, i int) int {
	switch b[i] {
	case '"':
		for i++; ; i++ {
			switch b[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch b[i] {
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			case '"':
				i = skip(b, i) - 1
			}
		}
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// members appends the members of the valid object raw to dst.
func members(dst []member, raw []byte) []member {
	i := space(raw, 1)
	for raw[i] != '}' {
		kend := skip(raw, i)
		key := raw[i+1 : kend-1]
		i = space(raw, space(raw, kend)+1) // past ':'
		vend := skip(raw, i)
		dst = append(dst, member{key: key, val: value{kind: kindOf(raw[i]), raw: raw[i:vend]}})
		i = space(raw, vend)
		if raw[i] == ',' {
			i = space(raw, i+1)
		}
	}
	return dst
}

// elements appends the elements of the valid array raw to dst.
func elements(dst []value, raw []byte) []value {
	i := space(raw, 1)
	for raw[i] != ']' {
		end := skip(raw, i)
		dst = append(dst, value{kind: kindOf(raw[i]), raw: raw[i:end]})
		i = space(raw, end)
		if raw[i] == ',' {
			i = space(raw, i+1)
		}
	}
	return dst
}

// unquote appends the decoded text of s, the contents of a valid JSON string (between the
// quotes), to dst, as encoding/json decodes it.
func unquote(dst, s []byte) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			dst = append(dst, s[start:i]...)
			switch e := s[i+1]; e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := hex4(s[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					if len(s)-i >= 6 && s[i] == '\\' && s[i+1] == 'u' {
						if dec := utf16.DecodeRune(r, hex4(s[i+2:])); dec != utf8.RuneError {
							dst = utf8.AppendRune(dst, dec)
							i += 6
							start = i
							continue
						}
					}
					r = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, r)
				start = i
				continue
			default: // '"', '\\', '/'
				dst = append(dst, e)
			}
			i += 2
			start = i
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = utf8.AppendRune(dst, utf8.RuneError)
				i++
				start = i
				continue
			}
			i += size
		}
	}
	return append(dst, s[start:]...)
}

// keyIs reports whether the raw key (escapes not decoded) decodes to name.
func keyIs(key []byte, name string) bool {
	for _, c := range key {
		if c == '\\' || c >= utf8.RuneSelf {
			var buf [32]byte
			return string(unquote(buf[:0], key)) == name
		}
	}
	return string(key) == name
}
