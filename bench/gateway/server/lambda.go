package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/aws/aws-lambda-go/events"
)

// The Lambda comparisons serve GET /prod/hello?name=... three ways:
//
//	-mode lambda-bare      the limit: a net/http handler that builds the
//	                       events.APIGatewayProxyRequest by hand and calls hello directly
//	-mode lambda-proxy     apigate: a Lambda proxy method running hello in-process
//	-mode lambda-nonproxy  apigate: a non-proxy Lambda method with a request and a response
//	                       template running greet in-process

// hello is the proxy function both the limit and apigate call.
func hello(_ context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	name := ev.QueryStringParameters["name"]
	return events.APIGatewayProxyResponse{
		StatusCode: http.StatusOK,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       `{"message":"hello ` + name + `"}`,
	}, nil
}

type greetIn struct {
	Name string `json:"name"`
}

type greetOut struct {
	Greeting string `json:"greeting"`
}

// greet is the non-proxy function.
func greet(_ context.Context, in greetIn) (greetOut, error) {
	return greetOut{Greeting: "hello " + in.Name}, nil
}

// newLambdaHandler returns the handler for the Lambda modes; ok is false for other modes.
func newLambdaHandler(mode string) (h http.Handler, ok bool, err error) {
	switch mode {
	case "lambda-bare":
		return http.HandlerFunc(bareLambda), true, nil
	case "lambda-proxy":
		fns := &invoke.Local{}
		if err := fns.Register("hello", hello); err != nil {
			return nil, true, err
		}
		api := gateway.NewRESTAPI("bench")
		api.Resource("/hello").Method(http.MethodGet, integration.LambdaProxy("hello", fns, integration.LambdaProxyOptions{}))
		h, err := deploy(api, nil)
		return h, true, err
	case "lambda-nonproxy":
		fns := &invoke.Local{}
		if err := fns.Register("greet", greet); err != nil {
			return nil, true, err
		}
		api := gateway.NewRESTAPI("bench")
		api.Resource("/hello").Method(http.MethodGet, integration.Lambda("greet", fns, integration.Options{
			RequestTemplates: map[string]string{"application/json": `{"name": "$util.escapeJavaScript($input.params('name'))"}`},
			Responses: []integration.IntegrationResponse{{
				StatusCode:        http.StatusOK,
				ResponseTemplates: map[string]string{"application/json": `{"message":"$input.path('$.greeting')"}`},
			}},
		}))
		h, err := deploy(api, nil)
		return h, true, err
	}
	return nil, false, nil
}

// bareLambda is the limit the Lambda proxy method is measured against: it builds the event a
// REST API would send, by hand, calls the function and writes its response.
func bareLambda(w http.ResponseWriter, r *http.Request) {
	now := time.Now().UTC()
	var id [16]byte
	rand.Read(id[:])
	headers := make(map[string]string, len(r.Header))
	for k, v := range r.Header {
		headers[k] = strings.Join(v, ",")
	}
	query := r.URL.Query()
	qs := make(map[string]string, len(query))
	for k, v := range query {
		qs[k] = v[len(v)-1]
	}
	path := strings.TrimPrefix(r.URL.Path, "/prod")
	ev := events.APIGatewayProxyRequest{
		Resource:                        "/hello",
		Path:                            path,
		HTTPMethod:                      r.Method,
		Headers:                         headers,
		MultiValueHeaders:               r.Header,
		QueryStringParameters:           qs,
		MultiValueQueryStringParameters: query,
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID:        "123456789012",
			ResourceID:       "abc123",
			Stage:            "prod",
			RequestID:        hex.EncodeToString(id[:]),
			Identity:         events.APIGatewayRequestIdentity{SourceIP: r.RemoteAddr, UserAgent: r.UserAgent()},
			ResourcePath:     "/hello",
			HTTPMethod:       r.Method,
			RequestTime:      now.Format("02/Jan/2006:15:04:05 +0000"),
			RequestTimeEpoch: now.UnixMilli(),
			APIID:            "bench",
			Path:             r.URL.Path,
			Protocol:         r.Proto,
		},
	}
	resp, err := hello(r.Context(), ev)
	if err != nil {
		http.Error(w, `{"message": "Internal server error"}`, http.StatusBadGateway)
		return
	}
	h := w.Header()
	for k, v := range resp.Headers {
		h[k] = []string{v}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(resp.Body))}
	w.WriteHeader(resp.StatusCode)
	io.WriteString(w, resp.Body)
}
