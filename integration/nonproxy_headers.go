package integration

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apigate/apigate"
)

// nonProxyTraceID returns the X-Amzn-Trace-Id API Gateway sends a backend: the client's, when it sent
// one with a Root, else a new X-Ray trace id, Root=1-{epoch seconds, 8 hex digits}-{96 random
// bits, 24 hex digits}.
func nonProxyTraceID(r *apigate.Request) string {
	if v := r.Header.Get("X-Amzn-Trace-Id"); strings.Contains(v, "Root=") {
		return v
	}
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint32(b[8:], rand.Uint32())
	out := make([]byte, 0, len("Root=1-")+8+1+24)
	out = append(out, "Root=1-"...)
	epoch := strconv.FormatUint(uint64(uint32(time.Now().Unix())), 16)
	for i := len(epoch); i < 8; i++ {
		out = append(out, '0')
	}
	out = append(out, epoch...)
	out = append(out, '-')
	out = hex.AppendEncode(out, b[:])
	return string(out)
}

// nonProxyForwarded returns the X-Forwarded-For, X-Forwarded-Port and X-Forwarded-Proto values API
// Gateway adds: the client's X-Forwarded-For with the source IP appended, and the port and
// scheme the client connected to (443 and https when the request has no HTTP request behind it,
// as on AWS, whose endpoints are HTTPS only).
func nonProxyForwarded(r *apigate.Request) (forwardedFor, port, proto string) {
	ip := r.Context.Identity.SourceIP
	proto, port = "https", "443"
	if hr := r.HTTP; hr != nil {
		if ip == "" {
			if host, _, err := net.SplitHostPort(hr.RemoteAddr); err == nil {
				ip = host
			} else {
				ip = hr.RemoteAddr
			}
		}
		if hr.TLS == nil {
			proto, port = "http", "80"
		}
		if _, p, err := net.SplitHostPort(hr.Host); err == nil && p != "" {
			port = p
		}
	}
	forwardedFor = ip
	if prev := r.Header.Values("X-Forwarded-For"); len(prev) > 0 {
		joined := strings.Join(prev, ", ")
		if ip != "" {
			forwardedFor = joined + ", " + ip
		} else {
			forwardedFor = joined
		}
	}
	return forwardedFor, port, proto
}

// httpNoBodyMethod reports whether API Gateway sends an HTTP backend no body for this method (GET,
// HEAD, OPTIONS), as LocalStack does; AWS's rule is not documented.
func httpNoBodyMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}
