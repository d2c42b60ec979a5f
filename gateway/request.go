package gateway

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apigate/apigate"
)

// requestTimeLayout is $context.requestTime's format, dd/MMM/yyyy:HH:mm:ss +0000.
const requestTimeLayout = "02/Jan/2006:15:04:05 +0000"

// newRequest builds the method request and its $context from the client's request.
func (g *Gateway) newRequest(hr *http.Request, d *Deployment, s *servedStage, rest, ctxPath string, ids requestIDs, start time.Time) *apigate.Request {
	method := hr.Method
	if o := hr.Header["X-Http-Method-Override"]; len(o) > 0 && o[0] != "" {
		method = o[0]
	}
	if rest == "" {
		rest = "/"
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
	host := hostOf(hr.Host)
	prefix := host
	if i := strings.IndexByte(prefix, '.'); i >= 0 {
		prefix = prefix[:i]
	}
	var userAgent string // hr.UserAgent() without canonicalizing the name on every request
	if v := header["User-Agent"]; len(v) > 0 {
		userAgent = v[0]
	}
	utc := start.UTC()
	// r is zero (ServeHTTP clears a request before putting it back): only the fields every
	// request has are set, one write barrier each while the collector marks, where copying a
	// whole Request in would cost one for every pointer in it
	r := g.requests.Get().(*apigate.Request)
	r.HTTP = hr
	r.Method = method
	r.Path = rest
	r.Query = parseQuery(hr.URL.RawQuery)
	r.Header = header
	r.StageVariables = s.variables
	r.BinaryMediaTypes = d.binary
	c := &r.Context
	c.AccountID = g.accountID
	c.APIID = d.apiID
	c.DeploymentID = d.id
	c.DomainName = host
	c.DomainPrefix = prefix
	c.ExtendedRequestID = ids.extended
	c.HTTPMethod = method
	c.Path = ctxPath
	c.Protocol = "HTTP/1.1" // what API Gateway reports whatever the client spoke
	c.RequestID = ids.request
	c.RequestTime = g.clock.format(utc)
	c.RequestTimeEpoch = utc.UnixMilli()
	c.Stage = s.name
	c.Identity.SourceIP = hostOf(hr.RemoteAddr)
	c.Identity.UserAgent = userAgent
	return r
}

// hostOf returns the host of an address, "host:port" or "[host]:port", where net.SplitHostPort
// succeeds, and the address as it is where SplitHostPort fails (a host without a port, say). It
// follows SplitHostPort's checks, without the error SplitHostPort allocates for a failure.
func hostOf(addr string) string {
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return addr
	}
	host, j, k := addr[:i], 0, 0
	if addr[0] == '[' {
		// the ']' must come right before the last ':' (an address without ']' fails too: i > 0)
		end := strings.IndexByte(addr, ']')
		if end+1 != i {
			return addr
		}
		host, j, k = addr[1:end], 1, end+1
	} else if strings.IndexByte(host, ':') >= 0 {
		return addr // too many colons
	}
	if strings.IndexByte(addr[j:], '[') >= 0 || strings.IndexByte(addr[k:], ']') >= 0 {
		return addr
	}
	return host
}

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

// requestClock formats $context.requestTime, reusing the text while the second is the same:
// formatting a time allocates, and a busy gateway serves many requests a second.
type requestClock struct {
	last atomic.Pointer[formattedSecond]
}

type formattedSecond struct {
	unix int64
	text string
}

func (c *requestClock) format(t time.Time) string {
	sec := t.Unix()
	if f := c.last.Load(); f != nil && f.unix == sec {
		return f.text
	}
	f := &formattedSecond{unix: sec, text: t.Format(requestTimeLayout)}
	c.last.Store(f)
	return f.text
}
