package lambda_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
	"github.com/apigate/apigate/stage"
)

// gatewayFunctions is an Invoker with a few functions by ARN, standing for Lambda.
type gatewayFunctions struct {
	mu    sync.Mutex
	async []string // the events of the asynchronous invocations
}

func (f *gatewayFunctions) Invoke(ctx context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	const prefix = "arn:aws:lambda:eu-west-1:123456789012:function:"
	name, ok := strings.CutPrefix(in.Function, prefix)
	if !ok {
		return nil, &gatewayAPIError{"ResourceNotFoundException", 404}
	}
	if in.Async {
		f.mu.Lock()
		f.async = append(f.async, string(in.Payload))
		f.mu.Unlock()
		return &invoke.Result{StatusCode: 202}, nil
	}
	var event struct {
		Name  string `json:"name"`
		Stage string `json:"stage"`
	}
	if err := json.Unmarshal(in.Payload, &event); err != nil {
		return nil, err
	}
	switch name {
	case "pets:live", "pets:v1":
		if event.Name == "" {
			// A custom error: the function returned JSON.stringify(obj) as its error.
			msg, _ := json.Marshal(map[string]any{"code": "NAME_REQUIRED", "field": "name"})
			payload, _ := json.Marshal(map[string]string{"errorMessage": string(msg), "errorType": "ValidationError"})
			return &invoke.Result{StatusCode: 200, Payload: payload, FunctionError: "Unhandled", RequestID: "r-2"}, nil
		}
		if event.Name == "crash" {
			return &invoke.Result{StatusCode: 200, FunctionError: "Unhandled", RequestID: "r-3",
				Payload: []byte(`{"errorMessage":"runtime error: invalid memory address or nil pointer dereference","errorType":"runtimeError"}`)}, nil
		}
		payload, _ := json.Marshal(map[string]any{"id": 7, "name": event.Name, "version": name, "stage": event.Stage})
		return &invoke.Result{StatusCode: 200, Payload: payload, RequestID: "r-1"}, nil
	case "slow":
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(2 * time.Second):
			return &invoke.Result{StatusCode: 200, Payload: []byte(`{}`)}, nil
		}
	}
	return nil, &gatewayAPIError{"ResourceNotFoundException", 404}
}

// gatewayAPIError is an Invoke API error as aws-sdk-go-v2 reports it.
type gatewayAPIError struct {
	code   string
	status int
}

func (e *gatewayAPIError) Error() string       { return e.code }
func (e *gatewayAPIError) ErrorCode() string   { return e.code }
func (e *gatewayAPIError) HTTPStatusCode() int { return e.status }

// TestNonProxyOverLoopback serves Lambda (non-proxy) methods through the gateway on a loopback
// server and checks what the client gets: templates both ways, an error mapped by its message
// with headers from the JSON inside it, an unmapped error as 200, asynchronous invocation, a
// function chosen by a stage variable, and the gateway responses for a missing function and a
// timeout.
func TestNonProxyOverLoopback(t *testing.T) {
	fns := &gatewayFunctions{}
	const uri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:pets:${stageVariables.alias}/invocations"
	api := gateway.NewRESTAPI("lambda")
	api.Resource("/pets").Method("POST", lambda.NonProxy(uri, fns, integration.Options{
		Passthrough:      integration.PassthroughWhenNoTemplates,
		RequestTemplates: map[string]string{"application/json": `{"name": "$util.escapeJavaScript($input.path('$.name'))", "stage": "$context.stage"}`},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `#set($p = $input.path('$'))#if($p.errorMessage)$input.json('$')#else{"pet": $p.id, "name": "$p.name", "version": "$p.version", "stage": "$p.stage"}#end`}},
			{SelectionPattern: `\{"code":"NAME_REQUIRED".*`, StatusCode: 400,
				ResponseParameters: map[string]string{
					"method.response.header.X-Error-Code": "integration.response.body.errorMessage.code",
					"method.response.header.X-Request":    "integration.response.header.X-Amzn-Requestid",
				},
				ResponseTemplates: map[string]string{"application/json": `{"error": "$util.escapeJavaScript($input.path('$.errorMessage')).replaceAll("\\'", "'")"}`}},
		},
	}), gateway.MethodResponse(200), gateway.MethodResponse(400, "X-Error-Code", "X-Request"))
	api.Resource("/jobs").Method("POST", lambda.NonProxy("arn:aws:lambda:eu-west-1:123456789012:function:worker", fns, integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
		Responses:         []integration.IntegrationResponse{{StatusCode: 202, ResponseTemplates: map[string]string{"application/json": `{"queued": true}`}}},
	}))
	api.Resource("/missing").Method("POST", lambda.NonProxy("arn:aws:lambda:eu-west-1:123456789012:function:nope", fns, integration.Options{
		Responses: []integration.IntegrationResponse{{StatusCode: 200}},
	}))
	api.Resource("/slow").Method("POST", lambda.NonProxy("arn:aws:lambda:eu-west-1:123456789012:function:slow", fns, integration.Options{
		Timeout:   50 * time.Millisecond,
		Responses: []integration.IntegrationResponse{{StatusCode: 200}},
	}))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d,
		gateway.Stage(stage.Config{Name: "prod", Variables: stage.Variables{"alias": "live"}}),
		gateway.Stage(stage.Config{Name: "beta", Variables: stage.Variables{"alias": "v1"}}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()

	for _, tc := range []struct {
		path, contentType, body string
		status                  int
		want                    string
		header                  map[string]string
	}{
		{"/prod/pets", "application/json", `{"name":"Rex"}`, 200, `{"pet": 7, "name": "Rex", "version": "pets:live", "stage": "prod"}`,
			map[string]string{"Content-Type": "application/json"}},
		{"/beta/pets", "application/json", `{"name":"Rex"}`, 200, `{"pet": 7, "name": "Rex", "version": "pets:v1", "stage": "beta"}`, nil},
		{"/prod/pets", "application/json", `{}`, 400, `{"error": "{\"code\":\"NAME_REQUIRED\",\"field\":\"name\"}"}`,
			map[string]string{"X-Error-Code": "NAME_REQUIRED", "X-Request": "r-2"}},
		{"/prod/pets", "application/json", `{"name":"crash"}`, 200,
			`{"errorMessage":"runtime error: invalid memory address or nil pointer dereference","errorType":"runtimeError"}`, nil},
		{"/prod/pets", "text/plain", `{"name":"Rex"}`, 415, `{"message":"Unsupported Media Type"}`, nil},
		{"/prod/jobs", "application/json", `{"job":1}`, 202, `{"queued": true}`, nil},
		{"/prod/missing", "application/json", `{}`, 500, `{"message":"Internal server error"}`, map[string]string{"X-Amzn-Errortype": "InternalServerErrorException"}},
		{"/prod/slow", "application/json", `{}`, 504, `{"message":"Endpoint request timed out"}`, nil},
	} {
		req, _ := http.NewRequest("POST", srv.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", tc.contentType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || string(b) != tc.want {
			t.Errorf("%s %s: %d %s, want %d %s", tc.path, tc.body, resp.StatusCode, b, tc.status, tc.want)
		}
		for k, v := range tc.header {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s %s: header %s = %q, want %q (%v)", tc.path, tc.body, k, got, v, resp.Header)
			}
		}
		// A method response carries the trace id; a gateway response does not.
		if gatewayResponse := resp.Header.Get("X-Amzn-Errortype") != ""; gatewayResponse == (resp.Header.Get("X-Amzn-Trace-Id") != "") {
			t.Errorf("%s %s: X-Amzn-Trace-Id %q, x-amzn-ErrorType %q", tc.path, tc.body, resp.Header.Get("X-Amzn-Trace-Id"), resp.Header.Get("X-Amzn-Errortype"))
		}
	}
	fns.mu.Lock()
	defer fns.mu.Unlock()
	if len(fns.async) != 1 || fns.async[0] != `{"job":1}` {
		t.Errorf("asynchronous events %q", fns.async)
	}
}

// TestProxyResponsesReused runs many Lambda proxy requests at once through the gateway,
// which hands every response back for reuse once sent (apigate.Response.Release): each client
// must get its own function's answer, headers and body, and the race detector must stay quiet.
func TestProxyResponsesReused(t *testing.T) {
	fns := &invoke.Local{}
	err := fns.Register("echo", func(_ context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		n := ev.QueryStringParameters["n"]
		return events.APIGatewayProxyResponse{
			StatusCode:        200,
			Headers:           map[string]string{"X-N": n, "Content-Type": "text/plain"},
			MultiValueHeaders: map[string][]string{"X-Multi": {n, n + n}},
			Body:              "n=" + n,
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	api := gateway.NewRESTAPI("reuse")
	api.Resource("/echo").Method("GET", lambda.Proxy("echo", fns, lambda.ProxyOptions{}))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod"}))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				n := strconv.Itoa(g*1000 + i)
				rec := httptest.NewRecorder()
				gw.ServeHTTP(rec, httptest.NewRequest("GET", "/prod/echo?n="+n, nil))
				h := rec.Header() // the map the gateway wrote into, read after the response was released
				if rec.Code != 200 || rec.Body.String() != "n="+n || first(h["X-N"]) != n ||
					strings.Join(h["X-Multi"], ",") != n+","+n+n || first(h["Content-Type"]) != "text/plain" {
					t.Errorf("request %s: %d %q %v", n, rec.Code, rec.Body, h)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// TestPayloadLimits sends events and answers over Lambda's limits through the gateway: an
// event over 6 MiB is 413 {"message": "Request Too Long"} (as recorded on AWS), for a typed and
// for a JSON function alike; an answer over Lambda's limit is a function error, 502.
func TestPayloadLimits(t *testing.T) {
	fns := &invoke.Local{}
	typed := func(_ context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		if ev.QueryStringParameters["big"] != "" {
			return events.APIGatewayProxyResponse{StatusCode: 200, Body: strings.Repeat("a", invoke.MaxResponsePayload)}, nil
		}
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: strconv.Itoa(len(ev.Body))}, nil
	}
	untyped := func(ev map[string]any) (map[string]any, error) {
		body, _ := ev["body"].(string)
		return map[string]any{"statusCode": 200, "body": strconv.Itoa(len(body))}, nil
	}
	if err := fns.Register("typed", typed); err != nil {
		t.Fatal(err)
	}
	if err := fns.Register("untyped", untyped); err != nil {
		t.Fatal(err)
	}
	api := gateway.NewRESTAPI("limits")
	api.Resource("/typed").Method("POST", lambda.Proxy("typed", fns, lambda.ProxyOptions{}))
	api.Resource("/untyped").Method("POST", lambda.Proxy("untyped", fns, lambda.ProxyOptions{}))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod"}))
	if err != nil {
		t.Fatal(err)
	}
	post := func(target string, n int) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", target, strings.NewReader(strings.Repeat("a", n)))
		req.Header.Set("Content-Type", "text/plain")
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		return rec
	}
	for _, path := range []string{"/prod/typed", "/prod/untyped"} {
		// a body of 1 MB goes in an event well under the limit, even on the JSON path
		if rec := post(path, 1<<20); rec.Code != 200 || rec.Body.String() != strconv.Itoa(1<<20) {
			t.Errorf("%s, 1 MB: %d %.80s", path, rec.Code, rec.Body)
		}
		rec := post(path, invoke.MaxPayload)
		if rec.Code != 413 || rec.Body.String() != `{"message": "Request Too Long"}` || first(rec.Header()["x-amzn-ErrorType"]) != "BadRequestException" {
			t.Errorf("%s, an event over Lambda's limit: %d %q %v", path, rec.Code, rec.Body, rec.Header())
		}
	}
	if rec := post("/prod/typed?big=1", 0); rec.Code != 502 || rec.Body.String() != `{"message":"Internal server error"}` {
		t.Errorf("an answer over Lambda's limit: %d %.80q", rec.Code, rec.Body)
	}
}

// TestProxyJSONEventIsOwn: through an invoker without the typed path (the way out "The typed
// fast path" on Proxy gives), the function's event is its own: what it changes in its
// multi-value maps does not reach the method request.
func TestProxyJSONEventIsOwn(t *testing.T) {
	fns := &invoke.Local{}
	defer fns.Close()
	err := fns.Register("writer", func(_ context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		ev.MultiValueHeaders["X-A"][0] = "changed"
		ev.MultiValueQueryStringParameters["q"][0] = "changed"
		ev.MultiValueQueryStringParameters["new"] = []string{"x"}
		return events.APIGatewayProxyResponse{StatusCode: 200}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p := lambda.Proxy("writer", struct{ invoke.Invoker }{fns}, lambda.ProxyOptions{})
	r := apigatetest.NewRequest("GET", "/?q=1", nil, apigatetest.Header("X-A", "a"))
	resp, err := p.Integrate(context.Background(), r)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	if r.Header.Get("X-A") != "a" || r.Query.Get("q") != "1" || r.Query.Has("new") {
		t.Errorf("the function changed the method request: %v %v", r.Header, r.Query)
	}
}
