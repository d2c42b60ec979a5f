package integration_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestEndpointRequest: an endpoint of one's own gets the integration request as the engine
// built it (the rendered template, the mapped parameters with the overrides) and its answer
// goes through selection, response parameters and the response template.
func TestEndpointRequest(t *testing.T) {
	var got struct {
		body                []byte
		templated           bool
		path, query, header map[string][]string
		deadline            bool
	}
	all := func(p *integration.Params) map[string][]string { // a copy: p is the engine's
		m := map[string][]string{}
		for name, values := range p.All() {
			m[name] = slices.Clone(values)
		}
		return m
	}
	e := integration.EndpointFunc(func(ctx context.Context, req *integration.EndpointRequest, resp *integration.EndpointResponse) error {
		got.body, got.templated = append([]byte(nil), req.Body...), req.Templated
		got.path, got.query, got.header = all(req.Path), all(req.Query), all(req.Header)
		_, got.deadline = ctx.Deadline()
		resp.Selection = strconv.Itoa(409)
		resp.Header = http.Header{"X-Backend": {"b1"}}
		resp.Body = []byte(`{"conflict":"name"}`)
		resp.TraceID = "Root=1-abc"
		return nil
	})
	in := integration.NonProxy(e, integration.Options{
		RequestParameters: map[string]string{
			"integration.request.path.id":         "method.request.path.id",
			"integration.request.querystring.q":   "method.request.multivaluequerystring.q",
			"integration.request.header.x-Mapped": "'m'",
		},
		RequestTemplates: map[string]string{"application/json": `#set($context.requestOverride.header.X-Over = "o"){"id": "$input.params('id')"}`},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200},
			{SelectionPattern: `4\d\d`, StatusCode: 409,
				ResponseParameters: map[string]string{"method.response.header.X-From": "integration.response.header.X-Backend"},
				ResponseTemplates:  map[string]string{"application/json": `{"error":"$input.path('$.conflict')"}`}},
		},
	})
	r := itest.Request("POST", "/pets/7?q=a&q=b", `{}`, "Content-Type", "application/json")
	r.PathParameters = map[string]string{"id": "7"}
	resp := itest.Integrate(t, in, r)
	if string(got.body) != `{"id": "7"}` || !got.templated || !got.deadline {
		t.Errorf("request body %q, templated %v, deadline %v", got.body, got.templated, got.deadline)
	}
	want := map[string][]string{"id": {"7"}}
	if !reflect.DeepEqual(got.path, want) {
		t.Errorf("path %v", got.path)
	}
	if want := map[string][]string{"q": {"a", "b"}}; !reflect.DeepEqual(got.query, want) {
		t.Errorf("query %v", got.query)
	}
	if want := map[string][]string{"x-Mapped": {"m"}, "X-Over": {"o"}}; !reflect.DeepEqual(got.header, want) {
		t.Errorf("header %v", got.header)
	}
	wantHeader := http.Header{"X-From": {"b1"}, "Content-Type": {"application/json"}, "X-Amzn-Trace-Id": {"Root=1-abc"}}
	if resp.StatusCode != 409 || string(resp.Body) != `{"error":"name"}` || !reflect.DeepEqual(resp.Header, wantHeader) {
		t.Errorf("response %d %s %v", resp.StatusCode, resp.Body, resp.Header)
	}
}

// TestEndpointErrors: what an endpoint returns becomes the gateway's answer.
func TestEndpointErrors(t *testing.T) {
	refused := &apigate.Error{Type: apigate.IntegrationFailure}
	plain := errors.New("plain")
	for _, tc := range []struct {
		name string
		call func(ctx context.Context) error
		want apigate.ResponseType // "" for plain, returned as it is
	}{
		{"an *apigate.Error as it is", func(context.Context) error { return refused }, apigate.IntegrationFailure},
		{"another error as it is", func(context.Context) error { return plain }, ""},
		{"the context's error at the timeout", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }, apigate.IntegrationTimeout},
		{"another error after the timeout", func(ctx context.Context) error { <-ctx.Done(); return plain }, apigate.IntegrationTimeout},
		{"an answer after the timeout", func(context.Context) error { time.Sleep(80 * time.Millisecond); return nil }, apigate.IntegrationTimeout},
	} {
		in := integration.NonProxy(integration.EndpointFunc(func(ctx context.Context, _ *integration.EndpointRequest, resp *integration.EndpointResponse) error {
			resp.Selection = "200"
			return tc.call(ctx)
		}), integration.Options{Timeout: 50 * time.Millisecond, Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
		_, err := in.Integrate(context.Background(), itest.Request("GET", "/", ""))
		switch {
		case tc.want == "" && err != plain:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && itest.ErrorType(err) != tc.want:
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
}

// validating is an Endpoint with definition errors of its own.
type validating struct{ err error }

func (validating) Call(context.Context, *integration.EndpointRequest, *integration.EndpointResponse) error {
	panic("an invalid integration called its endpoint")
}
func (v validating) Validate() error { return v.err }

// TestEndpointValidate: the endpoint's definition errors come with the options', and an invalid
// integration never calls its endpoint.
func TestEndpointValidate(t *testing.T) {
	bad := errors.New("no such queue")
	in := integration.NonProxy(validating{bad}, integration.Options{Timeout: time.Hour})
	err := in.Validate()
	if !errors.Is(err, bad) || !errors.Is(err, integration.ErrInvalidTimeout) {
		t.Errorf("Validate: %v", err)
	}
	if _, err := in.Integrate(context.Background(), itest.Request("GET", "/", "")); itest.ErrorType(err) != apigate.APIConfigurationError {
		t.Errorf("Integrate: %v", err)
	}
	if err := integration.NonProxy(nil, integration.Options{}).Validate(); !errors.Is(err, integration.ErrInvalidIntegration) {
		t.Errorf("no endpoint: %v", err)
	}
}
