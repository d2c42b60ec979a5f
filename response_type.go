package apigate

// ResponseType names one of API Gateway's 21 gateway response types: the responses API Gateway
// itself sends when a request fails before or around the integration. A REST API can customize
// each type's status code, headers and body templates; DEFAULT_4XX and DEFAULT_5XX are the
// parents the others fall back to.
type ResponseType string

// The gateway response types.
const (
	AccessDenied                 ResponseType = "ACCESS_DENIED"
	APIConfigurationError        ResponseType = "API_CONFIGURATION_ERROR"
	AuthorizerConfigurationError ResponseType = "AUTHORIZER_CONFIGURATION_ERROR"
	AuthorizerFailure            ResponseType = "AUTHORIZER_FAILURE"
	BadRequestParameters         ResponseType = "BAD_REQUEST_PARAMETERS"
	BadRequestBody               ResponseType = "BAD_REQUEST_BODY"
	Default4XX                   ResponseType = "DEFAULT_4XX"
	Default5XX                   ResponseType = "DEFAULT_5XX"
	ExpiredToken                 ResponseType = "EXPIRED_TOKEN"
	IntegrationFailure           ResponseType = "INTEGRATION_FAILURE"
	IntegrationTimeout           ResponseType = "INTEGRATION_TIMEOUT"
	InvalidAPIKey                ResponseType = "INVALID_API_KEY"
	InvalidSignature             ResponseType = "INVALID_SIGNATURE"
	MissingAuthenticationToken   ResponseType = "MISSING_AUTHENTICATION_TOKEN"
	QuotaExceeded                ResponseType = "QUOTA_EXCEEDED"
	RequestTooLarge              ResponseType = "REQUEST_TOO_LARGE"
	ResourceNotFound             ResponseType = "RESOURCE_NOT_FOUND"
	Throttled                    ResponseType = "THROTTLED"
	Unauthorized                 ResponseType = "UNAUTHORIZED"
	UnsupportedMediaType         ResponseType = "UNSUPPORTED_MEDIA_TYPE"
	WAFFiltered                  ResponseType = "WAF_FILTERED"
)

// NumResponseTypes is the number of gateway response types.
const NumResponseTypes = len(responseTypes)

// ResponseTypes returns every gateway response type, in the order of the API Gateway reference.
func ResponseTypes() [NumResponseTypes]ResponseType { return responseTypes }

var responseTypes = [...]ResponseType{
	AccessDenied, APIConfigurationError, AuthorizerConfigurationError, AuthorizerFailure,
	BadRequestParameters, BadRequestBody, Default4XX, Default5XX, ExpiredToken,
	IntegrationFailure, IntegrationTimeout, InvalidAPIKey, InvalidSignature,
	MissingAuthenticationToken, QuotaExceeded, RequestTooLarge, ResourceNotFound, Throttled,
	Unauthorized, UnsupportedMediaType, WAFFiltered,
}

type typeInfo struct {
	status    int    // the default status code; 0 for DEFAULT_4XX and DEFAULT_5XX
	errorType string // the x-amzn-ErrorType header
	message   string // the default $context.error.message
}

// info holds each type's defaults. Statuses are AWS's documented defaults. Error types and
// messages marked (AWS) are recorded from AWS; the rest are this package's choice, since AWS
// does not document them.
var info = map[ResponseType]typeInfo{
	AccessDenied:                 {403, "AccessDeniedException", "User is not authorized to access this resource with an explicit deny"}, // (AWS)
	APIConfigurationError:        {500, "InternalServerErrorException", "Internal server error"},
	AuthorizerConfigurationError: {500, "AuthorizerConfigurationException", ""}, // (AWS): the message is null
	AuthorizerFailure:            {500, "AuthorizerFailureException", "Internal server error"},
	BadRequestParameters:         {400, "BadRequestException", "Missing required request parameters"}, // (AWS)
	BadRequestBody:               {400, "BadRequestException", "Invalid request body"},                // (AWS)
	Default4XX:                   {0, "BadRequestException", "Bad Request"},
	Default5XX:                   {0, "InternalServerErrorException", "Internal server error"},
	ExpiredToken:                 {403, "ExpiredTokenException", "The security token included in the request is expired"},
	IntegrationFailure:           {504, "InternalServerErrorException", "Network error communicating with endpoint"},
	IntegrationTimeout:           {504, "InternalServerErrorException", "Endpoint request timed out"},
	InvalidAPIKey:                {403, "ForbiddenException", "Forbidden"}, // (AWS)
	InvalidSignature:             {403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided."},
	MissingAuthenticationToken:   {403, "MissingAuthenticationTokenException", "Missing Authentication Token"}, // (AWS)
	QuotaExceeded:                {429, "LimitExceededException", "Limit Exceeded"},                            // (AWS)
	RequestTooLarge:              {413, "BadRequestException", "Request Too Long"},                             // (AWS): an event over Lambda's limit
	ResourceNotFound:             {404, "NotFoundException", "Not Found"},
	Throttled:                    {429, "TooManyRequestsException", "Too Many Requests"}, // (AWS)
	Unauthorized:                 {401, "UnauthorizedException", "Unauthorized"},         // (AWS)
	UnsupportedMediaType:         {415, "UnsupportedMediaTypeException", "Unsupported Media Type"},
	WAFFiltered:                  {403, "ForbiddenException", "Forbidden"},
}

// Valid reports whether t is one of the 21 gateway response types.
func (t ResponseType) Valid() bool {
	_, ok := info[t]
	return ok
}

// DefaultStatus returns the type's default status code: 0 for DEFAULT_4XX and DEFAULT_5XX,
// which have none of their own.
func (t ResponseType) DefaultStatus() int { return info[t].status }

// ErrorType returns the value of the x-amzn-ErrorType header a response of this type carries.
func (t ResponseType) ErrorType() string { return info[t].errorType }

// DefaultMessage returns the $context.error.message a response of this type carries unless
// the failure supplies its own. AUTHORIZER_CONFIGURATION_ERROR has none: its body is
// {"message":null}.
func (t ResponseType) DefaultMessage() string { return info[t].message }

// Parent returns DEFAULT_4XX or DEFAULT_5XX by the class of the type's default status; the
// parents themselves return "".
func (t ResponseType) Parent() ResponseType {
	switch s := t.DefaultStatus(); {
	case s >= 500:
		return Default5XX
	case s >= 400:
		return Default4XX
	}
	return ""
}
