package response

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/apigate/apigate/mapping"
)

// paramPrefix starts every response parameter key.
const paramPrefix = "gatewayresponse.header."

// requestParamPrefixes are the method request sources a gateway response may read.
var requestParamPrefixes = [...]struct {
	prefix string
	multi  bool
}{
	{"method.request.path.", false},
	{"method.request.querystring.", false},
	{"method.request.multivaluequerystring.", true},
	{"method.request.header.", false},
	{"method.request.multivalueheader.", true},
}

// param is a compiled response parameter: a header and where its value comes from.
type param struct {
	key    string // the header name, as http.Header keys it
	static []string
	src    *source
}

// compileParam compiles the parameter key -> value of a gateway response.
func compileParam(key, value string) (param, error) {
	name, ok := strings.CutPrefix(key, paramPrefix)
	if !ok || !validHeaderName(name) {
		return param{}, fmt.Errorf("invalid response parameter %q: the key must be %s<name> with a valid header name", key, paramPrefix)
	}
	p := param{key: http.CanonicalHeaderKey(name)}
	src, err := compileParamSource(value)
	if err != nil {
		return param{}, fmt.Errorf("response parameter %q: %w", key, err)
	}
	if src.kind == srcStatic {
		p.static = []string{src.text}
	} else {
		p.src = src
	}
	return p, nil
}

// compileParamSource compiles a parameter's value: 'static', method.request.{path, querystring,
// multivaluequerystring, header, multivalueheader}.<name>, stageVariables.<name> or
// context.<name>. Errors are *mapping.ExprError.
func compileParamSource(value string) (*source, error) {
	e, err := mapping.ParseExpr(value)
	if err != nil {
		return nil, err
	}
	if e.IsStatic() {
		return &source{kind: srcStatic, text: value[1 : len(value)-1]}, nil
	}
	if field, ok := strings.CutPrefix(value, "context.error."); ok {
		return errorSource(field), nil
	}
	if strings.HasPrefix(value, "stageVariables.") || strings.HasPrefix(value, "context.") {
		return &source{kind: srcExpr, exprs: []mapping.Expr{e}}, nil
	}
	for _, p := range requestParamPrefixes {
		if strings.HasPrefix(value, p.prefix) {
			return &source{kind: srcExpr, multi: p.multi, exprs: []mapping.Expr{e}}, nil
		}
	}
	return nil, &mapping.ExprError{Expr: value, Reason: "a gateway response reads only method request parameters, stage variables, $context and static values"}
}

// value returns the parameter's value for v and whether it has one.
func (p *param) value(v *env) ([]string, bool) {
	if p.static != nil {
		return p.static, true
	}
	s, ok := p.src.valueString(v)
	if !ok {
		return nil, false
	}
	return []string{s}, true
}

// validHeaderName reports whether s is an HTTP header field name (an RFC 9110 token).
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isNameChar(c) {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
