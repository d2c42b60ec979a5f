package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

// TestBodyBuffer checks that a body is read into a buffer of exactly its size, whether its
// length is known or not (chunked; one under 512 bytes keeps the first chunk, of 512), and
// arrives whole.
func TestBodyBuffer(t *testing.T) {
	api := gateway.NewRESTAPI("body")
	api.Resource("/up").Method("POST", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: fmt.Appendf(nil, "%d %d %x", len(r.Body), cap(r.Body), sum(r.Body))}, nil
	}))
	gw := mustGateway(t, api)
	for _, size := range []int{1, 511, 512, 513, 4 << 10, 3<<20 + 7, gateway.MaxBodySize} {
		body := make([]byte, size)
		for i := range body {
			body[i] = byte(i * 7)
		}
		for _, known := range []bool{true, false} {
			want := fmt.Sprintf("%d %d %x", size, size, sum(body))
			if !known && size < 512 {
				want = fmt.Sprintf("%d %d %x", size, 512, sum(body))
			}
			req := httptest.NewRequest("POST", "/prod/up", bytes.NewReader(body))
			if !known {
				req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body[:size/2]), bytes.NewReader(body[size/2:])))
				req.ContentLength = -1
			}
			rec := httptest.NewRecorder()
			gw.ServeHTTP(rec, req)
			if rec.Code != 200 || rec.Body.String() != want {
				t.Errorf("%d bytes (length known: %v): %d %q, want %q", size, known, rec.Code, rec.Body, want)
			}
		}
	}
}

func sum(b []byte) uint32 {
	var s uint32
	for _, c := range b {
		s = s*31 + uint32(c)
	}
	return s
}

// TestBodyBudget checks MaxBodyBytesInFlight: a body that would take the bytes in flight over
// the bound is answered 429 THROTTLED, with or without a known length, while requests without
// a body go on; the bytes come back when a request ends; at the smallest bound, a lone body of
// the largest size passes, with or without a known length.
func TestBodyBudget(t *testing.T) {
	started, release := make(chan struct{}, 2), make(chan struct{})
	api := gateway.NewRESTAPI("budget")
	api.Resource("/hold").Method("POST", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		started <- struct{}{}
		<-release
		return &apigate.Response{StatusCode: 200, Body: []byte("held")}, nil
	}))
	api.Resource("/up").Method("ANY", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: fmt.Appendf(nil, "%d", len(r.Body))}, nil
	}))
	gw := mustGateway(t, api, gateway.MaxBodyBytesInFlight(2*gateway.MaxBodySize))
	seven := make([]byte, 7<<20) // three are over the bound, two are not
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if rec := do(gw, "POST", "/prod/hold", bytes.NewReader(seven)); rec.Code != 200 {
				t.Errorf("a held body: %d %s", rec.Code, rec.Body)
			}
		}()
		<-started
	}
	const throttled = `{"message":"Too Many Requests"}`
	if rec := do(gw, "POST", "/prod/up", bytes.NewReader(seven)); rec.Code != 429 || rec.Body.String() != throttled ||
		first(rec.Header()["x-amzn-ErrorType"]) != "TooManyRequestsException" {
		t.Errorf("a third body over the bound: %d %s %v", rec.Code, rec.Body, rec.Header())
	}
	if rec := serveChunked(gw, seven); rec.Code != 429 || rec.Body.String() != throttled {
		t.Errorf("a chunked body over the bound: %d %s", rec.Code, rec.Body)
	}
	if rec := do(gw, "GET", "/prod/up", nil); rec.Code != 200 || rec.Body.String() != "0" {
		t.Errorf("a request without a body: %d %s", rec.Code, rec.Body)
	}
	if rec := do(gw, "POST", "/prod/up", strings.NewReader("small")); rec.Code != 200 || rec.Body.String() != "5" {
		t.Errorf("a small body within the bound: %d %s", rec.Code, rec.Body)
	}
	close(release)
	wg.Wait()
	// every byte came back: the largest body passes alone, with or without a known length,
	// twice in a row
	largest := make([]byte, gateway.MaxBodySize)
	for range 2 {
		if rec := do(gw, "POST", "/prod/up", bytes.NewReader(largest)); rec.Code != 200 || rec.Body.String() != fmt.Sprint(gateway.MaxBodySize) {
			t.Errorf("a body of MaxBodySize after the others ended: %d %.100s", rec.Code, rec.Body)
		}
		if rec := serveChunked(gw, largest); rec.Code != 200 || rec.Body.String() != fmt.Sprint(gateway.MaxBodySize) {
			t.Errorf("a chunked body of MaxBodySize after the others ended: %d %.100s", rec.Code, rec.Body)
		}
	}
	if rec := serveChunked(gw, make([]byte, gateway.MaxBodySize+1)); rec.Code != 413 {
		t.Errorf("a chunked body of MaxBodySize+1: %d %.100s", rec.Code, rec.Body)
	}
	if _, err := gateway.New(mustDeploy(t, api), gateway.MaxBodyBytesInFlight(2*gateway.MaxBodySize-1)); err == nil {
		t.Error("MaxBodyBytesInFlight below 2*MaxBodySize: no error")
	}
}

// serveChunked serves POST /prod/up with body as a body of unknown length.
func serveChunked(gw http.Handler, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/prod/up", io.MultiReader(bytes.NewReader(body)))
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	gw.ServeHTTP(rec, req)
	return rec
}

// TestBodyReadError checks the answer to a body that cannot be read.
func TestBodyReadError(t *testing.T) {
	api := gateway.NewRESTAPI("broken")
	api.Resource("/up").Method("POST", echo{})
	gw := mustGateway(t, api)
	req := httptest.NewRequest("POST", "/prod/up", io.MultiReader(strings.NewReader("abc"), errReader{}))
	req.ContentLength = 10
	rec := httptest.NewRecorder()
	gw.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest || rec.Body.String() != `{"message":"Bad Request"}` {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrClosedPipe }
