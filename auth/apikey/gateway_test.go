package apikey_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/apikey"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
	"github.com/apigate/apigate/stage"
)

// identityEcho answers $context.identity.apiKey and apiKeyId.
var identityEcho = apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
	body := "apiKey=" + r.Context.Identity.APIKey + " apiKeyId=" + r.Context.Identity.APIKeyID
	return &apigate.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(body)}, nil
})

// byHeader is a Lambda authorizer stand-in: it lets a request with "Authorization: allow
// <key>" through and returns <key> as its usageIdentifierKey (none for "allow" alone).
var byHeader = gateway.AuthorizerFunc(func(_ context.Context, r *apigate.Request) error {
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "allow")
	if !ok {
		return apigate.ErrUnauthorized
	}
	r.UsageIdentifierKey = strings.TrimSpace(key)
	return nil
})

type exchange struct {
	method, target string
	header         []string
	status         int
	errorType      string
	body           string
}

func serve(t *testing.T, gw *gateway.Gateway, tests []exchange) {
	t.Helper()
	srv := httptest.NewServer(gw)
	defer srv.Close()
	for _, tc := range tests {
		req, err := http.NewRequest(tc.method, srv.URL+tc.target, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(tc.header); i += 2 {
			req.Header.Set(tc.header[i], tc.header[i+1])
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || string(body) != tc.body || resp.Header.Get("X-Amzn-Errortype") != tc.errorType {
			t.Errorf("%s %s %q: got %d %q %q, want %d %q %q", tc.method, tc.target, tc.header,
				resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), body, tc.status, tc.errorType, tc.body)
		}
	}
}

const forbidden = `{"message":"Forbidden"}`

// TestGatewayHeaderSource runs the key source HEADER end to end: X-API-Key, enabled and
// disabled keys, usage plans per stage, and a method that does not require a key.
func TestGatewayHeaderSource(t *testing.T) {
	api := gateway.NewRESTAPI("keys").SetID("api1")
	api.Resource("/key").Method("GET", identityEcho, gateway.APIKeyRequired())
	api.Resource("/open").Method("GET", identityEcho)
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	plans := &apikey.Stages{}
	keys := &apikey.Store{Plans: plans}
	mustAdd(t, keys, apikey.Key{ID: "id1", Value: value1, Enabled: true})
	mustAdd(t, keys, apikey.Key{ID: "id2", Value: value2, Enabled: false})
	mustAdd(t, keys, apikey.Key{ID: "id3", Value: value3, Enabled: true})
	plans.Allow("id1", apikey.APIStage{APIID: "api1", Stage: "prod"}, apikey.APIStage{APIID: "api1", Stage: "beta"})
	plans.Allow("id2", apikey.APIStage{APIID: "api1", Stage: "prod"})
	plans.Allow("id3", apikey.APIStage{APIID: "api1", Stage: "beta"}, apikey.APIStage{APIID: "other", Stage: "prod"})
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod"}), gateway.Stage(stage.Config{Name: "beta"}), gateway.Keys(keys))
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close(context.Background())
	serve(t, gw, []exchange{
		{"GET", "/prod/key", []string{"X-API-Key", value1}, 200, "", "apiKey=" + value1 + " apiKeyId=id1"},
		{"GET", "/beta/key", []string{"X-API-Key", value1}, 200, "", "apiKey=" + value1 + " apiKeyId=id1"},
		{"GET", "/prod/key", []string{"x-api-key", value1}, 200, "", "apiKey=" + value1 + " apiKeyId=id1"},
		{"GET", "/prod/key", nil, 403, "ForbiddenException", forbidden},
		{"GET", "/prod/key", []string{"X-API-Key", ""}, 403, "ForbiddenException", forbidden},
		{"GET", "/prod/key", []string{"X-API-Key", "Unknown0Unknown0Unknown0"}, 403, "ForbiddenException", forbidden},
		{"GET", "/prod/key", []string{"X-API-Key", value2}, 403, "ForbiddenException", forbidden}, // disabled
		{"GET", "/prod/key", []string{"X-API-Key", value3}, 403, "ForbiddenException", forbidden}, // in no plan of api1/prod
		{"GET", "/beta/key", []string{"X-API-Key", value3}, 200, "", "apiKey=" + value3 + " apiKeyId=id3"},
		{"GET", "/prod/key", []string{"Authorization", value1}, 403, "ForbiddenException", forbidden}, // not the key source
		// a method without apiKeyRequired ignores the header, whatever it holds
		{"GET", "/prod/open", nil, 200, "", "apiKey= apiKeyId="},
		{"GET", "/prod/open", []string{"X-API-Key", value1}, 200, "", "apiKey= apiKeyId="},
		{"GET", "/prod/open", []string{"X-API-Key", "Unknown0Unknown0Unknown0"}, 200, "", "apiKey= apiKeyId="},
		{"GET", "/prod/open", []string{"X-API-Key", value2}, 200, "", "apiKey= apiKeyId="},
	})

	// keys change while the gateway serves
	if err := keys.Disable("id1"); err != nil {
		t.Fatal(err)
	}
	plans.Allow("id3", apikey.APIStage{APIID: "api1", Stage: "prod"})
	serve(t, gw, []exchange{
		{"GET", "/prod/key", []string{"X-API-Key", value1}, 403, "ForbiddenException", forbidden},
		{"GET", "/prod/key", []string{"X-API-Key", value3}, 200, "", "apiKey=" + value3 + " apiKeyId=id3"},
	})
}

// TestGatewayAuthorizerSource runs the key source AUTHORIZER end to end: the key is the
// authorizer's usageIdentifierKey, and X-API-Key plays no part.
func TestGatewayAuthorizerSource(t *testing.T) {
	api := gateway.NewRESTAPI("keys").APIKeySource(gateway.KeyFromAuthorizer)
	api.Resource("/key").Method("GET", identityEcho, gateway.APIKeyRequired(), gateway.AuthorizeWith(byHeader))
	api.Resource("/open").Method("GET", identityEcho, gateway.AuthorizeWith(byHeader))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	keys := &apikey.Store{}
	mustAdd(t, keys, apikey.Key{ID: "id1", Value: value1, Enabled: true})
	mustAdd(t, keys, apikey.Key{ID: "id2", Value: value2, Enabled: false})
	gw, err := gateway.New(d, gateway.Keys(keys))
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close(context.Background())
	serve(t, gw, []exchange{
		{"GET", "/prod/key", []string{"Authorization", "allow " + value1}, 200, "", "apiKey=" + value1 + " apiKeyId=id1"},
		{"GET", "/prod/key", []string{"Authorization", "allow " + value1, "X-API-Key", value2}, 200, "", "apiKey=" + value1 + " apiKeyId=id1"},
		{"GET", "/prod/key", []string{"Authorization", "allow"}, 403, "ForbiddenException", forbidden}, // no usageIdentifierKey
		{"GET", "/prod/key", []string{"Authorization", "allow " + value2}, 403, "ForbiddenException", forbidden},
		{"GET", "/prod/key", []string{"Authorization", "allow Unknown0Unknown0Unknown0"}, 403, "ForbiddenException", forbidden},
		{"GET", "/prod/key", []string{"Authorization", "allow x", "X-API-Key", value1}, 403, "ForbiddenException", forbidden},
		{"GET", "/prod/key", []string{"X-API-Key", value1}, 401, "UnauthorizedException", `{"message":"Unauthorized"}`}, // the authorizer runs first
		{"GET", "/prod/open", []string{"Authorization", "allow Unknown0Unknown0Unknown0"}, 200, "", "apiKey= apiKeyId="},
	})
}

// proxyFunction stands in for the Lambda service, running a Go proxy function on the JSON
// event.
type proxyFunction func(events.APIGatewayProxyRequest) events.APIGatewayProxyResponse

func (f proxyFunction) Invoke(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	var event events.APIGatewayProxyRequest
	if err := json.Unmarshal(in.Payload, &event); err != nil {
		return nil, err
	}
	out, err := json.Marshal(f(event))
	return &invoke.Result{StatusCode: 200, Payload: out}, err
}

// TestGatewayProxyEvent checks the key's value and id in a Lambda proxy event's
// requestContext.identity.
func TestGatewayProxyEvent(t *testing.T) {
	fn := proxyFunction(func(e events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: e.RequestContext.Identity.APIKey + "/" + e.RequestContext.Identity.APIKeyID}
	})
	api := gateway.NewRESTAPI("keys")
	api.Resource("/key").Method("GET", lambda.Proxy(
		"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations",
		fn, lambda.ProxyOptions{}), gateway.APIKeyRequired())
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	keys := &apikey.Store{}
	mustAdd(t, keys, apikey.Key{ID: "id1", Value: value1, Enabled: true})
	gw, err := gateway.New(d, gateway.Keys(keys))
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close(context.Background())
	serve(t, gw, []exchange{{"GET", "/prod/key", []string{"X-API-Key", value1}, 200, "", value1 + "/id1"}})
}
