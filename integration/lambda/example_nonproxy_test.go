package lambda_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
)

// exampleRequest builds a method request as the gateway hands it to an integration, with a
// request id of its own so that the output is the same from run to run.
func exampleRequest(method, target, body string, header http.Header) *apigate.Request {
	r := apigatetest.NewRequest(method, target, strings.NewReader(body))
	for name, values := range header {
		r.Header[name] = values
	}
	r.Context.RequestID = "req-1"
	return r
}

// exampleInvoker stands for Lambda: it runs the function of a name in process.
type exampleInvoker map[string]func(event []byte) (payload []byte, functionError bool)

func (fns exampleInvoker) Invoke(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	fn, ok := fns[in.Function]
	if !ok {
		return nil, fmt.Errorf("function not found: %s", in.Function)
	}
	payload, failed := fn(in.Payload)
	res := &invoke.Result{StatusCode: 200, Payload: payload, RequestID: "8a3f0c1e-example"}
	if failed {
		res.FunctionError = "Unhandled"
	}
	return res, nil
}

// A Lambda custom (non-proxy) integration: the request template builds the function's event,
// the function's errorMessage selects the integration response (a success selects with the
// empty string, so it gets the default response), and the response parameters read the JSON a
// custom error carries in its errorMessage.
func ExampleNonProxy() {
	functions := exampleInvoker{
		"arn:aws:lambda:eu-west-1:123456789012:function:pets:live": func(event []byte) ([]byte, bool) {
			var e struct{ Name string }
			json.Unmarshal(event, &e)
			if e.Name == "" {
				// A custom error: the function failed with a JSON text as its message.
				return []byte(`{"errorMessage":"{\"code\":\"NAME_REQUIRED\",\"field\":\"name\"}","errorType":"ValidationError"}`), true
			}
			return []byte(`{"id":7,"name":"` + e.Name + `"}`), false
		},
	}
	l := lambda.NonProxy(
		"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:pets:${stageVariables.alias}/invocations",
		functions,
		integration.Options{
			RequestTemplates: map[string]string{"application/json": `{"name": "$input.path('$.name')"}`},
			Responses: []integration.IntegrationResponse{
				{StatusCode: 201, ResponseTemplates: map[string]string{"application/json": `{"pet": $input.path('$.id')}`}},
				{SelectionPattern: `.*"NAME_REQUIRED".*`, StatusCode: 400,
					ResponseParameters: map[string]string{"method.response.header.X-Error-Field": "integration.response.body.errorMessage.field"},
					ResponseTemplates:  map[string]string{"application/json": `{"message": "a pet needs a name"}`}},
			},
		})
	if err := l.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	for _, body := range []string{`{"name":"Rex"}`, `{}`} {
		r := exampleRequest("POST", "/pets", body, http.Header{"Content-Type": {"application/json"}})
		r.StageVariables = map[string]string{"alias": "live"}
		resp, err := l.Integrate(context.Background(), r)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(resp.StatusCode, string(resp.Body), resp.Header["X-Error-Field"])
	}
	// Output:
	// 201 {"pet": 7} []
	// 400 {"message": "a pet needs a name"} [name]
}

// An X-Amz-Invocation-Type header mapped to 'Event' invokes the function asynchronously: the
// method answers at once, from an empty integration response.
func ExampleNonProxy_async() {
	functions := exampleInvoker{"worker": func([]byte) ([]byte, bool) { return nil, false }}
	l := lambda.NonProxy("worker", functions, integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
		Responses:         []integration.IntegrationResponse{{StatusCode: 202, ResponseTemplates: map[string]string{"application/json": `{"queued": true}`}}},
	})
	resp, err := l.Integrate(context.Background(), exampleRequest("POST", "/jobs", `{"job":1}`, http.Header{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, string(resp.Body))
	// Output:
	// 202 {"queued": true}
}
