package gateway

import (
	"time"

	"github.com/apigate/apigate"
)

// compose returns a trace whose hooks call a's hook, then b's, as httptrace composes a context's
// client traces. Hooks set on only one of them are that one's.
func compose(a, b *apigate.Trace) *apigate.Trace {
	c := *a
	if f, g := a.RouteMatched, b.RouteMatched; g != nil {
		c.RouteMatched = g
		if f != nil {
			c.RouteMatched = func(r *apigate.Request) { f(r); g(r) }
		}
	}
	if f, g := a.AuthorizerDone, b.AuthorizerDone; g != nil {
		c.AuthorizerDone = g
		if f != nil {
			c.AuthorizerDone = func(r *apigate.Request, took time.Duration, err error) { f(r, took, err); g(r, took, err) }
		}
	}
	if f, g := a.KeyChecked, b.KeyChecked; g != nil {
		c.KeyChecked = g
		if f != nil {
			c.KeyChecked = func(r *apigate.Request, err error) { f(r, err); g(r, err) }
		}
	}
	if f, g := a.ThrottleChecked, b.ThrottleChecked; g != nil {
		c.ThrottleChecked = g
		if f != nil {
			c.ThrottleChecked = func(r *apigate.Request, err error) { f(r, err); g(r, err) }
		}
	}
	if f, g := a.Validated, b.Validated; g != nil {
		c.Validated = g
		if f != nil {
			c.Validated = func(r *apigate.Request, err error) { f(r, err); g(r, err) }
		}
	}
	if f, g := a.IntegrationRequest, b.IntegrationRequest; g != nil {
		c.IntegrationRequest = g
		if f != nil {
			c.IntegrationRequest = func(r *apigate.Request, req *apigate.IntegrationRequestInfo) { f(r, req); g(r, req) }
		}
	}
	if f, g := a.IntegrationResponse, b.IntegrationResponse; g != nil {
		c.IntegrationResponse = g
		if f != nil {
			c.IntegrationResponse = func(r *apigate.Request, resp *apigate.IntegrationResponseInfo) { f(r, resp); g(r, resp) }
		}
	}
	if f, g := a.Done, b.Done; g != nil {
		c.Done = g
		if f != nil {
			c.Done = func(r *apigate.Request, info *apigate.DoneInfo) { f(r, info); g(r, info) }
		}
	}
	return &c
}
