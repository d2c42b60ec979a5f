package lambda_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
	"github.com/apigate/apigate/stage"
)

// sleeper stands for a Lambda function that runs far longer than the integration timeout
// (API Gateway's default is 29 s; a function may run 15 minutes). When honour is set it returns
// at its context's end, as invoke.Local and the Invoke API client do; otherwise it answers, too
// late, after sleep.
type sleeper struct {
	honour bool
	sleep  time.Duration
}

var answer = []byte(`{"statusCode":200,"body":"late"}`)

func (s sleeper) Invoke(ctx context.Context, _ *invoke.Invocation) (*invoke.Result, error) {
	if _, ok := ctx.Deadline(); !ok {
		panic("the invoker got a context without the integration's deadline")
	}
	if s.honour {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(s.sleep):
		}
	} else {
		time.Sleep(s.sleep)
	}
	return &invoke.Result{StatusCode: 200, Payload: answer}, nil
}

// TestTimeoutEndToEnd: a Lambda method with a short timeout whose function runs long answers
// 504 {"message": "Endpoint request timed out"} at the timeout when the invoker honours its
// context (as AWS answers at the integration timeout), for the proxy and the non-proxy
// integration; an answer that comes after the timeout from an invoker that does not is 504 too.
func TestTimeoutEndToEnd(t *testing.T) {
	const timeout = 100 * time.Millisecond
	honours := sleeper{honour: true, sleep: 30 * time.Second}
	late := sleeper{sleep: timeout + 100*time.Millisecond}
	api := gateway.NewRESTAPI("timeouts")
	api.Resource("/proxy").Method("GET", lambda.Proxy("fn", honours, lambda.ProxyOptions{Timeout: timeout}))
	api.Resource("/nonproxy").Method("GET", lambda.NonProxy("fn", honours, integration.Options{
		Timeout: timeout, Responses: []integration.IntegrationResponse{{StatusCode: 200}},
	}))
	api.Resource("/proxy-late").Method("GET", lambda.Proxy("fn", late, lambda.ProxyOptions{Timeout: timeout}))
	api.Resource("/nonproxy-late").Method("GET", lambda.NonProxy("fn", late, integration.Options{
		Timeout: timeout, Responses: []integration.IntegrationResponse{{StatusCode: 200}},
	}))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod", Variables: stage.Variables{}}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	for _, tc := range []struct {
		path string
		max  time.Duration // how long the answer may take
	}{
		{"/prod/proxy", timeout + time.Second},
		{"/prod/nonproxy", timeout + time.Second},
		{"/prod/proxy-late", late.sleep + 5*time.Second},
		{"/prod/nonproxy-late", late.sleep + 5*time.Second},
	} {
		start := time.Now()
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if resp.StatusCode != 504 || string(body) != `{"message":"Endpoint request timed out"}` {
			t.Errorf("%s: %d %s, want 504", tc.path, resp.StatusCode, body)
		}
		if took < timeout || took > tc.max {
			t.Errorf("%s: answered after %v, want %v to %v", tc.path, took, timeout, tc.max)
		}
	}
}

// TestTimeoutInProcess: the case with the in-process invoker. A function that ignores its
// context and sleeps far past the integration timeout (typed or through JSON, behind the proxy or
// the non-proxy integration) is answered 504 at the integration timeout, not when it returns;
// invoke.Local lets it run on, as Lambda does.
func TestTimeoutInProcess(t *testing.T) {
	const timeout, sleep = 100 * time.Millisecond, 3 * time.Second
	fns := &invoke.Local{Timeout: 10 * time.Second}
	typed := func(events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		time.Sleep(sleep)
		return events.APIGatewayProxyResponse{StatusCode: 200}, nil
	}
	untyped := func() (map[string]any, error) {
		time.Sleep(sleep)
		return map[string]any{"statusCode": 200}, nil
	}
	for name, h := range map[string]any{"typed": typed, "untyped": untyped} {
		if err := fns.Register(name, h); err != nil {
			t.Fatal(err)
		}
	}
	api := gateway.NewRESTAPI("timeouts")
	for _, fn := range []string{"typed", "untyped"} {
		api.Resource("/proxy/"+fn).Method("GET", lambda.Proxy(fn, fns, lambda.ProxyOptions{Timeout: timeout}))
		api.Resource("/nonproxy/"+fn).Method("GET", lambda.NonProxy(fn, fns, integration.Options{
			Timeout: timeout, Responses: []integration.IntegrationResponse{{StatusCode: 200}},
		}))
	}
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	for _, path := range []string{"/prod/proxy/typed", "/prod/proxy/untyped", "/prod/nonproxy/typed", "/prod/nonproxy/untyped"} {
		start := time.Now()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if got := fmt.Sprintf("%d %s", resp.StatusCode, body); got != `504 {"message":"Endpoint request timed out"}` {
			t.Errorf("%s: %s, want 504", path, got)
		}
		if took < timeout || took > sleep/2 {
			t.Errorf("%s: answered after %v, want at the %v timeout, well before the function's %v", path, took, timeout, sleep)
		}
	}
}
