// Command quickstart is the README's example, whole: a REST API with a MOCK method, an HTTP
// integration, an existing http.Handler behind the gateway and a Lambda proxy method running a
// Go function in-process, served on 127.0.0.1:8080 with timeouts and shut down gracefully.
//
// The regions between "readme:" markers are the README's snippets, byte for byte (a test in
// this package checks it), so what the README shows compiles.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
	"github.com/apigate/apigate/stage"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, "127.0.0.1:8080", http.NewServeMux()); err != nil {
		log.Fatal(err)
	}
}

// hello is a Lambda function: it gets the API Gateway event and returns the response.
func hello(_ context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: "hello, " + e.PathParameters["name"]}, nil
}

// newGateway defines the API and deploys it on the stage "prod".
func newGateway(mux http.Handler) (*gateway.Gateway, error) {
	// readme:define
	api := gateway.NewRESTAPI("petstore")
	api.Model("NewPet", `{"type":"object","required":["type"],"additionalProperties":false,
		"properties":{"type":{"type":"string","enum":["dog","cat"]}}}`)

	// a MOCK method: the request template picks the status, the response template the body
	api.Resource("/ping").Method("GET", integration.Mock(integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses: []integration.IntegrationResponse{{StatusCode: 200,
			ResponseTemplates: map[string]string{"application/json": `{"requestId": "$context.requestId"}`}}},
	}))

	// an HTTP integration with a path parameter mapped into the backend URI
	api.Resource("/pets/{petId}").Method("GET", integration.HTTP("GET", "http://${stageVariables.backend}/pets/{id}",
		integration.Options{
			RequestParameters: map[string]string{"integration.request.path.id": "method.request.path.petId"},
			Responses:         []integration.IntegrationResponse{{StatusCode: 200}},
		}), gateway.RequestParameter("method.request.path.petId", true))

	// an existing http.Handler behind the gateway, in-process, with the body validated first
	// (the model for "$default" checks bodies of every Content-Type)
	api.Resource("/pets").Method("POST", integration.Handler(mux, integration.HandlerOptions{}),
		gateway.RequestModel("$default", "NewPet"),
		gateway.ValidateRequest(gateway.Validation{Body: true}))

	// a Lambda proxy method: a Go function run in-process, with Lambda's context and timeouts
	functions := &invoke.Local{}
	if err := functions.Register("hello", hello); err != nil {
		return nil, err
	}
	api.Resource("/hello/{name}").Method("GET", lambda.Proxy("hello", functions, lambda.ProxyOptions{}))

	d, err := api.Deploy() // every definition error at once, with AWS's messages
	if err != nil {
		return nil, err
	}
	return gateway.New(d, gateway.Stage(stage.Config{Name: "prod", Variables: stage.Variables{"backend": "localhost:9000"}}))
	// readme:end
}

// run serves the API on addr until ctx ends, then shuts down.
func run(ctx context.Context, addr string, mux *http.ServeMux) error {
	gw, err := newGateway(mux)
	if err != nil {
		return err
	}
	// readme:serve
	srv := gateway.NewServer(addr, gw) // an http.Server with timeouts sized for API Gateway's limits
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := srv.Shutdown(shutdown)                   // stop taking requests, wait for those in flight
		stopped <- errors.Join(err, gw.Close(shutdown)) // then close what the gateway holds (invokers, stores)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-stopped // ListenAndServe returns at once on Shutdown: wait for it to finish
	// readme:end
}

// mount shows the gateway under a prefix of an existing mux.
func mount(mux *http.ServeMux, gw *gateway.Gateway) {
	// readme:mount
	mux.Handle("/api/", http.StripPrefix("/api", gw)) // /api/prod/pets/1 reaches the gateway as /prod/pets/1
	// readme:end
}

// observe shows the trace hooks: an access log line per request.
func observe(d *gateway.Deployment) (*gateway.Gateway, error) {
	// readme:observe
	accessLog := &apigate.Trace{
		Done: func(r *apigate.Request, info *apigate.DoneInfo) {
			log.Printf("%s %s %s %d %v", r.Context.RequestID, r.Method, r.Context.ResourcePath, info.StatusCode, info.Latency)
		},
	}
	return gateway.New(d, gateway.Observe(accessLog))
	// readme:end
}

// describe prints the API's methods, as OpenAPI export and the dashboard read them.
func describe(d *gateway.Deployment) {
	// readme:walk
	d.Walk(func(m *gateway.Method) error {
		if def, ok := m.Integration().(integration.Definer); ok {
			fmt.Println(m.HTTPMethod(), m.ResourcePath(), def.Definition().Type)
		}
		return nil
	})
	// readme:end
}
