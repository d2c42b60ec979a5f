package gateway_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/stage"
)

// TestIntegrationsOverLoopback drives every integration kind through the gateway on a real
// loopback server, with a real loopback backend, and checks what the client gets.
func TestIntegrationsOverLoopback(t *testing.T) {
	backend := http.NewServeMux()
	backend.HandleFunc("/echo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("X-Backend", "yes")
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("X-Client"))
	})
	backend.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	backend.HandleFunc("/panic", func(http.ResponseWriter, *http.Request) { panic("backend bug") })
	bs := httptest.NewServer(backend)
	defer bs.Close()

	api := gateway.NewRESTAPI("loopback")
	api.Resource("/proxy/{proxy+}").Method("ANY", integration.HTTPProxy("ANY", "http://${stageVariables.backend}/echo/{proxy}", integration.ProxyOptions{
		RequestParameters: map[string]string{"integration.request.path.proxy": "method.request.path.proxy"},
	}))
	api.Resource("/slow").Method("GET", integration.HTTPProxy("GET", "http://${stageVariables.backend}/slow", integration.ProxyOptions{Timeout: 50 * time.Millisecond}))
	api.Resource("/inproc/{proxy+}").Method("ANY", integration.Handler(backend, integration.HandlerOptions{
		Path:              "/{proxy}",
		RequestParameters: map[string]string{"integration.request.path.proxy": "method.request.path.proxy"},
		Timeout:           50 * time.Millisecond,
	}))
	api.Resource("/mock").Method("GET", integration.Mock(integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": #if($input.params('ok') == "1")200#{else}500#end}`},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"ok":true}`}},
			{SelectionPattern: `5\d{2}`, StatusCode: 503, ResponseTemplates: map[string]string{"application/json": `{"ok":false}`}},
		},
	}))
	api.Resource("/http").Method("POST", integration.HTTP("POST", "http://${stageVariables.backend}/echo/{x}", integration.Options{
		RequestParameters: map[string]string{"integration.request.path.x": "'fixed'"},
		Passthrough:       integration.PassthroughNever,
		RequestTemplates:  map[string]string{"application/json": `{"name": "$input.path('$.name')"}`},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200},
			{SelectionPattern: `4\d{2}`, StatusCode: 400, ResponseTemplates: map[string]string{"application/json": `{"backend":"$input.body"}`}},
		},
	}))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod", Variables: stage.Variables{"backend": strings.TrimPrefix(bs.URL, "http://")}}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()

	for _, tc := range []struct {
		method, path, contentType, body string
		status                          int
		want                            string
		header                          map[string]string
	}{
		{"GET", "/prod/proxy/a/b?q=1", "", "", 418, "GET /echo/a/b?q=1 c", map[string]string{"X-Backend": "yes", "X-Amzn-Remapped-Content-Length": "19"}},
		{"DELETE", "/prod/proxy/z", "", "", 418, "DELETE /echo/z c", nil},
		{"GET", "/prod/slow", "", "", 504, `{"message":"Endpoint request timed out"}`, map[string]string{"X-Amzn-Errortype": "InternalServerErrorException"}},
		{"GET", "/prod/inproc/echo/x", "", "", 418, "GET /echo/x c", map[string]string{"X-Backend": "yes"}},
		{"GET", "/prod/inproc/slow", "", "", 504, `{"message":"Endpoint request timed out"}`, nil},
		{"GET", "/prod/inproc/panic", "", "", 502, `{"message":"Internal server error"}`, nil},
		{"GET", "/prod/inproc/echo/after-panic", "", "", 418, "GET /echo/after-panic c", nil},
		{"GET", "/prod/mock?ok=1", "", "", 200, `{"ok":true}`, map[string]string{"Content-Type": "application/json"}},
		{"GET", "/prod/mock", "", "", 503, `{"ok":false}`, nil},
		{"POST", "/prod/http", "application/json", `{"name":"rex"}`, 400, `{"backend":"POST /echo/fixed "}`, nil},
		{"POST", "/prod/http", "text/plain", `hi`, 415, `{"message":"Unsupported Media Type"}`, nil},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("X-Client", "c")
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || string(b) != tc.want {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, resp.StatusCode, b, tc.status, tc.want)
		}
		for k, v := range tc.header {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s %s: header %s = %q, want %q (%v)", tc.method, tc.path, k, got, v, resp.Header)
			}
		}
		if resp.Header.Get("X-Amzn-Requestid") == "" {
			t.Errorf("%s %s: no x-amzn-RequestId", tc.method, tc.path)
		}
	}
}
