// Package apigatetest builds method requests for tests, as net/http/httptest builds
// *http.Request: who writes an authorizer, a key store, a throttler or an integration tests it
// with the *apigate.Request the gateway would pass, $context and all, without building one by
// hand.
//
//	r := apigatetest.NewRequest("GET", "/pets/42?limit=5", nil,
//		apigatetest.Resource("/pets/{petId}"),
//		apigatetest.Header("Authorization", "Bearer token"))
//	err := myAuthorizer.Authorize(ctx, r)
//
// The request is filled by the code the gateway fills its requests with: the method (and
// X-HTTP-Method-Override), the query, the headers (Host included), fresh request ids, the
// request time, the identity's source IP and user agent, the stage and $context.path; the
// resource and path parameters come from the options, as routing would set them. Unlike the
// gateway's, the request is the caller's own: it may be kept and changed (set
// r.Context.Authorizer to test an integration behind an authorizer, say).
package apigatetest

import (
	"fmt"
	"io"
	"maps"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/methodrequest"
	"github.com/apigate/apigate/internal/router"
)

// The values NewRequest gives what a deployment would decide.
const (
	// DefaultStage is the stage of a request without the Stage option: the gateway's default.
	DefaultStage = "prod"
	// AccountID is $context.accountId: the gateway's default, AWS's documentation account.
	AccountID = "123456789012"
	// APIID is $context.apiId.
	APIID = "a1b2c3d4e5"
	// DeploymentID is $context.deploymentId.
	DeploymentID = "d1e2f3"
)

// An Option sets what the gateway would learn from its deployment, its stage or its router.
type Option func(*options)

type options struct {
	stage    string
	vars     map[string]string
	resource string
	params   map[string]string
	header   [][2]string
	received time.Time
}

// Stage makes the request one for the stage name: $context.stage, and the first segment of
// $context.path and of the client's URL.
func Stage(name string) Option {
	return func(o *options) { o.stage = name }
}

// StageVariables sets the stage's variables ($stageVariables); the request gets a copy.
func StageVariables(vars map[string]string) Option {
	return func(o *options) { o.vars = maps.Clone(vars) }
}

// Resource sets the resource the request was routed to, a path template such as
// /pets/{petId} or /files/{proxy+}: $context.resourcePath, a resourceId derived from it, and
// the path parameters, taken from the request's path as the gateway's router takes them (raw,
// not URL-decoded; a greedy variable without the trailing slash). NewRequest panics if the path
// does not fit the template.
func Resource(template string) Option {
	return func(o *options) { o.resource = template }
}

// PathParameters sets the request's path parameters, replacing those Resource takes from the
// path.
func PathParameters(params map[string]string) Option {
	return func(o *options) { o.params = maps.Clone(params) }
}

// Header adds a header to the client's request, before the gateway reads it: a Host header
// sets $context.domainName, a User-Agent $context.identity.userAgent, an
// X-HTTP-Method-Override the method.
func Header(name, value string) Option {
	return func(o *options) { o.header = append(o.header, [2]string{name, value}) }
}

// ReceivedAt sets when the gateway received the request ($context.requestTime and
// requestTimeEpoch); by default, now.
func ReceivedAt(t time.Time) Option {
	return func(o *options) { o.received = t }
}

// NewRequest returns the method request the gateway would build for a client's request with
// method, target and body, as the stages after routing see it. target is the path after the
// stage with its query ("/pets/42?limit=5"), or an absolute URL whose host becomes the Host
// header ("https://abc123.execute-api.us-east-1.amazonaws.com/pets"); the client's URL is the
// target's with the stage in front, as the gateway receives it. The body, if not nil, is read
// into r.Body. Like httptest.NewRequest, NewRequest panics on input it cannot use.
func NewRequest(method, target string, body io.Reader, opts ...Option) *apigate.Request {
	o := options{stage: DefaultStage, received: time.Now()}
	for _, opt := range opts {
		opt(&o)
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		panic(fmt.Sprintf("apigatetest: target %q: %v", target, err))
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		panic(fmt.Sprintf("apigatetest: target %q: the path must start with /", target))
	}
	staged := *u
	staged.Path, staged.RawPath = "/"+o.stage+"/"+strings.TrimPrefix(u.Path, "/"), "/"+o.stage+path
	hr := httptest.NewRequest(method, staged.String(), body)
	for _, h := range o.header {
		if strings.EqualFold(h[0], "Host") {
			hr.Host = h[1]
			continue
		}
		hr.Header.Add(h[0], h[1])
	}
	r := new(apigate.Request)
	methodrequest.FromHTTP(r, hr, o.received, new(methodrequest.Clock))
	ids := methodrequest.NewIDs()
	r.Path = path
	r.StageVariables = o.vars
	c := &r.Context
	c.AccountID = AccountID
	c.APIID = APIID
	c.DeploymentID = DeploymentID
	c.ExtendedRequestID = ids.Extended
	c.Path = "/" + o.stage + path
	c.RequestID = ids.Request
	c.Stage = o.stage
	if o.resource != "" {
		c.ResourcePath, c.ResourceID, r.PathParameters = o.resource, methodrequest.ShortID(o.resource, 6), match(o.resource, method, path)
	}
	if o.params != nil {
		r.PathParameters = o.params
	}
	if body != nil {
		if r.Body, err = io.ReadAll(hr.Body); err != nil {
			panic(fmt.Sprintf("apigatetest: reading the body: %v", err))
		}
	}
	return r
}

// match takes the path parameters of a raw path from a resource's path template with the
// gateway's own router, or panics when the path does not fit the template.
func match(template, method, path string) map[string]string {
	rt, err := router.Compile([]router.Route{{Path: template, Methods: []string{"ANY"}}})
	if err != nil {
		panic(fmt.Sprintf("apigatetest: the resource %q: %v", template, err))
	}
	_, params, ok := rt.Match(method, path, nil)
	if !ok {
		panic(fmt.Sprintf("apigatetest: the path %q does not fit the resource %q", path, template))
	}
	if len(params) == 0 {
		return nil
	}
	m := make(map[string]string, len(params))
	for _, p := range params {
		m[p.Name] = p.Value
	}
	return m
}
