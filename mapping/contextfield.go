package mapping

import (
	"strconv"

	"github.com/apigate/apigate"
)

// contextFields reads the fixed $context variables by dotted name, for parameter-mapping
// expressions (context.identity.sourceIp). It is never written after initialization.
var contextFields = map[string]func(*apigate.Context) string{
	"accountId":                              func(c *apigate.Context) string { return c.AccountID },
	"apiId":                                  func(c *apigate.Context) string { return c.APIID },
	"awsEndpointRequestId":                   func(c *apigate.Context) string { return c.AWSEndpointRequestID },
	"deploymentId":                           func(c *apigate.Context) string { return c.DeploymentID },
	"domainName":                             func(c *apigate.Context) string { return c.DomainName },
	"domainPrefix":                           func(c *apigate.Context) string { return c.DomainPrefix },
	"extendedRequestId":                      func(c *apigate.Context) string { return c.ExtendedRequestID },
	"httpMethod":                             func(c *apigate.Context) string { return c.HTTPMethod },
	"path":                                   func(c *apigate.Context) string { return c.Path },
	"protocol":                               func(c *apigate.Context) string { return c.Protocol },
	"requestId":                              func(c *apigate.Context) string { return c.RequestID },
	"requestTime":                            func(c *apigate.Context) string { return c.RequestTime },
	"resourceId":                             func(c *apigate.Context) string { return c.ResourceID },
	"resourcePath":                           func(c *apigate.Context) string { return c.ResourcePath },
	"stage":                                  func(c *apigate.Context) string { return c.Stage },
	"wafResponseCode":                        func(c *apigate.Context) string { return c.WAFResponseCode },
	"webaclArn":                              func(c *apigate.Context) string { return c.WebACLArn },
	"identity.accessKey":                     func(c *apigate.Context) string { return c.Identity.AccessKey },
	"identity.accountId":                     func(c *apigate.Context) string { return c.Identity.AccountID },
	"identity.apiKey":                        func(c *apigate.Context) string { return c.Identity.APIKey },
	"identity.apiKeyId":                      func(c *apigate.Context) string { return c.Identity.APIKeyID },
	"identity.caller":                        func(c *apigate.Context) string { return c.Identity.Caller },
	"identity.cognitoAuthenticationProvider": func(c *apigate.Context) string { return c.Identity.CognitoAuthenticationProvider },
	"identity.cognitoAuthenticationType":     func(c *apigate.Context) string { return c.Identity.CognitoAuthenticationType },
	"identity.cognitoIdentityId":             func(c *apigate.Context) string { return c.Identity.CognitoIdentityID },
	"identity.cognitoIdentityPoolId":         func(c *apigate.Context) string { return c.Identity.CognitoIdentityPoolID },
	"identity.principalOrgId":                func(c *apigate.Context) string { return c.Identity.PrincipalOrgID },
	"identity.sourceIp":                      func(c *apigate.Context) string { return c.Identity.SourceIP },
	"identity.user":                          func(c *apigate.Context) string { return c.Identity.User },
	"identity.userAgent":                     func(c *apigate.Context) string { return c.Identity.UserAgent },
	"identity.userArn":                       func(c *apigate.Context) string { return c.Identity.UserArn },
	"identity.vpcId":                         func(c *apigate.Context) string { return c.Identity.VpcID },
	"identity.vpceId":                        func(c *apigate.Context) string { return c.Identity.VpceID },
	"identity.clientCert.clientCertPem":      func(c *apigate.Context) string { return certField(c, 0) },
	"identity.clientCert.subjectDN":          func(c *apigate.Context) string { return certField(c, 1) },
	"identity.clientCert.issuerDN":           func(c *apigate.Context) string { return certField(c, 2) },
	"identity.clientCert.serialNumber":       func(c *apigate.Context) string { return certField(c, 3) },
	"identity.clientCert.validity.notBefore": func(c *apigate.Context) string { return certField(c, 4) },
	"identity.clientCert.validity.notAfter":  func(c *apigate.Context) string { return certField(c, 5) },
	"error.message":                          func(c *apigate.Context) string { return errorField(c, 0) },
	"error.messageString":                    func(c *apigate.Context) string { return errorField(c, 1) },
	"error.responseType":                     func(c *apigate.Context) string { return errorField(c, 2) },
	"error.validationErrorString":            func(c *apigate.Context) string { return errorField(c, 3) },
	"requestTimeEpoch": func(c *apigate.Context) string {
		if c.RequestTimeEpoch == 0 {
			return ""
		}
		return strconv.FormatInt(c.RequestTimeEpoch, 10)
	},
	"isCanaryRequest": func(c *apigate.Context) string {
		if c.IsCanaryRequest == nil {
			return ""
		}
		return strconv.FormatBool(*c.IsCanaryRequest)
	},
}

func certField(c *apigate.Context, i int) string {
	cc := c.Identity.ClientCert
	if cc == nil {
		return ""
	}
	return [...]string{cc.ClientCertPem, cc.SubjectDN, cc.IssuerDN, cc.SerialNumber, cc.NotBefore, cc.NotAfter}[i]
}

func errorField(c *apigate.Context, i int) string {
	e := c.Error
	if e == nil {
		return ""
	}
	switch i {
	case 0:
		return e.Message
	case 1:
		return messageString(e.Message)
	case 2:
		return e.ResponseType
	}
	return e.ValidationErrorString
}

// contextField returns the $context variable of a dotted name as a string, and whether it has a
// value: a fixed field, or authorizer.principalId, authorizer.<key> and authorizer.claims.<key>.
func contextField(c *apigate.Context, name string) (string, bool) {
	if f, ok := contextFields[name]; ok {
		s := f(c)
		return s, s != ""
	}
	a := c.Authorizer
	if a == nil || len(name) <= len("authorizer.") || name[:len("authorizer.")] != "authorizer." {
		return "", false
	}
	key := name[len("authorizer."):]
	if key == "principalId" {
		return a.PrincipalID, a.PrincipalID != ""
	}
	if len(key) > len("claims.") && key[:len("claims.")] == "claims." {
		v, ok := a.Claims[key[len("claims."):]]
		if !ok {
			return "", false
		}
		s := stringifyContextValue(v)
		return s.AsString(), !s.IsNull()
	}
	v, ok := a.Context[key]
	if !ok {
		return "", false
	}
	s := stringifyContextValue(v)
	return s.AsString(), !s.IsNull()
}
