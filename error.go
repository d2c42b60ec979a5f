package apigate

import (
	"errors"
	"strings"
)

// Error is a failure anywhere in the request path that API Gateway answers with a gateway
// response: a route that does not exist, a denied authorization, a throttled client, a body
// that fails its model, an integration that timed out. Every stage reports its failures as an
// *Error (or wraps one); the gateway turns it into the response in one place.
//
// errors.Is(err, apigate.ErrThrottled) matches any *Error of the same Type, whatever its
// message.
type Error struct {
	// Type selects the gateway response.
	Type ResponseType
	// Message is $context.error.message; empty means the type's default message. Set Null for
	// a null message ({"message":null}).
	Message string
	// Null makes the message null, as AUTHORIZER_CONFIGURATION_ERROR's is.
	Null bool
	// Status, when not zero, replaces the status the gateway response would have, as a Lambda
	// proxy integration's malformed output is a DEFAULT_5XX answered with 502.
	Status int
	// ValidationErrorString is $context.error.validationErrorString, for BAD_REQUEST_BODY.
	ValidationErrorString string
	// Err is the underlying cause, for logs and errors.Is; it is never shown to the client.
	Err error
}

// Error describes the failure: its type, message and cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Type))
	if m, ok := e.MessageText(); ok {
		b.WriteString(": ")
		b.WriteString(m)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// MessageText returns $context.error.message and whether it is set (false for a null
// message).
func (e *Error) MessageText() (string, bool) {
	switch {
	case e.Null:
		return "", false
	case e.Message != "":
		return e.Message, true
	case e.Type == AuthorizerConfigurationError:
		return "", false
	}
	return e.Type.DefaultMessage(), true
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error of the same Type.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Type == e.Type
}

// ErrImplicitDeny is the cause an authorizer gives to an ACCESS_DENIED error when its policy
// neither allows nor denies the request (an implicit deny): the API's resource policy may then
// still allow a caller of the API's own account, as AWS combines the two (an explicit deny
// anywhere wins). Match it with errors.Is.
var ErrImplicitDeny = errors.New("apigate: no policy statement allows the request")

// Sentinels for errors.Is, one per gateway response type. Do not modify them; build an *Error
// with a message of its own instead.
var (
	ErrAccessDenied               = &Error{Type: AccessDenied}
	ErrAPIConfiguration           = &Error{Type: APIConfigurationError}
	ErrAuthorizerConfiguration    = &Error{Type: AuthorizerConfigurationError}
	ErrAuthorizerFailure          = &Error{Type: AuthorizerFailure}
	ErrBadRequestParameters       = &Error{Type: BadRequestParameters}
	ErrBadRequestBody             = &Error{Type: BadRequestBody}
	ErrDefault4XX                 = &Error{Type: Default4XX}
	ErrDefault5XX                 = &Error{Type: Default5XX}
	ErrExpiredToken               = &Error{Type: ExpiredToken}
	ErrIntegrationFailure         = &Error{Type: IntegrationFailure}
	ErrIntegrationTimeout         = &Error{Type: IntegrationTimeout}
	ErrInvalidAPIKey              = &Error{Type: InvalidAPIKey}
	ErrInvalidSignature           = &Error{Type: InvalidSignature}
	ErrMissingAuthenticationToken = &Error{Type: MissingAuthenticationToken}
	ErrQuotaExceeded              = &Error{Type: QuotaExceeded}
	ErrRequestTooLarge            = &Error{Type: RequestTooLarge}
	ErrResourceNotFound           = &Error{Type: ResourceNotFound}
	ErrThrottled                  = &Error{Type: Throttled}
	ErrUnauthorized               = &Error{Type: Unauthorized}
	ErrUnsupportedMediaType       = &Error{Type: UnsupportedMediaType}
	ErrWAFFiltered                = &Error{Type: WAFFiltered}
)
