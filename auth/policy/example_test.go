package policy_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/policy"
	"github.com/apigate/apigate/gateway"
)

// An API's resource policy, as API Gateway's console takes it: the API answers only callers
// from one network; the others get AWS's 403 before any authorizer or integration runs.
func ExampleResource() {
	doc, err := policy.Parse([]byte(`{
		"Version": "2012-10-17",
		"Statement": [{
			"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
			"Resource": "arn:aws:execute-api:us-east-1:*:*/*/GET/*",
			"Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}
		}]
	}`))
	if err != nil {
		panic(err)
	}
	rp, err := policy.NewResource(doc, "us-east-1")
	if err != nil {
		panic(err)
	}

	api := gateway.NewRESTAPI("pets")
	api.Resource("/pets").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte(`["rex"]`)}, nil
	}))
	d, err := api.Deploy()
	if err != nil {
		panic(err)
	}
	gw, err := gateway.New(d, gateway.Policy(rp))
	if err != nil {
		panic(err)
	}
	defer gw.Close(context.Background())

	for _, ip := range []string{"192.0.2.10", "203.0.113.5"} {
		req := httptest.NewRequest("GET", "/prod/pets", nil)
		req.RemoteAddr = ip + ":4000"
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		fmt.Println(ip, rec.Code, rec.Body)
	}
	// Output:
	// 192.0.2.10 200 ["rex"]
	// 203.0.113.5 403 {"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:5kfvvvfbuv/prod/GET/pets"}
}
