package response

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// ErrInvalid is matched (errors.Is) by every error Compile returns.
var ErrInvalid = errors.New("response: invalid gateway response")

// ErrNotCustomizable is matched (errors.Is) by Compile's error for a customized
// REQUEST_TOO_LARGE, which API Gateway does not let an API customize.
var ErrNotCustomizable = errors.New("response: the gateway response type cannot be customized")

// Custom is a user's customization of one gateway response type (a PUT gatewayresponse).
type Custom struct {
	// StatusCode replaces the type's status; 0 keeps the inherited or default status.
	StatusCode int
	// Parameters map "gatewayresponse.header.<Name>" to a source: "method.request.header.x",
	// "method.request.path.x", "method.request.querystring.x",
	// "method.request.multivalueheader.x", "method.request.multivaluequerystring.x",
	// "stageVariables.x", "context.x" (dotted, such as context.requestId) or "'static'".
	Parameters map[string]string
	// Templates map a content type to a body template (substitution, not VTL). None means the
	// built-in {"message":$context.error.messageString} for application/json.
	Templates map[string]string
}

// Set is an API's gateway responses, compiled: the built-in ones with the API's customizations
// and what the other types inherit from them. It is immutable and safe for concurrent use. A nil
// *Set has no customizations.
type Set struct {
	entries [numTypes]entry
}

// entry is how a type renders: with a compiled customization (its own or its parent's), or
// built-in when r is nil.
type entry struct {
	r   *compiled
	own bool // r is the type's own customization, not inherited
}

// compiled is one customized gateway response.
type compiled struct {
	status    int // 0: none set
	params    []param
	templates []template // by content type; never empty
}

// Compile validates and compiles an API's customizations once: the keys must be response types
// other than REQUEST_TOO_LARGE, the statuses 0 or 100-599, the parameter keys
// gatewayresponse.header.<name> with a valid source, the template keys content types
// (type/subtype). Templates themselves always compile: text that is not a variable is literal.
// The error lists every problem and matches ErrInvalid.
func Compile(custom map[apigate.ResponseType]Custom) (*Set, error) {
	keys := make([]apigate.ResponseType, 0, len(custom))
	for t := range custom {
		keys = append(keys, t)
	}
	slices.Sort(keys)
	var errs []error
	own := map[apigate.ResponseType]*compiled{}
	for _, t := range keys {
		c, err := compileCustom(t, custom[t])
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrInvalid, t, err))
			continue
		}
		own[t] = c
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s := &Set{}
	for i, t := range apigate.ResponseTypes() {
		if c, ok := own[t]; ok {
			s.entries[i] = entry{r: c, own: true}
		} else if c, ok := own[t.Parent()]; ok && t != apigate.RequestTooLarge {
			s.entries[i] = entry{r: c}
		}
	}
	return s, nil
}

// compileCustom compiles the customization of type t.
func compileCustom(t apigate.ResponseType, c Custom) (*compiled, error) {
	switch {
	case !t.Valid():
		return nil, errors.New("not a gateway response type")
	case t == apigate.RequestTooLarge:
		return nil, ErrNotCustomizable
	case c.StatusCode != 0 && (c.StatusCode < 100 || c.StatusCode > 599):
		return nil, fmt.Errorf("invalid status code %d: it must match [1-5]\\d\\d", c.StatusCode)
	}
	out := &compiled{status: c.StatusCode}
	var errs []error
	for _, key := range sortedKeys(c.Parameters) {
		p, err := compileParam(key, c.Parameters[key])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out.params = append(out.params, p)
	}
	for _, ct := range sortedKeys(c.Templates) {
		text := c.Templates[ct]
		switch {
		case !validContentType(ct):
			errs = append(errs, fmt.Errorf("invalid content type specified: %q", ct))
		case len(text) > mapping.MaxTemplateSize:
			errs = append(errs, fmt.Errorf("the template for %s is longer than %d bytes", ct, mapping.MaxTemplateSize))
		default:
			out.templates = append(out.templates, compileTemplate(ct, text))
		}
	}
	if len(out.templates) == 0 {
		out.templates = []template{builtinTemplate}
	}
	return out, errors.Join(errs...)
}

// Render builds the gateway response for err: an *apigate.Error found with errors.As, anything
// else being API_CONFIGURATION_ERROR with its default message (the error's text is never
// shown). r is the request as far as the gateway got (before routing it has no path parameters
// or resource); it may be nil. Render returns the status, the headers (Content-Type,
// x-amzn-ErrorType and the customized ones) and the body. The body and the header's value
// slices may be shared with other responses: replace them, do not modify them in place.
func (s *Set) Render(err error, r *apigate.Request) (status int, header http.Header, body []byte) {
	e, i := gatewayError(err)
	b := &builtins[i]
	var en entry
	if s != nil {
		en = s.entries[i]
	}
	status = b.status
	switch {
	case en.own && en.r.status != 0:
		status = en.r.status
	case e.Status >= 100 && e.Status <= 599:
		status = e.Status
	case en.r != nil && en.r.status != 0:
		status = en.r.status
	}
	if en.r == nil {
		return status, http.Header{"Content-Type": jsonContentType, "X-Amzn-Errortype": b.errorType}, b.defaultBody(e)
	}
	v := env{err: e, r: r}
	t := pick(en.r.templates, requestHeader(r).Get("Accept"))
	header = make(http.Header, 2+len(en.r.params))
	header["Content-Type"] = t.header
	header["X-Amzn-Errortype"] = b.errorType
	for j := range en.r.params {
		p := &en.r.params[j]
		if vals, ok := p.value(&v); ok {
			header[p.key] = vals
		}
	}
	return status, header, t.render(&v)
}

// internalError stands for a failure that is not an *apigate.Error.
var internalError = &apigate.Error{Type: apigate.APIConfigurationError}

// gatewayError finds the *apigate.Error in err and its type's index; anything else, or an
// *apigate.Error of no known type, is an API_CONFIGURATION_ERROR.
func gatewayError(err error) (*apigate.Error, int) {
	e, ok := err.(*apigate.Error)
	if !ok {
		e = findError(err)
	}
	if e != nil {
		if i, ok := typeIndex[e.Type]; ok {
			return e, i
		}
	}
	return internalError, typeIndex[apigate.APIConfigurationError]
}

// findError is errors.As for *apigate.Error, apart so that the common case, an *apigate.Error
// itself, allocates nothing.
func findError(err error) *apigate.Error {
	var e *apigate.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// validContentType reports whether s is a media type without parameters, type/subtype.
func validContentType(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	return ok && validHeaderName(typ) && validHeaderName(sub)
}
