package apigatetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
)

// tokenAuthorizer lets through requests with the bearer token it knows, and records the
// principal in $context.authorizer, as an authorizer does.
func tokenAuthorizer(_ context.Context, r *apigate.Request) error {
	if r.Header.Get("Authorization") != "Bearer s3cret" {
		return apigate.ErrUnauthorized
	}
	r.Context.Authorizer = &apigate.Authorizer{PrincipalID: "user-1", Context: map[string]any{"stage": r.Context.Stage}}
	return nil
}

// An authorizer under test gets the request the gateway would give it.
func ExampleNewRequest() {
	r := apigatetest.NewRequest("GET", "/pets/42", nil,
		apigatetest.Resource("/pets/{petId}"),
		apigatetest.Header("Authorization", "Bearer s3cret"))
	err := tokenAuthorizer(context.Background(), r)
	fmt.Println(err, r.Context.Authorizer.PrincipalID, r.Context.Authorizer.Context["stage"], r.PathParameters["petId"])

	r = apigatetest.NewRequest("GET", "/pets/42", nil)
	err = tokenAuthorizer(context.Background(), r)
	fmt.Println(errors.Is(err, apigate.ErrUnauthorized))
	// Output:
	// <nil> user-1 prod 42
	// true
}

// greeting is an integration that reads the stage variables, the query, the body and $context.
var greeting = apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
	body := fmt.Sprintf("%s %s from %s on %s at %s: %s", r.StageVariables["greeting"], r.Query.Get("name"),
		r.Context.Identity.SourceIP, r.Context.Path, r.Context.RequestTime, r.Body)
	return &apigate.Response{StatusCode: http.StatusOK, Body: []byte(body)}, nil
})

// An integration under test gets the stage's variables, the query and body, and $context as the
// gateway fills it.
func ExampleNewRequest_integration() {
	r := apigatetest.NewRequest("POST", "/hello?name=Ada", strings.NewReader(`{"n":1}`),
		apigatetest.Stage("dev"),
		apigatetest.StageVariables(map[string]string{"greeting": "Hello"}),
		apigatetest.ReceivedAt(time.Date(2024, 8, 2, 23, 34, 43, 0, time.UTC)))
	resp, err := greeting.Integrate(context.Background(), r)
	fmt.Println(resp.StatusCode, string(resp.Body), err)
	// Output:
	// 200 Hello Ada from 192.0.2.1 on /dev/hello at 02/Aug/2024:23:34:43 +0000: {"n":1} <nil>
}
