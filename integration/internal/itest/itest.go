// Package itest holds what the tests of the integration packages (integration,
// integration/lambda, integration/awsservice) share: method requests built as the gateway
// builds them, loopback backends, the rendering of an integration's error as the gateway's
// default gateway response, and the lines of the conformance cases recorded outside this
// project (package internal/conformance). Only tests import it.
package itest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/internal/conformance"
)

// The values Request pins, so that what a test compares does not change from run to run.
const (
	Host      = "abc123.execute-api.test"
	SourceIP  = "198.51.100.7"
	AccountID = "111122223333"
	APIID     = "abc123"
	RequestID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
	Stage     = "test"
)

// Request builds a method request with apigatetest.NewRequest, for stage Stage: target is the
// path and query string without the stage; header alternates names and values (Host is Host
// unless given). It then pins what apigatetest makes fresh or leaves to the deployment: the
// account, API and request ids, the client's address, and $context.resourcePath (the path, as
// for a resource without variables).
func Request(method, target, body string, header ...string) *apigate.Request {
	opts := []apigatetest.Option{apigatetest.Stage(Stage), apigatetest.Header("Host", Host)}
	for i := 0; i+1 < len(header); i += 2 {
		opts = append(opts, apigatetest.Header(header[i], header[i+1]))
	}
	var b io.Reader
	if body != "" {
		b = strings.NewReader(body)
	}
	r := apigatetest.NewRequest(method, target, b, opts...)
	r.HTTP.RemoteAddr = SourceIP + ":51234"
	c := &r.Context
	c.AccountID, c.APIID, c.RequestID, c.ResourcePath = AccountID, APIID, RequestID, r.Path
	c.Identity.SourceIP = SourceIP
	return r
}

// ErrorResponse renders an integration error as the gateway's default gateway response would:
// the status and {"message":...}.
func ErrorResponse(t testing.TB, err error) (int, string) {
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

// Outcome returns what the client gets for an integration's result: the response's status and
// body, or, for an error, the default gateway response's (see ErrorResponse).
func Outcome(t testing.TB, resp *apigate.Response, err error) (int, []byte) {
	t.Helper()
	if err != nil {
		status, body := ErrorResponse(t, err)
		return status, []byte(body)
	}
	return resp.StatusCode, resp.Body
}

// ErrorType returns the gateway response type of an integration error, or "".
func ErrorType(err error) apigate.ResponseType {
	var ge *apigate.Error
	if errors.As(err, &ge) {
		return ge.Type
	}
	return ""
}

// Integrate runs an integration that must be valid and succeed.
func Integrate(t testing.TB, in apigate.Integration, r *apigate.Request) *apigate.Response {
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

// Bench validates in and measures it answering r with 200.
func Bench(b *testing.B, in apigate.Integration, r *apigate.Request) {
	if err := in.(apigate.Validator).Validate(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := in.Integrate(ctx, r)
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(resp, err)
		}
		if resp.Release != nil {
			resp.Release()
		}
	}
}

// Query parses a raw query string, failing the test on error.
func Query(t testing.TB, raw string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TraceIDPattern matches an X-Amzn-Trace-Id the gateway makes.
var TraceIDPattern = regexp.MustCompile(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`)

// Received is what a test backend was sent.
type Received struct {
	Method   string
	Path     string // as sent (escaped)
	RawQuery string
	Header   http.Header
	Body     string
}

// Backend is a loopback HTTP server that records the requests it gets and answers with a
// handler.
type Backend struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []Received
}

// NewBackend starts a Backend answering with respond (nil: 200, empty), closed when the test
// ends.
func NewBackend(t testing.TB, respond http.HandlerFunc) *Backend {
	b := &Backend{}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		b.reqs = append(b.reqs, Received{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
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

// Last returns the last request the backend got.
func (b *Backend) Last(t testing.TB) Received {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.reqs) == 0 {
		t.Fatal("the backend got no request")
	}
	return b.reqs[len(b.reqs)-1]
}

// Count returns how many requests the backend got.
func (b *Backend) Count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.reqs)
}

// Answer returns a handler that answers status, body and the header pairs.
func Answer(status int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Add(header[i], header[i+1])
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// Echo answers 200 with the request body and Content-Type application/json.
func Echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// RoundTripFunc adapts a function to http.RoundTripper.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(r).
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// ConformanceFiles are the conformance case files (package internal/conformance).
var ConformanceFiles = conformance.Files

// ConformanceLines returns the cases of a conformance file (proxy.jsonl, selection.jsonl,
// vtl.jsonl), one JSON object a line, failing the test when it cannot be read.
func ConformanceLines(t testing.TB, name string) [][]byte {
	t.Helper()
	lines, err := conformance.Lines(name)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// JSONEqual reports whether two JSON texts hold the same value.
func JSONEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// ConfResponse is an integration response as the conformance files write it.
type ConfResponse struct {
	StatusCode        string            `json:"statusCode"`
	SelectionPattern  string            `json:"selectionPattern"`
	ResponseTemplates map[string]string `json:"responseTemplates"`
}

// Status returns the response's status code, failing the test when it is not a number.
func (c ConfResponse) Status(t testing.TB) int {
	t.Helper()
	status, err := strconv.Atoi(c.StatusCode)
	if err != nil {
		t.Fatalf("statusCode %q", c.StatusCode)
	}
	return status
}
