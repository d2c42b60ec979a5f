package integration

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/apigate/apigate/mapping"
)

// paramsTarget is where a request parameter mapping puts its value.
type paramsTarget uint8

const (
	paramsPath   paramsTarget = iota // integration.request.path.N: a {N} of the URI
	paramsQuery                      // integration.request.querystring.N
	paramsHeader                     // integration.request.header.N
)

// paramsRequest is one compiled requestParameters entry.
type paramsRequest struct {
	target paramsTarget
	name   string
	expr   mapping.Expr
	// join makes one comma-joined value of several: always but for a querystring target
	// mapped from method.request.multivaluequerystring, which gives the parameter several
	// values.
	join bool
}

// paramsResponse is one compiled responseParameters entry.
type paramsResponse struct {
	header string // canonical header name
	expr   mapping.Expr
}

// paramsBadMapping reports a parameter mapping API Gateway refuses, with its message.
func paramsBadMapping(expr, reason string) error {
	return &mapping.ExprError{Expr: expr, Reason: reason}
}

// paramsCompileRequest compiles requestParameters, in the order of their keys.
func paramsCompileRequest(m map[string]string) ([]paramsRequest, error) {
	if len(m) == 0 {
		return nil, nil
	}
	out := make([]paramsRequest, 0, len(m))
	var errs []error
	for _, key := range nonProxySortedKeys(m) {
		rest, ok := strings.CutPrefix(key, "integration.request.")
		var p paramsRequest
		switch {
		case !ok:
			errs = append(errs, paramsBadMapping(key, "a request parameter is integration.request.{path|querystring|header}.NAME"))
			continue
		case strings.HasPrefix(rest, "path."):
			p.target, p.name = paramsPath, rest[len("path."):]
		case strings.HasPrefix(rest, "querystring."):
			p.target, p.name = paramsQuery, rest[len("querystring."):]
		case strings.HasPrefix(rest, "header."):
			p.target, p.name = paramsHeader, rest[len("header."):]
		default:
			errs = append(errs, paramsBadMapping(key, "a request parameter is integration.request.{path|querystring|header}.NAME"))
			continue
		}
		if !mapping.ValidName(p.name) {
			errs = append(errs, paramsBadMapping(key, "the name must match ^[a-zA-Z0-9._$-]+$"))
			continue
		}
		src := m[key]
		if strings.HasPrefix(src, "integration.response.") {
			errs = append(errs, paramsBadMapping(src, "a request parameter cannot read the integration response"))
			continue
		}
		expr, err := mapping.ParseExpr(src)
		if err != nil {
			errs = append(errs, fmt.Errorf("integration: %s: %w", key, err))
			continue
		}
		p.expr = expr
		p.join = p.target != paramsQuery || !strings.HasPrefix(src, "method.request.multivaluequerystring.")
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}

// paramsCompileResponse compiles an integration response's responseParameters, in the order of
// their keys.
func paramsCompileResponse(m map[string]string) ([]paramsResponse, error) {
	if len(m) == 0 {
		return nil, nil
	}
	out := make([]paramsResponse, 0, len(m))
	var errs []error
	for _, key := range nonProxySortedKeys(m) {
		name, ok := strings.CutPrefix(key, "method.response.header.")
		if !ok || !mapping.ValidName(name) {
			errs = append(errs, paramsBadMapping(key, "a response parameter is method.response.header.NAME"))
			continue
		}
		src := m[key]
		if strings.HasPrefix(src, "method.request.") {
			errs = append(errs, paramsBadMapping(src, "a response parameter cannot read the method request"))
			continue
		}
		expr, err := mapping.ParseExpr(src)
		if err != nil {
			errs = append(errs, fmt.Errorf("integration: %s: %w", key, err))
			continue
		}
		out = append(out, paramsResponse{header: http.CanonicalHeaderKey(name), expr: expr})
	}
	return out, errors.Join(errs...)
}

// paramsIllegalHeader reports whether an integration request header set by a parameter mapping
// or $context.requestOverride is one API Gateway refuses at run time (500
// API_CONFIGURATION_ERROR, "Execution failed due to configuration error"). aws selects the larger
// set of AWS integrations.
func paramsIllegalHeader(name string, aws bool) bool {
	switch {
	case strings.EqualFold(name, "Content-Length"), strings.EqualFold(name, "Transfer-Encoding"),
		strings.EqualFold(name, "X-Amzn-Trace-Id"), strings.EqualFold(name, "X-Amzn-Apigateway-Api-Id"):
		return true
	case !aws:
		return false
	}
	return strings.EqualFold(name, "Authorization") || strings.EqualFold(name, "Connection") ||
		strings.EqualFold(name, "Expect") || strings.EqualFold(name, "Proxy-Authenticate") ||
		strings.EqualFold(name, "TE")
}

// paramsDroppedHTTPHeader reports whether a mapped header never reaches an HTTP backend: API Gateway
// drops Expect, Proxy-Authenticate, TE and Via after the mappings, and the Host header is the
// endpoint's.
func paramsDroppedHTTPHeader(name string) bool {
	return strings.EqualFold(name, "Expect") || strings.EqualFold(name, "Proxy-Authenticate") ||
		strings.EqualFold(name, "TE") || strings.EqualFold(name, "Via") || strings.EqualFold(name, "Host")
}

// paramsValues is one integration request parameter: a header, query string parameter or path
// parameter with its values in order.
type paramsValues struct {
	name   string
	values []string
}

// paramsList is an ordered list of parameters; headers compare names regardless of case.
type paramsList struct {
	items    []paramsValues
	foldCase bool
}

func (l *paramsList) index(name string) int {
	for i := range l.items {
		if l.items[i].name == name || l.foldCase && strings.EqualFold(l.items[i].name, name) {
			return i
		}
	}
	return -1
}

// set replaces the values of name, or adds it at the end.
func (l *paramsList) set(name string, values []string) {
	if i := l.index(name); i >= 0 {
		l.items[i] = paramsValues{name: name, values: values}
		return
	}
	l.items = append(l.items, paramsValues{name: name, values: values})
}

// has reports whether name is set.
func (l *paramsList) has(name string) bool { return l.index(name) >= 0 }

// get returns the values of name joined with commas, and whether it is set.
func (l *paramsList) get(name string) (string, bool) {
	i := l.index(name)
	if i < 0 {
		return "", false
	}
	return strings.Join(l.items[i].values, ","), true
}

// mapRequestParams evaluates the request parameter mappings against the method request, then
// applies $context.requestOverride, which wins over them.
func (np *nonProxy) mapRequestParams(ir *nonProxyRequest) {
	src := mapping.Source{Request: &ir.mreq}
	var buf []string
	for i := range np.params {
		p := &np.params[i]
		vals, ok := p.expr.Append(buf[:0], &src)
		buf = vals
		if !ok {
			continue // an unresolved source leaves the parameter out
		}
		var values []string
		if p.join {
			values = []string{strings.Join(vals, ",")}
		} else {
			values = append([]string(nil), vals...)
		}
		switch p.target {
		case paramsQuery:
			ir.query.set(p.name, values)
		case paramsHeader:
			ir.header.set(p.name, values)
		case paramsPath:
			ir.path.set(p.name, values)
		}
	}
	o := &ir.overrides
	for _, p := range o.RequestHeaders() {
		ir.header.set(p.Name, []string{strings.Join(p.Values, ",")})
	}
	for _, p := range o.RequestQueryStrings() {
		ir.query.set(p.Name, p.Values)
	}
	for _, p := range o.RequestPaths() {
		ir.path.set(p.Name, []string{strings.Join(p.Values, ",")})
	}
}

// checkMappedHeaders fails a request whose mappings set a header API Gateway refuses.
func (np *nonProxy) checkMappedHeaders(ir *nonProxyRequest) error {
	for _, h := range ir.header.items {
		if paramsIllegalHeader(h.name, np.awsHeaders) {
			return nonProxyConfigError(fmt.Errorf("integration: Execution failed due to configuration error: %s header already present", h.name))
		}
	}
	return nil
}

// paramsMapResponse evaluates an integration response's parameter mappings into h.
func paramsMapResponse(cr *nonProxyResponse, src *mapping.Source, h http.Header) {
	var buf []string
	for i := range cr.params {
		p := &cr.params[i]
		vals, ok := p.expr.Append(buf[:0], src)
		buf = vals
		if !ok {
			continue
		}
		h[p.header] = []string{strings.Join(vals, ",")}
	}
}
