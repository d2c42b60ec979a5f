package lambda

import (
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/content"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/internal/lambdaevent"
	"github.com/apigate/apigate/internal/media"
)

// This file turns a Lambda proxy function's answer, read by internal/lambdaevent, into the
// method response.

// malformed returns the error for a proxy response that breaks the format: a DEFAULT_5XX
// answered with 502 {"message":"Internal server error"} for payload format 1.0 (recorded on
// AWS), with 500 {"message":"Internal Server Error"} for 2.0 (an HTTP API's answer).
func malformed(v2 bool, cause error) error {
	if v2 {
		return &apigate.Error{Type: apigate.Default5XX, Status: http.StatusInternalServerError, Message: "Internal Server Error", Err: cause}
	}
	return &apigate.Error{Type: apigate.Default5XX, Status: http.StatusBadGateway, Message: "Internal server error", Err: cause}
}

// finish builds the method response from a function's answer:
//
//   - the status (lambdaevent.Response.Status);
//   - the headers: multiValueHeaders' values, then the headers map's value of the same name in
//     any case, under the multiValueHeaders spelling (recorded: "tesT-Multi: value-multi,
//     value-solo"), unless the multi values hold it (see mergeHeaders); a name given twice in
//     one map counts once, its last value; null values,
//     empty lists and names that are not HTTP tokens are left out; 2.0's cookies become
//     Set-Cookie headers;
//   - Connection, Content-Length, Date, Server and x-amzn-RequestId renamed x-amzn-Remapped-*
//     and Transfer-Encoding dropped, as for HTTP_PROXY (LocalStack's AWS-checked rule for
//     proxy integrations): the gateway sets those itself;
//   - Content-Type: application/json when the function set none;
//   - 1.0: X-Amzn-Trace-Id, the request's trace id, unless the function set one;
//   - the body, base64-decoded when isBase64Encoded is true and (1.0 only) the client's first
//     Accept type is one of the API's binary media types (recorded: Accept image/png and a
//     binaryMediaTypes entry image/png or image/*; an Accept of */* or image/* matches none,
//     nor does an entry */png). A body that is not base64 is API_CONFIGURATION_ERROR (500), as
//     for non-proxy content handling (2.0: the HTTP API's 500).
func finish(out *lambdaevent.Response, r *apigate.Request, v2 bool, trace string) (*apigate.Response, error) {
	return finishInto(newResponseBox(), out, r, v2, trace)
}

// responseBox holds what building a response needs besides the function's strings: the
// response, its header map, the values of its headers from the function's headers map when
// they fit, and (the typed fast path's) lambdaevent.Response.headers. Boxes are pooled: the response's
// Release puts its box back, once the gateway has sent it.
type responseBox struct {
	resp    apigate.Response
	header  http.Header // empty, kept from the box's last use
	vals    [5]string
	headers [3]lambdaevent.Header
	release func() // put, made once per box
}

// responseBoxes holds the unused boxes.
var responseBoxes sync.Pool

// newResponseBox returns an unused box, from the pool if it has one.
func newResponseBox() *responseBox {
	if b, ok := responseBoxes.Get().(*responseBox); ok {
		return b
	}
	b := new(responseBox)
	b.release = b.put
	return b
}

// put empties b and returns it to the pool. A header map grown for an unusual response is let
// go rather than kept.
func (b *responseBox) put() {
	if len(b.header) > 16 {
		b.header = nil
	} else {
		clear(b.header)
	}
	b.resp = apigate.Response{}
	b.vals = [5]string{}
	b.headers = [3]lambdaevent.Header{}
	responseBoxes.Put(b)
}

// finishInto is finish building the response in box, an unused box it owns from then on:
// the response it returns releases box; on an error it puts box back itself.
func finishInto(box *responseBox, out *lambdaevent.Response, r *apigate.Request, v2 bool, trace string) (*apigate.Response, error) {
	if out.Inferred {
		box.put()
		h := http.Header{"content-type": {media.JSON}}
		return &apigate.Response{StatusCode: http.StatusOK, Header: h, Body: out.Body}, nil
	}
	status, err := out.Status()
	if err != nil {
		box.put()
		return nil, malformed(v2, err)
	}
	var vals []string
	if len(out.Headers)+2 <= len(box.vals) {
		vals = box.vals[:len(out.Headers)+2]
	}
	h, spare := mergeHeaders(out, box.header, vals)
	box.header = h
	if len(out.Cookies) > 0 {
		key := ""
		for k := range h {
			if strings.EqualFold(k, "Set-Cookie") && (key == "" || k < key) {
				key = k
			}
		}
		if key == "" {
			key = "Set-Cookie"
		}
		h[key] = append(h[key][:len(h[key]):len(h[key])], out.Cookies...)
	}
	hasType, hasTrace := remap(h)
	if !hasType {
		spare[0] = media.JSON
		if v2 {
			h["content-type"] = spare[0:1:1]
		} else {
			h["Content-Type"] = spare[0:1:1]
		}
	}
	if !hasTrace && !v2 && trace != "" {
		spare[1] = trace
		h["X-Amzn-Trace-Id"] = spare[1:2:2]
	}
	body := out.Body
	if out.IsBase64Encoded && (v2 || len(r.BinaryMediaTypes) > 0 && media.IsBinary(media.Type(header.First(r.Header, "Accept")), r.BinaryMediaTypes)) {
		if body, err = content.Decode(body); err != nil {
			box.put()
			if v2 {
				return nil, malformed(true, err)
			}
			return nil, err
		}
	}
	box.resp = apigate.Response{StatusCode: status, Header: h, Body: body, Release: box.release}
	return &box.resp, nil
}

// mergeHeaders merges the headers and multiValueHeaders maps into the response's header: h,
// when it is an empty map, else a new one. spare holds two strings, for the headers finish
// adds. vals, when it holds at least len(out.Headers)+2 strings, backs the single values; else
// mergeHeaders allocates them.
//
// A header of the headers map whose name a multiValueHeaders header has in any case is merged
// into it, after its values, unless they hold its value already: as the developer guide says,
// "If the same key-value pair is specified in both, only the values from multiValueHeaders
// will appear" (a pair of different values is recorded merged, "tesT-Multi: value-multi,
// value-solo").
func mergeHeaders(out *lambdaevent.Response, h http.Header, vals []string) (_ http.Header, spare []string) {
	multi := lastOfEachName(out.MultiValueHeaders, func(m lambdaevent.MultiHeader) string { return m.Name })
	single := lastOfEachName(out.Headers, func(h lambdaevent.Header) string { return h.Name })
	if len(multi) > 0 {
		// in name order, so that the values of names that differ only in case, merged under a
		// multiValueHeaders name, come in an order that does not depend on the order of the maps
		slices.SortFunc(single, func(a, b lambdaevent.Header) int { return strings.Compare(a.Name, b.Name) })
	}
	if h == nil {
		h = make(http.Header, len(multi)+len(single)+2)
	}
	// the single values' slices share one array; each has no spare capacity, so that an
	// append (a merge, a remap) copies
	if len(vals) < len(single)+2 {
		vals = make([]string, len(single)+2)
	}
	one := func(v string) []string {
		vals[0] = v
		s := vals[:1:1]
		vals = vals[1:]
		return s
	}
	for _, m := range multi {
		if !m.Null && len(m.Values) > 0 && token(m.Name) {
			h[m.Name] = m.Values
		}
	}
	for _, s := range single {
		if s.Null || !token(s.Name) {
			continue
		}
		key := ""
		if _, ok := h[s.Name]; ok {
			key = s.Name
		} else {
			// the multiValueHeaders name that matches in any case; the smallest, should
			// several, so that the choice does not depend on the order of the maps
			for _, m := range multi {
				if _, ok := h[m.Name]; ok && strings.EqualFold(m.Name, s.Name) && (key == "" || m.Name < key) {
					key = m.Name
				}
			}
		}
		if key == "" {
			h[s.Name] = one(s.Value)
			continue
		}
		vs := h[key]
		if slices.Contains(vs, s.Value) {
			continue // the same pair in both maps: sent once
		}
		h[key] = append(vs[:len(vs):len(vs)], s.Value)
	}
	return h, vals
}

// lastOfEachName returns xs with only the last of the elements of each name.
func lastOfEachName[T any](xs []T, name func(T) string) []T {
	if !hasDuplicates(xs, name) {
		return xs
	}
	last := make(map[string]int, len(xs))
	for i, x := range xs {
		last[name(x)] = i
	}
	out := make([]T, 0, len(last))
	for i, x := range xs {
		if last[name(x)] == i {
			out = append(out, x)
		}
	}
	return out
}

// hasDuplicates reports whether two elements of xs have one name.
func hasDuplicates[T any](xs []T, name func(T) string) bool {
	if len(xs) > 16 {
		return true // let the map decide
	}
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if name(xs[i]) == name(xs[j]) {
				return true
			}
		}
	}
	return false
}

// token reports whether name can be an HTTP header name (an RFC 9110 token).
func token(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

// remap renames, in place, the headers the gateway sets itself (header.Remapped's) and drops
// Transfer-Encoding, matching names in any case. Names that differ only in case are renamed in
// name order, their values following one another. It reports whether h (then) has a
// Content-Type and an X-Amzn-Trace-Id, in any case.
func remap(h http.Header) (hasType, hasTrace bool) {
	var buf [4]string
	keys := buf[:0]
	for k := range h {
		switch {
		case header.Remapped(k) != "" || strings.EqualFold(k, "Transfer-Encoding"):
			keys = append(keys, k)
		case strings.EqualFold(k, "Content-Type"):
			hasType = true
		case strings.EqualFold(k, "X-Amzn-Trace-Id"):
			hasTrace = true
		}
	}
	if len(keys) == 0 {
		return hasType, hasTrace
	}
	slices.Sort(keys)
	for _, k := range keys {
		vs := h[k]
		delete(h, k)
		to := header.Remapped(k)
		if to == "" {
			continue // Transfer-Encoding
		}
		if prev := h[to]; prev != nil {
			vs = append(prev[:len(prev):len(prev)], vs...)
		}
		h[to] = vs
	}
	return hasType, hasTrace
}
