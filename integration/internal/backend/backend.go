// Package backend calls the HTTP endpoint of an integration: the HTTP and HTTP_PROXY
// integrations' backends and the AWS services of integration/awsservice. It holds what they
// share: the client rule (a user's client is copied and never follows redirects), the 10 MB
// limit on what a backend answers, the mapping of a failed call to INTEGRATION_TIMEOUT or
// INTEGRATION_FAILURE, the headers API Gateway adds to a non-proxy integration request, and the
// Trace hooks that observe the call, which never see a credential (trace.go).
package backend

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/internal/media"
)

// defaultClient is the client of the integrations that have none of their own. It follows no
// redirects (a 3xx is an answer like any other, as on AWS) and its transport does not ask for
// compressed responses (API Gateway sends no Accept-Encoding of its own).
var defaultClient = sync.OnceValue(func() *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if ok {
		t = t.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.DisableCompression = true
	t.MaxIdleConnsPerHost = 64 // a gateway sends many requests to few hosts
	return &http.Client{Transport: t, CheckRedirect: noRedirect}
})

// Client returns the client an integration sends its requests with: for nil, the client the
// integrations share (see defaultClient); else a copy of c whose CheckRedirect returns the
// redirect as the response, so that redirects are never followed whatever c says. The copy is
// made once, when the integration is made: changing c afterwards does not change it.
func Client(c *http.Client) *http.Client {
	if c == nil {
		return defaultClient()
	}
	cp := *c
	cp.CheckRedirect = noRedirect
	return &cp
}

// noRedirect makes a client return a redirect as the response.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// MaxBody is API Gateway's payload limit (10 MB). It bounds the response an HTTP or HTTP_PROXY
// backend or an in-process handler may return.
const MaxBody = 10 << 20

// ErrTooLarge is the cause of the 502 a response body over MaxBody gets.
var ErrTooLarge = errors.New("integration: response is larger than allowed maximum of 10485760 bytes")

// TooLarge is the gateway's answer to a backend response over 10 MB: 502 {"message":"Internal
// server error"} as a DEFAULT_5XX, as a malformed backend answer gets (AWS's exact answer is not
// documented).
func TooLarge(cause error) error {
	return &apigate.Error{Type: apigate.Default5XX, Status: http.StatusBadGateway, Message: "Internal server error", Err: cause}
}

// Do sends req with client and reads the whole response body. A failure to send or to read is
// INTEGRATION_TIMEOUT or INTEGRATION_FAILURE (failure.Transport, with ctx the call's context),
// a body over 10 MB TooLarge. r is the method request, whose Trace (when it has one) gets the
// request as sent (its secret headers masked: see TraceHeader), body its body, and what the
// backend answered.
func Do(ctx context.Context, client *http.Client, req *http.Request, r *apigate.Request, body []byte) (*http.Response, []byte, error) {
	var start time.Time
	if t := r.Trace; t != nil {
		if t.IntegrationRequest != nil {
			t.IntegrationRequest(r, &apigate.IntegrationRequestInfo{Method: req.Method, URI: req.URL.String(), Header: TraceHeader(req.Header), Body: body})
		}
		start = time.Now()
	}
	resp, respBody, err := do(ctx, client, req)
	if t := r.Trace; t != nil && t.IntegrationResponse != nil {
		info := &apigate.IntegrationResponseInfo{Latency: time.Since(start), Err: err}
		if err == nil {
			info.StatusCode, info.Header, info.Body = resp.StatusCode, resp.Header, respBody
		}
		t.IntegrationResponse(r, info)
	}
	return resp, respBody, err
}

func do(ctx context.Context, client *http.Client, req *http.Request) (*http.Response, []byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, failure.Transport(ctx, err)
	}
	defer resp.Body.Close()
	body, err := ReadBody(resp.Body, resp.ContentLength)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, nil, TooLarge(err)
	case err != nil:
		return nil, nil, failure.Transport(ctx, err)
	}
	return resp, body, nil
}

// readChunk is the most ReadBody allocates before any byte of a body arrives.
const readChunk = 64 << 10

// ReadBody reads a response body of declared length n (-1: unknown), failing with ErrTooLarge
// past 10 MB. A declared length over 10 MB fails at once; any other only sizes the first
// buffer, up to 64 KiB, which then grows with what arrives: a backend that declares 10 MB and
// sends five bytes costs five bytes (and a chunk), not 10 MB.
func ReadBody(r io.Reader, n int64) ([]byte, error) {
	switch {
	case n > MaxBody:
		return nil, fmt.Errorf("%w: reported length %d", ErrTooLarge, n)
	case n == 0:
		return nil, nil
	}
	size := readChunk
	if n > 0 && n < readChunk {
		size = int(n) + 1 // room to read the end of the body
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
		m, err := r.Read(b[len(b):min(cap(b), MaxBody+1)])
		b = b[:len(b)+m]
		switch {
		case len(b) > MaxBody:
			return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxBody)
		case err == io.EOF && len(b) == 0:
			return nil, nil
		case err == io.EOF:
			return b, nil
		case err != nil:
			return nil, fmt.Errorf("integration: reading the response body: %w", err)
		}
	}
}

// NewRequest builds the request to an HTTP backend: HTTP/1.1 to u, with host (u's host when
// empty) and the body, bound to ctx. The body is read, never changed.
func NewRequest(ctx context.Context, method string, u *url.URL, host string, h http.Header, body []byte) *http.Request {
	if host == "" {
		host = u.Host
	}
	if _, ok := h["User-Agent"]; !ok && header.Has(h, "User-Agent") {
		// A mapped user-agent, spelled otherwise: an empty User-Agent keeps net/http from
		// sending its own besides.
		h["User-Agent"] = []string{""}
	}
	req := &http.Request{
		Method:     method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       host,
	}
	if len(body) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return req.WithContext(ctx)
}

// ValidMethod reports whether m (upper case) is the method of an HTTP or AWS integration: GET,
// POST, PUT, DELETE, PATCH, HEAD, OPTIONS, or ANY for the client's.
func ValidMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch,
		http.MethodHead, http.MethodOptions, "ANY":
		return true
	}
	return false
}

// NoBodyMethod reports whether API Gateway sends a non-proxy integration's backend no body for
// this method (GET, HEAD, OPTIONS), as LocalStack does; AWS's rule is not documented.
func NoBodyMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// statusTexts holds the decimal forms of the status codes 100 to 599, so that the selection
// value of a typical answer costs no allocation.
var statusTexts = func() (t [500]string) {
	for i := range t {
		t[i] = strconv.Itoa(100 + i)
	}
	return t
}()

// StatusText returns n in decimal, the selection value of an answer with status n.
func StatusText(n int) string {
	if n >= 100 && n < 600 {
		return statusTexts[n-100]
	}
	return strconv.Itoa(n)
}

// Mapped is the integration request's mapped headers, in order (integration.Params).
type Mapped interface {
	Len() int
	Name(i int) string
	Values(i int) []string
	Has(name string) bool
}

// Header builds the headers of a non-proxy integration request to an HTTP endpoint (HTTP,
// AWS): the mapped ones and those API Gateway adds.
type Header struct {
	H      http.Header
	mapped Mapped
	vals   []string // backs the added headers' one-value slices
}

// NewHeader starts the headers of a request for r: the mapped headers but those drop reports
// (copied: the request may outlive the mapped values), then Accept: application/json,
// the client's Content-Type (not for a client GET, HEAD or OPTIONS) and User-Agent:
// AmazonAPIGateway_{apiId}, each unless a mapping sets it, X-Amzn-Apigateway-Api-Id and
// X-Amzn-Trace-Id: trace. extra is how many more headers the caller adds.
func NewHeader(r *apigate.Request, mapped Mapped, drop func(name string) bool, trace string, extra int) Header {
	n, values := mapped.Len(), 0
	for i := range n {
		values += len(mapped.Values(i))
	}
	h := Header{H: make(http.Header, n+5+extra), mapped: mapped, vals: make([]string, 0, values+5+extra)}
	for i := range n {
		name := mapped.Name(i)
		if drop(name) {
			continue
		}
		start := len(h.vals)
		h.vals = append(h.vals, mapped.Values(i)...)
		h.H[name] = h.vals[start:len(h.vals):len(h.vals)]
	}
	apiID := r.Context.APIID
	h.SetDefault("Accept", media.JSON)
	if ct := header.First(r.Header, "Content-Type"); ct != "" && !NoBodyMethod(r.Method) {
		h.SetDefault("Content-Type", ct)
	}
	h.SetDefault("User-Agent", "AmazonAPIGateway_"+apiID)
	h.Set("X-Amzn-Apigateway-Api-Id", apiID)
	h.Set("X-Amzn-Trace-Id", trace)
	return h
}

// Set sets an added header.
func (h *Header) Set(name, value string) {
	h.vals = append(h.vals, value)
	h.H[name] = h.vals[len(h.vals)-1 : len(h.vals) : len(h.vals)]
}

// SetDefault sets an added header unless a mapping sets it (in any case).
func (h *Header) SetDefault(name, value string) {
	if !h.mapped.Has(name) {
		h.Set(name, value)
	}
}
