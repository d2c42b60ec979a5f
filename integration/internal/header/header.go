// Package header holds API Gateway's rules for the headers of an integration request and of a
// method response: which headers it never forwards, which a mapping may not set, and how a
// header set by a mapping or an override keeps the spelling written.
//
// A header a mapping or an override sets (integration.request.header.x-trace,
// method.response.header.foo, $context.responseOverride.header.foo) keeps the spelling written
// (the recorded MOCK case shows "foo: bar"), so such a header is stored in an http.Header under
// that exact, possibly non-canonical key, and what API Gateway adds or drops is matched
// regardless of case (Has, Set). An in-process handler gets canonical names instead, as from a
// network server.
package header

import (
	"fmt"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/apigate/apigate/integration/internal/failure"
)

// Dropped reports whether API Gateway leaves a header (canonical name) out of a request to an
// HTTP backend. Expect, Proxy-Authenticate, TE and Via never reach it, nor Host, which is the
// endpoint's (HTTP_PROXY and Handler take a mapped Host as the request's host instead). Of the
// client's headers, which HTTP_PROXY and Handler forward (client true), Content-Encoding
// (recorded for HTTP_PROXY), Content-Length (set for the body sent), the hop-by-hop headers and
// those API Gateway never passes to an integration (Content-MD5, Max-Forwards, Server,
// WWW-Authenticate) are left out too.
func Dropped(canonical string, client bool) bool {
	switch canonical {
	case "Expect", "Proxy-Authenticate", "Te", "Via", "Host":
		return true
	case "Content-Encoding", "Content-Length", "Content-Md5", "Max-Forwards", "Server", "Www-Authenticate",
		"Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "Trailer", "Transfer-Encoding", "Upgrade":
		return client
	}
	return false
}

// DroppedMapped reports whether a mapped header (any case) never reaches an HTTP backend (see
// Dropped).
func DroppedMapped(name string) bool {
	return Dropped(textproto.CanonicalMIMEHeaderKey(name), false)
}

// Refused reports whether an integration request header set by a parameter mapping or
// $context.requestOverride is one API Gateway refuses at run time on every integration (500
// API_CONFIGURATION_ERROR, "Execution failed due to configuration error"): Content-Length,
// Transfer-Encoding, X-Amzn-Trace-Id and X-Amzn-Apigateway-Api-Id, in any case.
func Refused(name string) bool {
	return strings.EqualFold(name, "Content-Length") || strings.EqualFold(name, "Transfer-Encoding") ||
		strings.EqualFold(name, "X-Amzn-Trace-Id") || strings.EqualFold(name, "X-Amzn-Apigateway-Api-Id")
}

// RefusedAWS reports whether a mapped integration request header is one API Gateway refuses on
// an AWS integration (a Lambda function's or an AWS service's) at run time: those it refuses on
// every integration (Refused) and Authorization, Connection, Expect, Proxy-Authenticate and TE.
func RefusedAWS(name string) bool {
	if Refused(name) {
		return true
	}
	for _, h := range [...]string{"Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE"} {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}

// Names is an ordered list of header names (integration.Params).
type Names interface {
	Len() int
	Name(i int) string
}

// Check fails a request whose mapped headers set one that refused reports (Refused,
// RefusedAWS): API_CONFIGURATION_ERROR, as on AWS, where such a definition is accepted and
// fails at run time.
func Check(mapped Names, refused func(string) bool) error {
	for i := range mapped.Len() {
		if name := mapped.Name(i); refused(name) {
			return failure.Config(fmt.Errorf("integration: Execution failed due to configuration error: %s header already present", name))
		}
	}
	return nil
}

// Has reports whether h has name in any case.
func Has(h http.Header, name string) bool {
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

// Set sets name to values in h, under that spelling, replacing the header in any other
// spelling.
func Set(h http.Header, name string, values []string) {
	for k := range h {
		if k != name && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = values
}

// First returns the first value of the header whose canonical name is canonical, as Header.Get
// does without canonicalizing the name again.
func First(h http.Header, canonical string) string {
	if vs := h[canonical]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Remapped returns the name under which API Gateway passes on a proxy backend's response
// header (HTTP_PROXY, an in-process handler, a Lambda proxy function) that it sets itself, in
// any case, or "": Connection, Content-Length, Date, Server and x-amzn-RequestId become
// x-amzn-Remapped-Connection, and so on, spelled as AWS spells them (recorded in responses).
func Remapped(name string) string {
	switch len(name) {
	case 4:
		if strings.EqualFold(name, "Date") {
			return "x-amzn-Remapped-Date"
		}
	case 6:
		if strings.EqualFold(name, "Server") {
			return "x-amzn-Remapped-Server"
		}
	case 10:
		if strings.EqualFold(name, "Connection") {
			return "x-amzn-Remapped-Connection"
		}
	case 14:
		if strings.EqualFold(name, "Content-Length") {
			return "x-amzn-Remapped-Content-Length"
		}
	case 16:
		if strings.EqualFold(name, "x-amzn-RequestId") {
			return "x-amzn-Remapped-x-amzn-RequestId"
		}
	}
	return ""
}
