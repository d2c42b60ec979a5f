package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/apigate/apigate"
)

// This file holds what the integrations that call an HTTP backend (HTTP, HTTP_PROXY, and the
// in-process Handler as far as it applies) share.

// backendClient is the client of the HTTP and HTTP_PROXY integrations that have none of their
// own. It follows no redirects (a 3xx is an answer like any other, as on AWS) and its transport
// does not ask for compressed responses (API Gateway sends no Accept-Encoding of its own).
var backendClient = sync.OnceValue(func() *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if ok {
		t = t.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.DisableCompression = true
	t.MaxIdleConnsPerHost = 64 // a gateway sends many requests to few hosts
	return &http.Client{Transport: t, CheckRedirect: backendNoRedirect}
})

// backendNoRedirect makes a client return a redirect as the response.
func backendNoRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// backendMaxBody is API Gateway's payload limit (10 MB). It bounds the response an HTTP or
// HTTP_PROXY backend or an in-process handler may return.
const backendMaxBody = 10 << 20

// errBackendTooLarge is the cause of the 502 a response body over backendMaxBody gets.
var errBackendTooLarge = errors.New("integration: response is larger than allowed maximum of 10485760 bytes")

// backendTooLarge is the gateway's answer to a backend response over 10 MB: 502
// {"message":"Internal server error"} as a DEFAULT_5XX, as a malformed backend answer gets (AWS's
// exact answer is not documented).
func backendTooLarge(cause error) error {
	return &apigate.Error{Type: apigate.Default5XX, Status: http.StatusBadGateway, Message: "Internal server error", Err: cause}
}

// backendDo sends req with client and reads the whole response body. A failure to send or to
// read is INTEGRATION_TIMEOUT or INTEGRATION_FAILURE (transportError, with ctx the request's
// context), a body over 10 MB backendTooLarge.
func backendDo(ctx context.Context, client *http.Client, req *http.Request) (*http.Response, []byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, transportError(ctx, err)
	}
	defer resp.Body.Close()
	body, err := backendReadBody(resp.Body, resp.ContentLength)
	switch {
	case errors.Is(err, errBackendTooLarge):
		return nil, nil, backendTooLarge(err)
	case err != nil:
		return nil, nil, transportError(ctx, err)
	}
	return resp, body, nil
}

// backendReadChunk is the most backendReadBody allocates before any byte of a body arrives.
const backendReadChunk = 64 << 10

// backendReadBody reads a response body of declared length n (-1: unknown), failing with
// errBackendTooLarge past 10 MB. A declared length over 10 MB fails at once; any other only
// sizes the first buffer, up to backendReadChunk, which then grows with what arrives: a backend
// that declares 10 MB and sends five bytes costs five bytes (and a chunk), not 10 MB.
func backendReadBody(r io.Reader, n int64) ([]byte, error) {
	switch {
	case n > backendMaxBody:
		return nil, fmt.Errorf("%w: reported length %d", errBackendTooLarge, n)
	case n == 0:
		return nil, nil
	}
	size := backendReadChunk
	if n > 0 && n < backendReadChunk {
		size = int(n) + 1 // room to read the end of the body
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
		m, err := r.Read(b[len(b):min(cap(b), backendMaxBody+1)])
		b = b[:len(b)+m]
		switch {
		case len(b) > backendMaxBody:
			return nil, fmt.Errorf("%w: more than %d bytes", errBackendTooLarge, backendMaxBody)
		case err == io.EOF && len(b) == 0:
			return nil, nil
		case err == io.EOF:
			return b, nil
		case err != nil:
			return nil, fmt.Errorf("integration: reading the response body: %w", err)
		}
	}
}

// backendRequest builds the request to an HTTP backend: HTTP/1.1 to u, with host (u's host when
// empty) and the body, bound to ctx.
func backendRequest(ctx context.Context, method string, u *url.URL, host string, header http.Header, body []byte) *http.Request {
	if host == "" {
		host = u.Host
	}
	if _, ok := header["User-Agent"]; !ok && headerHas(header, "User-Agent") {
		// A mapped user-agent, spelled otherwise: an empty User-Agent keeps net/http from
		// sending its own besides.
		header["User-Agent"] = []string{""}
	}
	req := &http.Request{
		Method:     method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     header,
		Host:       host,
	}
	if len(body) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return req.WithContext(ctx)
}

// backendSourceIP returns the client's address: $context.identity.sourceIp, else the host of
// the connection's remote address.
func backendSourceIP(r *apigate.Request) string {
	if ip := r.Context.Identity.SourceIP; ip != "" || r.HTTP == nil {
		return ip
	}
	if host, _, err := net.SplitHostPort(r.HTTP.RemoteAddr); err == nil {
		return host
	}
	return r.HTTP.RemoteAddr
}

// backendForwardedFor returns the X-Forwarded-For API Gateway sends: the values the request
// had (prev), joined, with the client's address ip appended.
func backendForwardedFor(prev []string, ip string) string {
	switch {
	case len(prev) == 0:
		return ip
	case ip == "":
		return strings.Join(prev, ", ")
	}
	return strings.Join(prev, ", ") + ", " + ip
}

// backendForwarded returns the X-Forwarded-Port and X-Forwarded-Proto API Gateway sends: the
// port and scheme the client connected to. The port is the one the client's Host names, else
// 443 for https and 80 for http. A request without an HTTP request behind it (built in
// process) is https on 443, as on AWS, whose endpoints are HTTPS only.
func backendForwarded(r *apigate.Request) (port, proto string) {
	if r.HTTP == nil {
		return "443", "https"
	}
	port, proto = "80", "http"
	if r.HTTP.TLS != nil {
		port, proto = "443", "https"
	}
	host := r.HTTP.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && i+1 < len(host) && strings.IndexByte(host[i:], ']') < 0 {
		port = host[i+1:]
	}
	return port, proto
}
