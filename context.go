package apigate

import "maps"

// Context is the data behind $context in a mapping template: the request's identity and
// metadata. Empty strings are absent values: the key is still there, but its value is null
// (it prints as nothing), as on AWS. Fields documented as optional add their key to $context
// only when set, so $context.keySet() matches AWS for a plain request.
type Context struct {
	AccountID         string // $context.accountId: the AWS account that owns the API
	APIID             string // $context.apiId
	DeploymentID      string // $context.deploymentId
	DomainName        string // $context.domainName
	DomainPrefix      string // $context.domainPrefix
	ExtendedRequestID string // $context.extendedRequestId
	HTTPMethod        string // $context.httpMethod
	Path              string // $context.path: the request path with the stage, /{stage}/root/child
	Protocol          string // $context.protocol, such as HTTP/1.1
	RequestID         string // $context.requestId
	RequestTime       string // $context.requestTime, as dd/MMM/yyyy:HH:mm:ss +0000
	RequestTimeEpoch  int64  // $context.requestTimeEpoch in milliseconds (a Long; 0 is null)
	ResourceID        string // $context.resourceId
	ResourcePath      string // $context.resourcePath: the resource template, /root/{child}
	Stage             string // $context.stage
	Identity          Identity

	// Optional keys.
	Authorizer           *Authorizer   // $context.authorizer, when an authorizer ran
	Error                *ContextError // $context.error, for gateway responses
	AWSEndpointRequestID string        // $context.awsEndpointRequestId, after an AWS integration
	WAFResponseCode      string        // $context.wafResponseCode: WAF_ALLOW or WAF_BLOCK
	WebACLArn            string        // $context.webaclArn
	IsCanaryRequest      *bool         // $context.isCanaryRequest, when the stage has a canary
}

// Identity is $context.identity.
type Identity struct {
	AccessKey                     string
	AccountID                     string
	Caller                        string
	CognitoAuthenticationProvider string
	CognitoAuthenticationType     string
	CognitoIdentityID             string
	CognitoIdentityPoolID         string
	PrincipalOrgID                string
	SourceIP                      string
	User                          string
	UserAgent                     string
	UserArn                       string

	// Optional keys, present only when set.
	APIKey     string      // identity.apiKey, for methods that require an API key
	APIKeyID   string      // identity.apiKeyId
	VpcID      string      // identity.vpcId, for private APIs
	VpceID     string      // identity.vpceId
	ClientCert *ClientCert // identity.clientCert, with mutual TLS
}

// ClientCert is $context.identity.clientCert.
type ClientCert struct {
	ClientCertPem string
	SubjectDN     string
	IssuerDN      string
	SerialNumber  string
	NotBefore     string // validity.notBefore
	NotAfter      string // validity.notAfter
}

// Authorizer is $context.authorizer: what an authorizer returned.
type Authorizer struct {
	PrincipalID string // $context.authorizer.principalId
	// Claims are a JWT's or Cognito user pool's claims ($context.authorizer.claims.<name>).
	// Values are stringified as Context's are; nil means no claims key.
	Claims map[string]any
	// Context is a Lambda authorizer's context map ($context.authorizer.<key>). API Gateway
	// stringifies the values: 1 becomes "1", true "true".
	Context map[string]any
}

// ContextError is $context.error, used by gateway responses.
type ContextError struct {
	Message               string // error.message; error.messageString is derived: the message as a JSON string
	ResponseType          string // error.responseType, such as UNAUTHORIZED
	ValidationErrorString string // error.validationErrorString
}

// clone returns a deep copy of c.
func (c Context) clone() Context {
	if a := c.Authorizer; a != nil {
		c.Authorizer = &Authorizer{PrincipalID: a.PrincipalID, Claims: maps.Clone(a.Claims), Context: maps.Clone(a.Context)}
	}
	if c.Error != nil {
		e := *c.Error
		c.Error = &e
	}
	if c.IsCanaryRequest != nil {
		b := *c.IsCanaryRequest
		c.IsCanaryRequest = &b
	}
	if cc := c.Identity.ClientCert; cc != nil {
		cp := *cc
		c.Identity.ClientCert = &cp
	}
	return c
}
