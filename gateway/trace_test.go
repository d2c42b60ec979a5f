package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

// recorder is a trace that writes down each hook's call, one line each.
type recorder struct {
	mu     sync.Mutex
	events []string
	done   []apigate.DoneInfo
	took   time.Duration // the authorizer's
}

func (rc *recorder) add(format string, args ...any) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.events = append(rc.events, fmt.Sprintf(format, args...))
}

// errText names an error by its gateway response type, or "ok".
func errText(err error) string {
	var ge *apigate.Error
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &ge):
		return string(ge.Type)
	}
	return err.Error()
}

func (rc *recorder) trace() *apigate.Trace {
	return &apigate.Trace{
		RouteMatched: func(r *apigate.Request) {
			rc.add("route %s %s %v", r.Method, r.Context.ResourcePath, r.PathParameters)
		},
		AuthorizerDone: func(r *apigate.Request, took time.Duration, err error) {
			rc.took = took
			rc.add("authorizer %s", errText(err))
		},
		KeyChecked: func(r *apigate.Request, err error) {
			rc.add("key %s %s", errText(err), r.Context.Identity.APIKeyID)
		},
		ThrottleChecked: func(r *apigate.Request, err error) { rc.add("throttle %s", errText(err)) },
		Validated:       func(r *apigate.Request, err error) { rc.add("validated %s", errText(err)) },
		Done: func(r *apigate.Request, info *apigate.DoneInfo) {
			d := *info
			d.Header = info.Header.Clone()
			d.Body = append([]byte(nil), info.Body...)
			rc.mu.Lock()
			rc.done = append(rc.done, d)
			rc.mu.Unlock()
			rc.add("done %d %s %s", info.StatusCode, errText(info.Err), info.Body)
		},
	}
}

// TestTrace checks the hooks the gateway calls, in order, with their arguments, for a request
// that gets through and for one failing at each stage.
func TestTrace(t *testing.T) {
	auth := gateway.AuthorizerFunc(func(_ context.Context, r *apigate.Request) error {
		time.Sleep(time.Millisecond)
		if r.Header.Get("Authorization") != "allow" {
			return apigate.ErrUnauthorized
		}
		return nil
	})
	throttle := gateway.ThrottlerFunc(func(_ context.Context, r *apigate.Request) error {
		if r.Header.Get("X-Burst") != "" {
			return errors.New("bucket empty") // not an *apigate.Error: THROTTLED
		}
		return nil
	})
	var traced *apigate.Trace // what the integration sees as r.Trace
	integ := apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		traced = r.Trace
		time.Sleep(2 * time.Millisecond)
		switch r.Query.Get("fail") {
		case "error":
			return nil, &apigate.Error{Type: apigate.IntegrationFailure, Err: errors.New("connection refused")}
		case "panic":
			panic("integration bug")
		}
		return &apigate.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("ok " + r.PathParameters["id"])}, nil
	})
	api := gateway.NewRESTAPI("trace")
	api.Resource("/pets/{id}").Method("GET", integ, gateway.AuthorizeWith(auth), gateway.APIKeyRequired(),
		gateway.RequestParameter("method.request.querystring.q", true), gateway.ValidateRequest(gateway.Validation{Parameters: true}))
	api.Resource("/open").Method("ANY", integ)
	rc := &recorder{}
	gw := mustGateway(t, api, gateway.Keys(keyStore{"k1": "id1"}), gateway.Throttle(throttle), gateway.Observe(rc.trace()))

	ok := []string{"Authorization", "allow", "X-API-Key", "k1"}
	for _, tc := range []struct {
		name, method, target string
		header               []string
		want                 []string
	}{
		{"through", "GET", "/prod/pets/7?q=1", ok, []string{
			"route GET /pets/{id} map[id:7]", "authorizer ok", "key ok id1", "throttle ok", "validated ok", "done 200 ok ok 7"}},
		{"no route", "GET", "/prod/nothing", nil, []string{
			`done 403 MISSING_AUTHENTICATION_TOKEN {"message":"Missing Authentication Token"}`}},
		{"denied", "GET", "/prod/pets/7?q=1", nil, []string{
			"route GET /pets/{id} map[id:7]", "authorizer UNAUTHORIZED", `done 401 UNAUTHORIZED {"message":"Unauthorized"}`}},
		{"bad key", "GET", "/prod/pets/7?q=1", []string{"Authorization", "allow", "X-API-Key", "k2"}, []string{
			"route GET /pets/{id} map[id:7]", "authorizer ok", "key INVALID_API_KEY ", `done 403 INVALID_API_KEY {"message":"Forbidden"}`}},
		{"throttled", "GET", "/prod/pets/7?q=1", append([]string{"X-Burst", "1"}, ok...), []string{
			"route GET /pets/{id} map[id:7]", "authorizer ok", "key ok id1", "throttle THROTTLED", `done 429 THROTTLED {"message":"Too Many Requests"}`}},
		{"invalid", "GET", "/prod/pets/7", ok, []string{
			"route GET /pets/{id} map[id:7]", "authorizer ok", "key ok id1", "throttle ok", "validated BAD_REQUEST_PARAMETERS",
			`done 400 BAD_REQUEST_PARAMETERS {"message":"Missing required request parameters: [q]"}`}},
		{"integration error", "GET", "/prod/open?fail=error", nil, []string{
			"route GET /open map[]", "throttle ok", `done 504 INTEGRATION_FAILURE {"message":"Network error communicating with endpoint"}`}},
		{"integration panic", "GET", "/prod/open?fail=panic", nil, []string{
			"route GET /open map[]", "throttle ok", `done 500 API_CONFIGURATION_ERROR {"message":"Internal server error"}`}},
		{"HEAD", "HEAD", "/prod/open", nil, []string{"route HEAD /open map[]", "throttle ok", "done 200 ok "}},
	} {
		rc.events, rc.done, traced = nil, nil, nil
		rec := do(gw, tc.method, tc.target, nil, tc.header...)
		if got := strings.Join(rc.events, "\n"); got != strings.Join(tc.want, "\n") {
			t.Errorf("%s: hooks\n%s\nwant\n%s", tc.name, got, strings.Join(tc.want, "\n"))
			continue
		}
		d := rc.done[0]
		if d.StatusCode != rec.Code || string(d.Body) != rec.Body.String() || first(d.Header["x-amzn-RequestId"]) != first(rec.Header()["x-amzn-RequestId"]) ||
			d.Header.Get("Content-Length") == "" {
			t.Errorf("%s: Done %d %q %v, the client got %d %q %v", tc.name, d.StatusCode, d.Body, d.Header, rec.Code, rec.Body, rec.Header())
		}
		if d.Latency <= 0 || d.Latency < d.IntegrationLatency {
			t.Errorf("%s: latency %v, integration latency %v", tc.name, d.Latency, d.IntegrationLatency)
		}
		if integrated := traced != nil && tc.name != "integration panic"; integrated != (d.IntegrationLatency >= 2*time.Millisecond) {
			t.Errorf("%s: integration latency %v (integration ran: %v)", tc.name, d.IntegrationLatency, integrated)
		}
		if traced != nil && traced.Done == nil {
			t.Errorf("%s: the integration's r.Trace is not the gateway's", tc.name)
		}
	}
	if rc.took < time.Millisecond {
		t.Errorf("authorizer took %v, want at least 1ms", rc.took)
	}
	// a request for a stage the gateway does not serve reaches no stage: no hook
	rc.events = nil
	if rec := do(gw, "GET", "/nostage/open", nil); rec.Code != 403 || len(rc.events) != 0 {
		t.Errorf("unknown stage: %d, hooks %q", rec.Code, rc.events)
	}
}

// TestObserveComposes checks that several Observe options (and OnError, a Done hook over the
// same machinery) all see the requests, in the order they were given.
func TestObserveComposes(t *testing.T) {
	api := gateway.NewRESTAPI("compose")
	api.Resource("/x").Method("GET", echo{})
	var calls []string
	var onError []error
	gw := mustGateway(t, api,
		gateway.Observe(&apigate.Trace{Done: func(*apigate.Request, *apigate.DoneInfo) { calls = append(calls, "first done") }}),
		gateway.OnError(func(ctx context.Context, r *apigate.Request, err error) {
			if ctx == nil || r.HTTP == nil {
				t.Error("OnError without the request's context")
			}
			onError = append(onError, err)
		}),
		gateway.Observe(&apigate.Trace{
			RouteMatched: func(*apigate.Request) { calls = append(calls, "second route") },
			Done:         func(*apigate.Request, *apigate.DoneInfo) { calls = append(calls, "second done") },
		}),
		gateway.Observe(nil))
	do(gw, "GET", "/prod/x", nil)
	do(gw, "GET", "/prod/y", nil)
	if got := strings.Join(calls, ", "); got != "second route, first done, second done, first done, second done" {
		t.Errorf("calls: %s", got)
	}
	if len(onError) != 1 || !errors.Is(onError[0], apigate.ErrMissingAuthenticationToken) {
		t.Errorf("OnError saw %v", onError)
	}
}
