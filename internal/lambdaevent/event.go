package lambdaevent

import (
	"encoding/json"
	"math"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/forward"
	"github.com/apigate/apigate/internal/media"
)

// This file prepares what the Lambda proxy events of both payload formats are built from: the
// headers as the event spells them, with those API Gateway adds and drops, the trace id, the
// body's encoding and the sorted keys of every map. v1.go and v2.go write the events, as JSON
// and as the github.com/aws/aws-lambda-go/events structs.

// header is one header of an event.
type header struct {
	name   string   // as the event spells it: the request's spelling (1.0), lower case (2.0)
	key    string   // the request's spelling
	values []string // every value received (1.0 multiValueHeaders)
	value  string   // the value of headers: the last one (1.0), all joined with ',' (2.0)
	added  bool     // added by the gateway; values points into Event.addedValues
}

// Event is the Lambda proxy event of one method request, in payload format 1.0 or 2.0, ready
// to be written as JSON (AppendJSON) or filled into the aws-lambda-go events structs (V1, V2).
// It holds what building the event needs besides the method request itself, and is pooled:
// Release it once the event is written and the typed event, which copies what it keeps, is
// filled; the method request must stay valid until then.
type Event struct {
	r       *apigate.Request
	v2      bool
	headers []header // sorted by name (1.0: once sorted is set)
	sorted  bool
	cookies []string // 2.0: the Cookie header split into cookies
	trace   string   // X-Amzn-Trace-Id
	binary  bool     // the body goes base64-encoded, with isBase64Encoded true
	// once keyed (sortKeys): the sorted keys of r.Query (those with a value), of
	// r.PathParameters and of r.StageVariables
	keyed bool
	query []string
	path  []string
	stage []string

	// addedValues back the values of the headers the gateway adds: X-Forwarded-For, -Port,
	// -Proto and X-Amzn-Trace-Id.
	addedValues [4]string
	// added, when set, is where fillV1 puts the added headers' values, allocated with the
	// event; else fillV1 allocates them.
	added *[4]string
	// ev1 is the typed payload format 1.0 event V1 fills; Release clears it.
	ev1 events.APIGatewayProxyRequest
}

var pool = sync.Pool{New: func() any { return new(Event) }}

// New returns the Event of r in payload format 1.0, or 2.0 when v2, from the pool.
func New(r *apigate.Request, v2 bool) *Event {
	e := pool.Get().(*Event)
	e.r, e.v2 = r, v2
	e.trace = forward.TraceID(r)
	e.collectHeaders()
	e.binary = false
	if len(r.Body) > 0 {
		ct := first(r.Header, "Content-Type")
		if v2 {
			e.binary = !textMedia(media.Type(ct))
		} else if len(r.BinaryMediaTypes) > 0 {
			e.binary = media.IsBinary(media.Type(ct), r.BinaryMediaTypes)
		}
	}
	return e
}

// sortKeys sorts the keys of the request's query, path parameters and stage variables, once:
// the JSON events list them in that order, and the typed events clean keys in that order.
func (e *Event) sortKeys() {
	if e.keyed {
		return
	}
	r := e.r
	e.query = queryKeys(e.query[:0], r.Query)
	e.path = sortedKeys(e.path[:0], r.PathParameters)
	e.stage = sortedKeys(e.stage[:0], r.StageVariables)
	e.keyed = true
}

// TraceID returns the X-Amzn-Trace-Id the event carries: the client's, when it sent one with a
// Root, else a new one, which the method response carries too.
func (e *Event) TraceID() string { return e.trace }

// AppendJSON appends the event's JSON to b: what encoding/json writes for the event's keys and
// values (with HTML escaping off), in the order AWS writes them.
func (e *Event) AppendJSON(b []byte) []byte {
	if e.v2 {
		return e.appendV2(b)
	}
	return e.appendV1(b)
}

// V1 returns the payload format 1.0 event as the aws-lambda-go struct: what decoding AppendJSON's
// JSON gives (see fillV1). The struct is e's own, valid until Release; added, when not nil, holds
// the values of the headers the gateway adds, which the struct's maps share (a function may keep
// them, so they must not be pooled), else they are allocated.
func (e *Event) V1(added *[4]string) *events.APIGatewayProxyRequest {
	e.added = added
	e.fillV1(&e.ev1)
	return &e.ev1
}

// V2 returns the payload format 2.0 event as the aws-lambda-go struct: what decoding
// AppendJSON's JSON gives. The struct is the caller's.
func (e *Event) V2() *events.APIGatewayV2HTTPRequest {
	ev := new(events.APIGatewayV2HTTPRequest)
	e.fillV2(ev)
	return ev
}

// Release returns e to the pool, keeping its slices' storage but nothing they point to.
func (e *Event) Release() {
	clear(e.headers)
	clear(e.cookies)
	clear(e.query)
	clear(e.path)
	clear(e.stage)
	e.headers, e.cookies = e.headers[:0], e.cookies[:0]
	e.query, e.path, e.stage, e.keyed = e.query[:0], e.path[:0], e.stage[:0], false
	e.r, e.trace, e.addedValues, e.added = nil, "", [4]string{}, nil
	e.ev1 = events.APIGatewayProxyRequest{}
	if cap(e.headers) > 256 {
		return // an unusual request: let its storage go
	}
	pool.Put(e)
}

// sortedKeys appends the keys of m to dst (reusing its storage), sorted.
func sortedKeys[V any](dst []string, m map[string]V) []string {
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst)
	return dst
}

// queryKeys appends the names of the query string parameters that have a value, sorted.
func queryKeys(dst []string, q map[string][]string) []string {
	for k, vs := range q {
		if len(vs) > 0 {
			dst = append(dst, k)
		}
	}
	slices.Sort(dst)
	return dst
}

// textMedia reports whether a payload format 2.0 event carries a body of media type mt as
// text: text/*, application/json, application/xml and application/javascript (parameters
// ignored, as media.Type drops them). Every other body, and a body without a Content-Type, is
// base64-encoded.
func textMedia(mt string) bool {
	switch mt {
	case "application/json", "application/xml", "application/javascript":
		return true
	}
	return strings.HasPrefix(mt, "text/")
}

// The headers the gateway treats specially, by the kind headerKind returns.
const (
	hdrKeep = iota
	hdrDrop
	hdrForwardedFor
	hdrForwardedPort
	hdrForwardedProto
	hdrTrace
	hdrCookie
)

// headerKind classifies a request header name, in any case. Dropped are the headers
// API Gateway never passes to an integration, recorded by LocalStack against AWS (Connection,
// Content-Length, Content-MD5, Expect, Max-Forwards, Proxy-Authenticate, Server, TE,
// Transfer-Encoding, Trailer, Upgrade, WWW-Authenticate) and the other hop-by-hop headers
// (Keep-Alive, Proxy-Connection). Payload format 2.0 (HTTP APIs) keeps Content-Length: the
// events HTTP APIs send show it.
func headerKind(name string, v2 bool) int {
	eq := strings.EqualFold
	switch len(name) {
	case 2:
		if eq(name, "TE") {
			return hdrDrop
		}
	case 6:
		if eq(name, "Expect") || eq(name, "Server") {
			return hdrDrop
		}
		if v2 && eq(name, "Cookie") {
			return hdrCookie
		}
	case 7:
		if eq(name, "Upgrade") || eq(name, "Trailer") {
			return hdrDrop
		}
	case 10:
		if eq(name, "Connection") || eq(name, "Keep-Alive") {
			return hdrDrop
		}
	case 11:
		if eq(name, "Content-Md5") {
			return hdrDrop
		}
	case 12:
		if eq(name, "Max-Forwards") {
			return hdrDrop
		}
	case 14:
		if eq(name, "Content-Length") && !v2 {
			return hdrDrop
		}
	case 15:
		if eq(name, "X-Amzn-Trace-Id") {
			return hdrTrace
		}
		if eq(name, "X-Forwarded-For") {
			return hdrForwardedFor
		}
	case 16:
		if eq(name, "Proxy-Connection") || eq(name, "Www-Authenticate") {
			return hdrDrop
		}
		if eq(name, "X-Forwarded-Port") {
			return hdrForwardedPort
		}
	case 17:
		if eq(name, "Transfer-Encoding") {
			return hdrDrop
		}
		if eq(name, "X-Forwarded-Proto") {
			return hdrForwardedProto
		}
	case 18:
		if eq(name, "Proxy-Authenticate") {
			return hdrDrop
		}
	}
	return hdrKeep
}

// collectHeaders fills e.headers (and e.cookies) from the request's headers: the client's, less
// those dropped, and those the gateway adds, as for HTTP_PROXY (proxyForwardHeader):
// X-Forwarded-For with the client's address appended to what the request had,
// X-Forwarded-Port and X-Forwarded-Proto unless the client (or a proxy in front of the gateway)
// set them, and X-Amzn-Trace-Id unless the client sent one with a Root.
func (e *Event) collectHeaders() {
	r := e.r
	var prevFor []string
	var hasPort, hasProto, hasTrace bool
	for name, vs := range r.Header {
		if len(vs) == 0 {
			continue
		}
		switch headerKind(name, e.v2) {
		case hdrDrop:
			continue
		case hdrForwardedFor:
			prevFor = append(prevFor, vs...)
			continue
		case hdrForwardedPort:
			hasPort = true
		case hdrForwardedProto:
			hasProto = true
		case hdrTrace:
			if vs[0] != e.trace {
				continue // replaced by the trace id made for the request
			}
			hasTrace = true
		case hdrCookie:
			e.cookies = splitCookies(e.cookies, vs)
			continue
		}
		e.headers = append(e.headers, header{name: name, key: name, values: vs, value: vs[len(vs)-1]})
	}
	add := func(name, value string, i int) {
		e.addedValues[i] = value
		e.headers = append(e.headers, header{name: name, key: name, values: e.addedValues[i : i+1 : i+1], value: value, added: true})
	}
	if ip := forward.SourceIP(r); ip != "" || len(prevFor) > 0 {
		add("X-Forwarded-For", forward.For(prevFor, ip), 0)
	}
	port, proto := forward.PortProto(r)
	if !hasPort {
		add("X-Forwarded-Port", port, 1)
	}
	if !hasProto {
		add("X-Forwarded-Proto", proto, 2)
	}
	if !hasTrace {
		add("X-Amzn-Trace-Id", e.trace, 3)
	}
	if e.v2 {
		e.lowerHeaders()
		return
	}
	e.sorted = false // 1.0: sorted when written (sortHeaders); a map needs no order
}

// sortHeaders sorts payload format 1.0's headers by name, the order of the JSON event's keys.
func (e *Event) sortHeaders() {
	if !e.sorted {
		slices.SortFunc(e.headers, func(a, b header) int { return strings.Compare(a.name, b.name) })
		e.sorted = true
	}
}

// lowerHeaders spells the header names in lower case, as payload format 2.0 does, and merges
// the headers whose names differ only in case (an in-process request's): their values join
// with ',', in the order of the request's spellings.
func (e *Event) lowerHeaders() {
	for i := range e.headers {
		h := &e.headers[i]
		h.name = lower(h.name)
		if len(h.values) > 1 {
			h.value = strings.Join(h.values, ",")
		}
	}
	slices.SortFunc(e.headers, func(a, b header) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	out := e.headers[:0]
	for _, h := range e.headers {
		if n := len(out); n > 0 && out[n-1].name == h.name {
			prev := &out[n-1]
			prev.values = append(slices.Clip(prev.values), h.values...)
			prev.value = prev.value + "," + h.value
			prev.added = false // values is a fresh slice
			continue
		}
		out = append(out, h)
	}
	clear(e.headers[len(out):])
	e.headers = out
	e.sorted = true
}

// lowerNames are the lower-case spellings of common header names, so that lowering them
// costs no allocation.
var lowerNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"Accept", "Accept-Encoding", "Accept-Language", "Authorization",
		"Cache-Control", "Content-Length", "Content-Type", "Host", "Origin", "Pragma", "Referer",
		"User-Agent", "X-Amzn-Trace-Id", "X-Api-Key", "X-Forwarded-For", "X-Forwarded-Port",
		"X-Forwarded-Proto", "X-Requested-With", "If-None-Match", "If-Modified-Since", "Sec-Fetch-Mode",
		"Sec-Fetch-Site", "Sec-Fetch-Dest", "Upgrade-Insecure-Requests", "Postman-Token"} {
		m[n] = strings.ToLower(n)
	}
	return m
}()

// lower returns name in lower case.
func lower(name string) string {
	if l, ok := lowerNames[name]; ok {
		return l
	}
	return strings.ToLower(name)
}

// splitCookies appends the cookies of Cookie header values: each value split at ';', trimmed,
// empty ones left out.
func splitCookies(dst, values []string) []string {
	for _, v := range values {
		for v != "" {
			var c string
			c, v, _ = strings.Cut(v, ";")
			if c = textproto.TrimString(c); c != "" {
				dst = append(dst, c)
			}
		}
	}
	return dst
}

// first returns the first value of the header whose canonical name is canonical.
func first(h map[string][]string, canonical string) string {
	if vs := h[canonical]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// v1Path returns payload format 1.0's path: the request path without the stage, as
// received, with leading slashes collapsed to one (the recorded //proxy-value arrives as
// /proxy-value) and the rest, a trailing slash or an inner //, kept.
func v1Path(p string) string {
	if len(p) > 1 && p[0] == '/' && p[1] == '/' {
		i := 1
		for i < len(p) && p[i] == '/' {
			i++
		}
		return p[i-1:]
	}
	return p
}

// stringify turns an authorizer's context or claim value into the string API Gateway
// passes on, as $context.authorizer does: strings as they are, booleans and numbers in their
// JSON spelling, anything else as JSON. ok is false for nil (null).
func stringify(v any) (s string, ok bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case json.Number:
		return v.String(), true
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e21 {
			return strconv.FormatFloat(v, 'f', -1, 64), true
		}
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case float32:
		return stringify(float64(v))
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}
