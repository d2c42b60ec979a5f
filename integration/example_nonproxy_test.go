package integration_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/integration"
)

// nonProxyExampleRequest builds a method request as the gateway hands it to an integration, with a
// request id of its own so that the output is the same from run to run.
func nonProxyExampleRequest(method, target, body string, header http.Header) *apigate.Request {
	r := apigatetest.NewRequest(method, target, strings.NewReader(body))
	for name, values := range header {
		r.Header[name] = values
	}
	r.Context.RequestID = "req-1"
	return r
}

// A MOCK integration answers from templates alone: the request template names the status code
// that selects the integration response, whose template writes the body.
func ExampleMock() {
	m := integration.Mock(integration.Options{
		RequestTemplates: map[string]string{
			"application/json": `{"statusCode": #if($input.params('scope') == "internal")200#else 403#end}`,
		},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"scope":"$input.params('scope')","request":"$context.requestId"}`}},
			{SelectionPattern: "403", StatusCode: 403, ResponseTemplates: map[string]string{"application/json": `{"message":"internal only"}`}},
		},
	})
	if err := m.Validate(); err != nil {
		panic(err)
	}
	for _, target := range []string{"/things?scope=internal", "/things?scope=public"} {
		resp, err := m.Integrate(context.Background(), nonProxyExampleRequest("GET", target, "", http.Header{}))
		if err != nil {
			panic(err)
		}
		fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), string(resp.Body))
	}
	// Output:
	// 200 application/json {"scope":"internal","request":"req-1"}
	// 403 application/json {"message":"internal only"}
}

// An HTTP integration maps the method request onto a backend call and the backend's answer
// onto the method response; the backend's status code selects the integration response.
func ExampleHTTP() {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("backend: %s %s?%s X-Trace=%s User-Agent=%s body=%s\n",
			r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("X-Trace"), r.Header.Get("User-Agent"), body)
		w.Header().Set("X-Request-Id", "b-42")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":42,"name":"Rex"}`)
	}))
	defer backend.Close()

	h := integration.HTTP("POST", backend.URL+"/v1/owners/{owner}/pets", integration.Options{
		RequestParameters: map[string]string{
			"integration.request.path.owner":         "method.request.path.ownerId",
			"integration.request.querystring.notify": "'true'",
			"integration.request.header.X-Trace":     "method.request.header.x-trace",
		},
		RequestTemplates: map[string]string{
			"application/json": `{"name":"$input.path('$.name')","stage":"$context.stage"}`,
		},
		Passthrough: integration.PassthroughNever,
		Responses: []integration.IntegrationResponse{
			{SelectionPattern: `2\d{2}`, StatusCode: 201,
				ResponseParameters: map[string]string{"method.response.header.Location": "integration.response.body.id"},
				ResponseTemplates:  map[string]string{"application/json": `{"petId":$input.json('$.id')}`}},
			{StatusCode: 502},
		},
	})
	if err := h.Validate(); err != nil {
		panic(err)
	}
	r := nonProxyExampleRequest("POST", "/owners/7/pets", `{"name":"Rex","age":3}`,
		http.Header{"Content-Type": {"application/json"}, "X-Trace": {"t-1"}})
	r.PathParameters = map[string]string{"ownerId": "7"}
	resp, err := h.Integrate(context.Background(), r)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Location"), string(resp.Body))
	// Output:
	// backend: POST /v1/owners/7/pets?notify=true X-Trace=t-1 User-Agent=AmazonAPIGateway_a1b2c3d4e5 body={"name":"Rex","stage":"prod"}
	// 201 42 {"petId":42}
}

// A non-proxy integration for a backend of one's own is an Endpoint: the integration maps the
// parameters, renders the request template and selects the integration response; the endpoint
// only sends what it is given. Here the backend is an in-memory stock table; its answer's
// "status" selects the integration response, as an HTTP backend's status code would.
func ExampleNonProxy() {
	var mu sync.Mutex // an Endpoint is called concurrently
	stock := map[string]int{"A-1": 3}
	reserve := integration.EndpointFunc(func(ctx context.Context, req *integration.EndpointRequest, resp *integration.EndpointResponse) error {
		sku, _ := req.Path.Get("sku")
		mu.Lock()
		defer mu.Unlock()
		if stock[sku] == 0 {
			resp.Selection, resp.Body = "409", []byte(`{"left":0}`)
			return nil
		}
		stock[sku]--
		resp.Selection, resp.Body = "200", []byte(fmt.Sprintf(`{"left":%d}`, stock[sku]))
		return nil
	})
	in := integration.NonProxy(reserve, integration.Options{
		RequestParameters: map[string]string{"integration.request.path.sku": "method.request.path.sku"},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"reserved": true, "left": $input.path('$.left')}`}},
			{SelectionPattern: "409", StatusCode: 409, ResponseTemplates: map[string]string{"application/json": `{"message": "out of stock"}`}},
		},
	})
	if err := in.Validate(); err != nil {
		panic(err)
	}
	for range 4 {
		r := nonProxyExampleRequest("POST", "/stock/A-1", "", http.Header{})
		r.PathParameters = map[string]string{"sku": "A-1"}
		resp, err := in.Integrate(context.Background(), r)
		if err != nil {
			panic(err)
		}
		fmt.Println(resp.StatusCode, string(resp.Body))
	}
	// Output:
	// 200 {"reserved": true, "left": 2}
	// 200 {"reserved": true, "left": 1}
	// 200 {"reserved": true, "left": 0}
	// 409 {"message": "out of stock"}
}
