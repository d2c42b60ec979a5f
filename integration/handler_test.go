package integration_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// handlerSeen is what a test handler saw of its request.
type handlerSeen struct {
	Method        string
	Path          string
	RawPath       string
	RawQuery      string
	RequestURI    string
	Host          string
	RemoteAddr    string
	Proto         string
	ContentLength int64
	Header        http.Header
	Body          string
}

func handlerSee(r *http.Request) handlerSeen {
	body, _ := io.ReadAll(r.Body)
	return handlerSeen{
		r.Method, r.URL.Path, r.URL.RawPath, r.URL.RawQuery, r.RequestURI, r.Host, r.RemoteAddr,
		r.Proto, r.ContentLength, r.Header.Clone(), string(body),
	}
}

// handlerBaseHeader is what every handler request carries for a proxyReq with Accept and
// User-Agent set.
func handlerBaseHeader(extra http.Header) http.Header {
	h := http.Header{
		"Accept":                   {"*/*"},
		"User-Agent":               {"u"},
		"X-Forwarded-For":          {"203.0.113.7"},
		"X-Forwarded-Proto":        {"http"},
		"X-Forwarded-Port":         {"80"},
		"X-Amzn-Apigateway-Api-Id": {"abc123"},
	}
	for k, v := range extra {
		h[k] = v
	}
	return h
}

func TestHandlerRequest(t *testing.T) {
	const host = "abc123.execute-api.eu-west-1.amazonaws.com"
	base := http.Header{"Accept": {"*/*"}, "User-Agent": {"u"}}
	tests := []struct {
		name string
		opts integration.HandlerOptions
		req  proxyReq
		want handlerSeen
	}{{
		name: "the method request as an HTTP_PROXY backend gets it, path without the stage",
		req: proxyReq{
			method:   http.MethodPost,
			path:     "/pets/a%2Fb",
			rawQuery: "x=1&y=a+b",
			header: http.Header{
				"Accept": {"*/*"}, "User-Agent": {"u"}, "Content-Type": {"application/json"},
				"Content-Encoding": {"identity"}, "Connection": {"close"}, "X-Custom": {"1", "2"},
			},
			body: `{"a":1}`,
		},
		want: handlerSeen{
			Method: http.MethodPost, Path: "/pets/a/b", RawPath: "/pets/a%2Fb", RawQuery: "x=1&y=a+b",
			RequestURI: "/pets/a%2Fb?x=1&y=a+b", Host: host, RemoteAddr: "203.0.113.7:49152",
			Proto: "HTTP/1.1", ContentLength: 7,
			Header: handlerBaseHeader(http.Header{
				"Content-Type": {"application/json"}, "X-Custom": {"1", "2"}, "Content-Length": {"7"},
			}),
			Body: `{"a":1}`,
		},
	}, {
		name: "the stage path",
		opts: integration.HandlerOptions{StagePath: true},
		req:  proxyReq{path: "/pets", header: base},
		want: handlerSeen{
			Method: http.MethodGet, Path: "/test/pets", RequestURI: "/test/pets", Host: host,
			RemoteAddr: "203.0.113.7:49152", Proto: "HTTP/1.1", Header: handlerBaseHeader(nil),
		},
	}, {
		name: "a path template, request parameters and a fixed method",
		opts: integration.HandlerOptions{
			Method: "PUT",
			Path:   "/${stageVariables.version}/{proxy}?from=apigate",
			RequestParameters: map[string]string{
				"integration.request.path.proxy":         "method.request.path.proxy",
				"integration.request.querystring.tenant": "method.request.header.X-Tenant",
				"integration.request.header.X-Tenant":    "'replaced'",
				"integration.request.header.Host":        "'internal.example'",
			},
		},
		req: proxyReq{
			path:     "/api/users/42",
			rawQuery: "q=1",
			params:   map[string]string{"proxy": "users/42"},
			stage:    map[string]string{"version": "v2"},
			header:   http.Header{"Accept": {"*/*"}, "User-Agent": {"u"}, "X-Tenant": {"t1"}},
		},
		want: handlerSeen{
			Method: http.MethodPut, Path: "/v2/users/42", RawQuery: "from=apigate&q=1&tenant=t1",
			RequestURI: "/v2/users/42?from=apigate&q=1&tenant=t1", Host: "internal.example",
			RemoteAddr: "203.0.113.7:49152", Proto: "HTTP/1.1",
			Header: handlerBaseHeader(http.Header{"X-Tenant": {"replaced"}}),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen handlerSeen
			var deadline time.Time
			h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = handlerSee(r)
				deadline, _ = r.Context().Deadline()
			}), tt.opts)
			if err := h.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			start := time.Now()
			if _, err := h.Integrate(context.Background(), tt.req.build()); err != nil {
				t.Fatalf("Integrate: %v", err)
			}
			if !reflect.DeepEqual(seen, tt.want) {
				t.Errorf("handler saw\n%+v\nwant\n%+v", seen, tt.want)
			}
			if d := deadline.Sub(start); d <= 28*time.Second || d > 29*time.Second+time.Second {
				t.Errorf("context deadline in %v, want the 29 s default", d)
			}
		})
	}
}

func TestHandlerRequestTLS(t *testing.T) {
	var gotTLS bool
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotTLS = r.TLS != nil
	}), integration.HandlerOptions{})
	req := proxyReq{}.build()
	req.HTTP.TLS = &tls.ConnectionState{}
	if _, err := h.Integrate(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if !gotTLS {
		t.Error("r.TLS is nil, want the client's connection state")
	}
}

func TestHandlerResponse(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantHeader http.Header
		wantBody   string
	}{{
		name:       "nothing written: 200, no body",
		handler:    func(w http.ResponseWriter, r *http.Request) {},
		wantStatus: 200,
		wantHeader: http.Header{},
	}, {
		name: "implicit 200 with a sniffed Content-Type",
		handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<!DOCTYPE html><title>x</title>")
		},
		wantStatus: 200,
		wantHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		wantBody:   "<!DOCTYPE html><title>x</title>",
	}, {
		name: "a Content-Type set is kept",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true}`))
		},
		wantStatus: 200,
		wantHeader: http.Header{"Content-Type": {"application/json"}},
		wantBody:   `{"ok":true}`,
	}, {
		name: "no sniffing under a Content-Encoding",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte{0x1f, 0x8b, 8, 0})
		},
		wantStatus: 200,
		wantHeader: http.Header{"Content-Encoding": {"gzip"}},
		wantBody:   "\x1f\x8b\x08\x00",
	}, {
		name: "a Content-Type set to nil suppresses sniffing",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = nil
			io.WriteString(w, "plain")
		},
		wantStatus: 200,
		wantHeader: http.Header{"Content-Type": nil},
		wantBody:   "plain",
	}, {
		name: "headers changed after WriteHeader are ignored, a second WriteHeader too",
		handler: func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("X-Before", "1")
			w.WriteHeader(http.StatusCreated)
			h.Set("X-After", "1")
			w.WriteHeader(http.StatusTeapot)
			io.WriteString(w, "made")
		},
		wantStatus: http.StatusCreated,
		wantHeader: http.Header{"X-Before": {"1"}, "Content-Type": {"text/plain; charset=utf-8"}},
		wantBody:   "made",
	}, {
		name: "1xx informational codes do not settle the status",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "</a.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusAccepted)
		},
		wantStatus: http.StatusAccepted,
		wantHeader: http.Header{"Link": {"</a.css>; rel=preload"}},
	}, {
		name: "no body on a 204",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNoContent)
			if _, err := io.WriteString(w, "dropped"); !errors.Is(err, http.ErrBodyNotAllowed) {
				panic(fmt.Sprintf("Write on a 204: %v, want http.ErrBodyNotAllowed", err))
			}
		},
		wantStatus: http.StatusNoContent,
		wantHeader: http.Header{},
	}, {
		name: "a flush before the body settles the header without sniffing",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.(http.Flusher).Flush()
			io.WriteString(w, "<html>")
			w.Header().Set("X-Late", "1")
		},
		wantStatus: 200,
		wantHeader: http.Header{},
		wantBody:   "<html>",
	}, {
		name: "remapped as HTTP_PROXY remaps a backend's headers",
		handler: func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", "text/plain")
			h.Set("Content-Length", "2")
			h.Set("Date", "Mon, 02 Jan 2006 15:04:05 GMT")
			h.Set("Server", "mine")
			h.Set("Connection", "close")
			h.Set("X-Amzn-Requestid", "inner")
			h.Set("Transfer-Encoding", "chunked")
			h.Add("Set-Cookie", "a=1")
			h.Add("Set-Cookie", "b=2")
			io.WriteString(w, "hi")
		},
		wantStatus: 200,
		wantHeader: http.Header{
			"Content-Type":                     {"text/plain"},
			"Set-Cookie":                       {"a=1", "b=2"},
			"x-amzn-Remapped-Content-Length":   {"2"},
			"x-amzn-Remapped-Date":             {"Mon, 02 Jan 2006 15:04:05 GMT"},
			"x-amzn-Remapped-Server":           {"mine"},
			"x-amzn-Remapped-Connection":       {"close"},
			"x-amzn-Remapped-x-amzn-RequestId": {"inner"},
		},
		wantBody: "hi",
	}, {
		name: "ResponseController flushes",
		handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "a")
			if err := http.NewResponseController(w).Flush(); err != nil {
				panic(err)
			}
			io.WriteString(w, "b")
		},
		wantStatus: 200,
		wantHeader: http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
		wantBody:   "ab",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := integration.Handler(tt.handler, integration.HandlerOptions{}).
				Integrate(context.Background(), proxyReq{}.build())
			if err != nil {
				t.Fatalf("Integrate: %v", err)
			}
			if resp.StatusCode != tt.wantStatus || string(resp.Body) != tt.wantBody {
				t.Errorf("response = %d %q, want %d %q", resp.StatusCode, resp.Body, tt.wantStatus, tt.wantBody)
			}
			if !reflect.DeepEqual(resp.Header, tt.wantHeader) {
				t.Errorf("header = %#v, want %#v", resp.Header, tt.wantHeader)
			}
		})
	}
}

func TestHandlerFailures(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		opts       integration.HandlerOptions
		wantType   apigate.ResponseType
		wantStatus int // the Error's Status; 0 for the type's default
		wantMsg    string
	}{{
		name:     "slower than the timeout",
		handler:  func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		opts:     integration.HandlerOptions{Timeout: 50 * time.Millisecond},
		wantType: apigate.IntegrationTimeout,
		wantMsg:  "Endpoint request timed out",
	}, {
		name:       "a panic",
		handler:    func(w http.ResponseWriter, r *http.Request) { panic("boom") },
		wantType:   apigate.Default5XX,
		wantStatus: http.StatusBadGateway,
		wantMsg:    "Internal server error",
	}, {
		name: "a panic after writing",
		handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "partial")
			panic(errors.New("boom"))
		},
		wantType:   apigate.Default5XX,
		wantStatus: http.StatusBadGateway,
		wantMsg:    "Internal server error",
	}, {
		name:       "an invalid status code panics as in net/http",
		handler:    func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(42) },
		wantType:   apigate.Default5XX,
		wantStatus: http.StatusBadGateway,
		wantMsg:    "Internal server error",
	}, {
		name:     "an aborted response",
		handler:  func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) },
		wantType: apigate.IntegrationFailure,
		wantMsg:  "Network error communicating with endpoint",
	}, {
		name: "a mapped header AWS forbids",
		handler: func(w http.ResponseWriter, r *http.Request) {
			panic("not reached")
		},
		opts: integration.HandlerOptions{RequestParameters: map[string]string{
			"integration.request.header.X-Amzn-Trace-Id": "'x'",
		}},
		wantType: apigate.APIConfigurationError,
		wantMsg:  "Internal server error",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := integration.Handler(tt.handler, tt.opts)
			start := time.Now()
			resp, err := h.Integrate(context.Background(), proxyReq{}.build())
			if err == nil {
				t.Fatalf("got a %d response, want an error", resp.StatusCode)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			ae := proxyGatewayError(t, err)
			msg, _ := ae.MessageText()
			if ae.Type != tt.wantType || ae.Status != tt.wantStatus || msg != tt.wantMsg {
				t.Errorf("error = %s %d %q, want %s %d %q", ae.Type, ae.Status, msg, tt.wantType, tt.wantStatus, tt.wantMsg)
			}
		})
	}
}

func TestHandlerPanicThenServes(t *testing.T) {
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("panic") != "" {
			panic("boom")
		}
		io.WriteString(w, "fine")
	}), integration.HandlerOptions{})
	_, err := h.Integrate(context.Background(), proxyReq{rawQuery: "panic=1"}.build())
	if ae := proxyGatewayError(t, err); ae.Status != 502 || !strings.Contains(ae.Err.Error(), "boom") {
		t.Fatalf("error = %v, want a 502 whose cause names the panic", err)
	}
	resp, err := h.Integrate(context.Background(), proxyReq{}.build())
	if err != nil || resp.StatusCode != 200 || string(resp.Body) != "fine" {
		t.Fatalf("after a panic: %v %v, want 200 \"fine\"", resp, err)
	}
}

// TestHandlerTimeoutLateWrites checks, under -race, that a handler still writing after its
// timeout does not disturb the requests that follow.
func TestHandlerTimeoutLateWrites(t *testing.T) {
	var finished sync.WaitGroup
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("slow") == "" {
			io.WriteString(w, r.URL.RawQuery)
			return
		}
		defer finished.Done()
		<-r.Context().Done()
		for i := 0; i < 100; i++ {
			w.Header().Set("X-Late", "1")
			io.WriteString(w, "late write ")
			time.Sleep(100 * time.Microsecond)
		}
	}), integration.HandlerOptions{Timeout: 500 * time.Millisecond}) // room for 200 fast requests under -race

	const slow = 4
	finished.Add(slow)
	var wg sync.WaitGroup
	for i := 0; i < slow; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			_, err := h.Integrate(context.Background(), proxyReq{rawQuery: "slow=1"}.build())
			if ae := proxyGatewayError(t, err); ae.Type != apigate.IntegrationTimeout {
				t.Errorf("error = %v, want INTEGRATION_TIMEOUT", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("timeout answered after %v", d)
			}
		}()
	}
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := fmt.Sprintf("n=%d", i)
			resp, err := h.Integrate(context.Background(), proxyReq{rawQuery: q}.build())
			if err != nil || string(resp.Body) != q || resp.Header.Get("X-Late") != "" {
				t.Errorf("request %s: %v %v", q, resp, err)
			}
		}()
	}
	wg.Wait()
	finished.Wait()
}

// TestHandlerAbandonedBody: a handler given up at the timeout reads the rest of its body from
// a copy of its own, not from the method request, which the gateway recycles (here: scribbles
// over) once Integrate has returned. Under -race, a read of the method request's bytes would
// be reported.
func TestHandlerAbandonedBody(t *testing.T) {
	const body = "0123456789abcdefghij"
	proceed := make(chan struct{})
	got := make(chan string, 1)
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first := make([]byte, 4)
		io.ReadFull(r.Body, first)
		<-proceed // ignores its context
		rest, err := io.ReadAll(r.Body)
		got <- fmt.Sprintf("%s|%s|%v", first, rest, err)
	}), integration.HandlerOptions{Timeout: 50 * time.Millisecond})
	r := proxyReq{method: http.MethodPost, body: body}.build()
	_, err := h.Integrate(context.Background(), r)
	if ae := proxyGatewayError(t, err); ae.Type != apigate.IntegrationTimeout {
		t.Fatalf("error = %v, want INTEGRATION_TIMEOUT", err)
	}
	for i := range r.Body { // the gateway recycles the request
		r.Body[i] = 'X'
	}
	close(proceed)
	if read, want := <-got, "0123|456789abcdefghij|<nil>"; read != want {
		t.Errorf("the handler read %q, want %q", read, want)
	}
}

// TestHandlerMaxAbandoned: while MaxAbandoned calls given up at the timeout still run, a
// request is answered INTEGRATION_FAILURE (ErrHandlerOverloaded) at once, without calling the
// handler; once they return, the handler is called again.
func TestHandlerMaxAbandoned(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	var returned sync.WaitGroup
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path == "/stuck" {
			defer returned.Done()
			<-release // ignores its context
		}
		io.WriteString(w, "ok")
	}), integration.HandlerOptions{Timeout: 50 * time.Millisecond, MaxAbandoned: 2})
	returned.Add(2)
	for range 2 {
		_, err := h.Integrate(context.Background(), proxyReq{path: "/stuck"}.build())
		if ae := proxyGatewayError(t, err); ae.Type != apigate.IntegrationTimeout {
			t.Fatalf("error = %v, want INTEGRATION_TIMEOUT", err)
		}
	}
	var tr traced
	r := proxyReq{path: "/fine"}.build()
	r.Trace = tr.trace()
	start := time.Now()
	_, err := h.Integrate(context.Background(), r)
	if ae := proxyGatewayError(t, err); ae.Type != apigate.IntegrationFailure || ae.Status != 0 || !errors.Is(err, integration.ErrHandlerOverloaded) {
		t.Errorf("at the bound: error = %+v, want INTEGRATION_FAILURE (its default status) caused by ErrHandlerOverloaded", err)
	}
	if status, body := itest.ErrorResponse(t, err); status != 504 || body != `{"message":"Network error communicating with endpoint"}` {
		t.Errorf("answered %d %s", status, body)
	}
	if d := time.Since(start); d > 40*time.Millisecond || calls.Load() != 2 {
		t.Errorf("answered after %v with %d handler calls, want at once and 2", d, calls.Load())
	}
	if len(tr.requests) != 1 || len(tr.responses) != 1 || tr.responses[0].Err != err {
		t.Errorf("traced %+v, %+v", tr.requests, tr.responses)
	}

	close(release)
	returned.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := h.Integrate(context.Background(), proxyReq{path: "/fine"}.build())
		if err == nil && string(resp.Body) == "ok" {
			break
		}
		if !errors.Is(err, integration.ErrHandlerOverloaded) || time.Now().After(deadline) {
			t.Fatalf("after the stuck calls returned: %v %v", resp, err)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestHandlerClientGone(t *testing.T) {
	var cancelled atomic.Bool
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		cancelled.Store(errors.Is(r.Context().Err(), context.Canceled))
	}), integration.HandlerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := h.Integrate(ctx, proxyReq{}.build())
	var ae *apigate.Error
	if !errors.Is(err, context.Canceled) || errors.As(err, &ae) {
		t.Errorf("error = %v, want context.Canceled and no gateway response", err)
	}
	_, err = h.Integrate(ctx, proxyReq{}.build())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestHandlerLargeBodies(t *testing.T) {
	const max = 10 << 20
	big := bytes.Repeat([]byte("y"), max+1)
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{"exactly 10 MB", max, false},
		{"10 MB and a byte", max + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var werr error
			h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Write(big[:tt.size/2])
				_, werr = w.Write(big[tt.size/2 : tt.size])
			}), integration.HandlerOptions{})
			resp, err := h.Integrate(context.Background(), proxyReq{}.build())
			if !tt.wantErr {
				if err != nil || len(resp.Body) != tt.size || werr != nil {
					t.Fatalf("err %v, write error %v; want a body of %d bytes", err, werr, tt.size)
				}
				return
			}
			if werr == nil {
				t.Error("Write past 10 MB succeeded, want an error")
			}
			ae := proxyGatewayError(t, err)
			if ae.Type != apigate.Default5XX || ae.Status != http.StatusBadGateway {
				t.Errorf("error = %+v, want DEFAULT_5XX 502", ae)
			}
		})
	}
}

func TestHandlerConcurrentBodies(t *testing.T) {
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Path", r.URL.Path)
		io.Copy(w, r.Body)
	}), integration.HandlerOptions{})
	var wg sync.WaitGroup
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				body := strings.Repeat(fmt.Sprint(i, "-", j, ";"), i*j+1)
				path := fmt.Sprintf("/r/%d/%d", i, j)
				resp, err := h.Integrate(context.Background(), proxyReq{method: http.MethodPost, path: path, body: body}.build())
				if err != nil || string(resp.Body) != body || resp.Header.Get("X-Path") != path {
					t.Errorf("%s: got %v, %v", path, resp, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestHandlerValidate(t *testing.T) {
	ok := http.NotFoundHandler()
	tests := []struct {
		name string
		h    http.Handler
		opts integration.HandlerOptions
		want error
	}{
		{"valid", ok, integration.HandlerOptions{Path: "/a/{b}?c=${stageVariables.d}", Method: "any"}, nil},
		{"nil handler", nil, integration.HandlerOptions{}, nil},
		{"relative path", ok, integration.HandlerOptions{Path: "a/b"}, integration.ErrInvalidProxyURI},
		{"absolute URL as path", ok, integration.HandlerOptions{Path: "http://x/a"}, integration.ErrInvalidProxyURI},
		{"bad method", ok, integration.HandlerOptions{Method: "BREW"}, integration.ErrInvalidProxyMethod},
		{"bad timeout", ok, integration.HandlerOptions{Timeout: time.Minute}, integration.ErrInvalidTimeout},
		{"negative MaxAbandoned", ok, integration.HandlerOptions{MaxAbandoned: -1}, integration.ErrInvalidIntegration},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := integration.Handler(tt.h, tt.opts)
			err := h.Validate()
			switch {
			case tt.name == "nil handler":
				if err == nil {
					t.Fatal("Validate = nil, want an error for a nil handler")
				}
			case tt.want == nil:
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			case !errors.Is(err, tt.want):
				t.Fatalf("Validate = %v, want %v", err, tt.want)
			}
			_, err = h.Integrate(context.Background(), proxyReq{}.build())
			if ae := proxyGatewayError(t, err); ae.Type != apigate.APIConfigurationError {
				t.Errorf("Integrate error type = %s, want API_CONFIGURATION_ERROR", ae.Type)
			}
		})
	}
}

func BenchmarkHandlerIntegration(b *testing.B) {
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}), integration.HandlerOptions{})
	req := proxyReq{
		path: "/pets/1", rawQuery: "a=1",
		header: http.Header{"Accept": {"application/json"}, "User-Agent": {"bench"}},
	}.build()
	itest.Bench(b, h, req)
}

// BenchmarkHandlerIntegrationBody: a handler that reads a JSON body, as an API's POST does.
func BenchmarkHandlerIntegrationBody(b *testing.B) {
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v struct{ Name string }
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}), integration.HandlerOptions{})
	req := proxyReq{
		method: http.MethodPost, path: "/pets", body: `{"name":"Rex","tag":"dog","age":3}`,
		header: http.Header{"Content-Type": {"application/json"}, "User-Agent": {"bench"}},
	}.build()
	itest.Bench(b, h, req)
}

func BenchmarkHandlerIntegrationParallel(b *testing.B) {
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}), integration.HandlerOptions{})
	req := proxyReq{
		path: "/pets/1", rawQuery: "a=1",
		header: http.Header{"Accept": {"application/json"}, "User-Agent": {"bench"}},
	}.build()
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := h.Integrate(ctx, req)
			if err != nil || resp.StatusCode != 200 {
				b.Error(err)
				return
			}
		}
	})
}

// FuzzHandlerPathParam checks that any path parameter value, filled into a path template,
// gives the handler a request (never a panic or an error) whose path holds the value: as it
// is when it has no percent sign, since the characters escaped on the way unescape to
// themselves.
func FuzzHandlerPathParam(f *testing.F) {
	for _, s := range []string{"a", "a/b", "a b", "a?b#c", "%zz", "%41", "ü", "{x}", "a&b=c", "\x00\x7f"} {
		f.Add(s)
	}
	var seen handlerSeen
	h := integration.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = handlerSee(r)
	}), integration.HandlerOptions{
		Path: "/base/{p}?fixed=1",
		RequestParameters: map[string]string{
			"integration.request.path.p":        "method.request.querystring.p",
			"integration.request.querystring.q": "method.request.querystring.p",
		},
	})
	f.Fuzz(func(t *testing.T, v string) {
		if v == "" {
			return
		}
		resp, err := h.Integrate(context.Background(), proxyReq{rawQuery: url.Values{"p": {v}}.Encode()}.build())
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("Integrate: %v %v", resp, err)
		}
		if !strings.HasPrefix(seen.Path, "/base/") {
			t.Fatalf("path %q", seen.Path)
		}
		if !strings.Contains(v, "%") && seen.Path != "/base/"+v {
			t.Fatalf("path %q, want %q", seen.Path, "/base/"+v)
		}
		q, err := url.ParseQuery(seen.RawQuery)
		if err != nil || q.Get("fixed") != "1" || q.Get("q") != v {
			t.Fatalf("query %q (%v), want fixed=1 and q=%q", seen.RawQuery, err, v)
		}
	})
}
