package integration

import (
	"context"
	"fmt"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
	"github.com/apigate/apigate/mapping/vtl"
)

// MockIntegration is API Gateway's MOCK integration: no backend. The request template's output
// names a status code ({"statusCode": 200}), which selects the integration response; the
// method response is built from that integration response alone, with an empty body unless it
// has a response template.
type MockIntegration struct {
	np nonProxy
}

// Mock returns a MOCK integration with the given settings. Its definition is compiled here;
// Validate reports what is wrong with it, and a request to an invalid integration is answered
// 500 API_CONFIGURATION_ERROR. Timeout is validated but unused, and so is Client.
//
// A MOCK is meant to be cheap: a template without $ and # (such as {"statusCode": 200}) is
// rendered once, here; request parameters, whose values go nowhere, are evaluated only when one
// may set a header API Gateway refuses; the method request is shown to templates only when one
// that reads it renders; and the integration response a status code selects is remembered.
func Mock(opts Options) *MockIntegration {
	return &MockIntegration{np: nonProxyCompile(opts)}
}

// Validate reports the integration's definition errors (templates that do not compile, invalid
// mapping expressions, selection patterns or status codes, a timeout out of range), or nil.
func (m *MockIntegration) Validate() error { return m.np.validate() }

// MethodResponses lists the method responses the integration responses map to: each status
// code with the method.response.header names its response parameters set.
func (m *MockIntegration) MethodResponses() map[int][]string { return m.np.methodResponses() }

// Integrate answers a method request as a MOCK integration does:
//
//   - The request side runs as for any non-proxy integration (passthrough behaviour, request
//     template, parameter mapping, overrides), so a refused Content-Type is 415.
//   - When a request template rendered, its output must be an object with an integer statusCode.
//     It is read leniently: AWS accepts {statusCode: 200} (recorded; CDK's CORS mocks rely on
//     it), and this package reads the output with json-smart's permissive parser, the one
//     behind $input.path, so single quotes, trailing commas and text after the object pass
//     too. That status, as a decimal string, is the selection value. A statusCode that is a
//     string ("200", as LocalStack has it), a decimal, a boolean, beyond Java's int range or
//     missing, or output that is not an object, is 500 API_CONFIGURATION_ERROR.
//   - When no request template rendered (the body was passed through), the default integration
//     response answers, as the developer guide says.
//   - The mock endpoint's body is empty, so the method response body is empty unless the chosen
//     integration response has a response template.
func (m *MockIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	ir := nonProxyGet(r)
	defer ir.release()
	if err := m.np.buildRequest(ir, true); err != nil {
		return nil, err
	}
	er := nonProxyEndpointResponse{useDefault: !ir.templated}
	if ir.templated {
		status, ok := mockStatus(ir.body)
		if !ok {
			return nil, configError(fmt.Errorf("integration: Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template: %q", mockTruncate(ir.body, 200)))
		}
		er.selection = nonProxyStatusText(status)
	}
	return m.np.buildResponse(ir, &er)
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
