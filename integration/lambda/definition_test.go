package lambda_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
)

const fnURI = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:pets:${stageVariables.alias}/invocations"

// TestDefinition: both Lambda integrations keep their definition.
func TestDefinition(t *testing.T) {
	opts := integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"name": "$input.path('$.name')"}`},
		Timeout:          2 * time.Second,
		Responses:        []integration.IntegrationResponse{{StatusCode: 201}},
	}
	if got, want := lambda.NonProxy(fnURI, answering{}, opts).Definition(), (integration.Definition{
		Type: integration.TypeAWS, HTTPMethod: "POST", URI: fnURI,
		RequestTemplates: opts.RequestTemplates, Timeout: 2 * time.Second, Responses: opts.Responses,
	}); !reflect.DeepEqual(got, want) {
		t.Errorf("NonProxy:\n got %+v\nwant %+v", got, want)
	}
	if got, want := lambda.Proxy("pets", answering{}, lambda.ProxyOptions{Payload: lambda.Payload20}).Definition(), (integration.Definition{
		Type: integration.TypeAWSProxy, HTTPMethod: "POST", URI: "pets", Timeout: integration.DefaultTimeout, PayloadFormatVersion: "2.0",
	}); !reflect.DeepEqual(got, want) {
		t.Errorf("Proxy:\n got %+v\nwant %+v", got, want)
	}
}

// answering is an Invoker that answers a proxy response, and an io.Closer that counts its
// Close calls.
type answering struct{ closed *int }

func (answering) Invoke(context.Context, *invoke.Invocation) (*invoke.Result, error) {
	return &invoke.Result{StatusCode: 200, Payload: []byte(`{"statusCode":201,"headers":{"X-A":"1"},"body":"made"}`), RequestID: "req-9"}, nil
}

func (a answering) Close() error {
	*a.closed++
	return errors.New("closed")
}

// TestClose: the integrations' Close closes their invoker when it is an io.Closer.
func TestClose(t *testing.T) {
	n := 0
	inv := answering{closed: &n}
	if err := lambda.Proxy("fn", inv, lambda.ProxyOptions{}).Close(); err == nil || n != 1 {
		t.Errorf("Proxy's Close: %v, invoker closed %d times", err, n)
	}
	if err := lambda.NonProxy("fn", inv, integration.Options{}).Close(); err == nil || n != 2 {
		t.Errorf("NonProxy's Close: %v, invoker closed %d times", err, n)
	}
	if err := lambda.Proxy("fn", nonCloser{}, lambda.ProxyOptions{}).Close(); err != nil {
		t.Errorf("Close with an invoker that is no io.Closer: %v", err)
	}
}

// nonCloser is an Invoker that is no io.Closer.
type nonCloser struct{}

func (nonCloser) Invoke(context.Context, *invoke.Invocation) (*invoke.Result, error) { return nil, nil }

// typedAnswering adds the typed fast path to answering: a traced request must not take it.
type typedAnswering struct{ answering }

func (typedAnswering) InvokeProxyEvent(context.Context, string, *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *invoke.Result, error) {
	panic("a traced request took the typed fast path")
}

func (typedAnswering) InvokeHTTPEvent(context.Context, string, *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *invoke.Result, error) {
	panic("a traced request took the typed fast path")
}

// TestTrace: both Lambda integrations report the function with the event it gets, and the
// Invoke API's answer with the function's payload.
func TestTrace(t *testing.T) {
	var req apigate.IntegrationRequestInfo
	var resp apigate.IntegrationResponseInfo
	trace := &apigate.Trace{
		IntegrationRequest: func(_ *apigate.Request, i *apigate.IntegrationRequestInfo) {
			req = *i
			req.Body = append([]byte(nil), i.Body...)
		},
		IntegrationResponse: func(_ *apigate.Request, i *apigate.IntegrationResponseInfo) { resp = *i },
	}
	for _, tc := range []struct {
		name   string
		in     apigate.Integration
		event  string // a part of the event sent
		status int
	}{
		{"Proxy", lambda.Proxy("pets", typedAnswering{}, lambda.ProxyOptions{}), `"httpMethod":"POST"`, 200},
		{"NonProxy", lambda.NonProxy("pets", answering{}, integration.Options{
			RequestTemplates: map[string]string{"application/json": `{"n": 1}`},
			Responses:        []integration.IntegrationResponse{{StatusCode: 200}}}), `{"n": 1}`, 200},
		{"NonProxy Event", lambda.NonProxy("pets", answering{}, integration.Options{
			RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
			Responses:         []integration.IntegrationResponse{{StatusCode: 200}}}), `{"name":"Rex"}`, 202},
		{"NonProxy DryRun", lambda.NonProxy("pets", answering{}, integration.Options{
			RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'DryRun'"},
			Responses:         []integration.IntegrationResponse{{StatusCode: 200}}}), `{"name":"Rex"}`, 204},
	} {
		req, resp = apigate.IntegrationRequestInfo{}, apigate.IntegrationResponseInfo{}
		r := itest.Request("POST", "/pets", `{"name":"Rex"}`, "Content-Type", "application/json")
		r.Trace = trace
		itest.Integrate(t, tc.in, r)
		if req.URI != "pets" || !strings.Contains(string(req.Body), tc.event) {
			t.Errorf("%s: request %s %s", tc.name, req.URI, req.Body)
		}
		if resp.StatusCode != tc.status || resp.Err != nil {
			t.Errorf("%s: response %+v", tc.name, resp)
		}
		if tc.status == http.StatusOK && (string(resp.Body) != `{"statusCode":201,"headers":{"X-A":"1"},"body":"made"}` || resp.Header.Get("X-Amzn-Requestid") != "req-9") {
			t.Errorf("%s: response %d %v %s", tc.name, resp.StatusCode, resp.Header, resp.Body)
		}
	}
}
