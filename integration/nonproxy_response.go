package integration

import (
	"bytes"
	"net/http"

	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/internal/media"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// nonProxyOut is a method response, the array behind its header values and room for a short
// body, allocated together.
type nonProxyOut struct {
	resp  apigate.Response
	vals  [4]string
	small [48]byte
}

// buildResponse runs the response side of a non-proxy integration: integration response
// selection, response parameter mapping, the response template (or the content conversion of a passed-through
// body) and $context.responseOverride.
//
// The method response carries only the headers the integration response maps, the overrides,
// and Content-Type: the chosen template's content type, or application/json when the body is
// passed through, unless a mapping or an override sets it. It shares nothing with ir.
func (np *nonProxy) buildResponse(ir *nonProxyRequest, er *EndpointResponse) (*apigate.Response, error) {
	cr, err := np.selectResponse(er.Selection, er.Default)
	if err != nil {
		return nil, err
	}
	r := ir.r
	if len(r.BinaryMediaTypes) == 0 && ir.overrides.Empty() && er.TraceID == "" {
		accept := media.JSON
		if a := header.First(r.Header, "Accept"); a != "" {
			accept = media.Type(a)
		}
		if rt := cr.template(accept); rt != nil && rt.fixed != nil {
			return rt.fixed, nil // nothing in this response depends on the request
		}
	}
	out := new(nonProxyOut)
	vals := headerVals{out.vals[:]}
	h := make(http.Header, len(cr.params)+1)
	if len(cr.params) > 0 {
		pathBody, whole := er.Body, []byte(nil)
		if er.ParamsBody != nil {
			pathBody, whole = er.ParamsBody, er.Body
		}
		paramsMapResponse(cr, func() *mapping.Source {
			return &mapping.Source{Request: ir.request(), ResponseHeader: er.Header, ResponseBody: pathBody}
		}, whole, h, &vals)
	}

	accept := media.JSON
	if a := header.First(r.Header, "Accept"); a != "" {
		accept = media.Type(a)
	}
	handling := contentResponseHandling(cr.handling, media.IsBinary(accept, r.BinaryMediaTypes))
	binary := len(r.BinaryMediaTypes) > 0 && media.IsBinary(media.Type(er.Header.Get("Content-Type")), r.BinaryMediaTypes)

	contentType := media.JSON
	var body []byte
	switch rt := cr.template(accept); {
	case rt != nil:
		var text []byte
		if rt.static != nil {
			text = rt.static
		} else {
			// The response template reads the integration response body; nothing reads the
			// method request body after it.
			req := ir.request()
			req.Body = contentTemplateView(er.Body, binary)
			if text, err = rt.tmpl.Render(nil, req); err != nil {
				return nil, nonProxyTemplateError("response", err)
			}
		}
		if body, err = contentConvertText(text, handling); err != nil {
			return nil, err
		}
		if rt.static != nil && handling != ConvertToBinary { // the response owns its body
			if len(body) <= len(out.small) {
				body = out.small[:copy(out.small[:], body):len(body)]
			} else {
				body = bytes.Clone(body)
			}
		}
		contentType = rt.contentType
	case binary:
		body = contentConvertBinary(er.Body, handling)
	default:
		if body, err = contentConvertText(er.Body, handling); err != nil {
			return nil, err
		}
	}

	out.resp = apigate.Response{StatusCode: cr.status, Header: h, Body: body}
	if s, ok := ir.overrides.ResponseStatus(); ok {
		out.resp.StatusCode = s
	}
	overrides := ir.overrides.ResponseHeaders()
	for _, p := range overrides {
		header.Set(h, p.Name, p.Values)
	}
	if !(cr.setsContentType || len(overrides) > 0) || !header.Has(h, "Content-Type") {
		h["Content-Type"] = vals.one(contentType)
	}
	if er.TraceID != "" && !header.Has(h, "X-Amzn-Trace-Id") {
		h["X-Amzn-Trace-Id"] = vals.one(er.TraceID)
	}
	return &out.resp, nil
}

// template returns the response template for the request's first Accept media type: the one of
// that type, else the application/json one, else the one whose content type sorts first; nil
// when the response has none, and the body is passed through.
func (cr *nonProxyResponse) template(accept string) *nonProxyTemplate {
	if cr.first == nil {
		return nil
	}
	if rt := cr.templates[accept]; rt != nil {
		return rt
	}
	if cr.json != nil {
		return cr.json
	}
	return cr.first
}
