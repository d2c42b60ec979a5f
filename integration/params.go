package integration

import (
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/apigate/apigate/integration/internal/header"
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
	header string // the header name as written
	expr   mapping.Expr
	static string // the value of a static expression ('text'), evaluated once
	whole  bool   // the expression is integration.response.body, the whole body
}

// paramsBadMapping reports a parameter mapping API Gateway refuses, with its message.
func paramsBadMapping(expr, reason string) error {
	return &mapping.ExprError{Expr: expr, Reason: reason}
}

// paramsParseSource compiles the source src of the mapping key, which may not read what starts
// with forbidden (why says what that is).
func paramsParseSource(key, src, forbidden, why string) (mapping.Expr, error) {
	if strings.HasPrefix(src, forbidden) {
		return mapping.Expr{}, paramsBadMapping(src, why)
	}
	expr, err := mapping.ParseExpr(src)
	if err != nil {
		return mapping.Expr{}, fmt.Errorf("integration: %s: %w", key, err)
	}
	return expr, nil
}

// paramsCompileRequest compiles requestParameters, in the order of their keys. Every
// integration type that has them (HTTP, MOCK, HTTP_PROXY, Handler) compiles them here, so they
// are checked and reported alike. Errors wrap mapping.ErrInvalidExpr.
func paramsCompileRequest(m map[string]string) ([]paramsRequest, error) {
	if len(m) == 0 {
		return nil, nil
	}
	out := make([]paramsRequest, 0, len(m))
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(m)) {
		rest, _ := strings.CutPrefix(key, "integration.request.")
		var p paramsRequest
		switch {
		case len(rest) == len(key):
		case strings.HasPrefix(rest, "path."):
			p.target, p.name = paramsPath, rest[len("path."):]
		case strings.HasPrefix(rest, "querystring."):
			p.target, p.name = paramsQuery, rest[len("querystring."):]
		case strings.HasPrefix(rest, "header."):
			p.target, p.name = paramsHeader, rest[len("header."):]
		}
		if p.name == "" {
			errs = append(errs, paramsBadMapping(key, "a request parameter is integration.request.{path|querystring|header}.NAME"))
			continue
		}
		if !mapping.ValidName(p.name) {
			errs = append(errs, paramsBadMapping(key, "the name must match ^[a-zA-Z0-9._$-]+$"))
			continue
		}
		src := m[key]
		var err error
		if p.expr, err = paramsParseSource(key, src, "integration.response.", "a request parameter cannot read the integration response"); err != nil {
			errs = append(errs, err)
			continue
		}
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
	for _, key := range slices.Sorted(maps.Keys(m)) {
		name, ok := strings.CutPrefix(key, "method.response.header.")
		if !ok || !mapping.ValidName(name) {
			errs = append(errs, paramsBadMapping(key, "a response parameter is method.response.header.NAME"))
			continue
		}
		expr, err := paramsParseSource(key, m[key], "method.request.", "a response parameter cannot read the method request")
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// Of two spellings of one header, the later key wins.
		out = slices.DeleteFunc(out, func(p paramsResponse) bool { return strings.EqualFold(p.header, name) })
		p := paramsResponse{header: name, expr: expr, whole: m[key] == "integration.response.body"}
		if expr.IsStatic() {
			vs, _ := expr.Eval(&mapping.Source{})
			p.static = strings.Join(vs, ",")
		}
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}

// Params is an ordered list of integration request parameters of one kind (path parameters,
// query string parameters or headers), each name with its values. Header names compare
// regardless of case; the others exactly. A nil *Params is empty.
type Params struct {
	items    []paramsValues
	foldCase bool
}

// paramsValues is one parameter with its values in order.
type paramsValues struct {
	name   string
	values []string
}

// Len returns the number of parameters.
func (l *Params) Len() int {
	if l == nil {
		return 0
	}
	return len(l.items)
}

// Name returns the name of parameter i, as mapped: a header keeps the spelling written.
func (l *Params) Name(i int) string { return l.items[i].name }

// Values returns the values of parameter i: one for a header or a path parameter, one or more
// for a query string parameter. Read them; do not change them.
func (l *Params) Values(i int) []string { return l.items[i].values }

// Get returns the values of name joined with commas, and whether it is set.
func (l *Params) Get(name string) (string, bool) {
	i := l.index(name)
	if i < 0 {
		return "", false
	}
	if vs := l.items[i].values; len(vs) == 1 {
		return vs[0], true
	}
	return strings.Join(l.items[i].values, ","), true
}

// Has reports whether name is set.
func (l *Params) Has(name string) bool { return l.index(name) >= 0 }

// All returns the parameters in order, each name with its values.
func (l *Params) All() iter.Seq2[string, []string] {
	return func(yield func(string, []string) bool) {
		for i := range l.Len() {
			if !yield(l.items[i].name, l.items[i].values) {
				return
			}
		}
	}
}

func (l *Params) index(name string) int {
	if l == nil {
		return -1
	}
	for i := range l.items {
		if l.items[i].name == name || l.foldCase && strings.EqualFold(l.items[i].name, name) {
			return i
		}
	}
	return -1
}

// set replaces the values of name, or adds it at the end. A header set again in another case
// takes the later spelling.
func (l *Params) set(name string, values []string) {
	if i := l.index(name); i >= 0 {
		l.items[i] = paramsValues{name: name, values: values}
		return
	}
	l.items = append(l.items, paramsValues{name: name, values: values})
}

// paramsMapped holds the integration request parameters of one request: the requestParameters
// evaluated and, for a non-proxy integration, $context.requestOverride applied. A header or path
// parameter has one value; a query string parameter may have several. The lists and the array
// behind their values are reused from one request to the next (reset).
type paramsMapped struct {
	path, query, header Params
	store               []string // the values, sliced out with no spare capacity
	scratch             []string
}

// reset empties the lists for a new request.
func (m *paramsMapped) reset() {
	clear(m.path.items)
	clear(m.query.items)
	clear(m.header.items)
	clear(m.store)
	clear(m.scratch)
	m.path.items, m.query.items, m.header.items = m.path.items[:0], m.query.items[:0], m.header.items[:0]
	m.store, m.scratch = m.store[:0], m.scratch[:0]
	m.header.foldCase = true
}

// values returns vs stored in m, with no spare capacity.
func (m *paramsMapped) values(vs ...string) []string {
	n := len(m.store)
	m.store = append(m.store, vs...)
	return m.store[n:len(m.store):len(m.store)]
}

// list returns the list of a target.
func (m *paramsMapped) list(t paramsTarget) *Params {
	switch t {
	case paramsQuery:
		return &m.query
	case paramsHeader:
		return &m.header
	}
	return &m.path
}

// eval evaluates the request parameter mappings against the method request src describes. A
// mapping whose source has no value is left out, as API Gateway does. Several values (a
// multi-value source) are joined with commas, except for a query string parameter mapped from
// method.request.multivaluequerystring, which gets them all.
func (m *paramsMapped) eval(params []paramsRequest, src *mapping.Source) {
	for i := range params {
		p := &params[i]
		vals, ok := p.expr.Append(m.scratch[:0], src)
		m.scratch = vals
		if !ok {
			continue
		}
		var values []string
		switch {
		case !p.join:
			values = m.values(vals...)
		case len(vals) == 1:
			values = m.values(vals[0])
		default:
			values = m.values(strings.Join(vals, ","))
		}
		m.list(p.target).set(p.name, values)
	}
}

// override applies $context.requestOverride, which wins over the mappings.
func (m *paramsMapped) override(o *mapping.Overrides) {
	for _, p := range o.RequestHeaders() {
		m.header.set(p.Name, m.values(strings.Join(p.Values, ",")))
	}
	for _, p := range o.RequestQueryStrings() {
		m.query.set(p.Name, p.Values)
	}
	for _, p := range o.RequestPaths() {
		m.path.set(p.Name, m.values(strings.Join(p.Values, ",")))
	}
}

// checkHeaders fails a request whose mappings set a header API Gateway refuses.
func (m *paramsMapped) checkHeaders() error { return header.Check(&m.header, header.Refused) }

// paramsMapResponse evaluates an integration response's parameter mappings into h, taking the
// header values from vals. src is called for the first mapping that is not static. whole, when
// not nil, is the value of integration.response.body when it is not the body src's JSONPaths
// read (a Lambda error's, see EndpointResponse.ParamsBody).
func paramsMapResponse(cr *nonProxyResponse, src func() *mapping.Source, whole []byte, h http.Header, vals *headerVals) {
	var s *mapping.Source
	var buf []string
	for i := range cr.params {
		p := &cr.params[i]
		if p.expr.IsStatic() {
			h[p.header] = vals.one(p.static)
			continue
		}
		if p.whole && whole != nil {
			h[p.header] = vals.one(string(whole))
			continue
		}
		if s == nil {
			s = src()
		}
		vs, ok := p.expr.Append(buf[:0], s)
		buf = vs
		if !ok {
			continue
		}
		if len(vs) == 1 {
			h[p.header] = vals.one(vs[0])
		} else {
			h[p.header] = vals.one(strings.Join(vs, ","))
		}
	}
}
