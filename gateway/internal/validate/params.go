package validate

import (
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strings"

	"github.com/apigate/apigate"
)

// location is where a request parameter is read from.
type location uint8

const (
	inHeader location = iota
	inQuery
	inPath
)

// paramPrefixes maps the prefixes of method request parameter keys to their locations.
var paramPrefixes = []struct {
	prefix string
	loc    location
}{
	{"method.request.header.", inHeader},
	{"method.request.querystring.", inQuery},
	{"method.request.path.", inPath},
	{"method.request.multivalueheader.", inHeader},
	{"method.request.multivaluequerystring.", inQuery},
}

// param is one required request parameter.
type param struct {
	key   string // the full key, such as method.request.header.x-trace
	name  string // the name as written in the key, as the error message lists it
	canon string // for headers: the canonical header key, the common way http.Header stores it
	loc   location
}

// compileParams parses the required parameter keys and sorts them by full key, the order of
// the error message; duplicates are dropped.
func compileParams(keys []string) ([]param, error) {
	params := make([]param, 0, len(keys))
	for _, key := range keys {
		p, err := parseParam(key)
		if err != nil {
			return nil, err
		}
		params = append(params, p)
	}
	slices.SortFunc(params, func(a, b param) int { return strings.Compare(a.key, b.key) })
	params = slices.CompactFunc(params, func(a, b param) bool { return a.key == b.key })
	if len(params) == 0 {
		return nil, nil
	}
	return params, nil
}

func parseParam(key string) (param, error) {
	for _, p := range paramPrefixes {
		name, ok := strings.CutPrefix(key, p.prefix)
		if !ok {
			continue
		}
		if name == "" {
			return param{}, fmt.Errorf("required parameter %q has no name", key)
		}
		pp := param{key: key, name: name, loc: p.loc}
		if p.loc == inHeader {
			pp.canon = textproto.CanonicalMIMEHeaderKey(name)
		}
		return pp, nil
	}
	return param{}, fmt.Errorf("required parameter %q is not method.request.header.*, method.request.querystring.* or method.request.path.*", key)
}

// validateParams returns a BAD_REQUEST_PARAMETERS error listing the required parameters that are
// absent or empty, or nil. It allocates only when it fails.
func (v *Validator) validateParams(r *apigate.Request) error {
	var missing []string
	for i := range v.params {
		p := &v.params[i]
		if p.present(r) {
			continue
		}
		if missing == nil {
			missing = make([]string, 0, len(v.params)-i)
		}
		missing = append(missing, p.name)
	}
	if missing == nil {
		return nil
	}
	return &apigate.Error{
		Type:    apigate.BadRequestParameters,
		Message: "Missing required request parameters: [" + strings.Join(missing, ", ") + "]",
	}
}

// present reports whether the request carries the parameter with a value that is not empty.
// A repeated parameter is judged by its last value.
func (p *param) present(r *apigate.Request) bool {
	switch p.loc {
	case inHeader:
		values := headerValues(r.Header, p.canon, p.name)
		return len(values) > 0 && strings.Trim(values[len(values)-1], " \t") != ""
	case inQuery:
		values := r.Query[p.name]
		return len(values) > 0 && values[len(values)-1] != ""
	default:
		return r.PathParameters[p.name] != ""
	}
}

// headerValues returns the values of a header, looking it up under its canonical key first and
// then, for headers stored under other spellings, case-insensitively.
func headerValues(h http.Header, canon, name string) []string {
	if values, ok := h[canon]; ok {
		return values
	}
	for k, values := range h {
		if strings.EqualFold(k, name) {
			return values
		}
	}
	return nil
}
