package gateway

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/methodrequest"
)

// ServeHTTP serves a request: the part every API kind shares. It selects the stage, makes the
// request's ids and its method request, hands it to the pipeline of the deployment the stage
// serves, writes what the pipeline answers (the integration's response, or the gateway response
// of its failure), reports the request to the trace's Done hook and recycles it.
//
// ServeHTTP reads hr's body and changes hr in one way: net/http moves the Host header out of
// hr.Header into hr.Host, and the gateway puts it back into hr.Header (API Gateway shows it to
// templates and functions as a header), in the map itself, which a middleware around the
// gateway shares; copying the map would cost every request a copy of all its headers.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if !g.life.enter() {
		writeUnavailable(w)
		return
	}
	defer g.life.leave()
	received := time.Now()
	ids := methodrequest.NewIDs()
	s, rest, ctxPath := g.stageFor(hr.URL.EscapedPath())
	if s == nil {
		writeForbidden(w, ids)
		return
	}
	d := s.deployment.Load()
	x := g.newExchange(hr, d, s, rest, ctxPath, ids, received)
	defer g.recycle(x)
	r := &x.req
	ctx := hr.Context()
	resp, err := d.pipeline.run(ctx, g, x)
	if err != nil && ctx.Err() != nil {
		g.abort(x, err, received)
	}
	var (
		status int
		header http.Header
		body   []byte
	)
	if err != nil {
		status, header, body = d.pipeline.render(err, r)
	} else {
		status, header, body = resp.StatusCode, resp.Header, resp.Body
	}
	head := hr.Method == http.MethodHead
	writeResponse(w, head, status, header, body, ids)
	if t := r.Trace; t != nil && t.Done != nil {
		if head {
			body = nil
		}
		t.Done(r, &apigate.DoneInfo{StatusCode: status, Header: w.Header(), Body: body, Latency: time.Since(received), IntegrationLatency: x.integration, Err: err})
	}
	if resp != nil && resp.Release != nil {
		resp.Release()
	}
}

// newExchange takes an exchange from the pool and builds its method request and $context.
func (g *Gateway) newExchange(hr *http.Request, d *Deployment, s *servedStage, rest, ctxPath string, ids methodrequest.IDs, received time.Time) *exchange {
	if rest == "" {
		rest = "/"
	}
	// x is zero (recycle clears it): only the fields every request has are set, one write
	// barrier each while the collector marks, where copying a whole Request in would cost one
	// for every pointer in it
	x := g.exchanges.Get().(*exchange)
	r := &x.req
	methodrequest.FromHTTP(r, hr, received, &g.clock)
	r.Path = rest
	r.StageVariables = s.config.Variables
	r.BinaryMediaTypes = d.binary
	if g.trace != nil {
		r.Trace = g.trace
	}
	c := &r.Context
	c.AccountID = g.accountID
	c.APIID = d.apiID
	c.DeploymentID = d.id
	c.ExtendedRequestID = ids.Extended
	c.Path = ctxPath
	c.RequestID = ids.Request
	c.Stage = s.config.Name
	return x
}

// recycle gives the request's share of the body budget back and puts the exchange back in the
// pool, cleared: it holds nothing while it waits there.
func (g *Gateway) recycle(x *exchange) {
	if x.reserved != 0 {
		g.bodies.release(x.reserved)
	}
	*x = exchange{}
	g.exchanges.Put(x)
}

// abort ends a request whose context ended before it had a response: the client went away (or
// half-closed its connection, which net/http cannot tell apart), or a middleware's deadline
// passed. Nobody waits for an answer: the failure is reported to the trace as the request's
// context error (errors.Is(err, context.Canceled) for a client that went away), not as the
// gateway response the stage's failure would have been, and the response is aborted with
// http.ErrAbortHandler, on which net/http closes the connection (or resets the HTTP/2 stream)
// without logging.
func (g *Gateway) abort(x *exchange, err error, received time.Time) {
	r := &x.req
	err = fmt.Errorf("gateway: the request's context ended before the response (%w); the request path stopped with: %v", r.HTTP.Context().Err(), err)
	if t := r.Trace; t != nil && t.Done != nil {
		t.Done(r, &apigate.DoneInfo{Latency: time.Since(received), IntegrationLatency: x.integration, Err: err})
	}
	panic(http.ErrAbortHandler)
}

// The headers API Gateway adds, spelled as it sends them. They are not in Go's canonical form,
// so read them from an http.Header by indexing (h["x-amzn-RequestId"]) or from a response that
// went over the network (Go's client canonicalizes what it reads).
const (
	headerRequestID = "x-amzn-RequestId"
	headerAPIGWID   = "x-amz-apigw-id"
	headerErrorType = "x-amzn-ErrorType"
)

// writeResponse sends a response with the gateway's own headers: x-amzn-RequestId,
// x-amz-apigw-id and Content-Length, the length of body (for HEAD, of the body a GET would
// get). The gateway owns them, and Transfer-Encoding: the response's own, in any spelling,
// are dropped (a mapping or a backend cannot make the response claim another length or
// framing), and so are a middleware's set before. A response without a Content-Type is sent as
// application/json, API Gateway's default (net/http would guess one from the body, text/html
// for a body a client may have written); one in another spelling (content-type, from a Lambda
// function) is sent as it is, without the second, guessed one net/http would add. The values
// of the headers it writes go into new arrays (one, for the usual response), so that w shares
// no storage with header, which may be an integration's shared response or one the
// integration reuses once released.
func writeResponse(w http.ResponseWriter, head bool, status int, header http.Header, body []byte, ids methodrequest.IDs) {
	// room for the usual response, whose headers have a value each
	vals := make([]string, 4+len(header))
	vals[0], vals[1], vals[2], vals[3] = ids.Request, ids.Extended, strconv.Itoa(len(body)), "application/json"
	h := w.Header()
	if len(h) > 0 {
		for name := range h {
			if owned(name) {
				delete(h, name)
			}
		}
	}
	h[headerRequestID] = vals[0:1:1]
	h[headerAPIGWID] = vals[1:2:2]
	h["Content-Length"] = vals[2:3:3]
	h["Content-Type"] = vals[3:4:4] // unless the response has one
	free := vals[4:]
	for name, values := range header {
		switch {
		case name == "X-Amzn-Errortype":
			name = headerErrorType
		case owned(name):
			continue
		case len(name) == len("Content-Type") && name != "Content-Type" && strings.EqualFold(name, "Content-Type"):
			if _, ok := header["Content-Type"]; !ok {
				h["Content-Type"] = nil // net/http sends no Content-Type of its own
			}
		}
		if len(values) > len(free) {
			free = make([]string, len(values)+len(header))
		}
		k := copy(free, values)
		h[name] = free[:k:k]
		free = free[k:]
	}
	w.WriteHeader(status)
	if !head {
		w.Write(body)
	}
}

// owned reports whether a header, in any spelling, is one the gateway owns: x-amzn-RequestId,
// x-amz-apigw-id, Content-Length and Transfer-Encoding.
func owned(name string) bool {
	switch len(name) {
	case len("Content-Length"): // and x-amz-apigw-id
		return strings.EqualFold(name, "Content-Length") || strings.EqualFold(name, headerAPIGWID)
	case len(headerRequestID):
		return strings.EqualFold(name, headerRequestID)
	case len("Transfer-Encoding"):
		return strings.EqualFold(name, "Transfer-Encoding")
	}
	return false
}

// writeForbidden answers a request for a stage the gateway does not serve.
func writeForbidden(w http.ResponseWriter, ids methodrequest.IDs) {
	h := w.Header()
	h[headerRequestID] = []string{ids.Request}
	h[headerAPIGWID] = []string{ids.Extended}
	h["Content-Type"] = []string{"application/json"}
	h[headerErrorType] = []string{"ForbiddenException"}
	w.WriteHeader(http.StatusForbidden)
	io.WriteString(w, `{"message":"Forbidden"}`)
}

// writeUnavailable answers a request that arrives once Close has been called.
func writeUnavailable(w http.ResponseWriter) {
	ids := methodrequest.NewIDs()
	h := w.Header()
	h[headerRequestID] = []string{ids.Request}
	h[headerAPIGWID] = []string{ids.Extended}
	h["Content-Type"] = []string{"application/json"}
	h[headerErrorType] = []string{"ServiceUnavailableException"}
	h["Connection"] = []string{"close"}
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, `{"message":"Service Unavailable"}`)
}

var _ http.Handler = (*Gateway)(nil)
