package integration

import (
	"errors"
	"fmt"
	"sync"

	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/internal/media"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// nonProxyRequest is one request's pass through a non-proxy integration: the integration
// request (req: the body, rendered or passed through, and the mapped parameters), the
// endpoint's answer (resp), and the overrides the request template set, which the response
// side reads too. It comes from a pool (nonProxyGet) and goes back (release) once the method
// response is built, which holds nothing of it.
type nonProxyRequest struct {
	r         *apigate.Request
	req       EndpointRequest
	resp      EndpointResponse
	mreq      mapping.Request // the method request as templates and mappings see it; see request
	built     bool            // mreq is filled in
	overrides mapping.Overrides
	mapped    paramsMapped
	buf       []byte // a MOCK's render buffer, reused
}

var nonProxyRequests = sync.Pool{New: func() any {
	ir := new(nonProxyRequest)
	ir.req.Path, ir.req.Query, ir.req.Header = &ir.mapped.path, &ir.mapped.query, &ir.mapped.header
	return ir
}}

// nonProxyGet returns a pooled integration request for r.
func nonProxyGet(r *apigate.Request) *nonProxyRequest {
	ir := nonProxyRequests.Get().(*nonProxyRequest)
	ir.r, ir.req.Request = r, r
	return ir
}

// release returns ir to the pool, keeping only its reusable buffers.
func (ir *nonProxyRequest) release() {
	if ir.built {
		ir.mreq, ir.built = mapping.Request{}, false
	}
	ir.r, ir.overrides = nil, mapping.Overrides{}
	ir.req.Request, ir.req.Body, ir.req.Templated = nil, nil, false
	ir.resp = EndpointResponse{}
	if cap(ir.buf) > 64<<10 {
		ir.buf = nil
	}
	ir.mapped.reset()
	nonProxyRequests.Put(ir)
}

// request returns the method request as templates and mappings see it, building it on first
// use: a template that has no $ and parameters that are all static never need it. Its Body is
// the method request's.
func (ir *nonProxyRequest) request() *mapping.Request {
	if !ir.built {
		r := ir.r
		ir.built = true
		ir.mreq = mapping.Request{
			Body:           r.Body,
			Params:         mapping.NewParams(r.PathParameters, r.Query, r.Header),
			Context:        r.Context,
			StageVariables: r.StageVariables,
			Overrides:      &ir.overrides,
		}
	}
	return &ir.mreq
}

// requestTemplate returns the request template for r's Content-Type (application/json when it
// has none), nil when the body is passed through, and whether the body is binary.
//
// Errors: 415 UNSUPPORTED_MEDIA_TYPE when the passthrough behaviour refuses the Content-Type.
func (np *nonProxy) requestTemplate(r *apigate.Request) (*nonProxyTemplate, bool, error) {
	mt := media.JSON
	if ct := header.First(r.Header, "Content-Type"); ct != "" {
		mt = media.Type(ct)
	}
	binary := media.IsBinary(mt, r.BinaryMediaTypes)
	if t := np.templates[mt]; t != nil {
		return t, binary, nil
	}
	if np.passthrough == PassthroughNever || np.passthrough == PassthroughWhenNoTemplates && len(np.templates) > 0 {
		return nil, binary, &apigate.Error{Type: apigate.UnsupportedMediaType,
			Err: fmt.Errorf("integration: no request template for %q and passthroughBehavior %s", mt, np.passthrough)}
	}
	return nil, binary, nil
}

// buildRequest runs the request side of a non-proxy integration into ir: passthrough
// behaviour, the request template (or the content conversion of a passed-through body),
// parameter mapping and $context.requestOverride. MOCK's renders into ir's reusable buffer and
// evaluates the parameter mappings only when they can fail the request: a MOCK integration
// sends nothing anywhere.
//
// Errors: 415 UNSUPPORTED_MEDIA_TYPE when the passthrough behaviour refuses the Content-Type; 400
// (DEFAULT_4XX, "Could not process payload...") when the template reads a body that starts like
// JSON but is not; 500 API_CONFIGURATION_ERROR when the integration is invalid, the template
// fails otherwise, a ConvertToBinary payload is not base64, or a mapping sets a header API
// Gateway refuses.
func (np *nonProxy) buildRequest(ir *nonProxyRequest) error {
	r, mock := ir.r, np.mock
	ir.mapped.reset()
	tmpl, binary, err := np.requestTemplate(r)
	if err != nil {
		return err
	}
	switch {
	case tmpl != nil:
		out := tmpl.static // read only: parsed by MOCK, sent by HTTP
		if out == nil {
			var dst []byte
			if mock {
				dst = ir.buf[:0]
			}
			req := ir.request()
			req.Body = contentTemplateView(r.Body, binary)
			out, err = tmpl.tmpl.Render(dst, req)
			req.Body = r.Body // mappings read the method request body as the client sent it
			if err != nil {
				return nonProxyTemplateError("request", err)
			}
			if mock {
				ir.buf = out[:0]
			}
		}
		if ir.req.Body, err = contentConvertText(out, np.handling); err != nil {
			return err
		}
		ir.req.Templated = true
	case binary:
		ir.req.Body = contentConvertBinary(r.Body, np.handling)
	default:
		if ir.req.Body, err = contentConvertText(r.Body, np.handling); err != nil {
			return err
		}
	}
	if len(np.params) > 0 && (!mock || np.refusable) {
		ir.mapped.eval(np.params, &mapping.Source{Request: ir.request()})
	}
	ir.mapped.override(&ir.overrides)
	return ir.mapped.checkHeaders()
}

// nonProxyTemplateError turns the failure of a mapping template into API Gateway's answer. A request
// template that reads a body which starts like JSON but is not answers 400 with the parser's
// message ({"message": "Could not process payload..."}) as a DEFAULT_4XX: it is not a request
// validation failure, so BAD_REQUEST_BODY does not apply. Any other failure, and any failure of a
// response template (the backend's body is not the client's fault), is 500
// API_CONFIGURATION_ERROR.
func nonProxyTemplateError(side string, err error) error {
	var pe *mapping.PayloadError
	if side == "request" && errors.As(err, &pe) {
		return &apigate.Error{Type: apigate.Default4XX, Status: 400, Message: pe.Error(), Err: err}
	}
	return failure.Config(fmt.Errorf("integration: %s template: %w", side, err))
}
