package integration

import (
	"errors"
	"fmt"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// nonProxyRequest is the integration request a non-proxy integration builds from the method
// request: the body (rendered or passed through), the mapped parameters, and the overrides the
// request template set, which the response side reads too.
type nonProxyRequest struct {
	mreq      mapping.Request   // the method request as templates and mappings see it
	overrides mapping.Overrides // $context.requestOverride and responseOverride of this request
	body      []byte
	templated bool // a request template rendered the body
	mapped    paramsMapped
}

// buildRequest runs the request side of a non-proxy integration: passthrough behaviour, the
// request template (or the content conversion of a passed-through body), parameter mapping and
// $context.requestOverride.
//
// Errors: 415 UNSUPPORTED_MEDIA_TYPE when the passthrough behaviour refuses the Content-Type; 400
// (DEFAULT_4XX, "Could not process payload...") when the template reads a body that starts like
// JSON but is not; 500 API_CONFIGURATION_ERROR when the template fails otherwise, a
// ConvertToBinary payload is not base64, or a mapping sets a header API Gateway refuses.
func (np *nonProxy) buildRequest(r *apigate.Request) (*nonProxyRequest, error) {
	if np.err != nil {
		return nil, configError(np.err)
	}
	ir := &nonProxyRequest{}
	ir.mapped.reset()
	ir.mreq = mapping.Request{
		Params:         mapping.NewParams(r.PathParameters, r.Query, r.Header),
		Context:        r.Context,
		StageVariables: r.StageVariables,
		Overrides:      &ir.overrides,
	}
	mt := contentJSON
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt = contentMediaType(ct)
	}
	binary := contentIsBinary(mt, r.BinaryMediaTypes)
	tmpl := np.templates[mt]
	switch {
	case tmpl != nil:
	case np.passthrough == Never, np.passthrough == WhenNoTemplates && len(np.templates) > 0:
		return nil, &apigate.Error{Type: apigate.UnsupportedMediaType,
			Err: fmt.Errorf("integration: no request template for %q and passthroughBehavior %s", mt, np.passthrough)}
	}
	if tmpl != nil {
		ir.mreq.Body = contentTemplateView(r.Body, binary)
		out, err := tmpl.Render(nil, &ir.mreq)
		if err != nil {
			return nil, nonProxyTemplateError("request", err)
		}
		if ir.body, err = contentConvertText(out, np.handling); err != nil {
			return nil, err
		}
		ir.templated = true
	} else {
		ir.mreq.Body = r.Body
		if binary {
			ir.body = contentConvertBinary(r.Body, np.handling)
		} else {
			var err error
			if ir.body, err = contentConvertText(r.Body, np.handling); err != nil {
				return nil, err
			}
		}
	}
	// Mappings read the method request body as the client sent it.
	ir.mreq.Body = r.Body
	ir.mapped.eval(np.params, &mapping.Source{Request: &ir.mreq})
	ir.mapped.override(&ir.overrides)
	if err := ir.mapped.checkHeaders(); err != nil {
		return nil, err
	}
	return ir, nil
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
	return configError(fmt.Errorf("integration: %s template: %w", side, err))
}
