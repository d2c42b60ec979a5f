package gateway_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

// TestClientAbort checks that a client that half-closes its connection while the integration
// runs (net/http cancels the request's context, as for a client that went away) is reported as
// the client's abort, an error matching context.Canceled, to OnError and to the Done trace, and
// gets no response: not a 500 API_CONFIGURATION_ERROR that blames the API.
func TestClientAbort(t *testing.T) {
	api := gateway.NewRESTAPI("abort")
	api.Resource("/wait").Method("GET", apigate.IntegrationFunc(func(ctx context.Context, _ *apigate.Request) (*apigate.Response, error) {
		select {
		case <-ctx.Done():
			return nil, ctx.Err() // what an integration returns when its context ends
		case <-time.After(5 * time.Second):
			return &apigate.Response{StatusCode: 200}, nil
		}
	}))
	onError, done := make(chan error, 1), make(chan apigate.DoneInfo, 1)
	gw := mustGateway(t, api,
		gateway.OnError(func(_ context.Context, _ *apigate.Request, err error) { onError <- err }),
		gateway.Observe(&apigate.Trace{Done: func(_ *apigate.Request, info *apigate.DoneInfo) { done <- *info }}))
	srv := httptest.NewServer(gw)
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "GET /prod/wait HTTP/1.1\r\nHost: x\r\n\r\n")
	conn.(*net.TCPConn).CloseWrite()
	raw, _ := io.ReadAll(conn)
	if len(raw) != 0 {
		t.Errorf("the client got a response:\n%s", raw)
	}
	select {
	case err := <-onError:
		if !errors.Is(err, context.Canceled) || errors.Is(err, apigate.ErrAPIConfiguration) {
			t.Errorf("OnError: %v, want the client's abort (context.Canceled)", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("OnError not called")
	}
	info := <-done
	if !errors.Is(info.Err, context.Canceled) || info.StatusCode != 0 || info.Header != nil {
		t.Errorf("Done: %+v", info)
	}
}
