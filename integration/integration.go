// Package integration is the integration stage of the request path: it turns a method request
// into the response the client gets. The gateway calls an integration's Integrate once routing,
// authorization, API keys, throttling and validation have passed, and turns every error it
// returns (an *apigate.Error, such as INTEGRATION_TIMEOUT) into a gateway response.
//
// This package holds the integrations that need nothing but the standard library and the
// mapping engine, and the machinery every non-proxy integration shares:
//
//   - Mock: MOCK, no backend; the request template's statusCode selects the integration
//     response.
//   - HTTP: a non-proxy HTTP backend.
//   - HTTPProxy: HTTP_PROXY, an HTTP backend that gets the request as it came and answers the
//     client directly.
//   - Handler: an in-process http.Handler served with HTTP_PROXY's semantics, without a
//     network hop; this is how the gateway is put in front of an existing mux.
//   - NonProxy: the non-proxy engine around an Endpoint of one's own. A non-proxy integration
//     is request parameter mapping, a request template chosen by Content-Type and the
//     passthrough behaviour, a call to the endpoint, then the integration response selected by
//     a Java regular expression on the endpoint's answer, response parameter mapping, a
//     response template chosen by Accept, and content handling throughout. MOCK and HTTP are
//     NonProxy with endpoints of this package; integration/lambda and integration/awsservice
//     plug the Lambda and AWS service endpoints into the same engine.
//
// The other integration types live where importing them is a choice: integration/lambda (the
// Lambda proxy and non-proxy integrations, which need a Lambda invoker and aws-lambda-go's
// event types) and integration/awsservice (AWS service integrations, signed with the AWS SDK).
// This package imports neither.
//
// Every integration keeps its definition readable after deploy (Definer) and reports the
// integration request it sends and the answer it gets to the request's Trace, when it has one.
// The Trace never sees a credential: as API Gateway's execution log (and the console's test
// invoke log) shows the endpoint request headers, the values of Authorization (the client's,
// forwarded, or an AWS integration's SigV4 signature) and X-Amz-Security-Token (an assumed
// role's session token), in any spelling, are masked: one asterisk a character but for the last
// six, all asterisks for a value shorter than 24 characters. The request sent keeps the values,
// and headers are copied for the Trace only when they hold such a value.
// Integrations are safe for concurrent use and compile their definition when they are made:
// Validate reports what is wrong with it, and a request to an invalid integration is answered
// 500 API_CONFIGURATION_ERROR.
package integration

import (
	"maps"
	"time"

	"github.com/apigate/apigate/integration/internal/deadline"
)

// Timeout bounds: API Gateway's timeoutInMillis is 50 to 29000 milliseconds, 29000 by default.
const (
	DefaultTimeout = deadline.Default
	MinTimeout     = deadline.Min
	MaxTimeout     = deadline.Max
)

// ErrInvalidTimeout reports a timeout outside MinTimeout to MaxTimeout, for every integration.
var ErrInvalidTimeout = deadline.ErrInvalid

// timeout returns d, DefaultTimeout for zero, or an error outside the allowed range.
func timeout(d time.Duration) (time.Duration, error) { return deadline.Timeout(d) }

// Type is an integration's type, as API Gateway's API and the x-amazon-apigateway-integration
// OpenAPI extension name it, or TypeHandler.
type Type string

// The integration types.
const (
	TypeMock      Type = "MOCK"
	TypeHTTP      Type = "HTTP"
	TypeHTTPProxy Type = "HTTP_PROXY"
	// TypeAWS is a non-proxy integration with a Lambda function or another AWS service.
	TypeAWS Type = "AWS"
	// TypeAWSProxy is a Lambda proxy integration.
	TypeAWSProxy Type = "AWS_PROXY"
	// TypeHandler is apigate's in-process http.Handler (Handler): HTTP_PROXY's semantics with
	// no network hop. API Gateway has no such type; exported to AWS it is an HTTP_PROXY
	// integration with the URI of wherever the handler is deployed.
	TypeHandler Type = "HANDLER"
)

// Definition is an integration's definition as plain data, as API Gateway's API shows an
// integration: what OpenAPI export and a dashboard read. Fields that do not apply to the
// integration's type are zero. Timeout is the timeout in effect (DefaultTimeout when none was
// given).
type Definition struct {
	Type Type
	// HTTPMethod is the integration's HTTP method: the one sent to an HTTP or AWS backend (ANY
	// for the client's), POST for a Lambda function (as API Gateway requires), the one an
	// in-process handler sees. Empty for MOCK.
	HTTPMethod string
	// URI is the integration's URI as given: an HTTP endpoint, an AWS service ARN
	// (arn:aws:apigateway:...), the Lambda function (a name, an ARN or its invocation URI), the
	// path template of an in-process handler (empty for the method request's path).
	URI string
	// Credentials is API Gateway's credentials property: the ARN of the IAM role an AWS
	// integration assumes (arn:aws:iam::...:role/...), awsservice.Options.Role; empty when the
	// integration signs with credentials of its own (awsservice.Options.Credentials, an SDK
	// credentials provider, which a definition does not show) or is not an AWS integration.
	Credentials       string
	RequestParameters map[string]string
	RequestTemplates  map[string]string
	Passthrough       Passthrough
	ContentHandling   ContentHandling
	Timeout           time.Duration
	// PayloadFormatVersion is a Lambda proxy integration's: "1.0" or "2.0".
	PayloadFormatVersion string
	Responses            []IntegrationResponse
}

// Definer is implemented by integrations that keep their definition after deploy, as every
// integration of this module does. Definition returns a copy the caller may keep and change.
type Definer interface {
	Definition() Definition
}

// Clone returns a deep copy of d: its maps and integration responses are its own.
func (d Definition) Clone() Definition {
	d.RequestParameters = maps.Clone(d.RequestParameters)
	d.RequestTemplates = maps.Clone(d.RequestTemplates)
	d.Responses = cloneResponses(d.Responses)
	return d
}
