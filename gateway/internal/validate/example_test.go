package validate_test

import (
	"fmt"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/gateway/internal/validate"
)

// A method that requires a header and a query string parameter and validates JSON bodies
// against a model that refers to another model of its API.
func Example() {
	v, err := validate.Compile(validate.Config{
		Required: []string{"method.request.querystring.q", "method.request.header.x-trace"},
		Models: map[string]string{
			"application/json": `{"type":"object","required":["pet"],"properties":{
				"pet":{"$ref":"https://apigateway.amazonaws.com/restapis/a1b2c3/models/Pet"}}}`,
		},
		Shared:     map[string]string{"Pet": `{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}`},
		Parameters: true,
		Body:       true,
	})
	if err != nil {
		panic(err)
	}
	show := func(r *apigate.Request) {
		switch err := v.Validate(r).(type) {
		case nil:
			fmt.Println("valid")
		case *apigate.Error:
			fmt.Println(err.Type, err.Message)
			if err.ValidationErrorString != "" {
				fmt.Println("  ", err.ValidationErrorString)
			}
		}
	}

	show(apigatetest.NewRequest("GET", "/pets?q=", nil))
	post := func(body string) *apigate.Request {
		return apigatetest.NewRequest("POST", "/pets?q=cats", strings.NewReader(body),
			apigatetest.Header("X-Trace", "1"), apigatetest.Header("Content-Type", "application/json; charset=utf-8"))
	}
	show(post(`{"pet":{}}`))
	show(post(`{"pet":{"name":"Tom"}}`))
	// Output:
	// BAD_REQUEST_PARAMETERS Missing required request parameters: [x-trace, q]
	// BAD_REQUEST_BODY Invalid request body
	//    [Error at "/pet/name": property "name" is missing]
	// valid
}
