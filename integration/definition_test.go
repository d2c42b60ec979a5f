package integration_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/deadline"
)

// TestDefinition: every integration of this package keeps its definition, returned as a copy.
func TestDefinition(t *testing.T) {
	opts := integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Id": "method.request.path.id"},
		RequestTemplates:  map[string]string{"application/json": `{"statusCode": 200}`},
		Passthrough:       integration.PassthroughNever,
		ContentHandling:   integration.ConvertToText,
		Timeout:           3 * time.Second,
		Responses: []integration.IntegrationResponse{{StatusCode: 200,
			ResponseParameters: map[string]string{"method.response.header.X-A": "'a'"},
			ResponseTemplates:  map[string]string{"application/json": `{}`}}},
	}
	nonProxy := func(typ integration.Type, method, uri string) integration.Definition {
		return integration.Definition{Type: typ, HTTPMethod: method, URI: uri,
			RequestParameters: opts.RequestParameters, RequestTemplates: opts.RequestTemplates,
			Passthrough: opts.Passthrough, ContentHandling: opts.ContentHandling, Timeout: opts.Timeout, Responses: opts.Responses}
	}
	params := map[string]string{"integration.request.path.proxy": "method.request.path.proxy"}
	custom := integration.NonProxy(integration.EndpointFunc(func(context.Context, *integration.EndpointRequest, *integration.EndpointResponse) error {
		return nil
	}), integration.Options{})
	for _, tc := range []struct {
		in   integration.Definer
		want integration.Definition
	}{
		{integration.Mock(opts), nonProxy(integration.TypeMock, "", "")},
		{integration.HTTP("post", "https://backend.example/pets/{id}", opts), nonProxy(integration.TypeHTTP, "POST", "https://backend.example/pets/{id}")},
		{integration.HTTPProxy("", "http://backend/{proxy}", integration.ProxyOptions{RequestParameters: params}),
			integration.Definition{Type: integration.TypeHTTPProxy, HTTPMethod: "ANY", URI: "http://backend/{proxy}", RequestParameters: params, Timeout: integration.DefaultTimeout}},
		{integration.Handler(http.NotFoundHandler(), integration.HandlerOptions{Method: "get", Path: "/v1/{proxy}", Timeout: time.Second}),
			integration.Definition{Type: integration.TypeHandler, HTTPMethod: "GET", URI: "/v1/{proxy}", Timeout: time.Second}},
		{custom, integration.Definition{Timeout: integration.DefaultTimeout}},
	} {
		got := tc.in.Definition()
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%T:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		// A copy: changing it changes neither the integration's definition nor what was given.
		if got.RequestParameters != nil {
			got.RequestParameters["integration.request.header.X-New"] = "'x'"
		}
		if len(got.Responses) > 0 {
			got.Responses[0].ResponseTemplates["text/plain"] = "x"
			got.Responses[0].StatusCode = 500
		}
		if again := tc.in.Definition(); !reflect.DeepEqual(again, tc.want) {
			t.Errorf("%T: the definition changed with its copy: %+v", tc.in, again)
		}
	}
	if len(opts.RequestParameters) != 1 || len(opts.Responses[0].ResponseTemplates) != 1 {
		t.Errorf("the options given changed: %+v", opts)
	}
}

// TestDefinitionKeptFromConstruction: a definition changed after the integration is made does
// not change the integration.
func TestDefinitionKeptFromConstruction(t *testing.T) {
	templates := map[string]string{"application/json": `{"statusCode": 200}`}
	m := integration.Mock(integration.Options{RequestTemplates: templates, Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
	templates["application/json"] = `{"statusCode": 500}`
	if got := m.Definition().RequestTemplates["application/json"]; got != `{"statusCode": 200}` {
		t.Errorf("definition %q", got)
	}
}

// closer is an Endpoint that is an io.Closer.
type closer struct{ closed int }

func (c *closer) Call(context.Context, *integration.EndpointRequest, *integration.EndpointResponse) error {
	return nil
}
func (c *closer) Close() error { c.closed++; return errors.New("closed") }

// TestNonProxyClose: a non-proxy integration's Close closes its endpoint when the endpoint is an
// io.Closer, and does nothing otherwise.
func TestNonProxyClose(t *testing.T) {
	c := &closer{}
	in := integration.NonProxy(c, integration.Options{})
	if err := in.Close(); err == nil || c.closed != 1 {
		t.Errorf("Close: %v, endpoint closed %d times", err, c.closed)
	}
	if err := integration.Mock(integration.Options{}).Close(); err != nil {
		t.Errorf("MOCK's Close: %v", err)
	}
	var _ apigate.Integration = in
}

// TestTimeoutBounds: the bounds this package documents are the ones every integration applies.
func TestTimeoutBounds(t *testing.T) {
	if integration.DefaultTimeout != deadline.Default || integration.MinTimeout != deadline.Min || integration.MaxTimeout != deadline.Max {
		t.Errorf("integration's bounds %v %v %v, internal/deadline's %v %v %v", integration.DefaultTimeout, integration.MinTimeout,
			integration.MaxTimeout, deadline.Default, deadline.Min, deadline.Max)
	}
}
