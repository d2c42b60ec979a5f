package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/apigate/apigate"
)

// npRequest builds a method request as the gateway would: target is the path and query
// string without the stage; header alternates names and values.
func npRequest(method, target, body string, header ...string) *apigate.Request {
	hr := httptest.NewRequest(method, "http://abc123.execute-api.test"+target, nil)
	hr.RemoteAddr = "198.51.100.7:51234"
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Add(header[i], header[i+1])
	}
	hr.Header = h
	r := &apigate.Request{
		HTTP:   hr,
		Method: method,
		Path:   hr.URL.Path,
		Query:  hr.URL.Query(),
		Header: h,
		Body:   []byte(body),
		Context: apigate.Context{
			AccountID:    "111122223333",
			APIID:        "abc123",
			HTTPMethod:   method,
			Path:         "/test" + hr.URL.Path,
			Protocol:     "HTTP/1.1",
			RequestID:    "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
			ResourcePath: hr.URL.Path,
			Stage:        "test",
		},
	}
	r.Context.Identity.SourceIP = "198.51.100.7"
	return r
}

// npErrorResponse renders an integration error as the gateway's default gateway response would:
// the status and {"message":...}.
func npErrorResponse(t *testing.T, err error) (int, string) {
	t.Helper()
	var ge *apigate.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v (%T) is not an *apigate.Error", err, err)
	}
	status := ge.Status
	if status == 0 {
		status = ge.Type.DefaultStatus()
	}
	msg, ok := ge.MessageText()
	if !ok {
		return status, `{"message":null}`
	}
	b, _ := json.Marshal(msg)
	return status, `{"message":` + string(b) + `}`
}

// npErrorType returns the gateway response type of an integration error, or "".
func npErrorType(err error) apigate.ResponseType {
	var ge *apigate.Error
	if errors.As(err, &ge) {
		return ge.Type
	}
	return ""
}

// npReceived is what a test backend was sent.
type npReceived struct {
	Method   string
	Path     string // as sent (escaped)
	RawQuery string
	Header   http.Header
	Body     string
}

// npBackend is a loopback HTTP server that records the requests it gets and answers with
// respond.
type npBackend struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []npReceived
}

func npNewBackend(t testing.TB, respond http.HandlerFunc) *npBackend {
	b := &npBackend{}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		b.reqs = append(b.reqs, npReceived{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: string(body)})
		b.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		if respond != nil {
			respond(w, r)
		}
	}))
	t.Cleanup(b.Close)
	return b
}

// last returns the last request the backend got.
func (b *npBackend) last(t *testing.T) npReceived {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.reqs) == 0 {
		t.Fatal("the backend got no request")
	}
	return b.reqs[len(b.reqs)-1]
}

// count returns how many requests the backend got.
func (b *npBackend) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.reqs)
}

// npAnswer returns a handler that answers status, body and the header pairs.
func npAnswer(status int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Add(header[i], header[i+1])
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// npEcho answers 200 with the request body and Content-Type application/json.
func npEcho(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// npIntegrate runs an integration that must succeed.
func npIntegrate(t *testing.T, in apigate.Integration, r *apigate.Request) *apigate.Response {
	t.Helper()
	if v, ok := in.(apigate.Validator); ok {
		if err := v.Validate(); err != nil {
			t.Fatalf("Validate: %v", err)
		}
	}
	resp, err := in.Integrate(context.Background(), r)
	if err != nil {
		t.Fatalf("Integrate: %v", err)
	}
	return resp
}

// npQuery parses a raw query string, failing the test on error.
func npQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
