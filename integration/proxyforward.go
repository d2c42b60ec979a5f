package integration

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/internal/forward"
	"github.com/apigate/apigate/internal/media"
	"github.com/apigate/apigate/mapping"
)

// This file holds what HTTPProxy and Handler share: their common settings, the headers they
// forward and the response headers they remap. What they share with the HTTP integration is in
// params.go and the internal packages (backend, header, uritemplate).

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
	method    string
	params    []paramsRequest
	rawParams map[string]string // as given, for the definition
	timeout   time.Duration
}

// definition returns the shared part of the integration's definition.
func (c *proxyCommon) definition(t Type, uri string) Definition {
	method := c.method
	if method == "" {
		method = "ANY"
	}
	return Definition{Type: t, HTTPMethod: method, URI: uri, RequestParameters: maps.Clone(c.rawParams), Timeout: c.timeout}
}

// proxyCompile compiles the shared settings, appending what is wrong with them to errs.
func proxyCompile(method string, params map[string]string, d time.Duration, errs []error) (proxyCommon, []error) {
	c := proxyCommon{rawParams: maps.Clone(params)}
	var err error
	if c.method, err = proxyMethod(method); err != nil {
		errs = append(errs, err)
	}
	if c.timeout, err = timeout(d); err != nil {
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

// proxyForwardHeader fills dst with the headers an HTTP_PROXY integration sends for r:
//
//   - the client's headers, except those header.Dropped names and those the client's Connection
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
func proxyForwardHeader(dst http.Header, r *apigate.Request, mapped *paramsMapped, vals *headerVals, inProcess bool) (host string, err error) {
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
		if header.Dropped(ck, true) || len(listed) > 0 && slices.Contains(listed, ck) {
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
		case header.Dropped(ck, false):
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
		dst["Accept"] = vals.one(media.JSON)
	}
	if _, ok := key("User-Agent"); !ok {
		dst["User-Agent"] = vals.one("AmazonAPIGateway_" + r.Context.APIID)
	}
	if r.Context.APIID != "" {
		dst["X-Amzn-Apigateway-Api-Id"] = vals.one(r.Context.APIID)
	}
	if ip := forward.SourceIP(r); ip != "" {
		k, _ := key("X-Forwarded-For")
		dst[k] = vals.one(forward.For(dst[k], ip))
	}
	port, proto := forward.PortProto(r)
	if _, ok := key("X-Forwarded-Proto"); !ok {
		dst["X-Forwarded-Proto"] = vals.one(proto)
	}
	if _, ok := key("X-Forwarded-Port"); !ok {
		dst["X-Forwarded-Port"] = vals.one(port)
	}
	return host, nil
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
		if to := header.Remapped(ck); to != "" {
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
		if to := header.Remapped(ck); to != "" {
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
