package lambda_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
)

// TestGatewayCloseWaitsForEvents: the gateway's Close reaches the invoke.Local behind its Lambda
// methods (shared by two of them, closed once each way) and waits for an Event invocation still
// running; the function's result is reported before Close returns, and the gateway then refuses
// requests.
func TestGatewayCloseWaitsForEvents(t *testing.T) {
	var finished, reported atomic.Bool
	fns := &invoke.Local{OnAsyncResult: func(*invoke.Invocation, *invoke.Result) { reported.Store(true) }}
	if err := fns.Register("slow", func() error {
		time.Sleep(200 * time.Millisecond)
		finished.Store(true)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	api := gateway.NewRESTAPI("events")
	api.Resource("/events").Method("POST", lambda.NonProxy("slow", fns, integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
		Responses:         []integration.IntegrationResponse{{StatusCode: 202}},
	}))
	api.Resource("/sync").Method("GET", lambda.Proxy("slow", fns, lambda.ProxyOptions{}))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	gw.ServeHTTP(w, httptest.NewRequest("POST", "/prod/events", nil))
	if w.Code != 202 || finished.Load() {
		t.Fatalf("Event invocation: %d, finished %v", w.Code, finished.Load())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := gw.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if !finished.Load() || !reported.Load() {
		t.Errorf("Close returned before the Event invocation: finished %v, reported %v", finished.Load(), reported.Load())
	}
	w = httptest.NewRecorder()
	gw.ServeHTTP(w, httptest.NewRequest("GET", "/prod/sync", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("after Close: %d", w.Code)
	}
	if _, err := fns.Invoke(ctx, &invoke.Invocation{Function: "slow"}); err == nil {
		t.Error("the Local still invokes after the gateway closed it")
	}
}
