// Package media reads media types the way API Gateway compares them, for the packages that pick
// a model, a mapping template or a gateway response template by Content-Type or Accept.
package media

import "strings"

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
