package gateway_test

import (
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/stage"
)

func TestRequestValidation(t *testing.T) {
	api := gateway.NewRESTAPI("validation")
	api.Model("Dog", `{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}`)
	api.Resource("/issuers/{issuer}").Method("POST", echo{},
		gateway.RequestParameter("method.request.header.x-header-param", true),
		gateway.RequestParameter("method.request.path.issuer", true),
		gateway.RequestParameter("method.request.querystring.qs1", true),
		gateway.RequestParameter("method.request.querystring.optional", false),
		gateway.RequestModel("application/json", "Dog"),
		gateway.ValidateRequest(gateway.Validation{Parameters: true, Body: true}))
	api.Resource("/bodyonly").Method("POST", echo{},
		gateway.RequestParameter("method.request.querystring.q", true),
		gateway.RequestModel("application/json", "Dog"),
		gateway.ValidateRequest(gateway.Validation{Body: true}))
	api.Resource("/none").Method("POST", echo{},
		gateway.RequestParameter("method.request.querystring.q", true),
		gateway.RequestModel("application/json", "Dog"))
	gw := mustGateway(t, api)

	const missingAll = `{"message":"Missing required request parameters: [x-header-param, qs1]"}`
	for _, tc := range []struct {
		target, body string
		header       []string
		status       int
		want         string
	}{
		{"/prod/issuers/acme", `{"name":"rex"}`, nil, 400, missingAll},
		{"/prod/issuers/acme?qs1=", `{"name":"rex"}`, []string{"X-Header-Param", ""}, 400, missingAll},
		{"/prod/issuers/acme?qs1=1", `{}`, nil, 400, `{"message":"Missing required request parameters: [x-header-param]"}`},
		{"/prod/issuers/acme?qs1=1", `{}`, []string{"x-header-param", "h"}, 400, `{"message":"Invalid request body"}`},
		{"/prod/issuers/acme?qs1=1", `not json`, []string{"x-header-param", "h"}, 400, `{"message":"Invalid request body"}`},
		{"/prod/issuers/acme?qs1=1", ``, []string{"x-header-param", "h"}, 400, `{"message":"Invalid request body"}`},
		{"/prod/issuers/acme?qs1=1", `{"name":"rex"}`, []string{"x-header-param", "h"}, 200, "POST /issuers/{issuer} /issuers/acme issuer=acme"},
		{"/prod/bodyonly", `{"name":"rex"}`, nil, 200, "POST /bodyonly /bodyonly"},
		{"/prod/bodyonly", `{"name":1}`, nil, 400, `{"message":"Invalid request body"}`},
		{"/prod/none", `{"name":1}`, nil, 200, "POST /none /none"},
	} {
		h := append([]string{"Content-Type", "application/json"}, tc.header...)
		rec := do(gw, "POST", tc.target, strings.NewReader(tc.body), h...)
		if rec.Code != tc.status || rec.Body.String() != tc.want {
			t.Errorf("POST %s %q %v: got %d %s, want %d %s", tc.target, tc.body, tc.header, rec.Code, rec.Body, tc.status, tc.want)
		}
		if tc.status == 400 && first(rec.Header()["x-amzn-ErrorType"]) != "BadRequestException" {
			t.Errorf("POST %s: x-amzn-ErrorType %q", tc.target, first(rec.Header()["x-amzn-ErrorType"]))
		}
	}
}

func TestCustomGatewayResponses(t *testing.T) {
	api := gateway.NewRESTAPI("responses")
	api.Resource("/pets").Method("GET", echo{}, gateway.APIKeyRequired())
	api.CustomizeResponse(apigate.Default4XX, gateway.GatewayResponse{
		StatusCode: 418,
		Parameters: map[string]string{"gatewayresponse.header.X-Request": "context.requestId", "gatewayresponse.header.X-Static": "'teapot'"},
		Templates:  map[string]string{"application/json": `{"error":$context.error.messageString,"type":"$context.error.responseType","stage":"$context.stage"}`},
	})
	api.CustomizeResponse(apigate.InvalidAPIKey, gateway.GatewayResponse{
		Templates: map[string]string{"application/json": `{"key":"missing","path":"$context.path"}`},
	})
	gw := mustGateway(t, api, gateway.Stage(stage.Config{Name: "v1"}))

	rec := do(gw, "GET", "/v1/nothing", nil)
	want := `{"error":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN","stage":"v1"}`
	if rec.Code != 418 || rec.Body.String() != want || rec.Header().Get("X-Static") != "teapot" ||
		rec.Header().Get("X-Request") != first(rec.Header()["x-amzn-RequestId"]) || first(rec.Header()["x-amzn-ErrorType"]) != "MissingAuthenticationTokenException" {
		t.Errorf("inherited DEFAULT_4XX: %d %s %v", rec.Code, rec.Body, rec.Header())
	}
	rec = do(gw, "GET", "/v1/pets", nil)
	if rec.Code != 403 || rec.Body.String() != `{"key":"missing","path":"/v1/pets"}` || rec.Header().Get("X-Static") != "" {
		t.Errorf("customized INVALID_API_KEY: %d %s %v", rec.Code, rec.Body, rec.Header())
	}

	bad := gateway.NewRESTAPI("bad")
	bad.CustomizeResponse("NOT_A_TYPE", gateway.GatewayResponse{StatusCode: 400})
	if _, err := bad.Deploy(); err == nil {
		t.Error("unknown response type: no error")
	}
}

func TestMethodResponses(t *testing.T) {
	mock := func(responses ...integration.IntegrationResponse) *integration.NonProxyIntegration {
		return integration.Mock(integration.Options{
			RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
			Responses:        responses,
		})
	}
	ok200 := integration.IntegrationResponse{StatusCode: 200, ResponseParameters: map[string]string{"method.response.header.X-Id": "context.requestId"}}
	bad400 := integration.IntegrationResponse{SelectionPattern: `4\d{2}`, StatusCode: 400}
	for _, tc := range []struct {
		name string
		opts []gateway.MethodOption
		want string // "" for no error
	}{
		{"none declared", nil, ""},
		{"all declared", []gateway.MethodOption{gateway.MethodResponse(200, "x-id"), gateway.MethodResponse(400)}, ""},
		{"status missing", []gateway.MethodOption{gateway.MethodResponse(200, "X-Id")}, "integration response 400: Invalid Response status code specified"},
		{"header missing", []gateway.MethodOption{gateway.MethodResponse(200), gateway.MethodResponse(400)},
			"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.response.header.X-Id]"},
	} {
		api := gateway.NewRESTAPI("mr")
		api.Resource("/x").Method("GET", mock(ok200, bad400), tc.opts...)
		_, err := api.Deploy()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: Deploy error %v, want %q", tc.name, err, tc.want)
		}
	}
}
