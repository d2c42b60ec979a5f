package integration

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"math/rand/v2"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/media"
)

// This file prepares what the Lambda proxy events of both payload formats are built from: the
// headers as the event spells them, with those API Gateway adds and drops, the trace id, the
// body's encoding and the sorted keys of every map. event10.go and event20.go write the events,
// as JSON and as the github.com/aws/aws-lambda-go/events structs.

// eventHeader is one header of an event.
type eventHeader struct {
	name   string   // as the event spells it: the request's spelling (1.0), lower case (2.0)
	key    string   // the request's spelling
	values []string // every value received (1.0 multiValueHeaders)
	value  string   // the value of headers: the last one (1.0), all joined with ',' (2.0)
	added  bool     // added by the gateway; values points into eventRequest.addedValues
}

// eventRequest is what building one event needs besides the method request itself. It is
// pooled: release it once the event is written (and the typed event, which copies what it
// keeps, is filled).
type eventRequest struct {
	r       *apigate.Request
	v2      bool
	headers []eventHeader // sorted by name (1.0: once sorted is set)
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
	// ev1 is the typed payload format 1.0 event, filled by the typed fast path (the invoker
	// keeps neither it nor its pointer); release clears it.
	ev1 events.APIGatewayProxyRequest
}

var eventRequests = sync.Pool{New: func() any { return new(eventRequest) }}

// eventPrepare returns the pooled eventRequest for r in payload format 1.0, or 2.0 when v2.
func eventPrepare(r *apigate.Request, v2 bool) *eventRequest {
	e := eventRequests.Get().(*eventRequest)
	e.r, e.v2 = r, v2
	e.trace = eventTraceID(r)
	e.collectHeaders()
	e.binary = false
	if len(r.Body) > 0 {
		ct := headerFirst(r.Header, "Content-Type")
		if v2 {
			e.binary = !eventTextMedia(media.Type(ct))
		} else if len(r.BinaryMediaTypes) > 0 {
			e.binary = contentIsBinary(media.Type(ct), r.BinaryMediaTypes)
		}
	}
	return e
}

// sortKeys sorts the keys of the request's query, path parameters and stage variables, once:
// the JSON events list them in that order, and the typed events clean keys in that order.
func (e *eventRequest) sortKeys() {
	if e.keyed {
		return
	}
	r := e.r
	e.query = eventQueryKeys(e.query[:0], r.Query)
	e.path = eventSortedKeys(e.path[:0], r.PathParameters)
	e.stage = eventSortedKeys(e.stage[:0], r.StageVariables)
	e.keyed = true
}

// release returns e to the pool, keeping its slices' storage but nothing they point to.
func (e *eventRequest) release() {
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
	eventRequests.Put(e)
}

// eventSortedKeys appends the keys of m to dst, sorted.
func eventSortedKeys[V any](dst []string, m map[string]V) []string {
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst)
	return dst
}

// eventQueryKeys appends the names of the query string parameters that have a value, sorted.
func eventQueryKeys(dst []string, q map[string][]string) []string {
	for k, vs := range q {
		if len(vs) > 0 {
			dst = append(dst, k)
		}
	}
	slices.Sort(dst)
	return dst
}

// eventTextMedia reports whether a payload format 2.0 event carries a body of media type mt as
// text: text/*, application/json, application/xml and application/javascript (parameters
// ignored, as media.Type drops them). Every other body, and a body without a Content-Type, is
// base64-encoded.
func eventTextMedia(mt string) bool {
	switch mt {
	case "application/json", "application/xml", "application/javascript":
		return true
	}
	return strings.HasPrefix(mt, "text/")
}

// The headers the gateway treats specially, by the kind eventHeaderKind returns.
const (
	eventKeep = iota
	eventDrop
	eventForwardedFor
	eventForwardedPort
	eventForwardedProto
	eventTrace
	eventCookie
)

// eventHeaderKind classifies a request header name, in any case. Dropped are the headers
// API Gateway never passes to an integration, recorded by LocalStack against AWS (Connection,
// Content-Length, Content-MD5, Expect, Max-Forwards, Proxy-Authenticate, Server, TE,
// Transfer-Encoding, Trailer, Upgrade, WWW-Authenticate) and the other hop-by-hop headers
// (Keep-Alive, Proxy-Connection). Payload format 2.0 (HTTP APIs) keeps Content-Length: the
// events HTTP APIs send show it.
func eventHeaderKind(name string, v2 bool) int {
	eq := strings.EqualFold
	switch len(name) {
	case 2:
		if eq(name, "TE") {
			return eventDrop
		}
	case 6:
		if eq(name, "Expect") || eq(name, "Server") {
			return eventDrop
		}
		if v2 && eq(name, "Cookie") {
			return eventCookie
		}
	case 7:
		if eq(name, "Upgrade") || eq(name, "Trailer") {
			return eventDrop
		}
	case 10:
		if eq(name, "Connection") || eq(name, "Keep-Alive") {
			return eventDrop
		}
	case 11:
		if eq(name, "Content-Md5") {
			return eventDrop
		}
	case 12:
		if eq(name, "Max-Forwards") {
			return eventDrop
		}
	case 14:
		if eq(name, "Content-Length") && !v2 {
			return eventDrop
		}
	case 15:
		if eq(name, "X-Amzn-Trace-Id") {
			return eventTrace
		}
		if eq(name, "X-Forwarded-For") {
			return eventForwardedFor
		}
	case 16:
		if eq(name, "Proxy-Connection") || eq(name, "Www-Authenticate") {
			return eventDrop
		}
		if eq(name, "X-Forwarded-Port") {
			return eventForwardedPort
		}
	case 17:
		if eq(name, "Transfer-Encoding") {
			return eventDrop
		}
		if eq(name, "X-Forwarded-Proto") {
			return eventForwardedProto
		}
	case 18:
		if eq(name, "Proxy-Authenticate") {
			return eventDrop
		}
	}
	return eventKeep
}

// collectHeaders fills e.headers (and e.cookies) from the request's headers: the client's, less
// those dropped, and those the gateway adds, as for HTTP_PROXY (proxyForwardHeader):
// X-Forwarded-For with the client's address appended to what the request had,
// X-Forwarded-Port and X-Forwarded-Proto unless the client (or a proxy in front of the gateway)
// set them, and X-Amzn-Trace-Id unless the client sent one with a Root.
func (e *eventRequest) collectHeaders() {
	r := e.r
	var prevFor []string
	var hasPort, hasProto, hasTrace bool
	for name, vs := range r.Header {
		if len(vs) == 0 {
			continue
		}
		switch eventHeaderKind(name, e.v2) {
		case eventDrop:
			continue
		case eventForwardedFor:
			prevFor = append(prevFor, vs...)
			continue
		case eventForwardedPort:
			hasPort = true
		case eventForwardedProto:
			hasProto = true
		case eventTrace:
			if vs[0] != e.trace {
				continue // replaced by the trace id made for the request
			}
			hasTrace = true
		case eventCookie:
			e.cookies = eventCookies(e.cookies, vs)
			continue
		}
		e.headers = append(e.headers, eventHeader{name: name, key: name, values: vs, value: vs[len(vs)-1]})
	}
	add := func(name, value string, i int) {
		e.addedValues[i] = value
		e.headers = append(e.headers, eventHeader{name: name, key: name, values: e.addedValues[i : i+1 : i+1], value: value, added: true})
	}
	if ip := backendSourceIP(r); ip != "" || len(prevFor) > 0 {
		add("X-Forwarded-For", backendForwardedFor(prevFor, ip), 0)
	}
	port, proto := backendForwarded(r)
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
func (e *eventRequest) sortHeaders() {
	if !e.sorted {
		slices.SortFunc(e.headers, func(a, b eventHeader) int { return strings.Compare(a.name, b.name) })
		e.sorted = true
	}
}

// lowerHeaders spells the header names in lower case, as payload format 2.0 does, and merges
// the headers whose names differ only in case (an in-process request's): their values join
// with ',', in the order of the request's spellings.
func (e *eventRequest) lowerHeaders() {
	for i := range e.headers {
		h := &e.headers[i]
		h.name = eventLower(h.name)
		if len(h.values) > 1 {
			h.value = strings.Join(h.values, ",")
		}
	}
	slices.SortFunc(e.headers, func(a, b eventHeader) int {
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

// eventLowerNames are the lower-case spellings of common header names, so that lowering them
// costs no allocation.
var eventLowerNames = func() map[string]string {
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

// eventLower returns name in lower case.
func eventLower(name string) string {
	if l, ok := eventLowerNames[name]; ok {
		return l
	}
	return strings.ToLower(name)
}

// eventCookies appends the cookies of Cookie header values: each value split at ';', trimmed,
// empty ones left out.
func eventCookies(dst, values []string) []string {
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

// eventTraceID returns the request's X-Amzn-Trace-Id: the client's, when it sent one with a
// Root, else a new X-Ray trace id, Root=1-{epoch seconds, 8 hex digits}-{96 random bits, 24 hex
// digits}, in one allocation. The seconds are the request's ($context.requestTimeEpoch).
const eventHex = "0123456789abcdef"

func eventTraceID(r *apigate.Request) string {
	if v := headerFirst(r.Header, "X-Amzn-Trace-Id"); strings.Contains(v, "Root=") {
		return v
	}
	var b [len("Root=1-") + 8 + 1 + 24]byte
	copy(b[:], "Root=1-")
	putHex := func(dst []byte, v uint64) {
		for i := len(dst) - 1; i >= 0; i-- {
			dst[i] = eventHex[v&0xf]
			v >>= 4
		}
	}
	sec := r.Context.RequestTimeEpoch / 1000
	if sec == 0 {
		sec = time.Now().Unix()
	}
	putHex(b[7:15], uint64(uint32(sec)))
	b[15] = '-'
	var rnd [12]byte
	binary.LittleEndian.PutUint64(rnd[:8], rand.Uint64())
	binary.LittleEndian.PutUint32(rnd[8:], rand.Uint32())
	for i, c := range rnd {
		b[16+2*i], b[17+2*i] = eventHex[c>>4], eventHex[c&0xf]
	}
	return string(b[:])
}

// eventPath returns payload format 1.0's path: the request path without the stage, as
// received, with leading slashes collapsed to one (the recorded //proxy-value arrives as
// /proxy-value) and the rest, a trailing slash or an inner //, kept.
func eventPath(p string) string {
	if len(p) > 1 && p[0] == '/' && p[1] == '/' {
		i := 1
		for i < len(p) && p[i] == '/' {
			i++
		}
		return p[i-1:]
	}
	return p
}

// eventStringify turns an authorizer's context or claim value into the string API Gateway
// passes on, as $context.authorizer does: strings as they are, booleans and numbers in their
// JSON spelling, anything else as JSON. ok is false for nil (null).
func eventStringify(v any) (s string, ok bool) {
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
		return eventStringify(float64(v))
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
