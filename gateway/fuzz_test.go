package gateway_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/stage"
)

// FuzzServe sends arbitrary methods, paths, query strings and headers through a gateway: it must
// never panic, always send x-amzn-RequestId, and answer with a status API Gateway can give.
func FuzzServe(f *testing.F) {
	api := gateway.NewRESTAPI("fuzz")
	api.Root().Method("GET", echo{})
	api.Resource("/pets").Method("GET", echo{}).Method("POST", echo{status: 201},
		gateway.RequestParameter("method.request.querystring.q", true),
		gateway.RequestModel("application/json", `{"type":"object","required":["a"]}`),
		gateway.ValidateRequest(gateway.Validation{Parameters: true, Body: true}))
	api.Resource("/pets/{petId}").Method("ANY", echo{})
	api.Resource("/pets/{petId}/toys").Method("GET", echo{})
	api.Resource("/files/{proxy+}").Method("GET", echo{})
	api.Resource("/{any+}").Method("OPTIONS", echo{})
	gw := mustGateway(f, api, gateway.Stage(stage.Config{Name: "prod"}), gateway.Stage(stage.Config{Name: "dev"}))

	for _, s := range [][4]string{
		{"GET", "/prod/pets", "", ""},
		{"POST", "/prod/pets", "q=1&q=2;x", `{"a":1}`},
		{"OPTIONS", "/dev//a//b/", "", ""},
		{"PATCH", "/prod/pets/%2F/toys", "a=%zz", ""},
		{"get", "/prod/files/", "+", "x"},
		{"GET", "/nostage", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		if method == "" || strings.ContainsAny(method, " \t\r\n") {
			method = "GET"
		}
		req := httptest.NewRequest("GET", "/", strings.NewReader(body))
		req.Method = method
		req.URL = &url.URL{Path: path, RawPath: path, RawQuery: query}
		req.Header.Set("X-Http-Method-Override", strings.ToUpper(body[:min(len(body), 7)]))
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 201, 400, 403, 413:
		default:
			t.Fatalf("%s %q ?%q: status %d %s", method, path, query, rec.Code, rec.Body)
		}
		if len(rec.Header()["x-amzn-RequestId"]) != 1 {
			t.Fatalf("no x-amzn-RequestId: %v", rec.Header())
		}
		if rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("error without JSON content type: %d %v", rec.Code, rec.Header())
		}
	})
}
