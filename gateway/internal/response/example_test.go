package response_test

import (
	"fmt"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/gateway/internal/response"
)

// An API that answers every 4xx with CORS headers and its own error format: the uncustomized
// 4xx types inherit DEFAULT_4XX's headers and template, and keep their own status.
func Example() {
	set, err := response.Compile(map[apigate.ResponseType]response.Custom{
		apigate.Default4XX: {
			Parameters: map[string]string{
				"gatewayresponse.header.Access-Control-Allow-Origin": "'*'",
				"gatewayresponse.header.X-Request-Id":                "context.requestId",
			},
			Templates: map[string]string{
				"application/json": `{"error":{"type":"$context.error.responseType","message":$context.error.messageString},"stage":"$context.stage"}`,
			},
		},
	})
	if err != nil {
		panic(err)
	}
	r := apigatetest.NewRequest("GET", "/pets", nil, apigatetest.Header("Accept", "application/json"))
	r.Context.RequestID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef" // a fresh UUID otherwise
	status, header, body := set.Render(apigate.ErrThrottled, r)
	fmt.Println(status)
	fmt.Println(header.Get("Access-Control-Allow-Origin"), header.Get("X-Request-Id"), header.Get("x-amzn-ErrorType"))
	fmt.Println(string(body))

	// Without customizations, the built-in response.
	status, _, body = (*response.Set)(nil).Render(apigate.ErrAuthorizerConfiguration, r)
	fmt.Println(status, string(body))
	// Output:
	// 429
	// * c6af9ac6-7b61-11e6-9a41-93e8deadbeef TooManyRequestsException
	// {"error":{"type":"THROTTLED","message":"Too Many Requests"},"stage":"prod"}
	// 500 {"message":null}
}
