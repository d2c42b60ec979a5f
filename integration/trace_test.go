package integration_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// traced records what an integration reports to a request's Trace.
type traced struct {
	requests  []apigate.IntegrationRequestInfo
	responses []apigate.IntegrationResponseInfo
}

// trace returns a Trace that records into tr, copying what the hooks may not keep.
func (tr *traced) trace() *apigate.Trace {
	return &apigate.Trace{
		IntegrationRequest: func(_ *apigate.Request, i *apigate.IntegrationRequestInfo) {
			c := *i
			c.Header, c.Body = i.Header.Clone(), append([]byte(nil), i.Body...)
			tr.requests = append(tr.requests, c)
		},
		IntegrationResponse: func(_ *apigate.Request, i *apigate.IntegrationResponseInfo) {
			c := *i
			c.Header, c.Body = i.Header.Clone(), append([]byte(nil), i.Body...)
			tr.responses = append(tr.responses, c)
		},
	}
}

// A client's credentials, which HTTP_PROXY and Handler integrations forward, and how a Trace
// sees them.
const (
	clientAuth       = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo"
	clientAuthMasked = "*********************************************************************x_Zmeo"
)

// TestTrace: each integration reports the request it sends, after mapping and templates (with
// the client's Authorization masked), and what its backend answered.
func TestTrace(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(201, `{"id":7}`, "X-Backend", "b"))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Handler", "h")
		w.WriteHeader(202)
		io.WriteString(w, "handled")
	})
	template := map[string]string{"application/json": `{"statusCode": 201, "name": "$input.path('$.name')"}`}
	responses := []integration.IntegrationResponse{{StatusCode: 200}}
	mapped := map[string]string{"integration.request.header.X-Mapped": "'m'"}
	for _, tc := range []struct {
		name              string
		in                apigate.Integration
		method, uri, body string // sent
		status            int    // answered
		header, answer    string // a header and the body answered
	}{
		{"MOCK", integration.Mock(integration.Options{RequestTemplates: template, Responses: responses}),
			"", "", `{"statusCode": 201, "name": "Rex"}`, 201, "", ""},
		{"HTTP", integration.HTTP("PUT", be.URL+"/pets", integration.Options{RequestParameters: mapped, RequestTemplates: template, Responses: responses}),
			"PUT", be.URL + "/pets", `{"statusCode": 201, "name": "Rex"}`, 201, "X-Backend", `{"id":7}`},
		{"HTTP_PROXY", integration.HTTPProxy("POST", be.URL+"/pets", integration.ProxyOptions{RequestParameters: mapped}),
			"POST", be.URL + "/pets?a=1", `{"name":"Rex"}`, 201, "X-Backend", `{"id":7}`},
		{"Handler", integration.Handler(handler, integration.HandlerOptions{RequestParameters: mapped}),
			"POST", "/pets?a=1", `{"name":"Rex"}`, 202, "X-Handler", "handled"},
	} {
		var tr traced
		r := itest.Request("POST", "/pets?a=1", `{"name":"Rex"}`, "Content-Type", "application/json",
			"Authorization", clientAuth)
		r.Trace = tr.trace()
		itest.Integrate(t, tc.in, r)
		if got := r.Header.Get("Authorization"); got != clientAuth {
			t.Errorf("%s: the method request's Authorization became %q", tc.name, got)
		}
		if len(tr.requests) != 1 || len(tr.responses) != 1 {
			t.Errorf("%s: %d requests, %d responses traced", tc.name, len(tr.requests), len(tr.responses))
			continue
		}
		req, resp := tr.requests[0], tr.responses[0]
		if req.Method != tc.method || req.URI != tc.uri || string(req.Body) != tc.body {
			t.Errorf("%s: request %s %s %q, want %s %s %q", tc.name, req.Method, req.URI, req.Body, tc.method, tc.uri, tc.body)
		}
		if tc.name != "MOCK" && req.Header.Get("X-Mapped") != "m" {
			t.Errorf("%s: request header %v", tc.name, req.Header)
		}
		if got := req.Header.Get("Authorization"); tc.name != "MOCK" && tc.name != "HTTP" && got != clientAuthMasked {
			t.Errorf("%s: the trace saw Authorization %q, want %q", tc.name, got, clientAuthMasked)
		}
		if resp.StatusCode != tc.status || string(resp.Body) != tc.answer || tc.header != "" && resp.Header.Get(tc.header) == "" || resp.Err != nil {
			t.Errorf("%s: response %d %v %q %v", tc.name, resp.StatusCode, resp.Header, resp.Body, resp.Err)
		}
		if tc.name != "MOCK" && resp.Latency <= 0 {
			t.Errorf("%s: latency %v", tc.name, resp.Latency)
		}
	}
}

// TestTraceFailure: a call that fails is reported with its error.
func TestTraceFailure(t *testing.T) {
	be := itest.NewBackend(t, nil)
	be.Close()
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	for _, in := range []apigate.Integration{
		integration.HTTP("GET", be.URL, integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}}),
		integration.HTTPProxy("GET", be.URL, integration.ProxyOptions{}),
		integration.Handler(slow, integration.HandlerOptions{Timeout: 50 * time.Millisecond}),
	} {
		var tr traced
		r := itest.Request("GET", "/", "")
		r.Trace = tr.trace()
		_, err := in.Integrate(context.Background(), r)
		if err == nil || len(tr.responses) != 1 || tr.responses[0].Err != err || tr.responses[0].StatusCode != 0 {
			t.Errorf("%T: %v, traced %+v", in, err, tr.responses)
		}
	}
}
