package integration

import (
	"net/http"
	"strconv"

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
}

// buildResponse runs the response side of a non-proxy integration: integration response
// selection, response parameter mapping, the response template (or the content conversion of a
// passed-through body) and $context.responseOverride.
//
// The method response carries only the headers the integration response maps, the overrides,
// and Content-Type: the chosen template's content type, or application/json when the body is
// passed through, unless a mapping or an override sets it.
func (np *nonProxy) buildResponse(r *apigate.Request, ir *nonProxyRequest, er *nonProxyEndpointResponse) (*apigate.Response, error) {
	cr, err := np.selectResponse(er.selection, er.useDefault)
	if err != nil {
		return nil, err
	}
	header := make(http.Header, len(cr.params)+1)
	if len(cr.params) > 0 {
		src := mapping.Source{Request: &ir.mreq, ResponseHeader: er.header, ResponseBody: er.body}
		paramsMapResponse(cr, &src, header)
	}

	accept := contentJSON
	if a := r.Header.Get("Accept"); a != "" {
		accept = contentMediaType(a)
	}
	handling := contentResponseHandling(cr.handling, contentIsBinary(accept, r.BinaryMediaTypes))
	binary := contentIsBinary(contentMediaType(er.header.Get("Content-Type")), r.BinaryMediaTypes)

	contentType := contentJSON
	var body []byte
	if rt := cr.template(accept); rt != nil {
		mreq := ir.mreq
		mreq.Body = contentTemplateView(er.body, binary)
		out, err := rt.tmpl.Render(nil, &mreq)
		if err != nil {
			return nil, nonProxyTemplateError("response", err)
		}
		if body, err = contentConvertText(out, handling); err != nil {
			return nil, err
		}
		contentType = rt.contentType
	} else if binary {
		body = contentConvertBinary(er.body, handling)
	} else if body, err = contentConvertText(er.body, handling); err != nil {
		return nil, err
	}

	status := cr.status
	if s, ok := ir.overrides.ResponseStatus(); ok {
		status = s
	}
	for _, p := range ir.overrides.ResponseHeaders() {
		headerSet(header, p.Name, p.Values)
	}
	if !headerHas(header, "Content-Type") {
		header["Content-Type"] = []string{contentType}
	}
	return &apigate.Response{StatusCode: status, Header: header, Body: body}, nil
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
