package response

import (
	"net/http"
	"net/url"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/jsonstr"
	"github.com/apigate/apigate/mapping"
)

// sourceKind says where a template variable or a response parameter takes its value from.
type sourceKind uint8

const (
	srcStatic                sourceKind = iota // a literal ('static' parameters)
	srcExpr                                    // a mapping expression (request parameters, stage variables, $context)
	srcInputParam                              // $input.params('x'): path, then query string, then header
	srcMessage                                 // $context.error.message
	srcMessageString                           // $context.error.messageString
	srcResponseType                            // $context.error.responseType
	srcValidationErrorString                   // $context.error.validationErrorString
	srcNone                                    // a variable that never has a value
)

// source is a compiled value source, shared by template variables and response parameters.
type source struct {
	kind  sourceKind
	multi bool           // a multi-value expression: its values are joined with commas
	text  string         // srcStatic's value
	exprs []mapping.Expr // srcExpr: one; srcInputParam: path, query string and header
}

// errorSource returns the source of context.error.<field>: one of the four error variables,
// or srcNone for any other field.
func errorSource(field string) *source {
	switch field {
	case "message":
		return &source{kind: srcMessage}
	case "messageString":
		return &source{kind: srcMessageString}
	case "responseType":
		return &source{kind: srcResponseType}
	case "validationErrorString":
		return &source{kind: srcValidationErrorString}
	}
	return &source{kind: srcNone}
}

// env is what one render reads: the error and the request. The mapping.Source the expressions
// need is built on first use, so responses that read only the error never build one.
type env struct {
	err *apigate.Error
	r   *apigate.Request
	rs  *requestSource
}

// requestSource is the request as mapping expressions see it, with room for their values.
type requestSource struct {
	src  mapping.Source
	req  mapping.Request
	vals [2]string
}

// source returns the request as mapping expressions see it.
func (v *env) source() *requestSource {
	if v.rs != nil {
		return v.rs
	}
	rs := &requestSource{}
	if r := v.r; r != nil {
		rs.req.Params = mapping.Params{Path: r.PathParameters, QueryString: requestQuery(r), Header: requestHeader(r)}
		rs.req.Context = r.Context
		rs.req.StageVariables = r.StageVariables
	}
	rs.src.Request = &rs.req
	v.rs = rs
	return rs
}

// requestHeader returns the request's headers: r.Header, or the HTTP request's when it is nil.
func requestHeader(r *apigate.Request) http.Header {
	if r == nil {
		return nil
	}
	if r.Header == nil && r.HTTP != nil {
		return r.HTTP.Header
	}
	return r.Header
}

// requestQuery returns the request's query string: r.Query, or the HTTP request's when it is nil.
func requestQuery(r *apigate.Request) url.Values {
	if r.Query == nil && r.HTTP != nil && r.HTTP.URL != nil && r.HTTP.URL.RawQuery != "" {
		return r.HTTP.URL.Query()
	}
	return r.Query
}

// append appends the source's value for v to dst and reports whether it has one. A null
// message has none for $context.error.message, and prints null for messageString.
func (s *source) append(dst []byte, v *env) ([]byte, bool) {
	switch s.kind {
	case srcStatic:
		return append(dst, s.text...), true
	case srcMessage:
		msg, ok := v.err.MessageText()
		return append(dst, msg...), ok
	case srcMessageString:
		if msg, ok := v.err.MessageText(); ok {
			return jsonstr.Append(dst, msg, jsonstr.Minimal), true
		}
		return append(dst, "null"...), true
	case srcResponseType:
		return append(dst, v.err.Type...), true
	case srcValidationErrorString:
		s := v.err.ValidationErrorString
		return append(dst, s...), s != ""
	case srcExpr, srcInputParam:
		rs := v.source()
		for i := range s.exprs {
			vals, ok := s.exprs[i].Append(rs.vals[:0], &rs.src)
			if !ok || len(vals) == 0 {
				continue
			}
			if !s.multi {
				return append(dst, vals[0]...), true
			}
			for j, val := range vals {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, val...)
			}
			return dst, true
		}
	}
	return dst, false
}

// valueString returns the source's value for v as a string and whether it has one. It copies
// nothing for a single value.
func (s *source) valueString(v *env) (string, bool) {
	switch s.kind {
	case srcStatic:
		return s.text, true
	case srcMessage:
		return v.err.MessageText()
	case srcResponseType:
		return string(v.err.Type), true
	case srcValidationErrorString:
		return v.err.ValidationErrorString, v.err.ValidationErrorString != ""
	case srcExpr:
		if !s.multi {
			rs := v.source()
			vals, ok := s.exprs[0].Append(rs.vals[:0], &rs.src)
			if !ok || len(vals) == 0 {
				return "", false
			}
			return vals[0], true
		}
	}
	b, ok := s.append(nil, v)
	return string(b), ok
}
