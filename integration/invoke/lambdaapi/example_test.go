package lambdaapi_test

import (
	"context"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/invoke/lambdaapi"
)

func getPet(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: `{"id":"7"}`}, nil
}

// Functions under development run in-process; every other function is invoked on Lambda, or on
// `sam local start-lambda` as here.
func ExampleNew() {
	ctx := context.Background()
	local := &invoke.Local{Region: "eu-west-1", Account: "111122223333"}
	defer local.Close()
	if err := local.Register("pets", getPet); err != nil {
		panic(err)
	}
	remote, err := lambdaapi.New(ctx, lambdaapi.Config{Region: "eu-west-1", Endpoint: "http://127.0.0.1:3001"})
	if err != nil {
		panic(err)
	}
	fns := &invoke.Registry{Local: local, Fallback: remote}

	// In-process.
	_, _ = fns.Invoke(ctx, &invoke.Invocation{Function: "arn:aws:lambda:eu-west-1:111122223333:function:pets", Payload: []byte(`{}`)})
	// Through the Invoke API.
	_, _ = fns.Invoke(ctx, &invoke.Invocation{Function: "orders:live", Payload: []byte(`{}`)})
}
