package lambdaevent

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
)

// benchRequest is a typical request: a GET with a browser's headers, a query string, a path
// parameter.
func benchRequest() *apigate.Request {
	hr := httptest.NewRequest("GET", "https://"+testHost+"/prod/pets/7?a=1&a=2&b=%20x", nil)
	hr.RemoteAddr = "203.0.113.9:1234"
	return &apigate.Request{
		HTTP:           hr,
		Method:         "GET",
		Path:           "/pets/7",
		PathParameters: map[string]string{"petId": "7"},
		Query:          url.Values{"a": {"1", "2"}, "b": {" x"}},
		Header: http.Header{
			"Accept":          {"application/json"},
			"Connection":      {"keep-alive"},
			"X-Multi":         {"a", "b"},
			"Host":            {testHost},
			"X-Forwarded-For": {"10.0.0.1"},
			"Cookie":          {"a=1; b=2"},
			"User-Agent":      {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"},
			"Accept-Encoding": {"gzip, deflate, br"},
			"Accept-Language": {"en-US,en;q=0.9"},
		},
		StageVariables: map[string]string{"env": "prod"},
		Context: apigate.Context{
			AccountID: "123456789012", APIID: "abc123defg", DeploymentID: "dep123", DomainName: testHost,
			DomainPrefix: "abc123defg", ExtendedRequestID: "JK3OyhvZIAMEdNQ=", HTTPMethod: "GET",
			Path: "/prod/pets/7", Protocol: "HTTP/1.1", RequestID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
			RequestTime: "12/Mar/2020:19:03:58 +0000", RequestTimeEpoch: 1584039838000, ResourceID: "x1y2z3",
			ResourcePath: "/pets/{petId}", Stage: "prod",
			Identity: apigate.Identity{SourceIP: "203.0.113.9", UserAgent: "curl/8.0"},
		},
	}
}

// BenchmarkEvent builds the payload format 1.0 event of a typical GET: written by hand, filled
// as the events struct, and, for comparison, that struct encoded by encoding/json; and the 2.0
// event written by hand.
func BenchmarkEvent(b *testing.B) {
	r := benchRequest()
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e := New(r, false)
			_ = e.AppendJSON(make([]byte, 0, e.Size()))
			e.Release()
		}
	})
	b.Run("struct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e := New(r, false)
			e.V1(nil)
			e.Release()
		}
	})
	b.Run("struct+encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e := New(r, false)
			if _, err := json.Marshal(e.V1(nil)); err != nil {
				b.Fatal(err)
			}
			e.Release()
		}
	})
	b.Run("json-2.0", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e := New(r, true)
			_ = e.AppendJSON(make([]byte, 0, e.Size()))
			e.Release()
		}
	})
}

var benchPayload = []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"id\":\"7\",\"name\":\"Rex\"}"}`)

// BenchmarkParseResponse reads a typical answer: by hand, and with encoding/json into the
// events struct for comparison.
func BenchmarkParseResponse(b *testing.B) {
	b.Run("reader", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out Response
			if err := ParseResponse(benchPayload, false, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var resp events.APIGatewayProxyResponse
			if err := json.Unmarshal(benchPayload, &resp); err != nil {
				b.Fatal(err)
			}
		}
	})
}
