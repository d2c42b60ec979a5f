package methodrequest

import (
	"net/url"
	"strings"
)

// MaxHeaderSize is API Gateway's limit on a request's line and headers together, in bytes: a
// request over it is refused (413 REQUEST_TOO_LARGE).
const MaxHeaderSize = 10240

// maxQueryHint bounds the entries a query's map and array are sized for up front: a query of
// many pairs grows them as it goes, so that its allocations follow what it holds, not the
// number of separators (a query of 10,000 '&' holds nothing).
const maxQueryHint = 32

// parseQuery decodes a query string as API Gateway does: pairs split at '&' and ';', '+' is a
// space, percent escapes are decoded (a malformed escape leaves the text as it is), repeated
// keys keep every value in order. A query longer than MaxHeaderSize is not decoded (nil): its
// request is refused anyway, and net/http admits a megabyte of headers by default.
func parseQuery(raw string) url.Values {
	if raw == "" || len(raw) > MaxHeaderSize {
		return nil
	}
	n := min(1+strings.Count(raw, "&")+strings.Count(raw, ";"), maxQueryHint)
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
