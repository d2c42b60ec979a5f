package integration

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/media"
)

// This file turns what a Lambda proxy function returned into the method response. The function's
// answer reaches lpOutput by one of three roads, all with the same rules: the JSON payload
// (lpParseOutput), the events structs of the typed fast path (lpOutputV1, lpOutputV2), and, in
// the tests, encoding/json. lpFinish then builds the response.

// lpHeader is a header of the function's headers map.
type lpHeader struct {
	name, value string
	null        bool // the value was null: the header is left out
}

// lpMulti is a header of the function's multiValueHeaders map.
type lpMulti struct {
	name   string
	values []string // the list's values, nulls left out
	null   bool     // the list was null: the header is left out
}

// lpOutput is a function's proxy response, read but not yet checked.
type lpOutput struct {
	// inferred is a payload format 2.0 answer without a statusCode: the payload itself is the
	// body of a 200 application/json response.
	inferred bool
	// status is the statusCode: its kind (lpNull when absent) and its text (the number, or the
	// string's decoded text).
	statusKind lpKind
	statusText string
	headers    []lpHeader
	multi      []lpMulti
	body       []byte
	base64     bool
	cookies    []string // 2.0
}

// errLPMalformed is the cause of the error a malformed proxy response gets; errLPFunction the
// cause of a function error's.
var (
	errLPMalformed = errors.New("integration: Malformed Lambda proxy response")
	errLPFunction  = errors.New("integration: Lambda function error")
)

// lpMalformed returns the error for a proxy response that breaks the format: a DEFAULT_5XX
// answered with 502 {"message":"Internal server error"} for payload format 1.0 (recorded on
// AWS), with 500 {"message":"Internal Server Error"} for 2.0 (an HTTP API's answer).
func lpMalformed(v2 bool, cause error) error {
	if v2 {
		return &apigate.Error{Type: apigate.Default5XX, Status: http.StatusInternalServerError, Message: "Internal Server Error", Err: cause}
	}
	return &apigate.Error{Type: apigate.Default5XX, Status: http.StatusBadGateway, Message: "Internal server error", Err: cause}
}

// lpParseOutput reads a JSON payload. Payload format 1.0 wants an object with no keys but
// statusCode, headers, multiValueHeaders, body and isBase64Encoded (anything else is
// malformed); 2.0 reads statusCode, headers, cookies, body and isBase64Encoded from an object
// with a statusCode, ignores other keys, and infers the response from any other valid JSON. A
// key given twice counts once, its last value, as for a JSON decoder.
func lpParseOutput(payload []byte, v2 bool, out *lpOutput) error {
	top := lpParseValue(payload)
	switch {
	case top.kind == lpInvalid:
		return fmt.Errorf("%w: the payload is not JSON", errLPMalformed)
	case top.kind != lpObject && v2:
		out.inferred = true
		if top.kind == lpString {
			out.body = lpUnquote(nil, top.raw[1:len(top.raw)-1])
		} else {
			out.body = append([]byte(nil), payload...)
		}
		return nil
	case top.kind != lpObject:
		return fmt.Errorf("%w: the payload is not a JSON object", errLPMalformed)
	}
	var buf [8]lpMember
	members := lpMembers(buf[:0], top.raw)
	var status, headers, multi, body, b64, cookies lpValue
	for _, m := range members {
		switch {
		case lpKeyIs(m.key, "statusCode"):
			status = m.val
		case lpKeyIs(m.key, "headers"):
			headers = m.val
		case lpKeyIs(m.key, "body"):
			body = m.val
		case lpKeyIs(m.key, "isBase64Encoded"):
			b64 = m.val
		case lpKeyIs(m.key, "multiValueHeaders") && !v2:
			multi = m.val
		case lpKeyIs(m.key, "cookies") && v2:
			cookies = m.val
		case !v2:
			return fmt.Errorf("%w: unexpected key %q", errLPMalformed, lpUnquote(nil, m.key))
		}
	}
	if v2 && status.kind == lpInvalid {
		out.inferred = true
		out.body = append([]byte(nil), payload...)
		return nil
	}
	switch status.kind {
	case lpInvalid, lpNull:
		out.statusKind = lpNull
	case lpNumber:
		out.statusKind, out.statusText = lpNumber, string(status.raw)
	case lpString:
		out.statusKind, out.statusText = lpString, string(lpUnquote(nil, status.raw[1:len(status.raw)-1]))
	default:
		return fmt.Errorf("%w: statusCode is not a number", errLPMalformed)
	}
	var err error
	if out.headers, err = lpParseHeaders(headers); err != nil {
		return err
	}
	if out.multi, err = lpParseMulti(multi); err != nil {
		return err
	}
	switch body.kind {
	case lpInvalid, lpNull:
	case lpString:
		out.body = lpUnquote(make([]byte, 0, len(body.raw)-2), body.raw[1:len(body.raw)-1])
	case lpNumber, lpTrue, lpFalse:
		out.body = append([]byte(nil), body.raw...)
	default:
		return fmt.Errorf("%w: body is not a string", errLPMalformed)
	}
	switch b64.kind {
	case lpInvalid, lpNull, lpFalse:
	case lpTrue:
		out.base64 = true
	case lpString:
		switch string(lpUnquote(nil, b64.raw[1:len(b64.raw)-1])) {
		case "true":
			out.base64 = true
		case "false":
		default:
			return fmt.Errorf("%w: isBase64Encoded is not a boolean", errLPMalformed)
		}
	default:
		return fmt.Errorf("%w: isBase64Encoded is not a boolean", errLPMalformed)
	}
	if cookies.kind == lpArray {
		var ebuf [8]lpValue
		for _, c := range lpElements(ebuf[:0], cookies.raw) {
			if c.kind == lpString {
				out.cookies = append(out.cookies, string(lpUnquote(nil, c.raw[1:len(c.raw)-1])))
			}
		}
	}
	return nil
}

// lpScalarText appends the text of a header value: a string's, or a number's or boolean's
// JSON spelling (the recorded true arrives as "true"). ok is false for an object or an array.
func lpScalarText(dst []byte, v lpValue) ([]byte, bool) {
	switch v.kind {
	case lpString:
		return lpUnquote(dst, v.raw[1:len(v.raw)-1]), true
	case lpNumber, lpTrue, lpFalse:
		return append(dst, v.raw...), true
	}
	return dst, false
}

// lpObjectMembers appends to buf the members of v, the response's map called name: none when
// it is absent or null, an error when it is not an object.
func lpObjectMembers(buf []lpMember, v lpValue, name string) ([]lpMember, error) {
	switch v.kind {
	case lpInvalid, lpNull:
		return nil, nil
	case lpObject:
		return lpMembers(buf, v.raw), nil
	}
	return nil, fmt.Errorf("%w: %s is not an object", errLPMalformed, name)
}

// lpParseHeaders reads the headers map: null, or an object whose values are strings, numbers,
// booleans or null. Names and values share one allocation.
func lpParseHeaders(v lpValue) ([]lpHeader, error) {
	var buf [16]lpMember
	members, err := lpObjectMembers(buf[:0], v, "headers")
	if len(members) == 0 {
		return nil, err
	}
	text := make([]byte, 0, len(v.raw))
	spans := make([]int, 0, 2*len(members))
	for _, m := range members {
		text = lpUnquote(text, m.key)
		spans = append(spans, len(text))
		if m.val.kind != lpNull {
			var ok bool
			if text, ok = lpScalarText(text, m.val); !ok {
				return nil, fmt.Errorf("%w: header %q is not a string", errLPMalformed, lpUnquote(nil, m.key))
			}
		}
		spans = append(spans, len(text))
	}
	s := string(text)
	out := make([]lpHeader, len(members))
	at := 0
	for i, m := range members {
		out[i] = lpHeader{name: s[at:spans[2*i]], value: s[spans[2*i]:spans[2*i+1]], null: m.val.kind == lpNull}
		at = spans[2*i+1]
	}
	return out, nil
}

// lpParseMulti reads the multiValueHeaders map: null, or an object whose values are lists (or
// null) of strings, numbers, booleans or nulls. A value that is not a list is malformed
// (recorded).
func lpParseMulti(v lpValue) ([]lpMulti, error) {
	var buf [16]lpMember
	members, err := lpObjectMembers(buf[:0], v, "multiValueHeaders")
	if len(members) == 0 {
		return nil, err
	}
	out := make([]lpMulti, len(members))
	var ebuf [8]lpValue
	for i, m := range members {
		out[i].name = string(lpUnquote(nil, m.key))
		switch m.val.kind {
		case lpNull:
			out[i].null = true
			continue
		case lpArray:
		default:
			return nil, fmt.Errorf("%w: multiValueHeaders %q is not a list", errLPMalformed, out[i].name)
		}
		elems := lpElements(ebuf[:0], m.val.raw)
		var text []byte
		var ends []int
		for _, e := range elems {
			if e.kind == lpNull {
				continue
			}
			var ok bool
			if text, ok = lpScalarText(text, e); !ok {
				return nil, fmt.Errorf("%w: multiValueHeaders %q holds a value that is not a string", errLPMalformed, out[i].name)
			}
			ends = append(ends, len(text))
		}
		s := string(text)
		values := make([]string, len(ends))
		at := 0
		for j, end := range ends {
			values[j] = s[at:end]
			at = end
		}
		out[i].values = values
	}
	return out, nil
}

// lpOutputV1 is the typed fast path's reading of a payload format 1.0 response: what
// lpParseOutput reads from the JSON encoding/json writes for resp. Strings are cleaned as that
// JSON's decoding would clean them. The headers are appended to out.headers (empty), whose
// storage the caller may provide.
func lpOutputV1(resp *events.APIGatewayProxyResponse, out *lpOutput) {
	out.statusKind, out.statusText = lpNumber, strconv.Itoa(resp.StatusCode)
	if len(resp.Headers) > 0 {
		if cap(out.headers) < len(resp.Headers) {
			out.headers = make([]lpHeader, 0, len(resp.Headers))
		}
		for k, v := range resp.Headers {
			out.headers = append(out.headers, lpHeader{name: eventClean(k), value: eventClean(v)})
		}
	}
	if len(resp.MultiValueHeaders) > 0 {
		out.multi = make([]lpMulti, 0, len(resp.MultiValueHeaders))
		for k, vs := range resp.MultiValueHeaders {
			out.multi = append(out.multi, lpMulti{name: eventClean(k), values: eventCleanAll(vs), null: vs == nil})
		}
	}
	out.body = lpBody(resp.Body)
	out.base64 = resp.IsBase64Encoded
}

// lpOutputV2 is lpOutputV1 for payload format 2.0. The struct always has a statusCode, so the
// response is never inferred; its multiValueHeaders are ignored, as in the JSON.
func lpOutputV2(resp *events.APIGatewayV2HTTPResponse, out *lpOutput) {
	out.statusKind, out.statusText = lpNumber, strconv.Itoa(resp.StatusCode)
	if len(resp.Headers) > 0 {
		if cap(out.headers) < len(resp.Headers) {
			out.headers = make([]lpHeader, 0, len(resp.Headers))
		}
		for k, v := range resp.Headers {
			out.headers = append(out.headers, lpHeader{name: eventClean(k), value: eventClean(v)})
		}
	}
	out.body = lpBody(resp.Body)
	out.base64 = resp.IsBase64Encoded
	if len(resp.Cookies) > 0 {
		out.cookies = eventCleanAll(resp.Cookies)
	}
}

// lpBody returns a function's body as bytes, cleaned as JSON would clean it. The bytes are the
// string's own, not a copy: they become the body of an apigate.Response, which nobody writes to
// (the gateway only reads a Response, and so do lpFinish and contentDecode).
func lpBody(s string) []byte {
	if s == "" {
		return nil
	}
	s = eventClean(s)
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// lpStatus checks the statusCode: a number or a string holding an integer, from 100 to 599.
// Absent, null and 0 mean 200 (a missing statusCode is recorded as 200; 0, which an events
// struct cannot tell from missing, is 200 too, as SAM answers).
func lpStatus(kind lpKind, text string) (int, error) {
	var n float64
	switch kind {
	case lpNull:
		return http.StatusOK, nil
	case lpNumber:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || f != math.Trunc(f) {
			return 0, fmt.Errorf("%w: statusCode %s", errLPMalformed, text)
		}
		n = f
	case lpString:
		i, err := strconv.Atoi(text)
		if err != nil {
			return 0, fmt.Errorf("%w: statusCode %q", errLPMalformed, text)
		}
		n = float64(i)
	default:
		return 0, fmt.Errorf("%w: statusCode is not a number", errLPMalformed)
	}
	switch {
	case n == 0:
		return http.StatusOK, nil
	case n < 100 || n > 599:
		return 0, fmt.Errorf("%w: statusCode %s is not an HTTP status", errLPMalformed, text)
	}
	return int(n), nil
}

// lpFinish builds the method response from a function's answer:
//
//   - the status (lpStatus);
//   - the headers: multiValueHeaders' values, then the headers map's value of the same name in
//     any case, under the multiValueHeaders spelling (recorded: "tesT-Multi: value-multi,
//     value-solo"); a name given twice in one map counts once, its last value; null values,
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
func lpFinish(out *lpOutput, r *apigate.Request, v2 bool, trace string) (*apigate.Response, error) {
	return lpFinishInto(lpNewResponseBox(), out, r, v2, trace)
}

// lpResponseBox holds what building a response needs besides the function's strings: the
// response, its header map, the values of its headers from the function's headers map when
// they fit, and (the typed fast path's) lpOutput.headers. Boxes are pooled: the response's
// Release puts its box back, once the gateway has sent it.
type lpResponseBox struct {
	resp    apigate.Response
	header  http.Header // empty, kept from the box's last use
	vals    [5]string
	headers [3]lpHeader
	release func() // put, made once per box
}

// lpResponseBoxes holds the unused boxes.
var lpResponseBoxes sync.Pool

// lpNewResponseBox returns an unused box, from the pool if it has one.
func lpNewResponseBox() *lpResponseBox {
	if b, ok := lpResponseBoxes.Get().(*lpResponseBox); ok {
		return b
	}
	b := new(lpResponseBox)
	b.release = b.put
	return b
}

// put empties b and returns it to the pool. A header map grown for an unusual response is let
// go rather than kept.
func (b *lpResponseBox) put() {
	if len(b.header) > 16 {
		b.header = nil
	} else {
		clear(b.header)
	}
	b.resp = apigate.Response{}
	b.vals = [5]string{}
	b.headers = [3]lpHeader{}
	lpResponseBoxes.Put(b)
}

// lpFinishInto is lpFinish building the response in box, an unused box it owns from then on:
// the response it returns releases box; on an error it puts box back itself.
func lpFinishInto(box *lpResponseBox, out *lpOutput, r *apigate.Request, v2 bool, trace string) (*apigate.Response, error) {
	if out.inferred {
		box.put()
		h := http.Header{"content-type": {contentJSON}}
		return &apigate.Response{StatusCode: http.StatusOK, Header: h, Body: out.body}, nil
	}
	status, err := lpStatus(out.statusKind, out.statusText)
	if err != nil {
		box.put()
		return nil, lpMalformed(v2, err)
	}
	var vals []string
	if len(out.headers)+2 <= len(box.vals) {
		vals = box.vals[:len(out.headers)+2]
	}
	h, spare := lpHeaders(out, box.header, vals)
	box.header = h
	if len(out.cookies) > 0 {
		key := ""
		for k := range h {
			if strings.EqualFold(k, "Set-Cookie") && (key == "" || k < key) {
				key = k
			}
		}
		if key == "" {
			key = "Set-Cookie"
		}
		h[key] = append(h[key][:len(h[key]):len(h[key])], out.cookies...)
	}
	hasType, hasTrace := lpRemap(h)
	if !hasType {
		spare[0] = contentJSON
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
	body := out.body
	if out.base64 && (v2 || len(r.BinaryMediaTypes) > 0 && contentIsBinary(media.Type(headerFirst(r.Header, "Accept")), r.BinaryMediaTypes)) {
		if body, err = contentDecode(body); err != nil {
			box.put()
			if v2 {
				return nil, lpMalformed(true, err)
			}
			return nil, err
		}
	}
	box.resp = apigate.Response{StatusCode: status, Header: h, Body: body, Release: box.release}
	return &box.resp, nil
}

// lpHeaders merges the headers and multiValueHeaders maps into the response's header: h, when
// it is an empty map, else a new one. spare holds two strings, for the headers lpFinish adds.
// vals, when it holds at least len(out.headers)+2 strings, backs the single values; else
// lpHeaders allocates them.
func lpHeaders(out *lpOutput, h http.Header, vals []string) (_ http.Header, spare []string) {
	multi := lpLastMulti(out.multi)
	single := lpLastHeaders(out.headers)
	if len(multi) > 0 {
		// in name order, so that the values of names that differ only in case, merged under a
		// multiValueHeaders name, come in an order that does not depend on the order of the maps
		slices.SortFunc(single, func(a, b lpHeader) int { return strings.Compare(a.name, b.name) })
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
		if !m.null && len(m.values) > 0 && lpToken(m.name) {
			h[m.name] = m.values
		}
	}
	for _, s := range single {
		if s.null || !lpToken(s.name) {
			continue
		}
		key := ""
		if _, ok := h[s.name]; ok {
			key = s.name
		} else {
			// the multiValueHeaders name that matches in any case; the smallest, should
			// several, so that the choice does not depend on the order of the maps
			for _, m := range multi {
				if _, ok := h[m.name]; ok && strings.EqualFold(m.name, s.name) && (key == "" || m.name < key) {
					key = m.name
				}
			}
		}
		if key == "" {
			h[s.name] = one(s.value)
			continue
		}
		vs := h[key]
		h[key] = append(vs[:len(vs):len(vs)], s.value)
	}
	return h, vals
}

// lpLastHeaders returns hs with only the last of the headers of each name.
func lpLastHeaders(hs []lpHeader) []lpHeader {
	if !lpHasDuplicates(len(hs), func(i int) string { return hs[i].name }) {
		return hs
	}
	last := make(map[string]int, len(hs))
	for i, x := range hs {
		last[x.name] = i
	}
	out := make([]lpHeader, 0, len(last))
	for i, x := range hs {
		if last[x.name] == i {
			out = append(out, x)
		}
	}
	return out
}

// lpLastMulti is lpLastHeaders for multiValueHeaders.
func lpLastMulti(ms []lpMulti) []lpMulti {
	if !lpHasDuplicates(len(ms), func(i int) string { return ms[i].name }) {
		return ms
	}
	last := make(map[string]int, len(ms))
	for i, x := range ms {
		last[x.name] = i
	}
	out := make([]lpMulti, 0, len(last))
	for i, x := range ms {
		if last[x.name] == i {
			out = append(out, x)
		}
	}
	return out
}

// lpHasDuplicates reports whether n names repeat one.
func lpHasDuplicates(n int, name func(int) string) bool {
	if n > 16 {
		return true // let the map decide
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if name(i) == name(j) {
				return true
			}
		}
	}
	return false
}

// lpToken reports whether name can be an HTTP header name (an RFC 9110 token).
func lpToken(name string) bool {
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

// lpRemap renames, in place, the headers the gateway sets itself (proxyRemapped's) and drops
// Transfer-Encoding, matching names in any case. Names that differ only in case are renamed in
// name order, their values following one another. It reports whether h (then) has a
// Content-Type and an X-Amzn-Trace-Id, in any case.
func lpRemap(h http.Header) (hasType, hasTrace bool) {
	var buf [4]string
	keys := buf[:0]
	for k := range h {
		switch {
		case lpRemapped(k) != "" || strings.EqualFold(k, "Transfer-Encoding"):
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
		to := lpRemapped(k)
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

// lpRemapped returns the name under which the client gets a function's header of a name the
// gateway sets itself, in any case, or "".
func lpRemapped(k string) string {
	switch len(k) {
	case 4:
		if strings.EqualFold(k, "Date") {
			return "x-amzn-Remapped-Date"
		}
	case 6:
		if strings.EqualFold(k, "Server") {
			return "x-amzn-Remapped-Server"
		}
	case 10:
		if strings.EqualFold(k, "Connection") {
			return "x-amzn-Remapped-Connection"
		}
	case 14:
		if strings.EqualFold(k, "Content-Length") {
			return "x-amzn-Remapped-Content-Length"
		}
	case 16:
		if strings.EqualFold(k, "x-amzn-RequestId") {
			return "x-amzn-Remapped-x-amzn-RequestId"
		}
	}
	return ""
}
