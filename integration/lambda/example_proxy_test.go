package lambda_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
	"github.com/apigate/apigate/stage"
)

// exampleLambda stands in for the Lambda service: it runs a Go proxy function on the JSON
// event, as the Lambda runtime does. (invoke.Local runs registered Go functions the same way,
// and hands a function of the events structs its event without JSON.)
type exampleLambda func(events.APIGatewayProxyRequest) events.APIGatewayProxyResponse

func (f exampleLambda) Invoke(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	var event events.APIGatewayProxyRequest
	if err := json.Unmarshal(in.Payload, &event); err != nil {
		return nil, err
	}
	out, err := json.Marshal(f(event))
	return &invoke.Result{StatusCode: 200, Payload: out}, err
}

// A Lambda proxy method: the function gets the whole request as the event API Gateway sends
// and answers the whole response. An answer that breaks the proxy format is a 502.
func ExampleProxy() {
	pets := exampleLambda(func(e events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
		if e.PathParameters["petId"] == "0" {
			return events.APIGatewayProxyResponse{StatusCode: 999} // not an HTTP status
		}
		body, _ := json.Marshal(map[string]string{
			"id":       e.PathParameters["petId"],
			"resource": e.Resource,
			"path":     e.RequestContext.Path,
			"verbose":  e.QueryStringParameters["verbose"],
			"stage":    e.StageVariables["version"],
		})
		return events.APIGatewayProxyResponse{
			StatusCode: 200,
			Headers:    map[string]string{"Content-Type": "application/json", "X-Pet": e.PathParameters["petId"]},
			Body:       string(body),
		}
	})

	api := gateway.NewRESTAPI("pets")
	api.Resource("/pets/{petId}").Method("GET", lambda.Proxy(
		"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets:${stageVariables.version}/invocations",
		pets, lambda.ProxyOptions{}))
	d, err := api.Deploy()
	if err != nil {
		fmt.Println(err)
		return
	}
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod", Variables: map[string]string{"version": "live"}}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, target := range []string{"/prod/pets/7?verbose=1", "/prod/pets/0"} {
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		fmt.Println(rec.Code, rec.Header().Get("X-Pet"), strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 200 7 {"id":"7","path":"/prod/pets/7","resource":"/pets/{petId}","stage":"live","verbose":"1"}
	// 502  {"message":"Internal server error"}
}
