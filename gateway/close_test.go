package gateway_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/stage"
)

// closer is a part of a gateway that holds resources: it counts its Close calls and returns
// err from each.
type closer struct {
	closes atomic.Int32
	err    error
}

func (c *closer) Close() error { c.closes.Add(1); return c.err }

type closingIntegration struct {
	closer
	apigate.IntegrationFunc
}

type closingAuthorizer struct {
	closer
	gateway.AuthorizerFunc
}

type closingKeys struct {
	closer
	keyStore
}

// mapCloser is a closer whose value cannot be compared: the gateway cannot tell two of them
// apart, and closes it where it appears.
type mapCloser struct{ closes map[string]int }

func (m mapCloser) Close() error { m.closes["n"]++; return nil }

func (m mapCloser) Allow(context.Context, *apigate.Request) error { return nil }

func TestClose(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	errShared, errKeys := errors.New("shared integration"), errors.New("key store")
	shared := &closingIntegration{closer: closer{err: errShared}, IntegrationFunc: func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte("shared")}, nil
	}}
	slow := &closingIntegration{IntegrationFunc: func(context.Context, *apigate.Request) (*apigate.Response, error) {
		close(started)
		<-release
		return &apigate.Response{StatusCode: 200, Body: []byte("slow")}, nil
	}}
	auth := &closingAuthorizer{AuthorizerFunc: func(context.Context, *apigate.Request) error { return nil }}
	keys := &closingKeys{closer: closer{err: errKeys}, keyStore: keyStore{"k": "id"}}
	throttler := mapCloser{closes: map[string]int{}}

	api := gateway.NewRESTAPI("close")
	api.Resource("/a").Method("GET", shared).Method("POST", shared, gateway.AuthorizeWith(auth))
	api.Resource("/b").Method("GET", shared, gateway.AuthorizeWith(auth), gateway.APIKeyRequired())
	api.Resource("/slow").Method("GET", slow)
	gw := mustGateway(t, api, gateway.Stage(stage.Config{Name: "prod"}), gateway.Stage(stage.Config{Name: "beta"}),
		gateway.Keys(keys), gateway.Throttle(throttler))

	var inflight *httptest.ResponseRecorder
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		inflight = do(gw, "GET", "/prod/slow", nil)
	}()
	<-started
	closed := make(chan error, 1)
	go func() { closed <- gw.Close(context.Background()) }()

	// once Close is called, new requests are refused while the one in flight goes on
	deadline := time.Now().Add(5 * time.Second)
	var rec *httptest.ResponseRecorder
	for {
		rec = do(gw, "GET", "/beta/a", nil)
		if rec.Code != 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond) // Close has not started yet
	}
	if rec.Code != 503 || rec.Body.String() != `{"message":"Service Unavailable"}` ||
		first(rec.Header()["x-amzn-ErrorType"]) != "ServiceUnavailableException" || rec.Header().Get("Connection") != "close" ||
		rec.Header().Get("Content-Type") != "application/json" || !uuidRE.MatchString(first(rec.Header()["x-amzn-RequestId"])) {
		t.Errorf("a request after Close: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned %v with a request in flight", err)
	case <-time.After(20 * time.Millisecond):
	}
	if n := shared.closes.Load(); n != 0 {
		t.Fatalf("closed %d times with a request in flight", n)
	}

	close(release)
	wg.Wait()
	if inflight.Code != 200 || inflight.Body.String() != "slow" {
		t.Errorf("the request in flight: %d %q", inflight.Code, inflight.Body)
	}
	err := <-closed
	if !errors.Is(err, errShared) || !errors.Is(err, errKeys) {
		t.Errorf("Close: %v, want both closers' errors", err)
	}
	for name, n := range map[string]int32{"shared integration": shared.closes.Load(), "slow integration": slow.closes.Load(),
		"authorizer": auth.closes.Load(), "key store": keys.closes.Load()} {
		if n != 1 {
			t.Errorf("%s closed %d times, want 1", name, n)
		}
	}
	if n := throttler.closes["n"]; n != 1 {
		t.Errorf("throttler closed %d times, want 1", n)
	}
	// closing again closes nothing more and returns the same errors
	if err := gw.Close(context.Background()); !errors.Is(err, errShared) || shared.closes.Load() != 1 {
		t.Errorf("second Close: %v, %d closes", err, shared.closes.Load())
	}
	// a closed gateway takes no new deployment
	if err := gw.Redeploy("prod", mustDeploy(t, api)); !errors.Is(err, gateway.ErrClosed) {
		t.Errorf("Redeploy after Close: %v, want ErrClosed", err)
	}
}

// TestCloseContext checks that Close returns the context's error when it ends before the
// requests in flight, without closing anything, and that a later Close finishes the job.
func TestCloseContext(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	integ := &closingIntegration{IntegrationFunc: func(context.Context, *apigate.Request) (*apigate.Response, error) {
		close(started)
		<-release
		return &apigate.Response{StatusCode: 204}, nil
	}}
	api := gateway.NewRESTAPI("close-ctx")
	api.Resource("/x").Method("GET", integ)
	gw := mustGateway(t, api)
	done := make(chan struct{})
	go func() {
		defer close(done)
		do(gw, "GET", "/prod/x", nil)
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := gw.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close with a request in flight past the deadline: %v", err)
	}
	if n := integ.closes.Load(); n != 0 {
		t.Errorf("closed %d times with a request in flight", n)
	}
	close(release)
	<-done
	if err := gw.Close(context.Background()); err != nil || integ.closes.Load() != 1 {
		t.Errorf("Close after the request: %v, %d closes", err, integ.closes.Load())
	}
}

// slowCloser takes its time to close, as an invoker waiting for its Event invocations does.
type slowCloser struct {
	apigate.IntegrationFunc
	release chan struct{}
}

func (s slowCloser) Close() error { <-s.release; return io.ErrClosedPipe }

// TestCloseWaitsForClosers checks that Close waits for slow closers, returns ctx's error when
// ctx ends first, and their error from a later call.
func TestCloseWaitsForClosers(t *testing.T) {
	sc := slowCloser{IntegrationFunc: func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200}, nil
	}, release: make(chan struct{})}
	api := gateway.NewRESTAPI("slow-close")
	api.Resource("/x").Method("GET", sc)
	gw := mustGateway(t, api)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := gw.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close with a slow closer: %v", err)
	}
	close(sc.release)
	if err := gw.Close(context.Background()); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("Close once the closer returned: %v", err)
	}
}
