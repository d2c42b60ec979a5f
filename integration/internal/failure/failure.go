// Package failure turns what goes wrong in an integration into the gateway responses API
// Gateway answers with: a definition or mapping that cannot work is API_CONFIGURATION_ERROR, a
// backend that does not answer in time INTEGRATION_TIMEOUT, one that cannot be reached
// INTEGRATION_FAILURE. Every integration package (integration, integration/lambda,
// integration/awsservice) reports its failures through it, so that the same failure gets the
// same answer whatever the backend.
package failure

import (
	"context"
	"errors"
	"net"

	"github.com/apigate/apigate"
)

// Config returns API_CONFIGURATION_ERROR (500 {"message": "Internal server error"}) caused by
// err: an invalid definition, a mapping that sets a header API Gateway refuses, a template
// that fails.
func Config(err error) error {
	return &apigate.Error{Type: apigate.APIConfigurationError, Err: err}
}

// Transport turns the failure of a call to a backend into API Gateway's answer: the
// integration's deadline passing (ctx's, or a timeout of the network) is INTEGRATION_TIMEOUT
// (504 "Endpoint request timed out"); any other failure (refused, reset, DNS, TLS) is
// INTEGRATION_FAILURE (504). A client that went away (ctx cancelled) is returned unchanged:
// there is nobody to answer. A nil err is nil.
func Transport(ctx context.Context, err error) error {
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
