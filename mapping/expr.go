package mapping

import (
	"errors"
	"strings"

	"github.com/apigate/apigate/mapping/vtl"
)

// ErrInvalidExpr is matched (errors.Is) by every error about a malformed parameter-mapping
// expression.
var ErrInvalidExpr = errors.New("mapping: invalid mapping expression")

// ExprError reports a parameter-mapping expression that does not parse. Its message is the one
// API Gateway gives when such an expression is put on an integration.
type ExprError struct {
	Expr   string // the expression as written
	Reason string // what is wrong, for people; not part of AWS's message
}

// Error returns API Gateway's message for an invalid mapping expression.
func (e *ExprError) Error() string {
	return "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: " + e.Expr + "]"
}

// Is reports whether target is ErrInvalidExpr.
func (e *ExprError) Is(target error) bool { return target == ErrInvalidExpr }

// exprKind says where an expression takes its value from.
type exprKind uint8

const (
	exprStatic               exprKind = iota // 'literal' (REST) or plain text (HTTP API)
	exprPath                                 // a method request path parameter
	exprQuery                                // the last value of a query string parameter
	exprMultiQuery                           // every value of a query string parameter
	exprJoinedQuery                          // every value joined with commas (HTTP API)
	exprHeader                               // the last value of a header
	exprMultiHeader                          // every value of a header
	exprJoinedHeader                         // every value joined with commas (HTTP API)
	exprBody                                 // the method request body, whole or through a JSONPath
	exprRequestPath                          // the request path without the stage (HTTP API)
	exprResponseHeader                       // the last value of an integration response header
	exprResponseMultiHeader                  // every value of an integration response header
	exprResponseJoinedHeader                 // every value joined with commas (HTTP API)
	exprResponseBody                         // the integration response body, whole or through a JSONPath
	exprStageVariable                        // a stage variable
	exprContext                              // a $context variable by dotted name
	exprTemplate                             // text with ${...} variables (HTTP API)
)

// Expr is a compiled parameter-mapping source expression, such as method.request.header.Accept,
// integration.response.body.error.code or, for HTTP APIs, ${request.path.id}. Compile it once
// with ParseExpr or ParseHTTPExpr and evaluate it per request with Eval; an Expr is immutable
// and safe for concurrent use.
type Expr struct {
	kind  exprKind
	name  string    // parameter, variable or context name; the text of a static value
	path  *jsonPath // for body expressions with a JSONPath; nil for the whole body
	cut   bool      // HTTP API: cut the body at 100 KB before applying path
	parts []Expr    // for exprTemplate: static text and variables in order
	src   string
}

// String returns the expression as written.
func (e *Expr) String() string { return e.src }

// IsStatic reports whether the expression is a constant.
func (e *Expr) IsStatic() bool { return e.kind == exprStatic }

// Source is what parameter-mapping expressions read for one request. Give the same Source to all
// the expressions of a request: a body is parsed once, on the first JSONPath that needs it.
type Source struct {
	// Request is the method request: its Params, Body, Context and StageVariables.
	Request *Request
	// RequestPath is the request path without the stage, for HTTP API's $request.path.
	RequestPath string
	// ResponseHeader and ResponseBody are the integration response's, for
	// integration.response.* and $response.* expressions.
	ResponseHeader map[string][]string
	ResponseBody   []byte
	// ExtraContext holds further $context variables by dotted name (for example HTTP API's
	// routeKey), read after the fields of Request.Context.
	ExtraContext map[string]string

	requestRoot  parsedBody
	responseRoot parsedBody
}

// parsedBody is a body parsed once by json-smart.
type parsedBody struct {
	done bool
	root vtl.Value
	ok   bool
}

func (p *parsedBody) get(body []byte, limit int) (vtl.Value, bool) {
	if !p.done {
		p.done = true
		if limit > 0 && len(body) > limit {
			body = body[:limit]
		}
		root, err := parseJSONSmart(bodyText(body))
		p.root, p.ok = root, err == nil
	}
	return p.root, p.ok
}

// httpBodyLimit is where HTTP APIs cut a body before applying a JSONPath to it.
const httpBodyLimit = 100 * 1024

// Eval returns the expression's values for src and whether it has any. Most expressions have
// one value; multivaluequerystring and multivalueheader have one per occurrence. A missing
// parameter, an unset variable or a JSONPath that matches nothing has none (ok false), and the
// mapping is then left out, as API Gateway does.
func (e *Expr) Eval(src *Source) (values []string, ok bool) {
	return e.Append(nil, src)
}

// Append is Eval appending to dst, for callers that reuse a slice across expressions.
func (e *Expr) Append(dst []string, src *Source) ([]string, bool) {
	if e.kind == exprTemplate {
		var b strings.Builder
		for i := range e.parts {
			v, ok := e.parts[i].single(src)
			if !ok {
				v = ""
			}
			b.WriteString(v)
		}
		return append(dst, b.String()), true
	}
	req := src.Request
	if req == nil {
		req = &Request{}
	}
	switch e.kind {
	case exprMultiQuery:
		vs := req.Params.QueryString[e.name]
		return append(dst, vs...), len(vs) > 0
	case exprMultiHeader:
		vs := req.Params.headerValues(e.name, false)
		return append(dst, vs...), len(vs) > 0
	case exprResponseMultiHeader:
		vs := headerValuesIn(src.ResponseHeader, e.name, false)
		return append(dst, vs...), len(vs) > 0
	}
	v, ok := e.single(src)
	if !ok {
		return dst, false
	}
	return append(dst, v), true
}

// single evaluates an expression with one value.
func (e *Expr) single(src *Source) (string, bool) {
	req := src.Request
	if req == nil {
		req = &Request{}
	}
	switch e.kind {
	case exprStatic:
		return e.name, true
	case exprPath:
		v, ok := req.Params.Path[e.name]
		return v, ok
	case exprQuery:
		return last(req.Params.QueryString[e.name])
	case exprJoinedQuery:
		vs := req.Params.QueryString[e.name]
		return strings.Join(vs, ","), len(vs) > 0
	case exprHeader:
		return last(req.Params.headerValues(e.name, false))
	case exprJoinedHeader:
		vs := req.Params.headerValues(e.name, true)
		return strings.Join(vs, ","), len(vs) > 0
	case exprResponseHeader:
		return last(headerValuesIn(src.ResponseHeader, e.name, false))
	case exprResponseJoinedHeader:
		vs := headerValuesIn(src.ResponseHeader, e.name, true)
		return strings.Join(vs, ","), len(vs) > 0
	case exprBody:
		return e.body(req.Body, &src.requestRoot)
	case exprResponseBody:
		return e.body(src.ResponseBody, &src.responseRoot)
	case exprRequestPath:
		return src.RequestPath, true
	case exprStageVariable:
		v, ok := req.StageVariables[e.name]
		return v, ok
	case exprContext:
		if v, ok := contextField(&req.Context, e.name); ok {
			return v, true
		}
		v, ok := src.ExtraContext[e.name]
		return v, ok
	}
	return "", false
}

// body evaluates a body expression: the whole body, or the value at a JSONPath (a string as it
// is, anything else as compact JSON).
func (e *Expr) body(body []byte, cache *parsedBody) (string, bool) {
	if e.path == nil {
		return string(body), true
	}
	limit := 0
	if e.cut {
		limit = httpBodyLimit
	}
	root, ok := cache.get(body, limit)
	if !ok {
		return "", false
	}
	v, found := e.path.eval(root)
	if !found || v.IsNull() {
		return "", false
	}
	if v.Kind() == vtl.String {
		return v.AsString(), true
	}
	return string(vtl.AppendJSON(nil, v)), true
}

func last(vs []string) (string, bool) {
	if len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

// headerValues returns a header's values: by exact name, then regardless of case (always for
// HTTP APIs, whose header names are case-insensitive; as a fallback for REST APIs, whose names
// API Gateway matches as sent but Go's http.Header canonicalizes).
func (p *Params) headerValues(name string, anyCase bool) []string {
	if p.hide && isHiddenHeader(name) {
		return nil
	}
	return headerValuesIn(p.Header, name, anyCase)
}

// headerValuesIn returns a header's values from h, matched as headerValues matches.
func headerValuesIn(h map[string][]string, name string, anyCase bool) []string {
	if vs, ok := h[name]; ok && !anyCase {
		return vs
	}
	var out []string
	for k, vs := range h {
		if strings.EqualFold(k, name) {
			if !anyCase {
				return vs
			}
			out = append(out, vs...)
		}
	}
	return out
}

// ValidName reports whether s matches API Gateway's rule for the names in parameter mappings
// (method.request.header.NAME, integration.request.path.NAME, ...): ^[a-zA-Z0-9._$-]+$.
func ValidName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '_' || c == '$' || c == '-') {
			return false
		}
	}
	return true
}

// ParseExpr compiles a REST API parameter-mapping source, as used in requestParameters and
// responseParameters:
//
//	method.request.path.NAME             method.request.querystring.NAME
//	method.request.multivaluequerystring.NAME
//	method.request.header.NAME           method.request.multivalueheader.NAME
//	method.request.body                  method.request.body.JSONPATH
//	integration.response.header.NAME     integration.response.multivalueheader.NAME
//	integration.response.body            integration.response.body.JSONPATH
//	stageVariables.NAME                  context.NAME (dotted, e.g. context.identity.sourceIp)
//	'static value'
//
// Names match ^[a-zA-Z0-9._$-]+$; a JSONPath is written without its leading "$."
// (method.request.body.petstore.pets[0].name). Errors are *ExprError.
func ParseExpr(s string) (Expr, error) {
	bad := func(reason string) (Expr, error) {
		return Expr{}, &ExprError{Expr: s, Reason: reason}
	}
	if strings.HasPrefix(s, "'") {
		if len(s) < 2 || !strings.HasSuffix(s, "'") {
			return bad("a static value must be enclosed in single quotes")
		}
		return Expr{kind: exprStatic, name: s[1 : len(s)-1], src: s}, nil
	}
	named := func(kind exprKind, name string) (Expr, error) {
		if !ValidName(name) {
			return bad("the name must match ^[a-zA-Z0-9._$-]+$")
		}
		return Expr{kind: kind, name: name, src: s}, nil
	}
	body := func(kind exprKind, rest string) (Expr, error) {
		if rest == "" {
			return Expr{kind: kind, src: s}, nil
		}
		if rest[0] != '.' || len(rest) == 1 {
			return bad("a body JSONPath follows body and a dot")
		}
		p, err := compileJSONPath("$." + rest[1:])
		if err != nil {
			return bad(err.Error())
		}
		return Expr{kind: kind, path: p, src: s}, nil
	}
	switch {
	case strings.HasPrefix(s, "method.request.body"):
		return body(exprBody, s[len("method.request.body"):])
	case strings.HasPrefix(s, "integration.response.body"):
		return body(exprResponseBody, s[len("integration.response.body"):])
	}
	prefixes := [...]struct {
		prefix string
		kind   exprKind
	}{
		{"method.request.path.", exprPath},
		{"method.request.querystring.", exprQuery},
		{"method.request.multivaluequerystring.", exprMultiQuery},
		{"method.request.header.", exprHeader},
		{"method.request.multivalueheader.", exprMultiHeader},
		{"integration.response.header.", exprResponseHeader},
		{"integration.response.multivalueheader.", exprResponseMultiHeader},
		{"stageVariables.", exprStageVariable},
		{"context.", exprContext},
	}
	for _, p := range prefixes {
		if name, ok := strings.CutPrefix(s, p.prefix); ok {
			return named(p.kind, name)
		}
	}
	return bad("not a known mapping source")
}

// ParseHTTPExpr compiles an HTTP API parameter-mapping value:
//
//	$request.header.NAME      $request.querystring.NAME   (several values joined with commas)
//	$request.body             $request.body.JSONPATH      (no .. and no filters)
//	$request.path             $request.path.NAME
//	$response.header.NAME     $response.body              $response.body.JSONPATH
//	$context.NAME             $stageVariables.NAME
//
// each also written ${request.header.NAME} and so on, or static text. Text with ${...} variables
// mixes both: "Bearer ${request.header.token}". A value that starts with $ and has no braces is
// one variable; in text with braces a bare $ is literal. Header names match regardless of case.
// Errors are *ExprError.
func ParseHTTPExpr(s string) (Expr, error) {
	if !strings.Contains(s, "${") {
		if strings.HasPrefix(s, "$") {
			return parseHTTPVar(s[1:], s)
		}
		return Expr{kind: exprStatic, name: s, src: s}, nil
	}
	var parts []Expr
	rest := s
	for rest != "" {
		i := strings.Index(rest, "${")
		if i < 0 {
			parts = append(parts, Expr{kind: exprStatic, name: rest})
			break
		}
		if i > 0 {
			parts = append(parts, Expr{kind: exprStatic, name: rest[:i]})
		}
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			return Expr{}, &ExprError{Expr: s, Reason: "${ without a closing }"}
		}
		v, err := parseHTTPVar(rest[i+2:i+end], s)
		if err != nil {
			return Expr{}, err
		}
		parts = append(parts, v)
		rest = rest[i+end+1:]
	}
	if len(parts) == 1 {
		parts[0].src = s
		return parts[0], nil
	}
	return Expr{kind: exprTemplate, parts: parts, src: s}, nil
}

// parseHTTPVar compiles one HTTP API variable, written without its $ or braces.
func parseHTTPVar(v, src string) (Expr, error) {
	bad := func(reason string) (Expr, error) {
		return Expr{}, &ExprError{Expr: src, Reason: reason}
	}
	named := func(kind exprKind, name string, ok func(string) bool) (Expr, error) {
		if !ok(name) {
			return bad("invalid name " + name)
		}
		return Expr{kind: kind, name: name, src: src}, nil
	}
	body := func(kind exprKind, rest string) (Expr, error) {
		if rest == "" {
			return Expr{kind: kind, src: src}, nil
		}
		if rest[0] != '.' || len(rest) == 1 {
			return bad("a body JSONPath follows body and a dot")
		}
		if strings.Contains(rest, "..") || strings.Contains(rest, "?(") {
			return bad("recursive descent and filter expressions are not supported")
		}
		p, err := compileJSONPath("$." + rest[1:])
		if err != nil {
			return bad(err.Error())
		}
		return Expr{kind: kind, path: p, cut: true, src: src}, nil
	}
	switch {
	case v == "request.path":
		return Expr{kind: exprRequestPath, src: src}, nil
	case strings.HasPrefix(v, "request.body"):
		return body(exprBody, v[len("request.body"):])
	case strings.HasPrefix(v, "response.body"):
		return body(exprResponseBody, v[len("response.body"):])
	}
	prefixes := [...]struct {
		prefix string
		kind   exprKind
		ok     func(string) bool
	}{
		{"request.header.", exprJoinedHeader, ValidName},
		{"request.querystring.", exprJoinedQuery, ValidName},
		{"request.path.", exprPath, ValidName},
		{"response.header.", exprResponseJoinedHeader, ValidName},
		{"context.", exprContext, isContextName},
		{"stageVariables.", exprStageVariable, ValidName},
	}
	for _, p := range prefixes {
		if name, ok := strings.CutPrefix(v, p.prefix); ok {
			return named(p.kind, name, p.ok)
		}
	}
	return bad("not a known mapping source")
}

// isContextName reports whether s is a valid HTTP API context variable name: letters, digits,
// and only . and _ as special characters.
func isContextName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}
