package lambdaauth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/lambdaauth"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/stage"
)

// tokenAuthorizer is a TOKEN authorizer function written in Go, as it would run on Lambda.
func tokenAuthorizer(_ context.Context, e events.APIGatewayCustomAuthorizerRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	effect := "Allow"
	switch e.AuthorizationToken {
	case "allow":
	case "deny":
		effect = "Deny"
	default:
		return events.APIGatewayCustomAuthorizerResponse{}, errors.New("Unauthorized")
	}
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: "user-1",
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version: "2012-10-17",
			Statement: []events.IAMPolicyStatement{{
				Action: []string{"execute-api:Invoke"}, Effect: effect, Resource: []string{e.MethodArn},
			}},
		},
		Context: map[string]any{"tier": "gold", "quota": 5},
	}, nil
}

// A TOKEN authorizer written in Go, run in-process by invoke.Local, in front of a method.
func ExampleNew() {
	var fns invoke.Local
	defer fns.Close()
	if err := fns.Register("token-authorizer", tokenAuthorizer); err != nil {
		panic(err)
	}
	authorizer, err := lambdaauth.New(lambdaauth.Config{
		Type:                         lambdaauth.Token,
		Invoker:                      &fns,
		Function:                     "token-authorizer",
		IdentitySource:               "method.request.header.Authorization",
		IdentityValidationExpression: "[a-z]+",
		Region:                       "us-east-1",
	})
	if err != nil {
		panic(err)
	}

	api := gateway.NewRESTAPI("pets")
	api.Resource("/pets").Method(http.MethodGet, apigate.IntegrationFunc(
		func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
			a := r.Context.Authorizer
			body := fmt.Sprintf("hello %s (%s, %s)", a.PrincipalID, a.Context["tier"], a.Context["quota"])
			return &apigate.Response{StatusCode: http.StatusOK, Body: []byte(body)}, nil
		}), gateway.AuthorizeWith(authorizer))
	d, err := api.Deploy()
	if err != nil {
		panic(err)
	}
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod"}))
	if err != nil {
		panic(err)
	}
	defer gw.Close(context.Background())

	for _, token := range []string{"allow", "deny", "nobody", "Not-Valid!", ""} {
		req := httptest.NewRequest("GET", "/prod/pets", nil)
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header()["x-amzn-ErrorType"], rec.Body)
	}
	// Output:
	// 200 [] hello user-1 (gold, 5)
	// 403 [AccessDeniedException] {"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}
	// 401 [UnauthorizedException] {"message":"Unauthorized"}
	// 401 [UnauthorizedException] {"message":"Unauthorized"}
	// 401 [UnauthorizedException] {"message":"Unauthorized"}
}
