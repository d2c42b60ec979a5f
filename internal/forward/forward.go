// Package forward computes what API Gateway adds to a request it passes on to an integration:
// X-Forwarded-For, X-Forwarded-Port and X-Forwarded-Proto, the X-Amzn-Trace-Id of the
// request, and the client's query string as received. The integrations that forward a request
// (HTTP, HTTP_PROXY, the in-process handler, the Lambda proxy events) all take these values
// from here, so that a backend and a Lambda function see the same ones.
package forward

import (
	"encoding/binary"
	"math/rand/v2"
	"net"
	"strings"
	"time"

	"github.com/apigate/apigate"
)

// SourceIP returns the client's address: $context.identity.sourceIp, else the host of the
// connection's remote address.
func SourceIP(r *apigate.Request) string {
	if ip := r.Context.Identity.SourceIP; ip != "" || r.HTTP == nil {
		return ip
	}
	if host, _, err := net.SplitHostPort(r.HTTP.RemoteAddr); err == nil {
		return host
	}
	return r.HTTP.RemoteAddr
}

// For returns the X-Forwarded-For API Gateway sends: the values the request had (prev),
// joined with ", ", with the client's address ip appended.
func For(prev []string, ip string) string {
	switch {
	case len(prev) == 0:
		return ip
	case ip == "":
		return strings.Join(prev, ", ")
	}
	return strings.Join(prev, ", ") + ", " + ip
}

// PortProto returns the X-Forwarded-Port and X-Forwarded-Proto API Gateway sends: the port and
// scheme the client connected to. The port is the one the client's Host names, else 443 for
// https and 80 for http. A request without an HTTP request behind it (built in process) is
// https on 443, as on AWS, whose endpoints are HTTPS only.
func PortProto(r *apigate.Request) (port, proto string) {
	if r.HTTP == nil {
		return "443", "https"
	}
	port, proto = "80", "http"
	if r.HTTP.TLS != nil {
		port, proto = "443", "https"
	}
	host := r.HTTP.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && i+1 < len(host) && strings.IndexByte(host[i:], ']') < 0 {
		port = host[i+1:]
	}
	return port, proto
}

// TraceID returns the request's X-Amzn-Trace-Id, the one API Gateway sends a backend and a
// Lambda function: the client's, when it sent one with a Root, else a new X-Ray trace id,
// Root=1-{epoch seconds, 8 hex digits}-{96 random bits, 24 hex digits}, in one allocation. The
// seconds are the request's ($context.requestTimeEpoch), or the current time's when it has
// none.
func TraceID(r *apigate.Request) string {
	if vs := r.Header["X-Amzn-Trace-Id"]; len(vs) > 0 && strings.Contains(vs[0], "Root=") {
		return vs[0]
	}
	const hex = "0123456789abcdef"
	var b [len("Root=1-") + 8 + 1 + 24]byte
	copy(b[:], "Root=1-")
	sec := r.Context.RequestTimeEpoch / 1000
	if sec == 0 {
		sec = time.Now().Unix()
	}
	for i, v := 14, uint32(sec); i >= 7; i, v = i-1, v>>4 {
		b[i] = hex[v&0xf]
	}
	b[15] = '-'
	var rnd [12]byte
	binary.LittleEndian.PutUint64(rnd[:8], rand.Uint64())
	binary.LittleEndian.PutUint32(rnd[8:], rand.Uint32())
	for i, c := range rnd {
		b[16+2*i], b[17+2*i] = hex[c>>4], hex[c&0xf]
	}
	return string(b[:])
}

// RawQuery returns the client's query string as received (without '?'), or, for a request
// built in process without an HTTP request, its Query encoded.
func RawQuery(r *apigate.Request) string {
	if r.HTTP != nil && r.HTTP.URL != nil {
		return r.HTTP.URL.RawQuery
	}
	return r.Query.Encode()
}
