package gateway_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

// TestContentLength checks that the gateway always sends the length of the body it writes
// (for HEAD, of the body GET would get), whatever length the response, in any spelling, or a
// middleware before the gateway claims, and that it drops a Transfer-Encoding: the framing is
// the gateway's.
func TestContentLength(t *testing.T) {
	api := gateway.NewRESTAPI("length")
	respond := func(h http.Header) apigate.IntegrationFunc {
		return func(context.Context, *apigate.Request) (*apigate.Response, error) {
			return &apigate.Response{StatusCode: 200, Header: h, Body: []byte("hello")}, nil
		}
	}
	api.Resource("/own").Method("ANY", respond(http.Header{"Content-Length": {"99"}}))
	api.Resource("/lower").Method("GET", respond(http.Header{"content-length": {"2"}, "X-Other": {"1"}}))
	api.Resource("/te").Method("GET", respond(http.Header{"Transfer-Encoding": {"chunked"}, "transfer-encoding": {"gzip"}}))
	api.Resource("/none").Method("GET", respond(http.Header{"X-Other": {"1"}}))
	gw := mustGateway(t, api)
	for _, tc := range []struct {
		name, method, path string
		preset             http.Header // what a middleware set before the gateway
		body               string
	}{
		{"response's", "GET", "/prod/own", nil, "hello"},
		{"response's, lower case", "GET", "/prod/lower", nil, "hello"},
		{"response's transfer encoding", "GET", "/prod/te", nil, "hello"},
		{"added", "GET", "/prod/none", nil, "hello"},
		{"added after a middleware's other header", "GET", "/prod/none", http.Header{"X-Mw": {"1"}}, "hello"},
		{"middleware's", "GET", "/prod/none", http.Header{"Content-Length": {"7"}, "content-length": {"8"}}, "hello"},
		{"HEAD", "HEAD", "/prod/own", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			for k, v := range tc.preset {
				rec.Header()[k] = v
			}
			gw.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Body.String() != tc.body {
				t.Errorf("body %q, want %q", rec.Body, tc.body)
			}
			for name, values := range rec.Header() {
				switch strings.ToLower(name) {
				case "content-length":
					if name != "Content-Length" || len(values) != 1 || values[0] != "5" {
						t.Errorf("%s: %q, want Content-Length: [5] alone", name, values)
					}
				case "transfer-encoding":
					t.Errorf("%s: %q sent", name, values)
				}
			}
		})
	}
}

// TestContentLengthOnTheWire checks the bytes a client gets over a real connection when the
// integration's response claims a wrong length, in both spellings: the whole body, framed by
// the gateway's Content-Length alone.
func TestContentLengthOnTheWire(t *testing.T) {
	api := gateway.NewRESTAPI("wire")
	api.Resource("/x").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Header: http.Header{"Content-Length": {"2"}, "content-length": {"3"}, "Transfer-Encoding": {"chunked"}}, Body: []byte("hello world")}, nil
	}))
	srv := httptest.NewServer(mustGateway(t, api))
	defer srv.Close()
	raw := rawRequest(t, srv, "GET /prod/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	head, body, _ := strings.Cut(raw, "\r\n\r\n")
	if body != "hello world" || strings.Count(strings.ToLower(head), "content-length") != 1 ||
		!strings.Contains(head, "\r\nContent-Length: 11\r\n") || strings.Contains(strings.ToLower(head), "transfer-encoding") {
		t.Errorf("response:\n%s", raw)
	}
}

// TestContentTypeOnTheWire checks the Content-Type a client gets over a real connection: API
// Gateway's default, application/json, when the response has none (never one net/http guesses
// from the body), and the response's own, once, in whatever spelling it has.
func TestContentTypeOnTheWire(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header http.Header
		want   string // the Content-Type lines of the response, in the order sent
	}{
		{"none", nil, "Content-Type: application/json"},
		{"canonical", http.Header{"Content-Type": {"text/plain"}}, "Content-Type: text/plain"},
		{"lower case", http.Header{"content-type": {"text/plain"}}, "content-type: text/plain"},
		{"both spellings", http.Header{"Content-Type": {"text/plain"}, "content-type": {"text/csv"}}, "Content-Type: text/plain|content-type: text/csv"},
		{"empty", http.Header{"Content-Type": {}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := gateway.NewRESTAPI("wire")
			api.Resource("/x").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
				return &apigate.Response{StatusCode: 200, Header: tc.header, Body: []byte("<html><script>alert(1)</script>")}, nil
			}))
			srv := httptest.NewServer(mustGateway(t, api))
			defer srv.Close()
			raw := rawRequest(t, srv, "GET /prod/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
			head, _, _ := strings.Cut(raw, "\r\n\r\n")
			var got []string
			for line := range strings.SplitSeq(head, "\r\n") {
				if strings.HasPrefix(strings.ToLower(line), "content-type:") {
					got = append(got, line)
				}
			}
			slices.Sort(got)
			want := strings.Split(tc.want, "|")
			if tc.want == "" {
				want = nil
			}
			if !slices.Equal(got, want) {
				t.Errorf("Content-Type lines %q, want %q", got, want)
			}
		})
	}
}

// rawRequest sends a request as it is over a new connection to srv and returns all the server
// sends back.
func rawRequest(t *testing.T, srv *httptest.Server, req string) string {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(conn)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRequestReuse checks that a request leaves nothing to the next one in the fields the
// gateway does not set for every request, whoever set them.
func TestRequestReuse(t *testing.T) {
	var seen []apigate.Request
	api := gateway.NewRESTAPI("reuse")
	api.Resource("/{p}").Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		seen = append(seen, *r)
		r.UsageIdentifierKey = "key"
		r.Context.Identity.APIKey = "key"
		r.Context.AWSEndpointRequestID = "aws"
		return &apigate.Response{StatusCode: 200}, nil
	}))
	gw := mustGateway(t, api)
	for range 3 {
		gw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/prod/x", nil))
	}
	for i, r := range seen {
		if r.UsageIdentifierKey != "" || r.Context.Identity.APIKey != "" || r.Context.AWSEndpointRequestID != "" || r.Body != nil {
			t.Errorf("request %d: left over from before: %+v", i, r)
		}
		if r.PathParameters["p"] != "x" || r.Context.ResourcePath != "/{p}" || r.Context.Stage != "prod" {
			t.Errorf("request %d: %+v", i, r)
		}
	}
}
