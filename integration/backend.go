package integration

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
)

// This file holds what the integrations that call an HTTP backend (HTTP, HTTP_PROXY) share.

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
