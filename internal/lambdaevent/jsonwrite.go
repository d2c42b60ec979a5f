package lambdaevent

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"

	"github.com/apigate/apigate/internal/jsonstr"
)

// This file writes the JSON of Lambda proxy events by hand: an event is built for every request
// a Lambda proxy method serves, and encoding/json (reflection, a map per object) costs several
// times what appending the bytes does. The output is what encoding/json writes for the same
// values with HTML escaping off (Encoder.SetEscapeHTML(false)): the fuzz tests check the two
// byte for byte.

// clean returns s as a JSON decoder gives it back after jsonstr.Append: s itself when it
// is valid UTF-8 (the common case, no allocation), else a copy with each invalid byte replaced
// by U+FFFD. The typed fast path passes every string through it, so that a function taking the
// events struct sees what it would have decoded from the JSON event.
func clean(s string) string {
	if s == "" {
		return s // inlined: many of an event's strings are empty
	}
	return cleanString(s)
}

// valid reports whether s is valid UTF-8, as utf8.ValidString does, answering the short
// ASCII strings most of an event's are without calling it.
func valid(s string) bool { return shortASCII(s) || utf8.ValidString(s) }

// shortASCII reports whether s is at most 16 bytes of ASCII, testing them as two words.
func shortASCII(s string) bool {
	if len(s) > 16 {
		return false
	}
	var b [16]byte
	copy(b[:], s)
	return (binary.LittleEndian.Uint64(b[:8])|binary.LittleEndian.Uint64(b[8:]))&0x8080808080808080 == 0
}

// cleanString is clean for a non-empty string.
func cleanString(s string) string {
	if valid(s) {
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

// cleanAll returns vs, or a copy with every value cleaned when one is not valid UTF-8.
func cleanAll(vs []string) []string {
	for i, v := range vs {
		if !valid(v) {
			out := make([]string, len(vs))
			copy(out, vs[:i])
			for j := i; j < len(vs); j++ {
				out[j] = clean(vs[j])
			}
			return out
		}
	}
	return vs
}

// appendStringOrNull appends s, or null when s is empty.
func appendStringOrNull(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return jsonstr.Append(b, s, jsonstr.Go)
}

// appendInt appends n.
func appendInt(b []byte, n int64) []byte { return strconv.AppendInt(b, n, 10) }

// appendBool appends true or false.
func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendStringMap appends m as a JSON object with its keys in sorted order (keys, which
// holds them), or null when m is empty.
func appendStringMap(b []byte, m map[string]string, keys []string) []byte {
	return appendObject(b, len(keys), func(b []byte, i int) []byte {
		return jsonstr.Append(appendKey(b, keys[i]), m[keys[i]], jsonstr.Go)
	})
}

// appendObject appends a JSON object of n members written by member (which appends
// "key":value for member i), or null when n is 0, as the event's empty maps are.
func appendObject(b []byte, n int, member func(b []byte, i int) []byte) []byte {
	if n == 0 {
		return append(b, "null"...)
	}
	return appendMembers(b, n, member)
}

// appendMembers appends a JSON object of n members written by member, {} when n is 0.
func appendMembers(b []byte, n int, member func(b []byte, i int) []byte) []byte {
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = member(b, i)
	}
	return append(b, '}')
}

// appendKey appends the member name k and its colon.
func appendKey(b []byte, k string) []byte {
	return append(jsonstr.Append(b, k, jsonstr.Go), ':')
}

// appendStrings appends vs as a JSON array of strings.
func appendStrings(b []byte, vs []string) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, v, jsonstr.Go)
	}
	return append(b, ']')
}
