package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
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
		h, err := lambdaProxyHandler(hello)
		return h, true, err
	case "lambda-nonproxy":
		fns := &invoke.Local{}
		if err := fns.Register("greet", greet); err != nil {
			return nil, true, err
		}
		api := gateway.NewRESTAPI("bench")
		api.Resource("/hello").Method(http.MethodGet, lambda.NonProxy("greet", fns, integration.Options{
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

// The ids the limit's events carry where apigate's carry its API's and resource's ids
// (TestLimitEvent checks that they are the same).
const (
	limitAPIID      = "bench"
	limitResourceID = "kyogwy"
	limitAccountID  = "123456789012"
)

// lambdaProxyHandler serves fn as apigate's Lambda proxy method GET /prod/hello.
func lambdaProxyHandler(fn func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)) (http.Handler, error) {
	fns := &invoke.Local{}
	if err := fns.Register("hello", fn); err != nil {
		return nil, err
	}
	api := gateway.NewRESTAPI("bench").SetID(limitAPIID)
	api.Resource("/hello").Method(http.MethodGet, lambda.Proxy("hello", fns, lambda.ProxyOptions{}))
	return deploy(api, nil)
}

// bareLambda is the limit the Lambda proxy method is measured against: it builds by hand the
// event API Gateway sends for the request (the same event apigate builds, field for field, as
// TestLimitEvent checks), calls the function and writes its response.
func bareLambda(w http.ResponseWriter, r *http.Request) {
	ev := limitEvent(r)
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

// limitEvent builds the payload format 1.0 event of a request for GET /prod/hello: the client's
// headers with Host and the four API Gateway adds (X-Forwarded-For, -Port, -Proto and a new
// X-Amzn-Trace-Id), the query, and the request context with fresh ids.
func limitEvent(r *http.Request) events.APIGatewayProxyRequest {
	now := time.Now().UTC()
	var rnd [16 + 12 + 10]byte
	rand.Read(rnd[:])
	var id [36]byte // a version 4 UUID
	rnd[6] = rnd[6]&0x0f | 0x40
	rnd[8] = rnd[8]&0x3f | 0x80
	hex.Encode(id[0:8], rnd[0:4])
	hex.Encode(id[9:13], rnd[4:6])
	hex.Encode(id[14:18], rnd[6:8])
	hex.Encode(id[19:23], rnd[8:10])
	hex.Encode(id[24:36], rnd[10:16])
	id[8], id[13], id[18], id[23] = '-', '-', '-', '-'
	trace := "Root=1-" + strconv.FormatInt(now.Unix(), 16) + "-" + hex.EncodeToString(rnd[16:28])
	var ext [15]byte // 14 letters, digits, + or /, and =: the shape of AWS's extended request ids
	base64.RawStdEncoding.Encode(ext[:14], rnd[28:38])
	ext[14] = '='
	extID := string(ext[:])

	host, port := r.Host, "80"
	if h, p, err := net.SplitHostPort(r.Host); err == nil {
		host, port = h, p
	}
	sourceIP, _, _ := net.SplitHostPort(r.RemoteAddr)
	added := [5]string{r.Host, sourceIP, port, "http", trace}
	headers := make(map[string]string, len(r.Header)+len(added))
	multi := make(map[string][]string, len(r.Header)+len(added))
	for k, v := range r.Header {
		headers[k] = v[len(v)-1]
		multi[k] = v
	}
	for i, k := range [...]string{"Host", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "X-Amzn-Trace-Id"} {
		headers[k] = added[i]
		multi[k] = added[i : i+1 : i+1]
	}
	query := r.URL.Query()
	qs := make(map[string]string, len(query))
	for k, v := range query {
		qs[k] = v[len(v)-1]
	}
	prefix, _, _ := strings.Cut(host, ".")
	return events.APIGatewayProxyRequest{
		Resource:                        "/hello",
		Path:                            strings.TrimPrefix(r.URL.Path, "/prod"),
		HTTPMethod:                      r.Method,
		Headers:                         headers,
		MultiValueHeaders:               multi,
		QueryStringParameters:           qs,
		MultiValueQueryStringParameters: query,
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID:         limitAccountID,
			ResourceID:        limitResourceID,
			Stage:             "prod",
			DomainName:        host,
			DomainPrefix:      prefix,
			RequestID:         string(id[:]),
			ExtendedRequestID: extID,
			Protocol:          "HTTP/1.1",
			Identity:          events.APIGatewayRequestIdentity{SourceIP: sourceIP, UserAgent: r.UserAgent()},
			ResourcePath:      "/hello",
			Path:              r.URL.Path,
			HTTPMethod:        r.Method,
			RequestTime:       now.Format("02/Jan/2006:15:04:05 +0000"),
			RequestTimeEpoch:  now.UnixMilli(),
			APIID:             limitAPIID,
		},
	}
}
