package integration

import (
	"context"
	"fmt"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/backend"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/mapping"
	"github.com/apigate/apigate/mapping/vtl"
)

// Mock returns API Gateway's MOCK integration: a non-proxy integration without a backend. The
// request template's output names a status code ({"statusCode": 200}), which selects the
// integration response; the method response is built from that integration response alone,
// with an empty body unless it has a response template. Options.Timeout is validated but
// unused, and so is Options.Client.
//
// The MOCK endpoint:
//
//   - When a request template rendered, its output must be an object with an integer
//     statusCode. It is read leniently: AWS accepts {statusCode: 200} (recorded; CDK's CORS
//     mocks rely on it), and this package reads the output with json-smart's permissive parser,
//     the one behind $input.path, so single quotes, trailing commas and text after the object
//     pass too. That status, as a decimal string, is the selection value. A statusCode that is
//     a string ("200", as LocalStack has it), a decimal, a boolean, beyond Java's int range or
//     missing, or output that is not an object, is 500 API_CONFIGURATION_ERROR.
//   - When no request template rendered (the body was passed through), the default
//     integration response answers, as the developer guide says.
//   - Its body is empty, so the method response body is empty unless the chosen integration
//     response has a response template; its answer carries no X-Amzn-Trace-Id.
//   - The Trace sees the rendered template as the integration request's body, and the status
//     it names (0 when none rendered) as the answer's.
//
// A MOCK is meant to be cheap: a template without $ and # (such as {"statusCode": 200}) is
// rendered once, when the integration is made; request parameters, whose values go nowhere, are
// evaluated only when one may set a header API Gateway refuses; the method request is shown to
// templates only when one that reads it renders; and the integration response a status code
// selects is remembered.
func Mock(opts Options) *NonProxyIntegration {
	return newNonProxy(mockEndpoint{}, opts, true)
}

// mockEndpoint is MOCK's endpoint: the request template's statusCode is its answer.
type mockEndpoint struct{}

// Definition returns MOCK's part of the definition.
func (mockEndpoint) Definition() Definition { return Definition{Type: TypeMock} }

// Call reads the statusCode of the rendered request template.
func (mockEndpoint) Call(_ context.Context, req *EndpointRequest, resp *EndpointResponse) error {
	r := req.Request
	if t := r.Trace; t != nil && t.IntegrationRequest != nil {
		t.IntegrationRequest(r, &apigate.IntegrationRequestInfo{Body: req.Body})
	}
	status := 0
	if !req.Templated {
		resp.Default = true
	} else {
		var ok bool
		if status, ok = mockStatus(req.Body); !ok {
			return failure.Config(fmt.Errorf("integration: Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template: %q", mockTruncate(req.Body, 200)))
		}
		resp.Selection = backend.StatusText(status)
	}
	if t := r.Trace; t != nil && t.IntegrationResponse != nil {
		t.IntegrationResponse(r, &apigate.IntegrationResponseInfo{StatusCode: status})
	}
	return nil
}

// mockStatus reads the statusCode of a MOCK request template's output: an object, read by
// API Gateway's permissive JSON parser, whose statusCode is a Java Integer.
func mockStatus(body []byte) (int, bool) {
	if n, ok := mockStatusFast(body); ok {
		return n, true
	}
	return mockStatusParse(body)
}

// mockStatusParse is mockStatus with API Gateway's permissive JSON parser.
func mockStatusParse(body []byte) (int, bool) {
	v, err := mapping.ParseJSON(string(body))
	if err != nil {
		return 0, false
	}
	obj := v.AsMap()
	if v.Kind() != vtl.MapKind || obj == nil {
		return 0, false
	}
	s, ok := obj.GetString("statusCode")
	if !ok || s.Kind() != vtl.Int {
		return 0, false
	}
	return int(s.AsInt64()), true
}

// mockStatusFast reads the common shape {"statusCode": 200} (any spaces, a plain decimal
// without sign or leading zero that fits an int) without building the object; anything else is
// left to the full parser, which reads this shape the same way.
func mockStatusFast(b []byte) (int, bool) {
	i := 0
	space := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	lit := func(s string) bool {
		space()
		if len(b)-i < len(s) || string(b[i:i+len(s)]) != s {
			return false
		}
		i += len(s)
		return true
	}
	if !lit("{") || !lit(`"statusCode"`) || !lit(":") {
		return 0, false
	}
	space()
	start := i
	n := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start < 9 {
		n = n*10 + int(b[i]-'0')
		i++
	}
	if i == start || i-start > 1 && b[start] == '0' || i < len(b) && b[i] >= '0' && b[i] <= '9' {
		return 0, false
	}
	if !lit("}") {
		return 0, false
	}
	space()
	return n, i == len(b)
}

// mockTruncate returns at most n bytes of b as a string, for error messages.
func mockTruncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
