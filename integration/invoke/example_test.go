package invoke_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/apigate/apigate/integration/invoke"
)

func getPet(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	if req.PathParameters["petId"] == "0" {
		return events.APIGatewayProxyResponse{}, errors.New("no such pet")
	}
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       fmt.Sprintf(`{"id":%q,"function":%q}`, req.PathParameters["petId"], lc.InvokedFunctionArn),
	}, nil
}

func ExampleLocal() {
	var fns invoke.Local
	defer fns.Close()
	if err := fns.Register("pets", getPet); err != nil {
		panic(err)
	}

	// Through JSON, as the Invoke API does it.
	res, err := fns.Invoke(context.Background(), &invoke.Invocation{
		Function: "pets:live",
		Payload:  []byte(`{"pathParameters":{"petId":"7"}}`),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.StatusCode, res.FunctionError, string(res.Payload))

	// A function error is a Result, not an error.
	res, _ = fns.Invoke(context.Background(), &invoke.Invocation{
		Function: "pets",
		Payload:  []byte(`{"pathParameters":{"petId":"0"}}`),
	})
	fmt.Println(res.StatusCode, res.FunctionError, string(res.Payload))

	// Without JSON, for a handler of the events types.
	resp, _, err := fns.InvokeProxyEvent(context.Background(), "pets",
		&events.APIGatewayProxyRequest{PathParameters: map[string]string{"petId": "8"}})
	fmt.Println(err, resp.Body)

	// Output:
	// 200  {"statusCode":200,"headers":{"Content-Type":"application/json"},"multiValueHeaders":null,"body":"{\"id\":\"7\",\"function\":\"arn:aws:lambda:us-east-1:123456789012:function:pets:live\"}"}
	// 200 Unhandled {"errorMessage":"no such pet","errorType":"errorString"}
	// <nil> {"id":"8","function":"arn:aws:lambda:us-east-1:123456789012:function:pets"}
}

// Functions under development run in-process; every other function goes to the Fallback: on
// Lambda, or `sam local start-lambda`, through a lambdaapi.Invoker, or here an InvokerFunc.
func ExampleRegistry() {
	ctx := context.Background()
	local := &invoke.Local{Region: "eu-west-1", Account: "111122223333"}
	defer local.Close()
	if err := local.Register("pets", getPet); err != nil {
		panic(err)
	}
	elsewhere := invoke.InvokerFunc(func(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
		return &invoke.Result{StatusCode: 200, Payload: []byte(`"elsewhere: ` + in.Function + `"`)}, nil
	})
	fns := &invoke.Registry{Local: local, Fallback: elsewhere}

	// In-process.
	res, _ := fns.Invoke(ctx, &invoke.Invocation{Function: "arn:aws:lambda:eu-west-1:111122223333:function:pets", Payload: []byte(`{"pathParameters":{"petId":"7"}}`)})
	fmt.Println(string(res.Payload))
	// Through the Fallback.
	res, _ = fns.Invoke(ctx, &invoke.Invocation{Function: "orders:live", Payload: []byte(`{}`)})
	fmt.Println(string(res.Payload))

	// Output:
	// {"statusCode":200,"headers":{"Content-Type":"application/json"},"multiValueHeaders":null,"body":"{\"id\":\"7\",\"function\":\"arn:aws:lambda:eu-west-1:111122223333:function:pets\"}"}
	// "elsewhere: orders:live"
}
