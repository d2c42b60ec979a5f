package integration

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/apigate/apigate/internal/media"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// nonProxyEndpointResponse is what the backend of a non-proxy integration answered.
type nonProxyEndpointResponse struct {
	// selection is the value the selection patterns match: the status code for HTTP, the
	// request template's statusCode for MOCK.
	selection string
	// useDefault chooses the default response without trying the patterns.
	useDefault bool
	header     http.Header
	body       []byte
	// paramsBody, when not nil, is the body that response parameters read through a JSONPath
	// (integration.response.body.a.b) in place of body: for a Lambda error, the error with the
	// JSON text in its errorMessage deserialized. integration.response.body still reads body.
	paramsBody []byte
	// trace, when not empty, is the X-Amzn-Trace-Id the method response carries unless a
	// mapping or an override sets one. A response with a trace is never a shared one.
	trace string
}

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
func (np *nonProxy) buildResponse(ir *nonProxyRequest, er *nonProxyEndpointResponse) (*apigate.Response, error) {
	cr, err := np.selectResponse(er.selection, er.useDefault)
	if err != nil {
		return nil, err
	}
	r := ir.r
	if len(r.BinaryMediaTypes) == 0 && ir.overrides.Empty() && er.trace == "" {
		accept := contentJSON
		if a := headerFirst(r.Header, "Accept"); a != "" {
			accept = media.Type(a)
		}
		if rt := cr.template(accept); rt != nil && rt.fixed != nil {
			return rt.fixed, nil // nothing in this response depends on the request
		}
	}
	out := new(nonProxyOut)
	vals := proxyVals{out.vals[:]}
	header := make(http.Header, len(cr.params)+1)
	if len(cr.params) > 0 {
		pathBody, whole := er.body, []byte(nil)
		if er.paramsBody != nil {
			pathBody, whole = er.paramsBody, er.body
		}
		paramsMapResponse(cr, func() *mapping.Source {
			return &mapping.Source{Request: ir.request(), ResponseHeader: er.header, ResponseBody: pathBody}
		}, whole, header, &vals)
	}

	accept := contentJSON
	if a := headerFirst(r.Header, "Accept"); a != "" {
		accept = media.Type(a)
	}
	handling := contentResponseHandling(cr.handling, contentIsBinary(accept, r.BinaryMediaTypes))
	binary := len(r.BinaryMediaTypes) > 0 && contentIsBinary(media.Type(er.header.Get("Content-Type")), r.BinaryMediaTypes)

	contentType := contentJSON
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
			req.Body = contentTemplateView(er.body, binary)
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
		body = contentConvertBinary(er.body, handling)
	default:
		if body, err = contentConvertText(er.body, handling); err != nil {
			return nil, err
		}
	}

	out.resp = apigate.Response{StatusCode: cr.status, Header: header, Body: body}
	if s, ok := ir.overrides.ResponseStatus(); ok {
		out.resp.StatusCode = s
	}
	overrides := ir.overrides.ResponseHeaders()
	for _, p := range overrides {
		headerSet(header, p.Name, p.Values)
	}
	if !(cr.setsContentType || len(overrides) > 0) || !headerHas(header, "Content-Type") {
		header["Content-Type"] = vals.one(contentType)
	}
	if er.trace != "" && !headerHas(header, "X-Amzn-Trace-Id") {
		header["X-Amzn-Trace-Id"] = vals.one(er.trace)
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

// nonProxyStatusTexts holds the decimal forms of the status codes 100 to 599, so that the
// selection value of a typical answer costs no allocation.
var nonProxyStatusTexts = func() (t [500]string) {
	for i := range t {
		t[i] = strconv.Itoa(100 + i)
	}
	return t
}()

// nonProxyStatusText returns n in decimal, as a selection value.
func nonProxyStatusText(n int) string {
	if n >= 100 && n < 600 {
		return nonProxyStatusTexts[n-100]
	}
	return strconv.Itoa(n)
}
