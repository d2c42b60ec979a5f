package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate/auth/apikey"
	"github.com/apigate/apigate/auth/lambdaauth"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/stage"
)

// What wrk sends to the mock-auth server: an API key and a token its authorizer allows.
const (
	authBenchKey   = "benchApiKey0123456789abcdef"
	authBenchToken = "allow"
)

// authorizeBench is the mock-auth server's TOKEN authorizer, a Go function run in-process: it
// allows the token "allow" on every method of the API (so the cached decision holds for all).
func authorizeBench(_ context.Context, e events.APIGatewayCustomAuthorizerRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	if e.AuthorizationToken != authBenchToken {
		return events.APIGatewayCustomAuthorizerResponse{}, errors.New("Unauthorized")
	}
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: "bench-user",
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version: "2012-10-17",
			Statement: []events.IAMPolicyStatement{{
				Action: []string{"execute-api:Invoke"}, Effect: "Allow",
				Resource: []string{"arn:aws:execute-api:*:*:*/prod/*"},
			}},
		},
		Context: map[string]any{"tier": "gold"},
	}, nil
}

// newMockAuth is mode mock-auth: the mock method behind an API key (X-API-Key) and a TOKEN
// authorizer whose decision is cached (the default 300 s), as a production API runs it.
func newMockAuth() (http.Handler, error) {
	fns := &invoke.Local{}
	if err := fns.Register("authorizer", authorizeBench); err != nil {
		return nil, err
	}
	authorizer, err := lambdaauth.New(lambdaauth.Config{
		Type: lambdaauth.Token, Invoker: fns, Function: "authorizer", Region: "us-east-1",
	})
	if err != nil {
		return nil, err
	}
	keys := &apikey.Store{}
	if _, err := keys.Add(apikey.Key{Name: "bench", Value: authBenchKey, Enabled: true}); err != nil {
		return nil, err
	}
	api := gateway.NewRESTAPI("bench")
	api.Resource("/hello").Method(http.MethodGet, integration.Mock(integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses: []integration.IntegrationResponse{{
			StatusCode:        mockStatus,
			ResponseTemplates: map[string]string{mockContentType: mockBody},
		}},
	}), gateway.APIKeyRequired(), gateway.AuthorizeWith(authorizer))
	d, err := api.Deploy()
	if err != nil {
		return nil, err
	}
	return gateway.New(d, gateway.Stage(stage.Config{Name: "prod"}), gateway.Keys(keys))
}
