// Package media reads media types the way API Gateway compares them, for the packages that pick
// a model, a mapping template or a gateway response template by Content-Type or Accept, and
// that tell a binary payload from a text one by the API's binary media types.
package media

import "strings"

// JSON is the media type API Gateway assumes for a request without a Content-Type and for a
// response to a request without an Accept header.
const JSON = "application/json"

// Type returns the first media type of a Content-Type or Accept value: the text before any ','
// (later Accept entries) and ';' (parameters), trimmed and in lower case. It returns "" for a
// value without one.
func Type(v string) string {
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i]
	}
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimSpace(v)
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(v)
		}
	}
	return v
}

// IsBinary reports whether media type mt (as Type returns it) is one of the API's binary media
// types. An entry type/* matches every subtype of type; */* matches every media type, as the
// developer guide says (LocalStack matches nothing with it); */sub matches nothing. Entries
// compare regardless of case and parameters. An Accept wildcard (*/*, image/*) is no binary
// media type itself.
func IsBinary(mt string, binary []string) bool {
	if mt == "" || len(binary) == 0 {
		return false
	}
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok {
		return false
	}
	for _, entry := range binary {
		et, es, ok := strings.Cut(Type(entry), "/")
		switch {
		case !ok:
		case et == "*":
			if es == "*" {
				return true
			}
		case et == typ && (es == "*" || es == sub):
			return true
		}
	}
	return false
}
