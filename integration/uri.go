package integration

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/apigate/apigate/mapping"
)

// uriTemplate is an integration URI (HTTP, HTTP_PROXY) or a Handler path template, such as
// https://${stageVariables.host}/pets/{id}?a={b}. One parser and one escaper serve every
// integration type, so a value reaches an HTTP backend, an HTTP_PROXY backend and an in-process
// handler alike:
//
//   - ${stageVariables.NAME} (NAME not empty, up to the next }) is the stage variable's value, as
//     it is (API Gateway restricts stage variable values to URL characters), or the empty
//     string when it is unset;
//   - {NAME}, with a NAME requestParameters can map (^[a-zA-Z0-9._$-]+$) and not preceded by $,
//     is the integration request path parameter NAME (integration.request.path.NAME), escaped
//     by uriAppendEscaped; without a value it stays as written, as LocalStack has it;
//   - anything else, an unclosed brace or a ${...} of another kind included, is literal text.
type uriTemplate struct {
	parts []uriPart
}

// uriPart is a piece of a URI template.
type uriPart struct {
	kind    uriPartKind
	text    string // the literal text, or the parameter or variable name
	inQuery bool   // the part comes after the template's first '?'
}

type uriPartKind uint8

const (
	uriLiteral uriPartKind = iota
	uriPathParam
	uriStageVariable
)

// uriParse splits a URI template into its parts.
func uriParse(s string) uriTemplate {
	var t uriTemplate
	lit := 0
	inQuery := false
	flush := func(end int) {
		if end > lit {
			t.parts = append(t.parts, uriPart{kind: uriLiteral, text: s[lit:end], inQuery: inQuery})
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
		var kind uriPartKind
		switch {
		case strings.HasPrefix(s[i:], sv) && end > len(sv):
			kind = uriStageVariable
		case s[i] == '{' && (i == 0 || s[i-1] != '$') && mapping.ValidName(s[i+1:i+end]):
			kind = uriPathParam
		default:
			continue
		}
		flush(i)
		name := s[i+1 : i+end]
		if kind == uriStageVariable {
			name = s[i+len(sv) : i+end]
		}
		t.parts = append(t.parts, uriPart{kind: kind, text: name, inQuery: inQuery})
		i += end
		lit = i + 1
	}
	flush(len(s))
	return t
}

// static reports whether the template has no placeholders.
func (t *uriTemplate) static() bool {
	return len(t.parts) == 0 || len(t.parts) == 1 && t.parts[0].kind == uriLiteral
}

// sample fills every placeholder with a harmless value, for validation.
func (t *uriTemplate) sample() string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.kind == uriLiteral {
			b.WriteString(p.text)
		} else {
			b.WriteString("x")
		}
	}
	return b.String()
}

// expand appends the template with its placeholders filled in from the integration request's
// path parameters and the stage variables.
func (t *uriTemplate) expand(dst []byte, path *paramsList, stage map[string]string) []byte {
	for _, p := range t.parts {
		switch p.kind {
		case uriLiteral:
			dst = append(dst, p.text...)
		case uriStageVariable:
			dst = append(dst, stage[p.text]...)
		case uriPathParam:
			v, ok := path.get(p.text)
			if !ok {
				dst = append(dst, '{')
				dst = append(dst, p.text...)
				dst = append(dst, '}')
				continue
			}
			dst = uriAppendEscaped(dst, v, p.inQuery)
		}
	}
	return dst
}

// uriAppendEscaped appends a path parameter value to a URI, as API Gateway does: what the URI
// component may hold is kept, valid %XX escapes included (a value comes as the client sent it,
// not URL-decoded, and is not encoded twice), and every other byte is percent-encoded. In the
// path that keeps RFC 3986's pchar and "/": the unreserved characters, the sub-delimiters
// !$&'()*+,;=, ":" and "@"; so a client's a[b]'c arrives as a%5Bb%5D'c, and ? and # cannot end
// the path. In the query part of a URI "?" is kept too and "&" is encoded, so that the value
// stays one parameter.
func uriAppendEscaped(dst []byte, v string, inQuery bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(v); i++ {
		c := v[i]
		var keep bool
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			keep = true
		case c == '%':
			keep = i+2 < len(v) && uriIsHex(v[i+1]) && uriIsHex(v[i+2])
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

func uriIsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// uriEndpoint is an HTTP or HTTP_PROXY integration's URI, compiled.
type uriEndpoint struct {
	t    uriTemplate
	base *url.URL // the parsed URI when it has no placeholders
}

// errURIEndpoint is the cause of a filled-in URI that is not an http or https URL with a host.
var errURIEndpoint = errors.New("not an absolute http or https URL with a host")

// uriParseEndpoint compiles an integration URI and reports whether it is valid: an absolute
// http or https URL with a host once its placeholders are filled in. A URI that starts with a
// stage variable (the stage gives the whole endpoint) is checked per request instead.
func uriParseEndpoint(s string) (uriEndpoint, bool) {
	e := uriEndpoint{t: uriParse(s)}
	if len(e.t.parts) > 0 && e.t.parts[0].kind == uriStageVariable {
		return e, true
	}
	u, err := uriCheckEndpoint(e.t.sample())
	if err != nil {
		return e, false
	}
	if e.t.static() {
		e.base = u
	}
	return e, true
}

// url fills in the URI for a request. The result has no fragment. A URI that is not an http or
// https URL with a host once filled in is API_CONFIGURATION_ERROR.
func (e *uriEndpoint) url(path *paramsList, stage map[string]string) (url.URL, error) {
	u := e.base
	if u == nil {
		var buf [256]byte
		s := string(e.t.expand(buf[:0], path, stage))
		var err error
		if u, err = uriCheckEndpoint(s); err != nil {
			return url.URL{}, configError(fmt.Errorf("integration: invalid endpoint %q: %w", s, err))
		}
	}
	out := *u
	out.Fragment, out.RawFragment = "", ""
	return out, nil
}

// uriCheckEndpoint parses an endpoint and checks that it is an absolute http or https URL with
// a host.
func uriCheckEndpoint(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, errURIEndpoint
	}
	return u, nil
}

// uriQuery joins the query strings an integration request carries: the integration URI's, the
// client's (raw, as received; HTTP_PROXY and Handler only) and the mapped query string
// parameters, appended, so that a parameter in several of them is repeated (API Gateway was
// recorded sending testQs=bar&testQs=foo for a URI with testQs=bar and a mapping giving foo).
func uriQuery(uri, client string, mapped *paramsList) string {
	if len(mapped.items) == 0 {
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
	for _, q := range mapped.items {
		for _, v := range q.values {
			sep()
			b.WriteString(url.QueryEscape(q.name))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}
