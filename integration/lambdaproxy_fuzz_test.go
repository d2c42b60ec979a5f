package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/invoke"
)

// The hand-written JSON of this integration is checked against encoding/json three ways:
//
//   - FuzzLambdaProxyEvent: the event appendV1/appendV2 write is byte for byte what
//     encoding/json writes (HTML escaping off) for the same keys and values, and decoding it
//     gives exactly the struct the typed fast path fills;
//   - FuzzLambdaProxyResponse: reading any payload gives the response (or the error) that reading
//     it with encoding/json and the same rules gives, and lpParseValue accepts what json.Valid
//     accepts;
//   - FuzzLambdaProxyTypedResponse: a response struct answered through the typed fast path gives
//     the response its JSON gives.

// lpRefObj is a JSON object with its keys in a given order, each value encoded by encoding/json.
type lpRefObj []lpRefKV

type lpRefKV struct {
	k string
	v any
}

func (o lpRefObj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(lpRefJSON(kv.k))
		b.WriteByte(':')
		b.Write(lpRefJSON(kv.v))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// lpRefJSON is encoding/json's encoding of v, without HTML escaping.
func lpRefJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// lpRefNull is a string, or nil (null) when empty.
func lpRefNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// lpRefMap is m, or nil (null) when empty.
func lpRefMap[V any](m map[string]V) any {
	if len(m) == 0 {
		return nil
	}
	return m
}

// lpRefEventV1 is payload format 1.0's event for e, as the developer guide lays it out.
func lpRefEventV1(e *eventRequest) lpRefObj {
	r := e.r
	c := &r.Context
	headers, multi := map[string]string{}, map[string][]string{}
	for _, h := range e.headers {
		headers[h.name] = h.value
		multi[h.name] = h.values
	}
	query, mquery := map[string]string{}, map[string][]string{}
	for k, vs := range r.Query {
		if len(vs) > 0 {
			query[k], mquery[k] = vs[len(vs)-1], vs
		}
	}
	id := &c.Identity
	identity := lpRefObj{{"accessKey", lpRefNull(id.AccessKey)}, {"accountId", lpRefNull(id.AccountID)}}
	if id.APIKey != "" || id.APIKeyID != "" {
		identity = append(identity, lpRefKV{"apiKey", lpRefNull(id.APIKey)}, lpRefKV{"apiKeyId", lpRefNull(id.APIKeyID)})
	}
	identity = append(identity, lpRefObj{
		{"caller", lpRefNull(id.Caller)},
		{"cognitoAuthenticationProvider", lpRefNull(id.CognitoAuthenticationProvider)},
		{"cognitoAuthenticationType", lpRefNull(id.CognitoAuthenticationType)},
		{"cognitoIdentityId", lpRefNull(id.CognitoIdentityID)},
		{"cognitoIdentityPoolId", lpRefNull(id.CognitoIdentityPoolID)},
		{"principalOrgId", lpRefNull(id.PrincipalOrgID)},
		{"sourceIp", lpRefNull(id.SourceIP)},
		{"user", lpRefNull(id.User)},
		{"userAgent", lpRefNull(id.UserAgent)},
		{"userArn", lpRefNull(id.UserArn)},
	}...)
	rc := lpRefObj{{"accountId", lpRefNull(c.AccountID)}, {"apiId", lpRefNull(c.APIID)}}
	if a := c.Authorizer; a != nil {
		m := map[string]any{}
		for k, v := range a.Context {
			if s, ok := eventStringify(v); ok {
				m[k] = s
			} else {
				m[k] = nil
			}
		}
		if a.PrincipalID != "" {
			m["principalId"] = a.PrincipalID
		}
		rc = append(rc, lpRefKV{"authorizer", m})
	}
	rc = append(rc, lpRefObj{
		{"deploymentId", lpRefNull(c.DeploymentID)},
		{"domainName", lpRefNull(c.DomainName)},
		{"domainPrefix", lpRefNull(c.DomainPrefix)},
		{"extendedRequestId", lpRefNull(c.ExtendedRequestID)},
		{"httpMethod", lpRefNull(c.HTTPMethod)},
		{"identity", identity},
		{"path", lpRefNull(c.Path)},
		{"protocol", lpRefNull(c.Protocol)},
		{"requestId", lpRefNull(c.RequestID)},
		{"requestTime", lpRefNull(c.RequestTime)},
		{"requestTimeEpoch", c.RequestTimeEpoch},
		{"resourceId", lpRefNull(c.ResourceID)},
		{"resourcePath", lpRefNull(c.ResourcePath)},
		{"stage", lpRefNull(c.Stage)},
	}...)
	var body any
	switch {
	case len(r.Body) == 0:
	case e.binary:
		body = base64.StdEncoding.EncodeToString(r.Body)
	default:
		body = string(r.Body)
	}
	return lpRefObj{
		{"resource", c.ResourcePath},
		{"path", eventPath(r.Path)},
		{"httpMethod", r.Method},
		{"headers", lpRefMap(headers)},
		{"multiValueHeaders", lpRefMap(multi)},
		{"queryStringParameters", lpRefMap(query)},
		{"multiValueQueryStringParameters", lpRefMap(mquery)},
		{"pathParameters", lpRefMap(r.PathParameters)},
		{"stageVariables", lpRefMap(r.StageVariables)},
		{"requestContext", rc},
		{"body", body},
		{"isBase64Encoded", e.binary && len(r.Body) > 0},
	}
}

// lpRefEventV2 is payload format 2.0's event for e, as the developer guide lays it out.
func lpRefEventV2(e *eventRequest) lpRefObj {
	r := e.r
	c := &r.Context
	rawPath := eventRawPath(r)
	routeKey := eventRouteKey(r)
	ev := lpRefObj{{"version", "2.0"}, {"routeKey", routeKey}, {"rawPath", rawPath}, {"rawQueryString", r.HTTP.URL.RawQuery}}
	if len(e.cookies) > 0 {
		ev = append(ev, lpRefKV{"cookies", e.cookies})
	}
	headers := map[string]string{}
	for _, h := range e.headers {
		headers[h.name] = h.value
	}
	ev = append(ev, lpRefKV{"headers", headers})
	if len(e.query) > 0 {
		query := map[string]string{}
		for _, k := range e.query {
			query[k] = strings.Join(r.Query[k], ",")
		}
		ev = append(ev, lpRefKV{"queryStringParameters", query})
	}
	rc := lpRefObj{{"accountId", c.AccountID}, {"apiId", c.APIID}}
	if a := c.Authorizer; a != nil && a.Claims == nil {
		rc = append(rc, lpRefKV{"authorizer", map[string]any{"lambda": a.Context}})
	}
	rc = append(rc, lpRefObj{
		{"domainName", c.DomainName},
		{"domainPrefix", c.DomainPrefix},
		{"http", lpRefObj{{"method", r.Method}, {"path", rawPath}, {"protocol", c.Protocol}, {"sourceIp", c.Identity.SourceIP}, {"userAgent", c.Identity.UserAgent}}},
		{"requestId", c.RequestID},
		{"routeKey", routeKey},
		{"stage", c.Stage},
		{"time", c.RequestTime},
		{"timeEpoch", c.RequestTimeEpoch},
	}...)
	ev = append(ev, lpRefKV{"requestContext", rc})
	switch {
	case len(r.Body) == 0:
	case e.binary:
		ev = append(ev, lpRefKV{"body", base64.StdEncoding.EncodeToString(r.Body)})
	default:
		ev = append(ev, lpRefKV{"body", string(r.Body)})
	}
	if len(r.PathParameters) > 0 {
		ev = append(ev, lpRefKV{"pathParameters", r.PathParameters})
	}
	ev = append(ev, lpRefKV{"isBase64Encoded", e.binary && len(r.Body) > 0})
	if len(r.StageVariables) > 0 {
		ev = append(ev, lpRefKV{"stageVariables", r.StageVariables})
	}
	return ev
}

// lpFuzzRequest builds a method request from fuzzed text: header names and values, a raw query
// string, a body, a Content-Type, a path, and a string put wherever $context has one.
func lpFuzzRequest(name, value, query string, body []byte, contentType, path, text string, auth bool) *apigate.Request {
	hr := httptest.NewRequest("GET", "http://"+lpTestHost+"/prod/x", nil)
	hr.URL.RawQuery = query
	hr.RemoteAddr = "203.0.113.9:1234"
	header := http.Header{name: {value, text}, "X-Other": {text}, "Host": {lpTestHost}}
	if contentType != "" {
		header["Content-Type"] = []string{contentType}
	}
	q := map[string][]string{}
	for _, pair := range strings.Split(query, "&") {
		if pair != "" {
			k, v, _ := strings.Cut(pair, "=")
			q[k] = append(q[k], v)
		}
	}
	r := &apigate.Request{
		HTTP: hr, Method: "GET", Path: path, Query: q, Header: header, Body: body,
		PathParameters:   map[string]string{"p": text, text: value},
		StageVariables:   map[string]string{"v": value},
		BinaryMediaTypes: []string{"image/*", "application/octet-stream"},
		Context: apigate.Context{
			AccountID: "123456789012", APIID: "abc123defg", DeploymentID: text, DomainName: lpTestHost,
			DomainPrefix: "abc123defg", ExtendedRequestID: text, HTTPMethod: "GET", Path: "/prod" + path,
			Protocol: "HTTP/1.1", RequestID: text, RequestTime: "12/Mar/2020:19:03:58 +0000",
			RequestTimeEpoch: int64(len(text)), ResourceID: text, ResourcePath: "/" + text, Stage: "prod",
			Identity: apigate.Identity{SourceIP: "203.0.113.9", UserAgent: text, Caller: text, APIKey: value},
		},
	}
	if auth {
		r.Context.Authorizer = &apigate.Authorizer{PrincipalID: text, Context: map[string]any{"k": value, text: 1.5, "b": true, "n": nil}}
	}
	return r
}

func FuzzLambdaProxyEvent(f *testing.F) {
	f.Add("X-Test", "v\u2028<&>", "a=1&a=2&b=%20", []byte(`{"a":"\u00e9"}`), "application/json", "//p/", "t\"\\\n", false)
	f.Add("cookie", "a=1; b=2", "", []byte("\x00\xff\xfe"), "image/png", "/", "\xff\xc3", true)
	f.Add("x-forwarded-for", "1.1.1.1", "k", []byte(nil), "", "/a b", "", true)
	f.Add("\xffbad", "\x7f\x01", "=&=&x=\xff", []byte("text"), "application/octet-stream; x=1", "/%2F", "\u2029\x1f", false)
	f.Fuzz(func(t *testing.T, name, value, query string, body []byte, contentType, path, text string, auth bool) {
		r := lpFuzzRequest(name, value, query, body, contentType, path, text, auth)
		for _, v2 := range []bool{false, true} {
			e := eventPrepare(r, v2)
			var got []byte
			var ref lpRefObj
			var want, typed any
			if v2 {
				got, ref = e.appendV2(nil), lpRefEventV2(e)
				ev := new(events.APIGatewayV2HTTPRequest)
				e.fillV2(ev)
				typed, want = ev, new(events.APIGatewayV2HTTPRequest)
			} else {
				got, ref = e.appendV1(nil), lpRefEventV1(e)
				ev := new(events.APIGatewayProxyRequest)
				e.fillV1(ev)
				typed, want = ev, new(events.APIGatewayProxyRequest)
			}
			if refJSON := lpRefJSON(ref); !bytes.Equal(got, refJSON) {
				t.Fatalf("v2 %v: hand-written event differs from encoding/json's:\n got %s\nwant %s", v2, got, refJSON)
			}
			if err := json.Unmarshal(got, want); err != nil {
				t.Fatalf("v2 %v: %v: %s", v2, err, got)
			}
			if !reflect.DeepEqual(typed, want) {
				t.Fatalf("v2 %v: typed event differs from the decoded JSON:\n typed %#v\n json  %#v", v2, typed, want)
			}
			e.release()
		}
	})
}

// lpRefOutput reads a payload with encoding/json and the rules lpParseOutput follows.
func lpRefOutput(payload []byte, v2 bool) (*lpOutput, error) {
	bad := errors.New("malformed")
	if !json.Valid(payload) {
		return nil, bad
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, bad
	}
	out := &lpOutput{statusKind: lpNull}
	obj, isObj := top.(map[string]any)
	if _, hasStatus := obj["statusCode"]; v2 && !hasStatus {
		out.inferred = true
		if s, ok := top.(string); ok {
			out.body = []byte(s)
		} else {
			out.body = slices.Clone(payload)
		}
		return out, nil
	}
	if !isObj {
		return nil, bad
	}
	scalar := func(v any) (string, bool) {
		switch v := v.(type) {
		case string:
			return v, true
		case json.Number:
			return v.String(), true
		case bool:
			if v {
				return "true", true
			}
			return "false", true
		}
		return "", false
	}
	for k, v := range obj {
		switch k {
		case "statusCode":
			switch v := v.(type) {
			case nil:
			case json.Number:
				out.statusKind, out.statusText = lpNumber, v.String()
			case string:
				out.statusKind, out.statusText = lpString, v
			default:
				return nil, bad
			}
		case "headers":
			switch v := v.(type) {
			case nil:
			case map[string]any:
				for name, hv := range v {
					if hv == nil {
						out.headers = append(out.headers, lpHeader{name: name, null: true})
						continue
					}
					s, ok := scalar(hv)
					if !ok {
						return nil, bad
					}
					out.headers = append(out.headers, lpHeader{name: name, value: s})
				}
			default:
				return nil, bad
			}
		case "multiValueHeaders":
			if v2 {
				continue
			}
			switch v := v.(type) {
			case nil:
			case map[string]any:
				for name, list := range v {
					switch list := list.(type) {
					case nil:
						out.multi = append(out.multi, lpMulti{name: name, null: true})
					case []any:
						values := []string{}
						for _, e := range list {
							if e == nil {
								continue
							}
							s, ok := scalar(e)
							if !ok {
								return nil, bad
							}
							values = append(values, s)
						}
						out.multi = append(out.multi, lpMulti{name: name, values: values})
					default:
						return nil, bad
					}
				}
			default:
				return nil, bad
			}
		case "body":
			if v != nil {
				s, ok := scalar(v)
				if !ok {
					return nil, bad
				}
				out.body = []byte(s)
			}
		case "isBase64Encoded":
			switch v {
			case nil, false, "false":
			case true, "true":
				out.base64 = true
			default:
				return nil, bad
			}
		case "cookies":
			if !v2 {
				return nil, bad
			}
			if list, ok := v.([]any); ok {
				for _, c := range list {
					if s, ok := c.(string); ok {
						out.cookies = append(out.cookies, s)
					}
				}
			}
		default:
			if !v2 {
				return nil, bad
			}
		}
	}
	return out, nil
}

// lpOutcome is what the client gets: a response, or an error's status and type.
type lpOutcome struct {
	status int
	header http.Header
	body   string
	typ    apigate.ResponseType
}

func lpOutcomeOf(resp *apigate.Response, err error) lpOutcome {
	if err != nil {
		status, _, typ := lpErr(err)
		return lpOutcome{status: status, typ: typ}
	}
	return lpOutcome{status: resp.StatusCode, header: resp.Header, body: string(resp.Body)}
}

// lpFuzzFinish reads payload with the given reader and builds the response for a request that
// accepts a binary type.
func lpFuzzFinish(payload []byte, v2 bool, read func([]byte, bool) (*lpOutput, error)) lpOutcome {
	r := lpTestRequest()
	r.Header["Accept"] = []string{"image/png"}
	r.BinaryMediaTypes = []string{"image/png"}
	out, err := read(payload, v2)
	if err != nil {
		return lpOutcomeOf(nil, lpMalformed(v2, err))
	}
	return lpOutcomeOf(lpFinish(out, r, v2, "Root=1-trace"))
}

func lpOwnOutput(payload []byte, v2 bool) (*lpOutput, error) {
	var out lpOutput
	err := lpParseOutput(payload, v2, &out)
	return &out, err
}

func FuzzLambdaProxyResponse(f *testing.F) {
	for _, s := range []string{
		`{"statusCode":201,"headers":{"a":"1","A":true},"multiValueHeaders":{"a":["x",2,null]},"body":"aGk=","isBase64Encoded":true}`,
		`{"statusCode":"200","headers":null,"multiValueHeaders":{"Date":["d"],"date":["e"]},"body":null}`,
		`{"statusCode":200,"cookies":["a","b",1],"headers":{"Set-Cookie":"s","set-cookie":"t"}}`,
		`{"statusCode":2e2,"body":"\ud83d\ude00\ud800\u00e9\"\\\/\b\f\n\r\t","headers":{"x":"1","x":null}}`,
		`{"status\u0043ode":404,"isBase64Encoded":"tru\u0065"}`,
		`{"a":1}`, `[1,{"statusCode":1}]`, `"text"`, `12.5e3`, `null`, `true`, ` {} `, `{"statusCode":0}`,
		`{"statusCode":-0.0}`, `{"statusCode":1e999}`, `{"body":{}}`, `{"headers":{"a":[]}}`, "{\"body\":\"\xff\xfe\"}",
		`{"statusCode":200,"headers":{"Transfer-Encoding":"chunked","Content-Length":"1"},"body":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		if got, want := lpParseValue(payload).kind != lpInvalid, json.Valid(payload); got != want {
			t.Fatalf("%q: lpParseValue valid %v, json.Valid %v", payload, got, want)
		}
		if v := lpParseValue(payload); v.kind == lpString {
			var want string
			if err := json.Unmarshal(payload, &want); err != nil {
				t.Fatal(err)
			}
			if got := string(lpUnquote(nil, v.raw[1:len(v.raw)-1])); got != want {
				t.Fatalf("%q: lpUnquote %q, encoding/json %q", payload, got, want)
			}
		}
		for _, v2 := range []bool{false, true} {
			got := lpFuzzFinish(payload, v2, lpOwnOutput)
			want := lpFuzzFinish(payload, v2, lpRefOutput)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("v2 %v, %q:\n got %+v\nwant %+v", v2, payload, got, want)
			}
		}
	})
}

func FuzzLambdaProxyTypedResponse(f *testing.F) {
	f.Add(200, "X-A", "1", "x-a", "2", "body", false, "c=1")
	f.Add(0, "Content-Length", "\xff", "content-length", "", "aGk=", true, "")
	f.Add(700, "", "", "Date", "d", "\xc3", true, "a\xffb")
	f.Fuzz(func(t *testing.T, status int, name1, value1, name2, value2, body string, b64 bool, cookie string) {
		v1 := &events.APIGatewayProxyResponse{
			StatusCode:        status,
			Headers:           map[string]string{name1: value1, name2: value2},
			MultiValueHeaders: map[string][]string{name2: {value1, value2}, name1 + "x": nil},
			Body:              body,
			IsBase64Encoded:   b64,
		}
		v2 := &events.APIGatewayV2HTTPResponse{
			StatusCode: status, Headers: v1.Headers, MultiValueHeaders: v1.MultiValueHeaders,
			Body: body, IsBase64Encoded: b64, Cookies: []string{cookie, value1},
		}
		for _, tc := range []struct {
			v2   bool
			resp any
		}{{false, v1}, {true, v2}} {
			payload, err := json.Marshal(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			typed := lpFuzzFinish(nil, tc.v2, func([]byte, bool) (*lpOutput, error) {
				var out lpOutput
				if tc.v2 {
					lpOutputV2(v2, &out)
				} else {
					lpOutputV1(v1, &out)
				}
				return &out, nil
			})
			fromJSON := lpFuzzFinish(payload, tc.v2, lpOwnOutput)
			if !reflect.DeepEqual(typed, fromJSON) {
				t.Fatalf("v2 %v: typed %+v, JSON %s gives %+v", tc.v2, typed, payload, fromJSON)
			}
		}
	})
}

// TestLambdaProxyThroughIntegrate checks the typed fast path against the JSON one end to end,
// through Integrate, for the request of the other tests.
func TestLambdaProxyThroughIntegrate(t *testing.T) {
	answer := &events.APIGatewayProxyResponse{StatusCode: 200, Headers: map[string]string{"X-A": "1"}, MultiValueHeaders: map[string][]string{"x-a": {"0"}}, Body: "b"}
	var typedEvent any
	typed := &lpTypedFake{lpFake: &lpFake{}, typed: func(_ context.Context, event any) (any, *invoke.Result, bool, error) {
		ev := *event.(*events.APIGatewayProxyRequest) // the struct is reused once the invoker returns
		typedEvent = &ev
		return answer, nil, true, nil
	}}
	payload, _ := json.Marshal(answer)
	plain := lpAnswer(string(payload))
	r := lpTestRequest()
	r.HTTP = httptest.NewRequest("POST", "https://"+lpTestHost+"/prod/pets/7?a=1&a=2&b=%20x", nil) // the same each time
	r.Header["X-Amzn-Trace-Id"] = []string{"Root=1-fixed"}
	got1, err1 := LambdaProxy("fn", typed, LambdaProxyOptions{}).Integrate(context.Background(), r)
	got2, err2 := LambdaProxy("fn", plain, LambdaProxyOptions{}).Integrate(context.Background(), r)
	if !reflect.DeepEqual(lpOutcomeOf(got1, err1), lpOutcomeOf(got2, err2)) {
		t.Errorf("typed %+v %v, JSON %+v %v", got1, err1, got2, err2)
	}
	want := new(events.APIGatewayProxyRequest)
	if err := json.Unmarshal(plain.payloads[0], want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(typedEvent, want) {
		t.Errorf("typed event %+v, JSON event %+v", typedEvent, want)
	}
}
