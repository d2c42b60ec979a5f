package gateway

import (
	"context"
	"net/http"
	"time"

	"github.com/apigate/apigate"
)

// pipeline is the request path of one kind of API after the part every request shares. The
// gateway's ServeHTTP selects the stage, makes the request's ids and method request, and writes
// and recycles; between the two it hands the request to the pipeline of the deployment the stage
// serves. REST APIs have one (restPipeline: routing, authorization, API keys, throttling,
// validation, the integration); HTTP APIs and WebSocket APIs add their own, next to it, rather
// than branches through it.
type pipeline interface {
	// run takes the request through the API's stages and returns the response to send, or the
	// failure to answer with a gateway response. It recovers its stages' panics.
	run(ctx context.Context, g *Gateway, x *exchange) (*apigate.Response, error)
	// render turns a failure of run into the API's gateway response.
	render(err error, r *apigate.Request) (status int, header http.Header, body []byte)
}

// exchange is the gateway's state of one request: the method request every stage reads, and
// what only the gateway keeps. Exchanges are pooled: one is valid from newExchange to recycle.
type exchange struct {
	req apigate.Request
	// integration is how long the integration took, measured when the request is traced.
	integration time.Duration
	// reserved is how many bytes of the gateway's body budget the request holds.
	reserved int64
}

// The hooks of the request's trace, each a no-op (one comparison) when the request is not
// traced. They are called in the order of the request path; see apigate.Trace.

// now returns the time now when the request is traced, for a stage's latency, and the zero
// time (without reading the clock) when it is not.
func (x *exchange) now() time.Time {
	if x.req.Trace == nil {
		return time.Time{}
	}
	return time.Now()
}

func (x *exchange) routeMatched() {
	if t := x.req.Trace; t != nil && t.RouteMatched != nil {
		t.RouteMatched(&x.req)
	}
}

func (x *exchange) authorizerDone(start time.Time, err error) {
	if t := x.req.Trace; t != nil && t.AuthorizerDone != nil {
		t.AuthorizerDone(&x.req, time.Since(start), err)
	}
}

func (x *exchange) keyChecked(err error) {
	if t := x.req.Trace; t != nil && t.KeyChecked != nil {
		t.KeyChecked(&x.req, err)
	}
}

func (x *exchange) throttleChecked(err error) {
	if t := x.req.Trace; t != nil && t.ThrottleChecked != nil {
		t.ThrottleChecked(&x.req, err)
	}
}

func (x *exchange) validated(err error) {
	if t := x.req.Trace; t != nil && t.Validated != nil {
		t.Validated(&x.req, err)
	}
}

// integrated notes how long the integration took, from start (see now).
func (x *exchange) integrated(start time.Time) {
	if x.req.Trace != nil {
		x.integration = time.Since(start)
	}
}
