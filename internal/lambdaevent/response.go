package lambdaevent

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"unsafe"

	"github.com/aws/aws-lambda-go/events"
)

// This file reads what a Lambda proxy function returned into a Response. The function's answer
// reaches a Response by one of two roads, with the same rules: the JSON payload
// (ParseResponse) and the events structs of the typed fast path (ReadV1, ReadV2). The
// integration then checks it (Status) and builds the method response from it.

// Header is a header of the function's headers map.
type Header struct {
	Name, Value string
	// Null says the value was null: the header is left out.
	Null bool
}

// MultiHeader is a header of the function's multiValueHeaders map.
type MultiHeader struct {
	Name string
	// Values are the list's values, nulls left out.
	Values []string
	// Null says the list was null: the header is left out.
	Null bool
}

// Response is a function's proxy response, read but not yet checked. Maps are read in the
// payload's order, a name given twice once per time (the last one counts), so that the
// integration decides what the client gets.
type Response struct {
	// Inferred is a payload format 2.0 answer without a statusCode: Body, the payload itself
	// (a JSON string's text), is the body of a 200 application/json response.
	Inferred bool
	// StatusCode is the statusCode's text: a number as the payload writes it, or a string's
	// decoded text (StatusIsString); "" when it is absent or null.
	StatusCode     string
	StatusIsString bool
	Headers        []Header
	// MultiValueHeaders is payload format 1.0's multiValueHeaders.
	MultiValueHeaders []MultiHeader
	Body              []byte
	IsBase64Encoded   bool
	// Cookies is payload format 2.0's cookies.
	Cookies []string
}

// ErrMalformed is the cause of every error a response that breaks its format gets.
var ErrMalformed = errors.New("integration: Malformed Lambda proxy response")

// ParseResponse reads a JSON payload. Payload format 1.0 wants an object with no keys but
// statusCode, headers, multiValueHeaders, body and isBase64Encoded (anything else is
// malformed); 2.0 reads statusCode, headers, cookies, body and isBase64Encoded from an object
// with a statusCode, ignores other keys, and infers the response from any other valid JSON. A
// key given twice counts once, its last value, as for a JSON decoder.
func ParseResponse(payload []byte, v2 bool, out *Response) error {
	top := parseValue(payload)
	switch {
	case top.kind == jsonInvalid:
		return fmt.Errorf("%w: the payload is not JSON", ErrMalformed)
	case top.kind != jsonObject && v2:
		out.Inferred = true
		if top.kind == jsonString {
			out.Body = unquote(nil, top.raw[1:len(top.raw)-1])
		} else {
			out.Body = append([]byte(nil), payload...)
		}
		return nil
	case top.kind != jsonObject:
		return fmt.Errorf("%w: the payload is not a JSON object", ErrMalformed)
	}
	var buf [8]member
	members := members(buf[:0], top.raw)
	var status, headers, multi, body, b64, cookies value
	for _, m := range members {
		switch {
		case keyIs(m.key, "statusCode"):
			status = m.val
		case keyIs(m.key, "headers"):
			headers = m.val
		case keyIs(m.key, "body"):
			body = m.val
		case keyIs(m.key, "isBase64Encoded"):
			b64 = m.val
		case keyIs(m.key, "multiValueHeaders") && !v2:
			multi = m.val
		case keyIs(m.key, "cookies") && v2:
			cookies = m.val
		case !v2:
			return fmt.Errorf("%w: unexpected key %q", ErrMalformed, unquote(nil, m.key))
		}
	}
	if v2 && status.kind == jsonInvalid {
		out.Inferred = true
		out.Body = append([]byte(nil), payload...)
		return nil
	}
	switch status.kind {
	case jsonInvalid, jsonNull:
	case jsonNumber:
		out.StatusCode = string(status.raw)
	case jsonString:
		out.StatusCode, out.StatusIsString = string(unquote(nil, status.raw[1:len(status.raw)-1])), true
	default:
		return fmt.Errorf("%w: statusCode is not a number", ErrMalformed)
	}
	var err error
	if out.Headers, err = parseHeaders(headers); err != nil {
		return err
	}
	if out.MultiValueHeaders, err = parseMulti(multi); err != nil {
		return err
	}
	switch body.kind {
	case jsonInvalid, jsonNull:
	case jsonString:
		out.Body = unquote(make([]byte, 0, len(body.raw)-2), body.raw[1:len(body.raw)-1])
	case jsonNumber, jsonTrue, jsonFalse:
		out.Body = append([]byte(nil), body.raw...)
	default:
		return fmt.Errorf("%w: body is not a string", ErrMalformed)
	}
	switch b64.kind {
	case jsonInvalid, jsonNull, jsonFalse:
	case jsonTrue:
		out.IsBase64Encoded = true
	case jsonString:
		switch string(unquote(nil, b64.raw[1:len(b64.raw)-1])) {
		case "true":
			out.IsBase64Encoded = true
		case "false":
		default:
			return fmt.Errorf("%w: isBase64Encoded is not a boolean", ErrMalformed)
		}
	default:
		return fmt.Errorf("%w: isBase64Encoded is not a boolean", ErrMalformed)
	}
	if cookies.kind == jsonArray {
		var ebuf [8]value
		for _, c := range elements(ebuf[:0], cookies.raw) {
			if c.kind == jsonString {
				out.Cookies = append(out.Cookies, string(unquote(nil, c.raw[1:len(c.raw)-1])))
			}
		}
	}
	return nil
}

// scalarText appends the text of a header value: a string's, or a number's or boolean's
// JSON spelling (the recorded true arrives as "true"). ok is false for an object or an array.
func scalarText(dst []byte, v value) ([]byte, bool) {
	switch v.kind {
	case jsonString:
		return unquote(dst, v.raw[1:len(v.raw)-1]), true
	case jsonNumber, jsonTrue, jsonFalse:
		return append(dst, v.raw...), true
	}
	return dst, false
}

// objectMembers appends to buf the members of v, the response's map called name: none when
// it is absent or null, an error when it is not an object.
func objectMembers(buf []member, v value, name string) ([]member, error) {
	switch v.kind {
	case jsonInvalid, jsonNull:
		return nil, nil
	case jsonObject:
		return members(buf, v.raw), nil
	}
	return nil, fmt.Errorf("%w: %s is not an object", ErrMalformed, name)
}

// parseHeaders reads the headers map: null, or an object whose values are strings, numbers,
// booleans or null. Names and values share one allocation.
func parseHeaders(v value) ([]Header, error) {
	var buf [16]member
	members, err := objectMembers(buf[:0], v, "headers")
	if len(members) == 0 {
		return nil, err
	}
	text := make([]byte, 0, len(v.raw))
	spans := make([]int, 0, 2*len(members))
	for _, m := range members {
		text = unquote(text, m.key)
		spans = append(spans, len(text))
		if m.val.kind != jsonNull {
			var ok bool
			if text, ok = scalarText(text, m.val); !ok {
				return nil, fmt.Errorf("%w: header %q is not a string", ErrMalformed, unquote(nil, m.key))
			}
		}
		spans = append(spans, len(text))
	}
	s := string(text)
	out := make([]Header, len(members))
	at := 0
	for i, m := range members {
		out[i] = Header{Name: s[at:spans[2*i]], Value: s[spans[2*i]:spans[2*i+1]], Null: m.val.kind == jsonNull}
		at = spans[2*i+1]
	}
	return out, nil
}

// parseMulti reads the multiValueHeaders map: null, or an object whose values are lists (or
// null) of strings, numbers, booleans or nulls. A value that is not a list is malformed
// (recorded).
func parseMulti(v value) ([]MultiHeader, error) {
	var buf [16]member
	members, err := objectMembers(buf[:0], v, "multiValueHeaders")
	if len(members) == 0 {
		return nil, err
	}
	out := make([]MultiHeader, len(members))
	var ebuf [8]value
	for i, m := range members {
		out[i].Name = string(unquote(nil, m.key))
		switch m.val.kind {
		case jsonNull:
			out[i].Null = true
			continue
		case jsonArray:
		default:
			return nil, fmt.Errorf("%w: multiValueHeaders %q is not a list", ErrMalformed, out[i].Name)
		}
		elems := elements(ebuf[:0], m.val.raw)
		var text []byte
		var ends []int
		for _, e := range elems {
			if e.kind == jsonNull {
				continue
			}
			var ok bool
			if text, ok = scalarText(text, e); !ok {
				return nil, fmt.Errorf("%w: multiValueHeaders %q holds a value that is not a string", ErrMalformed, out[i].Name)
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
		out[i].Values = values
	}
	return out, nil
}

// ReadV1 is the typed fast path's reading of a payload format 1.0 response: what
// ParseResponse reads from the JSON encoding/json writes for resp. Strings are cleaned as that
// JSON's decoding would clean them. The headers are appended to out.Headers (empty), whose
// storage the caller may provide; Body shares resp.Body's bytes (see bodyBytes).
func (out *Response) ReadV1(resp *events.APIGatewayProxyResponse) {
	out.StatusCode, out.StatusIsString = strconv.Itoa(resp.StatusCode), false
	out.readHeaders(resp.Headers)
	if len(resp.MultiValueHeaders) > 0 {
		out.MultiValueHeaders = make([]MultiHeader, 0, len(resp.MultiValueHeaders))
		for k, vs := range resp.MultiValueHeaders {
			out.MultiValueHeaders = append(out.MultiValueHeaders, MultiHeader{Name: clean(k), Values: cleanAll(vs), Null: vs == nil})
		}
	}
	out.Body = bodyBytes(resp.Body)
	out.IsBase64Encoded = resp.IsBase64Encoded
}

// ReadV2 is ReadV1 for payload format 2.0. The struct always has a statusCode, so the
// response is never inferred; its multiValueHeaders are ignored, as in the JSON.
func (out *Response) ReadV2(resp *events.APIGatewayV2HTTPResponse) {
	out.StatusCode, out.StatusIsString = strconv.Itoa(resp.StatusCode), false
	out.readHeaders(resp.Headers)
	out.Body = bodyBytes(resp.Body)
	out.IsBase64Encoded = resp.IsBase64Encoded
	if len(resp.Cookies) > 0 {
		out.Cookies = cleanAll(resp.Cookies)
	}
}

// readHeaders appends a typed response's headers to out.Headers.
func (out *Response) readHeaders(h map[string]string) {
	if len(h) == 0 {
		return
	}
	if cap(out.Headers) < len(h) {
		out.Headers = make([]Header, 0, len(h))
	}
	for k, v := range h {
		out.Headers = append(out.Headers, Header{Name: clean(k), Value: clean(v)})
	}
}

// bodyBytes returns a function's body as bytes, cleaned as JSON would clean it. The bytes are the
// string's own, not a copy: they become the body of an apigate.Response, which nobody writes to
// (the gateway only reads a Response, and so does the integration that builds it).
//
// unsafe.StringData and unsafe.Slice depend on no runtime layout, only on nobody writing to
// the bytes. The safe copy was measured (integration/lambda's BenchmarkProxy, typed, benchstat
// n=10 interleaved): the same for a small body (p=0.926), +13.5% time for 64 KiB (p=0.001), and
// 15 times the time with a 1 MiB allocation per request for a 1 MiB body (104 µs against
// 1587 µs, 3 KiB against 1 MiB allocated, p=0.000): a Lambda answer may be 6 MB.
func bodyBytes(s string) []byte {
	if s == "" {
		return nil
	}
	s = clean(s)
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// Status checks the statusCode: a number or a string holding an integer, from 100 to 599.
// Absent, null and 0 mean 200 (a missing statusCode is recorded as 200; 0, which an events
// struct cannot tell from missing, is 200 too, as SAM answers). Anything else is malformed.
func (out *Response) Status() (int, error) {
	var n float64
	text := out.StatusCode
	switch {
	case out.StatusIsString:
		i, err := strconv.Atoi(text)
		if err != nil {
			return 0, fmt.Errorf("%w: statusCode %q", ErrMalformed, text)
		}
		n = float64(i)
	case text == "":
		return http.StatusOK, nil
	default:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || f != math.Trunc(f) {
			return 0, fmt.Errorf("%w: statusCode %s", ErrMalformed, text)
		}
		n = f
	}
	switch {
	case n == 0:
		return http.StatusOK, nil
	case n < 100 || n > 599:
		return 0, fmt.Errorf("%w: statusCode %s is not an HTTP status", ErrMalformed, text)
	}
	return int(n), nil
}
