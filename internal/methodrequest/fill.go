package methodrequest

import (
	"net/http"
	"strings"
	"time"

	"github.com/apigate/apigate"
)

// Protocol is $context.protocol: what API Gateway reports whatever the client spoke.
const Protocol = "HTTP/1.1"

// FromHTTP fills in what the client's request decides: r.HTTP, r.Method (X-HTTP-Method-Override
// replaces hr.Method when set and not empty), r.Query, r.Header (with the Host header put back,
// see below) and $context's httpMethod, domainName, domainPrefix, protocol, requestTime,
// requestTimeEpoch, identity.sourceIp and identity.userAgent. received is when the gateway
// received the request; clock formats it. The caller sets the rest: the path, the stage, the
// ids and what the deployment decides.
//
// r should be zero: FromHTTP sets only the fields it names, one write each.
func FromHTTP(r *apigate.Request, hr *http.Request, received time.Time, clock *Clock) {
	method := hr.Method
	if o := hr.Header["X-Http-Method-Override"]; len(o) > 0 && o[0] != "" {
		method = o[0]
	}
	// Go moves the Host header into hr.Host; API Gateway shows it to templates and functions
	// as a header. It is put back into the request's own header map (not a copy), which costs
	// nothing but a slice and changes nothing for anyone reading the request after us.
	header := hr.Header
	if hr.Host != "" && header != nil {
		if _, ok := header["Host"]; !ok {
			header["Host"] = []string{hr.Host}
		}
	}
	host := HostOf(hr.Host)
	prefix := host
	if i := strings.IndexByte(prefix, '.'); i >= 0 {
		prefix = prefix[:i]
	}
	var userAgent string // hr.UserAgent() without canonicalizing the name on every request
	if v := header["User-Agent"]; len(v) > 0 {
		userAgent = v[0]
	}
	utc := received.UTC()
	r.HTTP = hr
	r.Method = method
	r.Query = parseQuery(hr.URL.RawQuery)
	r.Header = header
	c := &r.Context
	c.DomainName = host
	c.DomainPrefix = prefix
	c.HTTPMethod = method
	c.Protocol = Protocol
	c.RequestTime = clock.Format(utc)
	c.RequestTimeEpoch = utc.UnixMilli()
	c.Identity.SourceIP = HostOf(hr.RemoteAddr)
	c.Identity.UserAgent = userAgent
}
