package methodrequest

import (
	"net/url"
	"strings"
)

// parseQuery decodes a query string as API Gateway does: pairs split at '&' and ';', '+' is a
// space, percent escapes are decoded (a malformed escape leaves the text as it is), repeated
// keys keep every value in order.
func parseQuery(raw string) url.Values {
	if raw == "" {
		return nil
	}
	n := 1 + strings.Count(raw, "&") + strings.Count(raw, ";")
	q := make(url.Values, n)
	// the first value of every name comes from one array: one allocation for the usual query
	// whose names are not repeated (each slice is capped, so appending to one copies it)
	first := make([]string, 0, n)
	for raw != "" {
		var pair string
		if i := strings.IndexAny(raw, "&;"); i >= 0 {
			pair, raw = raw[:i], raw[i+1:]
		} else {
			pair, raw = raw, ""
		}
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, v = unescape(k), unescape(v)
		if vs, ok := q[k]; ok {
			q[k] = append(vs, v)
			continue
		}
		first = append(first, v)
		q[k] = first[len(first)-1 : len(first) : len(first)]
	}
	return q
}

func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return strings.ReplaceAll(s, "+", " ")
}
