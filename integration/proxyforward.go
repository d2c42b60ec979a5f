package integration

import (
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// This file holds what HTTPProxy and Handler share: their common settings, the headers and query
// string they forward and the response headers they remap. What they share with the HTTP
// integration is in backend.go, uri.go, header.go and params.go.

// ErrInvalidProxyURI reports an HTTP_PROXY URI (or a Handler path template) that is not an
// absolute http or https URL (or a path starting with /) once its placeholders are filled in.
// The message is the one API Gateway gives.
var ErrInvalidProxyURI = errors.New("integration: Invalid HTTP endpoint specified for URI")

// ErrInvalidProxyMethod reports an integration HTTP method other than GET, POST, PUT, DELETE,
// HEAD, OPTIONS, PATCH or ANY.
var ErrInvalidProxyMethod = errors.New("integration: invalid integration HTTP method")

// proxyCommon is what an HTTP_PROXY and a Handler integration share: the method (empty for the
// client's), the compiled requestParameters and the timeout.
type proxyCommon struct {
	method  string
	params  []paramsRequest
	timeout time.Duration
}

// proxyCompile compiles the shared settings, appending what is wrong with them to errs.
func proxyCompile(method string, params map[string]string, d time.Duration, errs []error) (proxyCommon, []error) {
	var c proxyCommon
	var err error
	if c.method, err = proxyMethod(method); err != nil {
		errs = append(errs, err)
	}
	if c.timeout, err = timeout(d); err != nil {
		c.timeout = DefaultTimeout
		errs = append(errs, err)
	}
	if c.params, err = paramsCompileRequest(params); err != nil {
		errs = append(errs, err)
	}
	return c, errs
}

// proxyMethod checks an integration HTTP method; "" and "ANY" become "" (the client's).
func proxyMethod(m string) (string, error) {
	switch u := strings.ToUpper(m); u {
	case "", "ANY":
		return "", nil
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodHead,
		http.MethodOptions, http.MethodPatch:
		return u, nil
	}
	return "", fmt.Errorf("%w: %q", ErrInvalidProxyMethod, m)
}

// proxyEval evaluates an HTTP_PROXY or Handler integration's requestParameters for r into dst.
func proxyEval(params []paramsRequest, r *apigate.Request, dst *paramsMapped) {
	dst.reset()
	if len(params) == 0 {
		return
	}
	mreq := mapping.Request{
		Body:           r.Body,
		Params:         mapping.NewParams(r.PathParameters, r.Query, r.Header),
		Context:        r.Context,
		StageVariables: r.StageVariables,
	}
	dst.eval(params, &mapping.Source{Request: &mreq})
}

// proxyClientQuery returns the client's raw query string.
func proxyClientQuery(r *apigate.Request) string {
	if r.HTTP != nil && r.HTTP.URL != nil {
		return r.HTTP.URL.RawQuery
	}
	return r.Query.Encode()
}

// proxyForwardHeader fills dst with the headers an HTTP_PROXY integration sends for r:
//
//   - the client's headers, except those headerDropped names and those the client's Connection
//     header lists, under canonical names (their values copied for an in-process handler, which
//     may write to them);
//   - the mapped header parameters, replacing the client's of the same name in any case, under
//     the names as written (canonical for an in-process handler, which gets its headers as a
//     net/http server would); a mapped Host becomes the request's host, returned;
//   - Accept: application/json and User-Agent: AmazonAPIGateway_{apiId} when neither the
//     client nor a mapping set them, X-Amzn-Apigateway-Api-Id;
//   - X-Forwarded-For with the client's address appended, and X-Forwarded-Proto and
//     X-Forwarded-Port unless the client (or a proxy in front of the gateway) set them.
//
// Mapping Content-Length, Transfer-Encoding, X-Amzn-Trace-Id or X-Amzn-Apigateway-Api-Id is an
// API_CONFIGURATION_ERROR (500) at run time, as on AWS.
func proxyForwardHeader(dst http.Header, r *apigate.Request, mapped *paramsMapped, vals *proxyVals, inProcess bool) (host string, err error) {
	if err := mapped.checkHeaders(); err != nil {
		return "", err
	}
	var listed []string
	if conn := r.Header["Connection"]; len(conn) > 0 {
		for _, v := range conn {
			for _, f := range strings.Split(v, ",") {
				if f = textproto.TrimString(f); f != "" {
					listed = append(listed, textproto.CanonicalMIMEHeaderKey(f))
				}
			}
		}
	}
	for k, vs := range r.Header {
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if headerDropped(ck, true) || len(listed) > 0 && slices.Contains(listed, ck) {
			continue
		}
		if ck == k && dst[ck] == nil {
			if inProcess {
				vs = vals.clone(vs) // the handler may write to its request's values
			}
			dst[ck] = vs
		} else {
			dst[ck] = append(dst[ck][:len(dst[ck]):len(dst[ck])], vs...)
		}
	}
	for _, kv := range mapped.header.items {
		ck := textproto.CanonicalMIMEHeaderKey(kv.name)
		switch {
		case ck == "Host":
			host = kv.values[0]
		case headerDropped(ck, false):
		case inProcess || ck == kv.name:
			dst[ck] = vals.one(kv.values[0])
		default:
			delete(dst, ck)
			dst[kv.name] = vals.one(kv.values[0])
		}
	}
	// key returns the key under which dst has the header of canonical name, if any: the
	// client's are canonical, a mapped one is spelled as mapped.
	key := func(canonical string) (string, bool) {
		if _, ok := dst[canonical]; ok {
			return canonical, true
		}
		if i := mapped.header.index(canonical); i >= 0 {
			return mapped.header.items[i].name, true
		}
		return canonical, false
	}
	if _, ok := key("Accept"); !ok {
		dst["Accept"] = vals.one(contentJSON)
	}
	if _, ok := key("User-Agent"); !ok {
		dst["User-Agent"] = vals.one("AmazonAPIGateway_" + r.Context.APIID)
	}
	if r.Context.APIID != "" {
		dst["X-Amzn-Apigateway-Api-Id"] = vals.one(r.Context.APIID)
	}
	if ip := backendSourceIP(r); ip != "" {
		k, _ := key("X-Forwarded-For")
		dst[k] = vals.one(backendForwardedFor(dst[k], ip))
	}
	port, proto := backendForwarded(r)
	if _, ok := key("X-Forwarded-Proto"); !ok {
		dst["X-Forwarded-Proto"] = vals.one(proto)
	}
	if _, ok := key("X-Forwarded-Port"); !ok {
		dst["X-Forwarded-Port"] = vals.one(port)
	}
	return host, nil
}

// proxyVals hands out header values from an array, so that the values a request adds take one
// allocation (or none, for an array inside a per-request struct) rather than one each. The
// slices it returns have no spare capacity, so that an append copies them.
type proxyVals struct{ free []string }

// clone returns a copy of vs.
func (v *proxyVals) clone(vs []string) []string {
	if len(vs) > len(v.free) {
		return slices.Clip(slices.Clone(vs))
	}
	out := v.free[:len(vs):len(vs)]
	copy(out, vs)
	v.free = v.free[len(vs):]
	return out
}

// one returns []string{s}, with no spare capacity so that an Add copies it.
func (v *proxyVals) one(s string) []string {
	if len(v.free) == 0 {
		return []string{s}
	}
	v.free[0] = s
	out := v.free[:1:1]
	v.free = v.free[1:]
	return out
}

// proxyRemapped returns the name API Gateway gives a backend response header (canonical
// name) it does not pass through as it is, or "". The spellings are AWS's, recorded in
// responses: x-amzn-Remapped- and the header as AWS writes it.
func proxyRemapped(name string) string {
	switch name {
	case "Connection":
		return "x-amzn-Remapped-Connection"
	case "Content-Length":
		return "x-amzn-Remapped-Content-Length"
	case "Date":
		return "x-amzn-Remapped-Date"
	case "Server":
		return "x-amzn-Remapped-Server"
	case "X-Amzn-Requestid":
		return "x-amzn-Remapped-x-amzn-RequestId"
	}
	return ""
}

// proxyRemapHeader renames, in place, the response headers API Gateway remaps and drops
// Transfer-Encoding (the body is sent whole).
func proxyRemapHeader(h http.Header) {
	for k, vs := range h {
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if ck == "Transfer-Encoding" {
			delete(h, k)
			continue
		}
		if to := proxyRemapped(ck); to != "" {
			delete(h, k)
			if prev := h[to]; prev != nil {
				vs = append(prev[:len(prev):len(prev)], vs...)
			}
			h[to] = vs
		}
	}
}

// proxyRemapCopy returns a copy of h with proxyRemapHeader's changes. Values are shared.
func proxyRemapCopy(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if ck == "Transfer-Encoding" {
			continue
		}
		if to := proxyRemapped(ck); to != "" {
			k = to
		}
		if prev, ok := out[k]; ok {
			out[k] = append(prev[:len(prev):len(prev)], vs...)
		} else {
			out[k] = vs
		}
	}
	return out
}
