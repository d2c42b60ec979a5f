// Package uritemplate reads and fills in integration URIs: an HTTP or HTTP_PROXY integration's
// endpoint (https://${stageVariables.host}/pets/{id}?a={b}), an in-process handler's path
// template, the service API of an AWS service integration's ARN, a role ARN with stage
// variables. One parser and one escaper serve every integration type, so that a path
// parameter reaches an HTTP backend, an HTTP_PROXY backend, an in-process handler and an AWS
// service alike.
//
// A template is made of:
//
//   - ${stageVariables.NAME} (NAME not empty, up to the next }): the stage variable's value, as
//     it is (API Gateway restricts stage variable values to URL characters), or the empty
//     string when it is unset;
//   - {NAME}, with a NAME requestParameters can map (^[a-zA-Z0-9._$-]+$) and not preceded by
//     $: the integration request path parameter NAME (integration.request.path.NAME), escaped
//     by AppendEscaped; without a value it stays as written, as LocalStack has it;
//   - anything else, an unclosed brace or a ${...} of another kind included: literal text.
package uritemplate

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/mapping"
)

// Template is a parsed URI template.
type Template struct {
	Parts []Part
}

// Part is a piece of a template.
type Part struct {
	Kind Kind
	// Text is the literal text, or the parameter or variable name.
	Text string
	// InQuery says the part comes after the template's first '?'.
	InQuery bool
}

// Kind is the kind of a Part.
type Kind uint8

// The kinds of parts.
const (
	Literal       Kind = iota // text copied as it is
	PathParam                 // {NAME}
	StageVariable             // ${stageVariables.NAME}
)

// Lookup finds the value of an integration request path parameter (integration.Params).
type Lookup interface {
	Get(name string) (value string, ok bool)
}

// Parse splits a URI template into its parts.
func Parse(s string) Template {
	var t Template
	lit := 0
	inQuery := false
	flush := func(end int) {
		if end > lit {
			t.Parts = append(t.Parts, Part{Kind: Literal, Text: s[lit:end], InQuery: inQuery})
			// The literal that holds the '?' is copied as it is; what follows is query.
			inQuery = inQuery || strings.IndexByte(s[lit:end], '?') >= 0
		}
	}
	const sv = "${stageVariables."
	for i := 0; i < len(s); i++ {
		if s[i] != '{' && s[i] != '$' {
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			break // no placeholder can follow
		}
		var kind Kind
		switch {
		case strings.HasPrefix(s[i:], sv) && end > len(sv):
			kind = StageVariable
		case s[i] == '{' && (i == 0 || s[i-1] != '$') && mapping.ValidName(s[i+1:i+end]):
			kind = PathParam
		default:
			continue
		}
		flush(i)
		name := s[i+1 : i+end]
		if kind == StageVariable {
			name = s[i+len(sv) : i+end]
		}
		t.Parts = append(t.Parts, Part{Kind: kind, Text: name, InQuery: inQuery})
		i += end
		lit = i + 1
	}
	flush(len(s))
	return t
}

// Static reports whether the template has no placeholders.
func (t Template) Static() bool {
	return len(t.Parts) == 0 || len(t.Parts) == 1 && t.Parts[0].Kind == Literal
}

// Sample fills every placeholder with a harmless value, for validation.
func (t Template) Sample() string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Kind == Literal {
			b.WriteString(p.Text)
		} else {
			b.WriteString("x")
		}
	}
	return b.String()
}

// Expand appends the template to dst with its placeholders filled in from the integration
// request's path parameters (nil: none) and the stage variables.
func (t Template) Expand(dst []byte, path Lookup, stage map[string]string) []byte {
	for _, p := range t.Parts {
		switch p.Kind {
		case Literal:
			dst = append(dst, p.Text...)
		case StageVariable:
			dst = append(dst, stage[p.Text]...)
		case PathParam:
			var v string
			ok := false
			if path != nil {
				v, ok = path.Get(p.Text)
			}
			if !ok {
				dst = append(dst, '{')
				dst = append(dst, p.Text...)
				dst = append(dst, '}')
				continue
			}
			dst = AppendEscaped(dst, v, p.InQuery)
		}
	}
	return dst
}

// AppendEscaped appends a path parameter value to a URI, as API Gateway does: what the URI
// component may hold is kept, valid %XX escapes included (a value comes as the client sent it,
// not URL-decoded, and is not encoded twice), and every other byte is percent-encoded. In the
// path that keeps RFC 3986's pchar and "/": the unreserved characters, the sub-delimiters
// !$&'()*+,;=, ":" and "@"; so a client's a[b]'c arrives as a%5Bb%5D'c, and ? and # cannot end
// the path. In the query part of a URI "?" is kept too and "&" is encoded, so that the value
// stays one parameter.
func AppendEscaped(dst []byte, v string, inQuery bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(v); i++ {
		c := v[i]
		var keep bool
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			keep = true
		case c == '%':
			keep = i+2 < len(v) && IsHex(v[i+1]) && IsHex(v[i+2])
		case c == '?':
			keep = inQuery
		case c == '&':
			keep = !inQuery
		default:
			keep = strings.IndexByte("-._~!$'()*+,;=:@/", c) >= 0
		}
		if keep {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
	}
	return dst
}

// IsHex reports whether c is a hexadecimal digit.
func IsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// Endpoint is an HTTP or HTTP_PROXY integration's URI, compiled.
type Endpoint struct {
	t    Template
	base *url.URL // the parsed URI when it has no placeholders
}

// errEndpoint is the cause of a filled-in URI that is not an http or https URL with a host.
var errEndpoint = errors.New("not an absolute http or https URL with a host")

// ParseEndpoint compiles an integration URI and reports whether it is valid: an absolute http
// or https URL with a host once its placeholders are filled in. A URI that starts with a stage
// variable (the stage gives the whole endpoint) is checked per request instead.
func ParseEndpoint(s string) (Endpoint, bool) {
	e := Endpoint{t: Parse(s)}
	if len(e.t.Parts) > 0 && e.t.Parts[0].Kind == StageVariable {
		return e, true
	}
	u, err := CheckEndpoint(e.t.Sample())
	if err != nil {
		return e, false
	}
	if e.t.Static() {
		e.base = u
	}
	return e, true
}

// URL fills in the URI for a request. The result has no fragment. A URI that is not an http or
// https URL with a host once filled in is API_CONFIGURATION_ERROR.
func (e *Endpoint) URL(path Lookup, stage map[string]string) (url.URL, error) {
	u := e.base
	if u == nil {
		var buf [256]byte
		s := string(e.t.Expand(buf[:0], path, stage))
		var err error
		if u, err = CheckEndpoint(s); err != nil {
			return url.URL{}, failure.Config(fmt.Errorf("integration: invalid endpoint %q: %w", s, err))
		}
	}
	out := *u
	out.Fragment, out.RawFragment = "", ""
	return out, nil
}

// CheckEndpoint parses an endpoint and checks that it is an absolute http or https URL with a
// host.
func CheckEndpoint(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, errEndpoint
	}
	return u, nil
}

// Pairs is an ordered list of query string parameters and their values (integration.Params).
type Pairs interface {
	Len() int
	Name(i int) string
	Values(i int) []string
}

// Query joins the query strings an integration request carries: the integration URI's, the
// client's (raw, as received; HTTP_PROXY and Handler only) and the mapped query string
// parameters (nil: none), appended, so that a parameter in several of them is repeated (API
// Gateway was recorded sending testQs=bar&testQs=foo for a URI with testQs=bar and a mapping
// giving foo).
func Query(uri, client string, mapped Pairs) string {
	n := 0
	if mapped != nil {
		n = mapped.Len()
	}
	if n == 0 {
		switch {
		case uri == "":
			return client
		case client == "":
			return uri
		}
	}
	var b strings.Builder
	sep := func() {
		if s := b.String(); s != "" && s[len(s)-1] != '&' {
			b.WriteByte('&')
		}
	}
	for _, s := range [...]string{uri, client} {
		if s != "" {
			sep()
			b.WriteString(s)
		}
	}
	for i := range n {
		name := url.QueryEscape(mapped.Name(i))
		for _, v := range mapped.Values(i) {
			sep()
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}
