package mapping

import (
	"github.com/apigate/apigate"

	"encoding/json"
	"math"
	"strconv"

	"github.com/apigate/apigate/mapping/vtl"
)

// contextKeys are the keys $context always has, in the order API Gateway inserts them; the
// optional ones (authorizer, error, ...) follow in contextValue.
var contextKeys = []string{"resourceId", "resourcePath", "httpMethod", "extendedRequestId",
	"requestTime", "path", "accountId", "protocol", "requestOverride", "stage", "domainPrefix",
	"requestTimeEpoch", "requestId", "identity", "domainName", "deploymentId", "responseOverride",
	"apiId"}

// contextOrder is the HashMap iteration order of contextKeys alone (recorded:
// vtl-ls-context-keyset).
var contextOrder = hashOrder(contextKeys...)

// contextValue builds the $context map for one render. The override maps come from ov, so that
// a template's writes are seen by the caller and by a later template of the same request.
func contextValue(c *apigate.Context, ov *Overrides) vtl.Value {
	vals := [...]vtl.Value{
		stringOrNull(c.ResourceID), stringOrNull(c.ResourcePath), stringOrNull(c.HTTPMethod),
		stringOrNull(c.ExtendedRequestID), stringOrNull(c.RequestTime), stringOrNull(c.Path),
		stringOrNull(c.AccountID), stringOrNull(c.Protocol), vtl.MapValue(ov.requestMap()),
		stringOrNull(c.Stage), stringOrNull(c.DomainPrefix), epochValue(c.RequestTimeEpoch),
		stringOrNull(c.RequestID), vtl.MapValue(identityMap(&c.Identity)), stringOrNull(c.DomainName),
		stringOrNull(c.DeploymentID), vtl.MapValue(ov.responseMap()), stringOrNull(c.APIID),
	}
	var buf [len(vals) + 6]entry
	e := buf[:0]
	if c.Authorizer != nil {
		e = append(e, entry{"authorizer", vtl.MapValue(authorizerMap(c.Authorizer))})
	}
	if c.Error != nil {
		e = append(e, entry{"error", vtl.MapValue(errorMap(c.Error))})
	}
	if c.AWSEndpointRequestID != "" {
		e = append(e, entry{"awsEndpointRequestId", vtl.StringValue(c.AWSEndpointRequestID)})
	}
	if c.WAFResponseCode != "" {
		e = append(e, entry{"wafResponseCode", vtl.StringValue(c.WAFResponseCode)})
	}
	if c.WebACLArn != "" {
		e = append(e, entry{"webaclArn", vtl.StringValue(c.WebACLArn)})
	}
	if c.IsCanaryRequest != nil {
		e = append(e, entry{"isCanaryRequest", vtl.BoolValue(*c.IsCanaryRequest)})
	}
	m := vtl.NewMap(len(vals) + len(e))
	if len(e) == 0 {
		putOrdered(m, contextKeys, contextOrder, vals[:])
		return vtl.MapValue(m)
	}
	all := make([]entry, 0, len(vals)+len(e))
	for i, k := range contextKeys {
		all = append(all, entry{k, vals[i]})
	}
	putHashOrdered(m, append(all, e...))
	return vtl.MapValue(m)
}

func epochValue(ms int64) vtl.Value {
	if ms == 0 {
		return vtl.NullValue
	}
	return vtl.LongValue(ms)
}

// identityKeys are the keys $context.identity always has, in API Gateway's insertion order.
var identityKeys = []string{"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller",
	"sourceIp", "principalOrgId", "accessKey", "cognitoAuthenticationType",
	"cognitoAuthenticationProvider", "userArn", "userAgent", "user"}

var identityOrder = hashOrder(identityKeys...)

// identityMap builds $context.identity, which prints as the empty string (recorded:
// $context.get('identity') renders "").
func identityMap(id *apigate.Identity) *vtl.Map {
	vals := [...]vtl.Value{
		stringOrNull(id.CognitoIdentityPoolID), stringOrNull(id.AccountID),
		stringOrNull(id.CognitoIdentityID), stringOrNull(id.Caller), stringOrNull(id.SourceIP),
		stringOrNull(id.PrincipalOrgID), stringOrNull(id.AccessKey),
		stringOrNull(id.CognitoAuthenticationType), stringOrNull(id.CognitoAuthenticationProvider),
		stringOrNull(id.UserArn), stringOrNull(id.UserAgent), stringOrNull(id.User),
	}
	if id.APIKey == "" && id.APIKeyID == "" && id.VpcID == "" && id.VpceID == "" && id.ClientCert == nil {
		m := vtl.NewBlankMap(len(vals))
		putOrdered(m, identityKeys, identityOrder, vals[:])
		return m
	}
	var buf [17]entry
	e := buf[:0]
	for i, k := range identityKeys {
		e = append(e, entry{k, vals[i]})
	}
	if id.APIKey != "" {
		e = append(e, entry{"apiKey", vtl.StringValue(id.APIKey)})
	}
	if id.APIKeyID != "" {
		e = append(e, entry{"apiKeyId", vtl.StringValue(id.APIKeyID)})
	}
	if id.VpcID != "" {
		e = append(e, entry{"vpcId", vtl.StringValue(id.VpcID)})
	}
	if id.VpceID != "" {
		e = append(e, entry{"vpceId", vtl.StringValue(id.VpceID)})
	}
	if cc := id.ClientCert; cc != nil {
		validity := vtl.NewBlankMap(2)
		putHashOrdered(validity, []entry{
			{"notBefore", stringOrNull(cc.NotBefore)},
			{"notAfter", stringOrNull(cc.NotAfter)},
		})
		cert := vtl.NewBlankMap(5)
		putHashOrdered(cert, []entry{
			{"clientCertPem", stringOrNull(cc.ClientCertPem)},
			{"subjectDN", stringOrNull(cc.SubjectDN)},
			{"issuerDN", stringOrNull(cc.IssuerDN)},
			{"serialNumber", stringOrNull(cc.SerialNumber)},
			{"validity", vtl.MapValue(validity)},
		})
		e = append(e, entry{"clientCert", vtl.MapValue(cert)})
	}
	m := vtl.NewBlankMap(len(e))
	putHashOrdered(m, e)
	return m
}

// authorizerMap builds $context.authorizer: principalId, claims and the context keys, every
// value a string.
func authorizerMap(a *apigate.Authorizer) *vtl.Map {
	e := make([]entry, 0, len(a.Context)+2)
	for k, v := range a.Context {
		if k == "principalId" || (k == "claims" && a.Claims != nil) {
			continue
		}
		e = append(e, entry{k, stringifyContextValue(v)})
	}
	sortByKey(e)
	e = append([]entry{{"principalId", stringOrNull(a.PrincipalID)}}, e...)
	if a.Claims != nil {
		claims := vtl.NewBlankMap(len(a.Claims))
		ce := make([]entry, 0, len(a.Claims))
		for k, v := range a.Claims {
			ce = append(ce, entry{k, stringifyContextValue(v)})
		}
		sortByKey(ce)
		putHashOrdered(claims, ce)
		e = append(e, entry{"claims", vtl.MapValue(claims)})
	}
	m := vtl.NewBlankMap(len(e))
	putHashOrdered(m, e)
	return m
}

// stringifyContextValue turns an authorizer context value into the string API Gateway passes on:
// strings as they are, booleans and numbers in their JSON spelling, anything else as JSON.
func stringifyContextValue(v any) vtl.Value {
	switch v := v.(type) {
	case nil:
		return vtl.NullValue
	case string:
		return vtl.StringValue(v)
	case bool:
		return vtl.StringValue(strconv.FormatBool(v))
	case json.Number:
		return vtl.StringValue(v.String())
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e21 {
			return vtl.StringValue(strconv.FormatFloat(v, 'f', -1, 64))
		}
		return vtl.StringValue(strconv.FormatFloat(v, 'g', -1, 64))
	case int:
		return vtl.StringValue(strconv.Itoa(v))
	case int64:
		return vtl.StringValue(strconv.FormatInt(v, 10))
	case int32:
		return vtl.StringValue(strconv.FormatInt(int64(v), 10))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return vtl.NullValue
	}
	return vtl.StringValue(string(b))
}

// errorMap builds $context.error.
func errorMap(ce *apigate.ContextError) *vtl.Map {
	m := vtl.NewBlankMap(4)
	putHashOrdered(m, []entry{
		{"message", stringOrNull(ce.Message)},
		{"messageString", vtl.StringValue(messageString(ce.Message))},
		{"responseType", stringOrNull(ce.ResponseType)},
		{"validationErrorString", stringOrNull(ce.ValidationErrorString)},
	})
	return m
}

// messageString is $context.error.messageString: the message as a JSON string, quotes included.
func messageString(msg string) string {
	return string(vtl.AppendJSON(nil, vtl.StringValue(msg)))
}
