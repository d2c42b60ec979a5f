package mapping

import (
	"strconv"
	"strings"

	"github.com/apigate/apigate/mapping/vtl"
)

// Overrides holds $context.requestOverride and $context.responseOverride, which templates write
// to change the integration request and the method response:
//
//	#set($context.requestOverride.header.X-Trace = "abc")
//	#set($context.responseOverride.status = 400)
//
// Give the same Overrides to the request template and then to the response template of one
// request: the response template reads what the request template set (as on AWS), and the caller
// reads the result through the accessor methods. The zero value is ready to use. An Overrides
// is not safe for concurrent use; it belongs to one request.
type Overrides struct {
	request  *vtl.Map // keys path, header, querystring, plus whatever templates add
	response *vtl.Map // key header, plus status and whatever templates add
}

// Param is one overridden parameter: its name and its values in order. A template that assigns
// a list sets several values (a multi-value header or query string parameter).
type Param struct {
	Name   string
	Values []string
}

// requestMap returns $context.requestOverride, creating it on first use. Like $context.identity
// it prints as the empty string (recorded).
func (o *Overrides) requestMap() *vtl.Map {
	if o.request == nil {
		o.request = vtl.NewBlankMap(3)
		putHashOrdered(o.request, []entry{
			{"path", vtl.MapValue(vtl.NewBlankMap(0))},
			{"header", vtl.MapValue(vtl.NewBlankMap(0))},
			{"querystring", vtl.MapValue(vtl.NewBlankMap(0))},
		})
	}
	return o.request
}

// responseMap returns $context.responseOverride, creating it on first use. It has no status key
// until a template sets one (recorded).
func (o *Overrides) responseMap() *vtl.Map {
	if o.response == nil {
		o.response = vtl.NewBlankMap(2)
		o.response.PutString("header", vtl.MapValue(vtl.NewBlankMap(0)))
	}
	return o.response
}

// RequestHeaders returns the integration request headers set through
// $context.requestOverride.header, in the order the template set them.
func (o *Overrides) RequestHeaders() []Param { return params(o.request, "header") }

// RequestPaths returns the integration request path parameters set through
// $context.requestOverride.path.
func (o *Overrides) RequestPaths() []Param { return params(o.request, "path") }

// RequestQueryStrings returns the integration request query string parameters set through
// $context.requestOverride.querystring.
func (o *Overrides) RequestQueryStrings() []Param { return params(o.request, "querystring") }

// Empty reports whether no template has used the override maps, so that none of their
// accessors has anything to return.
func (o *Overrides) Empty() bool { return o.request == nil && o.response == nil }

// ResponseHeaders returns the method response headers set through
// $context.responseOverride.header.
func (o *Overrides) ResponseHeaders() []Param { return params(o.response, "header") }

// ResponseStatus returns the status set through $context.responseOverride.status and whether one
// was set. A value that is not an integer from 100 to 599 (an Integer, a Long or a String
// holding one) counts as not set, as API Gateway ignores it.
func (o *Overrides) ResponseStatus() (int, bool) {
	if o.response == nil {
		return 0, false
	}
	v, ok := o.response.GetString("status")
	if !ok {
		return 0, false
	}
	var n int64
	switch v.Kind() {
	case vtl.Int, vtl.Long:
		n = v.AsInt64()
	case vtl.String:
		var err error
		if n, err = strconv.ParseInt(strings.TrimSpace(v.AsString()), 10, 32); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	if n < 100 || n > 599 {
		return 0, false
	}
	return int(n), true
}

// params lists the entries of the map under key in m. A null value is skipped; a list gives one
// value per element; anything else its Java string form.
func params(m *vtl.Map, key string) []Param {
	if m == nil {
		return nil
	}
	v, _ := m.GetString(key)
	sub := v.AsMap()
	if sub == nil || sub.Len() == 0 {
		return nil
	}
	out := make([]Param, 0, sub.Len())
	vals := sub.Values()
	for i, k := range sub.Keys() {
		val := vals[i]
		if val.IsNull() {
			continue
		}
		p := Param{Name: k.String()}
		if l := val.AsList(); l != nil {
			for _, item := range l.Items() {
				p.Values = append(p.Values, item.String())
			}
		} else {
			p.Values = []string{val.String()}
		}
		out = append(out, p)
	}
	return out
}
