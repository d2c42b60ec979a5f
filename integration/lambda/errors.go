package lambda

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/invoke"
)

// invokeError turns the failure of a Lambda invocation (an error from the Invoker, not a
// function error, which is a result) into API Gateway's answer, for both Lambda integrations.
// The Lambda service's errors are told apart by the invoke package's errors
// (invoke.ErrFunctionNotFound, ErrTooManyRequests, ErrInvalidRequestContent,
// ErrRequestTooLarge), and otherwise by their error code and HTTP status (the ErrorCode and
// HTTPStatusCode methods of aws-sdk-go-v2's errors, which any Invoker's errors may implement):
//
//   - an *apigate.Error from the invoker is kept as it is;
//   - the integration's deadline passing is 504 INTEGRATION_TIMEOUT; a client that went away is
//     returned as it is;
//   - InvalidRequestContentException (an event Lambda cannot parse) is 400 with Lambda's
//     message ({"message": "Could not parse request body into json: ..."}), as API Gateway
//     answers;
//   - an event over Lambda's payload limit (RequestEntityTooLargeException, HTTP 413) is
//     REQUEST_TOO_LARGE, 413 {"message": "Request Too Long"}, as recorded on AWS;
//   - throttling (TooManyRequestsException, HTTP 429), a failure of the Lambda service (5xx)
//     and any other error are INTEGRATION_FAILURE answered 500 {"message": "Internal server
//     error"}: API Gateway answers a throttled Lambda 500, and reports it as
//     INTEGRATION_FAILURE, whose gateway response can be customized;
//   - the other client errors of the Invoke API (ResourceNotFoundException, AccessDenied, an
//     invalid qualifier or parameter: HTTP 4xx) are 500 API_CONFIGURATION_ERROR, as API Gateway
//     answers a function it cannot invoke ("Execution failed due to configuration error").
func invokeError(ctx context.Context, err error) error {
	var ge *apigate.Error
	if errors.As(err, &ge) {
		return err
	}
	if ctx.Err() != nil {
		return failure.Transport(ctx, err)
	}
	var (
		coded  interface{ ErrorCode() string }
		status interface{ HTTPStatusCode() int }
		text   interface{ ErrorMessage() string }
		code   string
		sc     int
	)
	if errors.As(err, &coded) {
		code = coded.ErrorCode()
	}
	if errors.As(err, &status) {
		sc = status.HTTPStatusCode()
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return failure.Transport(ctx, err)
	case code == "InvalidRequestContentException", errors.Is(err, invoke.ErrInvalidRequestContent):
		msg := "Could not parse request body into json"
		if errors.As(err, &text) && text.ErrorMessage() != "" {
			msg = text.ErrorMessage()
		}
		return &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest, Message: msg, Err: err}
	case code == "RequestEntityTooLargeException", sc == http.StatusRequestEntityTooLarge, errors.Is(err, invoke.ErrRequestTooLarge):
		// recorded: 413 {"message": "Request Too Long"}, x-amzn-ErrorType BadRequestException
		return &apigate.Error{Type: apigate.RequestTooLarge, Err: err}
	case code == "TooManyRequestsException", sc == http.StatusTooManyRequests, errors.Is(err, invoke.ErrTooManyRequests):
	case errors.Is(err, invoke.ErrFunctionNotFound), sc >= 400 && sc < 500,
		strings.HasSuffix(code, "NotFoundException"), strings.HasPrefix(code, "AccessDenied"):
		return failure.Config(fmt.Errorf("integration: Execution failed due to configuration error: %w", err))
	}
	return invokeFailure(err)
}

// invokeFailure is INTEGRATION_FAILURE answered as API Gateway answers a Lambda function it
// could not invoke: 500 {"message": "Internal server error"}.
func invokeFailure(err error) error {
	return &apigate.Error{Type: apigate.IntegrationFailure, Status: http.StatusInternalServerError, Message: "Internal server error", Err: err}
}
