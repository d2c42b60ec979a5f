package lambdaevent

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
)

// The hand-written JSON of this package is checked against encoding/json:
//
//   - FuzzEvent: the event AppendJSON writes is byte for byte what encoding/json writes (HTML
//     escaping off) for the same keys and values, and decoding it gives exactly the struct V1
//     and V2 fill;
//   - FuzzJSON: parseValue accepts what json.Valid accepts, and unquote decodes strings as
//     encoding/json does;
//   - integration/lambda's FuzzProxyResponse: reading any payload gives the response (or the
//     error) that reading it with encoding/json and the same rules gives.

// testHost is the domain name of the test requests.
const testHost = "abc123defg.execute-api.us-east-1.amazonaws.com"

// refObj is a JSON object with its keys in a given order, each value encoded by encoding/json.
type refObj []refKV

type refKV struct {
	k string
	v any
}

func (o refObj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(refJSON(kv.k))
		b.WriteByte(':')
		b.Write(refJSON(kv.v))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// refJSON is encoding/json's encoding of v, without HTML escaping.
func refJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// refNull is a string, or nil (null) when empty.
func refNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// refMap is m, or nil (null) when empty.
func refMap[V any](m map[string]V) any {
	if len(m) == 0 {
		return nil
	}
	return m
}

// refEventV1 is payload format 1.0's event for e, as the developer guide lays it out.
func refEventV1(e *Event) refObj {
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
	identity := refObj{{"accessKey", refNull(id.AccessKey)}, {"accountId", refNull(id.AccountID)}}
	if id.APIKey != "" || id.APIKeyID != "" {
		identity = append(identity, refKV{"apiKey", refNull(id.APIKey)}, refKV{"apiKeyId", refNull(id.APIKeyID)})
	}
	identity = append(identity, refObj{
		{"caller", refNull(id.Caller)},
		{"cognitoAuthenticationProvider", refNull(id.CognitoAuthenticationProvider)},
		{"cognitoAuthenticationType", refNull(id.CognitoAuthenticationType)},
		{"cognitoIdentityId", refNull(id.CognitoIdentityID)},
		{"cognitoIdentityPoolId", refNull(id.CognitoIdentityPoolID)},
		{"principalOrgId", refNull(id.PrincipalOrgID)},
		{"sourceIp", refNull(id.SourceIP)},
		{"user", refNull(id.User)},
		{"userAgent", refNull(id.UserAgent)},
		{"userArn", refNull(id.UserArn)},
	}...)
	rc := refObj{{"accountId", refNull(c.AccountID)}, {"apiId", refNull(c.APIID)}}
	if a := c.Authorizer; a != nil {
		m := map[string]any{}
		for k, v := range a.Context {
			if s, ok := stringify(v); ok {
				m[k] = s
			} else {
				m[k] = nil
			}
		}
		if a.PrincipalID != "" {
			m["principalId"] = a.PrincipalID
		}
		rc = append(rc, refKV{"authorizer", m})
	}
	rc = append(rc, refObj{
		{"deploymentId", refNull(c.DeploymentID)},
		{"domainName", refNull(c.DomainName)},
		{"domainPrefix", refNull(c.DomainPrefix)},
		{"extendedRequestId", refNull(c.ExtendedRequestID)},
		{"httpMethod", refNull(c.HTTPMethod)},
		{"identity", identity},
		{"path", refNull(c.Path)},
		{"protocol", refNull(c.Protocol)},
		{"requestId", refNull(c.RequestID)},
		{"requestTime", refNull(c.RequestTime)},
		{"requestTimeEpoch", c.RequestTimeEpoch},
		{"resourceId", refNull(c.ResourceID)},
		{"resourcePath", refNull(c.ResourcePath)},
		{"stage", refNull(c.Stage)},
	}...)
	var body any
	switch {
	case len(r.Body) == 0:
	case e.binary:
		body = base64.StdEncoding.EncodeToString(r.Body)
	default:
		body = string(r.Body)
	}
	return refObj{
		{"resource", c.ResourcePath},
		{"path", v1Path(r.Path)},
		{"httpMethod", r.Method},
		{"headers", refMap(headers)},
		{"multiValueHeaders", refMap(multi)},
		{"queryStringParameters", refMap(query)},
		{"multiValueQueryStringParameters", refMap(mquery)},
		{"pathParameters", refMap(r.PathParameters)},
		{"stageVariables", refMap(r.StageVariables)},
		{"requestContext", rc},
		{"body", body},
		{"isBase64Encoded", e.binary && len(r.Body) > 0},
	}
}

// refEventV2 is payload format 2.0's event for e, as the developer guide lays it out.
func refEventV2(e *Event) refObj {
	r := e.r
	c := &r.Context
	rawPath := v2RawPath(r)
	routeKey := routeKey(r)
	ev := refObj{{"version", "2.0"}, {"routeKey", routeKey}, {"rawPath", rawPath}, {"rawQueryString", r.HTTP.URL.RawQuery}}
	if len(e.cookies) > 0 {
		ev = append(ev, refKV{"cookies", e.cookies})
	}
	headers := map[string]string{}
	for _, h := range e.headers {
		headers[h.name] = h.value
	}
	ev = append(ev, refKV{"headers", headers})
	if len(e.query) > 0 {
		query := map[string]string{}
		for _, k := range e.query {
			query[k] = strings.Join(r.Query[k], ",")
		}
		ev = append(ev, refKV{"queryStringParameters", query})
	}
	rc := refObj{{"accountId", c.AccountID}, {"apiId", c.APIID}}
	if a := c.Authorizer; a != nil && a.Claims == nil {
		rc = append(rc, refKV{"authorizer", map[string]any{"lambda": a.Context}})
	}
	rc = append(rc, refObj{
		{"domainName", c.DomainName},
		{"domainPrefix", c.DomainPrefix},
		{"http", refObj{{"method", r.Method}, {"path", rawPath}, {"protocol", c.Protocol}, {"sourceIp", c.Identity.SourceIP}, {"userAgent", c.Identity.UserAgent}}},
		{"requestId", c.RequestID},
		{"routeKey", routeKey},
		{"stage", c.Stage},
		{"time", c.RequestTime},
		{"timeEpoch", c.RequestTimeEpoch},
	}...)
	ev = append(ev, refKV{"requestContext", rc})
	switch {
	case len(r.Body) == 0:
	case e.binary:
		ev = append(ev, refKV{"body", base64.StdEncoding.EncodeToString(r.Body)})
	default:
		ev = append(ev, refKV{"body", string(r.Body)})
	}
	if len(r.PathParameters) > 0 {
		ev = append(ev, refKV{"pathParameters", r.PathParameters})
	}
	ev = append(ev, refKV{"isBase64Encoded", e.binary && len(r.Body) > 0})
	if len(r.StageVariables) > 0 {
		ev = append(ev, refKV{"stageVariables", r.StageVariables})
	}
	return ev
}

// fuzzRequest builds a method request from fuzzed text: header names and values, a raw query
// string, a body, a Content-Type, a path, and a string put wherever $context has one.
func fuzzRequest(name, value, query string, body []byte, contentType, path, text string, auth bool) *apigate.Request {
	hr := httptest.NewRequest("GET", "http://"+testHost+"/prod/x", nil)
	hr.URL.RawQuery = query
	hr.RemoteAddr = "203.0.113.9:1234"
	header := http.Header{name: {value, text}, "X-Other": {text}, "Host": {testHost}}
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
			AccountID: "123456789012", APIID: "abc123defg", DeploymentID: text, DomainName: testHost,
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

func FuzzEvent(f *testing.F) {
	f.Add("X-Test", "v\u2028<&>", "a=1&a=2&b=%20", []byte(`{"a":"\u00e9"}`), "application/json", "//p/", "t\"\\\n", false)
	f.Add("cookie", "a=1; b=2", "", []byte("\x00\xff\xfe"), "image/png", "/", "\xff\xc3", true)
	f.Add("x-forwarded-for", "1.1.1.1", "k", []byte(nil), "", "/a b", "", true)
	f.Add("\xffbad", "\x7f\x01", "=&=&x=\xff", []byte("text"), "application/octet-stream; x=1", "/%2F", "\u2029\x1f", false)
	f.Fuzz(func(t *testing.T, name, value, query string, body []byte, contentType, path, text string, auth bool) {
		r := fuzzRequest(name, value, query, body, contentType, path, text, auth)
		for _, v2 := range []bool{false, true} {
			e := New(r, v2)
			var got []byte
			var ref refObj
			var want, typed any
			if v2 {
				got, ref = e.AppendJSON(nil), refEventV2(e)
				typed, want = e.V2(), new(events.APIGatewayV2HTTPRequest)
			} else {
				got, ref = e.AppendJSON(nil), refEventV1(e)
				typed, want = e.V1(nil), new(events.APIGatewayProxyRequest)
			}
			if refJSON := refJSON(ref); !bytes.Equal(got, refJSON) {
				t.Fatalf("v2 %v: hand-written event differs from encoding/json's:\n got %s\nwant %s", v2, got, refJSON)
			}
			if err := json.Unmarshal(got, want); err != nil {
				t.Fatalf("v2 %v: %v: %s", v2, err, got)
			}
			if !reflect.DeepEqual(typed, want) {
				t.Fatalf("v2 %v: typed event differs from the decoded JSON:\n typed %#v\n json  %#v", v2, typed, want)
			}
			e.Release()
		}
	})
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"statusCode":201,"headers":{"a":"1","A":true},"multiValueHeaders":{"a":["x",2,null]},"body":"aGk=","isBase64Encoded":true}`,
		`"\ud83d\ude00\ud800\u00e9\"\\\/\b\f\n\r\t"`, "\"\xff\xfe\"", `[1,{"a":[]}]`, `12.5e3`, `-0.0`, `1e999`, ` {} `, `nul`, `{"a" 1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		v := parseValue(payload)
		if got, want := v.kind != jsonInvalid, json.Valid(payload); got != want {
			t.Fatalf("%q: parseValue valid %v, json.Valid %v", payload, got, want)
		}
		if v.kind == jsonString {
			var want string
			if err := json.Unmarshal(payload, &want); err != nil {
				t.Fatal(err)
			}
			if got := string(unquote(nil, v.raw[1:len(v.raw)-1])); got != want {
				t.Fatalf("%q: unquote %q, encoding/json %q", payload, got, want)
			}
		}
	})
}
