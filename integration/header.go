package integration

import (
	"net/http"
	"strings"
)

// Header names. A header a mapping or an override sets (integration.request.header.x-trace,
// method.response.header.foo, $context.responseOverride.header.foo) keeps the spelling written
// (the recorded MOCK case shows "foo: bar"), so such a header is stored in an http.Header under
// that exact, possibly non-canonical key, and what API Gateway adds or drops is matched
// regardless of case (headerHas, headerSet, paramsList with foldCase). An in-process handler
// gets canonical names instead, as from a network server.

// headerDropped reports whether API Gateway leaves a header (canonical name) out of a request
// to an HTTP backend. Expect, Proxy-Authenticate, TE and Via never reach it, nor Host, which is
// the endpoint's (HTTP_PROXY and Handler take a mapped Host as the request's host instead).
// Of the client's headers, which HTTP_PROXY and Handler forward (client true), Content-Encoding
// (recorded for HTTP_PROXY), Content-Length (set for the body sent), the hop-by-hop headers and
// those API Gateway never passes to an integration (Content-MD5, Max-Forwards, Server,
// WWW-Authenticate) are left out too.
func headerDropped(canonical string, client bool) bool {
	switch canonical {
	case "Expect", "Proxy-Authenticate", "Te", "Via", "Host":
		return true
	case "Content-Encoding", "Content-Length", "Content-Md5", "Max-Forwards", "Server", "Www-Authenticate",
		"Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "Trailer", "Transfer-Encoding", "Upgrade":
		return client
	}
	return false
}

// headerHas reports whether h has name in any case.
func headerHas(h http.Header, name string) bool {
	if _, ok := h[name]; ok {
		return true
	}
	for k := range h {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// headerSet sets name to values in h, under that spelling, replacing the header in any other
// spelling.
func headerSet(h http.Header, name string, values []string) {
	for k := range h {
		if k != name && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = values
}

// headerFirst returns the first value of the header whose canonical name is canonical, as
// Header.Get does without canonicalizing the name again.
func headerFirst(h http.Header, canonical string) string {
	if vs := h[canonical]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}
