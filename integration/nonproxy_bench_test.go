package integration

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apigate/apigate/integration/internal/itest"
)

// BenchmarkMock renders a request template that selects the status and a response template
// that reads the method request.
func BenchmarkMock(b *testing.B) {
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `#set($id = $input.params('id')){"statusCode": #if($id == "0")404#else 200#end}`},
		Responses: []IntegrationResponse{
			{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"id":"$input.params('id')","name":"$input.path('$.name')","request":"$context.requestId"}`}},
			{SelectionPattern: "404", StatusCode: 404},
		},
	})
	r := itest.Request("POST", "/pets/7", `{"name":"Rex","tags":["a","b"]}`, "Content-Type", "application/json", "Accept", "application/json")
	r.PathParameters = map[string]string{"id": "7"}
	itest.Bench(b, m, r)
}

// BenchmarkHTTP sends a templated request to a loopback backend and maps its answer.
func BenchmarkHTTP(b *testing.B) {
	be := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header()["Content-Type"] = []string{"application/json"}
		w.Write([]byte(`{"id":7,"name":"Rex"}`))
	}))
	defer be.Close()
	h := HTTP("POST", be.URL+"/pets/{id}", Options{
		RequestParameters: map[string]string{
			"integration.request.path.id":        "method.request.path.id",
			"integration.request.header.X-Trace": "method.request.header.x-trace",
		},
		RequestTemplates: map[string]string{"application/json": `{"name":"$input.path('$.name')"}`},
		Responses: []IntegrationResponse{{SelectionPattern: `2\d{2}`, StatusCode: 200,
			ResponseParameters: map[string]string{"method.response.header.X-Id": "integration.response.body.id"},
			ResponseTemplates:  map[string]string{"application/json": `{"pet":$input.json('$')}`}}},
	})
	r := itest.Request("POST", "/pets/7", `{"name":"Rex"}`, "Content-Type", "application/json", "X-Trace", "t")
	r.PathParameters = map[string]string{"id": "7"}
	itest.Bench(b, h, r)
}

// BenchmarkMockStatic is the common MOCK (a CORS preflight, a health check): a constant request
// template, static response parameters and a constant response template.
func BenchmarkMockStatic(b *testing.B) {
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses: []IntegrationResponse{{StatusCode: 200,
			ResponseParameters: map[string]string{
				"method.response.header.Access-Control-Allow-Origin":  "'*'",
				"method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
			},
			ResponseTemplates: map[string]string{"application/json": `{"status":"ok"}`}}},
	})
	itest.Bench(b, m, itest.Request("GET", "/health", "", "Accept", "application/json", "User-Agent", "bench"))
}
