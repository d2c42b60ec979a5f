package gateway

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// requestTimeLayout is $context.requestTime's format, dd/MMM/yyyy:HH:mm:ss +0000.
const requestTimeLayout = "02/Jan/2006:15:04:05 +0000"

// newRequest builds the method request and its $context from the client's request.
func (g *Gateway) newRequest(hr *http.Request, d *Deployment, s *servedStage, rest, reqID, extID string, start time.Time) *apigate.Request {
	method := hr.Method
	if o := hr.Header.Get("X-Http-Method-Override"); o != "" {
		method = o
	}
	if rest == "" {
		rest = "/"
	}
	header := hr.Header
	if hr.Host != "" && header.Get("Host") == "" {
		header = header.Clone()
		header["Host"] = []string{hr.Host}
	}
	host := hr.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	prefix := host
	if i := strings.IndexByte(prefix, '.'); i >= 0 {
		prefix = prefix[:i]
	}
	sourceIP := hr.RemoteAddr
	if h, _, err := net.SplitHostPort(sourceIP); err == nil {
		sourceIP = h
	}
	utc := start.UTC()
	return &apigate.Request{
		HTTP:             hr,
		Method:           method,
		Path:             rest,
		Query:            parseQuery(hr.URL.RawQuery),
		Header:           header,
		StageVariables:   s.variables,
		BinaryMediaTypes: d.binary,
		Context: mapping.Context{
			AccountID:         g.accountID,
			APIID:             d.apiID,
			DeploymentID:      d.id,
			DomainName:        host,
			DomainPrefix:      prefix,
			ExtendedRequestID: extID,
			HTTPMethod:        method,
			Path:              "/" + s.name + rest,
			Protocol:          hr.Proto,
			RequestID:         reqID,
			RequestTime:       utc.Format(requestTimeLayout),
			RequestTimeEpoch:  utc.UnixMilli(),
			Stage:             s.name,
			Identity:          mapping.Identity{SourceIP: sourceIP, UserAgent: hr.UserAgent()},
		},
	}
}

// parseQuery decodes a query string as API Gateway does: pairs split at '&' and ';', '+' is a
// space, percent escapes are decoded (a malformed escape leaves the text as it is), repeated
// keys keep every value in order.
func parseQuery(raw string) url.Values {
	if raw == "" {
		return nil
	}
	q := url.Values{}
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
		q[unescape(k)] = append(q[unescape(k)], unescape(v))
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
