package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apigate/apigate"
)

// Limits API Gateway puts on a request.
const (
	MaxBodySize   = 10 << 20 // 10 MB: larger bodies are REQUEST_TOO_LARGE (413)
	MaxHeaderSize = 10240    // bytes of request line and headers
)

// ServeHTTP runs a request through the pipeline of the stage it addresses.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	start := time.Now()
	ids := newRequestIDs()
	path := hr.URL.EscapedPath()
	s, rest := g.stageFor(path)
	if s == nil {
		writeForbidden(w, ids)
		return
	}
	ctxPath := path // $context.path: the stage and the rest, as received
	switch {
	case g.atRoot != nil:
		ctxPath = "/" + s.name + path
	case rest == "":
		ctxPath = path + "/"
	}
	d := s.deployment.Load()
	r := g.newRequest(hr, d, s, rest, ctxPath, ids, start)
	resp, err := g.run(hr.Context(), d, r)
	if err != nil {
		if g.onError != nil {
			g.onError(hr.Context(), r, err)
		}
		status, hdr, body := d.responses.Render(err, r)
		writeResponse(w, r, status, hdr, body, ids)
	} else {
		writeResponse(w, r, resp.StatusCode, resp.Header, resp.Body, ids)
		if resp.Release != nil {
			resp.Release()
		}
	}
	*r = apigate.Request{} // r holds nothing while it waits in the pool; newRequest sets what a request has
	g.requests.Put(r)
}

// stageFor picks the stage a raw request path addresses and returns the rest of the path.
func (g *Gateway) stageFor(path string) (*servedStage, string) {
	if g.atRoot != nil {
		return g.atRoot, path
	}
	name, rest := strings.TrimPrefix(path, "/"), ""
	if i := strings.IndexByte(name, '/'); i >= 0 {
		name, rest = name[:i], name[i:]
	}
	return g.stages[name], rest
}

// run is the request path after stage selection. Its errors become gateway responses.
func (g *Gateway) run(ctx context.Context, d *Deployment, r *apigate.Request) (resp *apigate.Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			resp, err = nil, &apigate.Error{Type: apigate.APIConfigurationError, Err: fmt.Errorf("gateway: panic: %v", p)}
		}
	}()
	if err := checkLimits(r); err != nil {
		return nil, err
	}
	if err := readBody(r); err != nil {
		return nil, err
	}
	m, err := d.route(r)
	if err != nil {
		return nil, err
	}
	if m.authorizer != nil {
		if err := m.authorizer.Authorize(ctx, r); err != nil {
			return nil, asGatewayError(err, apigate.AuthorizerConfigurationError)
		}
	}
	if m.apiKey {
		if err := g.checkKey(ctx, d, r); err != nil {
			return nil, err
		}
	}
	if g.throttler != nil {
		if err := g.throttler.Allow(ctx, r); err != nil {
			return nil, asGatewayError(err, apigate.Throttled)
		}
	}
	if m.validator != nil {
		if err := m.validator.Validate(r); err != nil {
			return nil, err
		}
	}
	resp, err = m.integration.Integrate(ctx, r)
	if err != nil {
		return nil, asGatewayError(err, apigate.APIConfigurationError)
	}
	if resp == nil {
		return nil, &apigate.Error{Type: apigate.APIConfigurationError, Err: errors.New("gateway: the integration returned no response")}
	}
	return resp, nil
}

// asGatewayError keeps an *apigate.Error as it is and makes any other error one of type t.
func asGatewayError(err error, t apigate.ResponseType) error {
	var ge *apigate.Error
	if errors.As(err, &ge) {
		return err
	}
	return &apigate.Error{Type: t, Err: err}
}

// checkLimits enforces the header size limit and a declared body size over the limit.
func checkLimits(r *apigate.Request) error {
	hr := r.HTTP
	n := len(hr.Method) + len(hr.RequestURI) + len(hr.Proto) + 4
	for name, values := range hr.Header {
		for _, v := range values {
			n += len(name) + len(v) + 4
		}
	}
	if n > MaxHeaderSize {
		return &apigate.Error{Type: apigate.RequestTooLarge, Err: fmt.Errorf("gateway: %d bytes of headers, the limit is %d", n, MaxHeaderSize)}
	}
	if hr.ContentLength > MaxBodySize {
		return &apigate.Error{Type: apigate.RequestTooLarge, Err: fmt.Errorf("gateway: a body of %d bytes, the limit is %d", hr.ContentLength, MaxBodySize)}
	}
	return nil
}

// readBody reads the request body, at most MaxBodySize bytes.
func readBody(r *apigate.Request) error {
	if r.HTTP.Body == nil || r.HTTP.Body == http.NoBody {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(r.HTTP.Body, MaxBodySize+1))
	if err != nil {
		return &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest, Message: "Bad Request", Err: fmt.Errorf("gateway: reading the body: %w", err)}
	}
	if len(body) > MaxBodySize {
		return &apigate.Error{Type: apigate.RequestTooLarge, Err: fmt.Errorf("gateway: the body exceeds %d bytes", MaxBodySize)}
	}
	r.Body = body
	return nil
}

// route finds the method for the request and fills in what routing learns.
func (d *Deployment) route(r *apigate.Request) (*deployedMethod, error) {
	match, params, ok := d.router.Match(r.Method, r.Path, nil)
	if !ok {
		return nil, &apigate.Error{Type: apigate.MissingAuthenticationToken}
	}
	rt := &d.routes[match.Route]
	m := rt.methods[match.Method]
	r.Context.ResourcePath, r.Context.ResourceID = rt.path, rt.id
	if len(params) > 0 {
		r.PathParameters = make(map[string]string, len(params))
		for _, p := range params {
			r.PathParameters[p.Name] = p.Value
		}
	}
	return m, nil
}

// checkKey runs the API key stage.
func (g *Gateway) checkKey(ctx context.Context, d *Deployment, r *apigate.Request) error {
	var key string
	if d.keySource == KeyFromAuthorizer {
		key = r.UsageIdentifierKey
	} else {
		key = r.Header.Get("X-Api-Key")
	}
	if key == "" || g.keys == nil {
		return &apigate.Error{Type: apigate.InvalidAPIKey}
	}
	id, err := g.keys.CheckKey(ctx, r, key)
	if err != nil {
		return asGatewayError(err, apigate.InvalidAPIKey)
	}
	r.Context.Identity.APIKey, r.Context.Identity.APIKeyID = key, id
	return nil
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
// x-amz-apigw-id and, unless header has one, Content-Length. The values of the headers it
// writes go into new arrays (one, for the usual response), so that w shares no storage with
// header, which may be an integration's shared response or one the integration reuses once
// released.
func writeResponse(w http.ResponseWriter, r *apigate.Request, status int, header http.Header, body []byte, ids requestIDs) {
	// room for the usual response, whose headers have a value each
	vals := make([]string, 3+len(header))
	vals[0], vals[1] = ids.request, ids.extended
	h := w.Header()
	// whether h has a Content-Length: one a middleware set before (looked up only when h has
	// anything) or one of header's
	var length bool
	if len(h) > 0 {
		_, length = h["Content-Length"]
	}
	h[headerRequestID] = vals[0:1:1]
	h[headerAPIGWID] = vals[1:2:2]
	free := vals[3:]
	for name, values := range header {
		switch {
		case name == "X-Amzn-Errortype":
			name = headerErrorType
		case name == "Content-Length":
			length = true
		case len(name) == len(headerRequestID) && strings.EqualFold(name, headerRequestID),
			len(name) == len(headerAPIGWID) && strings.EqualFold(name, headerAPIGWID):
			continue // the gateway's own: a backend's or a mapping's cannot replace them
		}
		if len(values) > len(free) {
			free = make([]string, len(values)+len(header))
		}
		k := copy(free, values)
		h[name] = free[:k:k]
		free = free[k:]
	}
	if !length {
		vals[2] = strconv.Itoa(len(body))
		h["Content-Length"] = vals[2:3:3]
	}
	w.WriteHeader(status)
	if r.HTTP.Method != http.MethodHead {
		w.Write(body)
	}
}

// writeForbidden answers a request for a stage the gateway does not serve.
func writeForbidden(w http.ResponseWriter, ids requestIDs) {
	h := w.Header()
	h[headerRequestID] = []string{ids.request}
	h[headerAPIGWID] = []string{ids.extended}
	h["Content-Type"] = []string{"application/json"}
	h[headerErrorType] = []string{"ForbiddenException"}
	w.WriteHeader(http.StatusForbidden)
	io.WriteString(w, `{"message":"Forbidden"}`)
}
