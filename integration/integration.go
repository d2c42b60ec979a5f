// Package integration is the integration stage of the request path: it turns a method request
// into the response the client gets. Each API Gateway integration type is an Integration:
//
//   - Mock: no backend; the request template's statusCode selects the integration response.
//   - HTTP: a non-proxy HTTP backend, with request parameter mapping, request templates chosen by
//     Content-Type, passthrough behaviours, integration responses selected by a Java regex on
//     the status code, response parameter mapping and response templates chosen by Accept.
//   - HTTPProxy: an HTTP backend that gets the request as it came and answers the client
//     directly.
//   - Handler: an in-process http.Handler served with HTTP_PROXY's semantics, without a network
//     hop; this is how the gateway is put in front of an existing mux.
//   - LambdaProxy: AWS_PROXY, a Lambda function that gets the request as an API Gateway event
//     (payload 1.0, or 2.0 for HTTP APIs) and returns the whole response.
//   - Lambda: a non-proxy (AWS) Lambda integration: templates shape the function's event and
//     response, and integration responses are selected by a Java regex on the errorMessage.
//   - AWSService: any other AWS service API (SQS, SNS, DynamoDB, Step Functions, EventBridge,
//     S3, ...) called with a SigV4-signed request built from the templates.
//
// Lambda functions run through an invoke.Invoker: in-process Go handlers (invoke.Local), the
// Lambda Invoke API (invoke.Remote), or a registry of both (invoke.Registry).
//
// Integrations know nothing of routing, authorization or throttling: the gateway runs those
// before and turns every error an integration returns (an *apigate.Error, such as
// INTEGRATION_TIMEOUT) into a gateway response.
package integration

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/apigate/apigate"
)

// Timeout bounds: API Gateway's timeoutInMillis is 50 to 29000 milliseconds, 29000 by default.
const (
	DefaultTimeout = 29 * time.Second
	MinTimeout     = 50 * time.Millisecond
	MaxTimeout     = 29 * time.Second
)

// ErrInvalidTimeout reports a timeout outside MinTimeout to MaxTimeout.
var ErrInvalidTimeout = errors.New("integration: timeoutInMillis must be between 50 and 29000")

// timeout returns d, DefaultTimeout for zero, or an error outside the allowed range.
func timeout(d time.Duration) (time.Duration, error) {
	switch {
	case d == 0:
		return DefaultTimeout, nil
	case d < MinTimeout || d > MaxTimeout:
		return 0, fmt.Errorf("%w: got %d", ErrInvalidTimeout, d.Milliseconds())
	}
	return d, nil
}

// transportError turns the failure of a call to a backend into API Gateway's answer: the
// integration's deadline passing is INTEGRATION_TIMEOUT (504 "Endpoint request timed out");
// any other network failure (refused, reset, DNS, TLS) is INTEGRATION_FAILURE. A client that
// went away is returned unchanged (there is nobody to answer).
func transportError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return err
	case errors.Is(err, context.DeadlineExceeded), errors.Is(ctx.Err(), context.DeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return &apigate.Error{Type: apigate.IntegrationTimeout, Err: err}
	}
	return &apigate.Error{Type: apigate.IntegrationFailure, Err: err}
}
