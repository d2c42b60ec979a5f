package lambdaevent

import (
	"encoding/base64"
	"maps"
	"slices"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/jsonstr"

	"github.com/aws/aws-lambda-go/events"
)

// Payload format 1.0, the REST API's Lambda proxy event. Its keys, in the order written:
//
//	resource                         the resource path template (/pets/{petId})
//	path                             the request path without the stage, as received
//	httpMethod                       the method (after X-HTTP-Method-Override)
//	headers                          one value per name: the last one received
//	multiValueHeaders                every value
//	queryStringParameters            one value per name: the last one, URL-decoded
//	multiValueQueryStringParameters  every value
//	pathParameters                   not URL-decoded
//	stageVariables
//	requestContext                   $context: ids, identity, path with the stage, time, ...
//	body                             the body as text, or base64 when its Content-Type is binary
//	isBase64Encoded
//
// An empty map and an empty body are null, as recorded on AWS.

// appendV1 appends the payload format 1.0 event.
func (e *Event) appendV1(b []byte) []byte {
	r := e.r
	e.sortHeaders()
	e.sortKeys()
	b = append(b, `{"resource":`...)
	b = jsonstr.Append(b, r.Context.ResourcePath, jsonstr.Go)
	b = append(b, `,"path":`...)
	b = jsonstr.Append(b, v1Path(r.Path), jsonstr.Go)
	b = append(b, `,"httpMethod":`...)
	b = jsonstr.Append(b, r.Method, jsonstr.Go)

	b = append(b, `,"headers":`...)
	b = appendObject(b, len(e.headers), func(b []byte, i int) []byte {
		return jsonstr.Append(appendKey(b, e.headers[i].name), e.headers[i].value, jsonstr.Go)
	})
	b = append(b, `,"multiValueHeaders":`...)
	b = appendObject(b, len(e.headers), func(b []byte, i int) []byte {
		return appendStrings(appendKey(b, e.headers[i].name), e.headers[i].values)
	})
	b = append(b, `,"queryStringParameters":`...)
	b = appendObject(b, len(e.query), func(b []byte, i int) []byte {
		vs := r.Query[e.query[i]]
		return jsonstr.Append(appendKey(b, e.query[i]), vs[len(vs)-1], jsonstr.Go)
	})
	b = append(b, `,"multiValueQueryStringParameters":`...)
	b = appendObject(b, len(e.query), func(b []byte, i int) []byte {
		return appendStrings(appendKey(b, e.query[i]), r.Query[e.query[i]])
	})
	b = append(b, `,"pathParameters":`...)
	b = appendStringMap(b, r.PathParameters, e.path)
	b = append(b, `,"stageVariables":`...)
	b = appendStringMap(b, r.StageVariables, e.stage)

	b = append(b, `,"requestContext":`...)
	b = e.appendContextV1(b)

	b = append(b, `,"body":`...)
	switch {
	case len(r.Body) == 0:
		b = append(b, "null"...)
	case e.binary:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, r.Body)
		b = append(b, '"')
	default:
		b = jsonstr.Append(b, r.Body, jsonstr.Go)
	}
	b = append(b, `,"isBase64Encoded":`...)
	b = appendBool(b, e.binary && len(r.Body) > 0)
	return append(b, '}')
}

// appendContextV1 appends payload format 1.0's requestContext. Keys are in alphabetical order,
// as AWS writes them; an empty value is null.
func (e *Event) appendContextV1(b []byte) []byte {
	c := &e.r.Context
	b = append(b, `{"accountId":`...)
	b = appendStringOrNull(b, c.AccountID)
	b = append(b, `,"apiId":`...)
	b = appendStringOrNull(b, c.APIID)
	if c.Authorizer != nil {
		b = append(b, `,"authorizer":`...)
		b = appendAuthorizerV1(b, c.Authorizer)
	}
	b = append(b, `,"deploymentId":`...)
	b = appendStringOrNull(b, c.DeploymentID)
	b = append(b, `,"domainName":`...)
	b = appendStringOrNull(b, c.DomainName)
	b = append(b, `,"domainPrefix":`...)
	b = appendStringOrNull(b, c.DomainPrefix)
	b = append(b, `,"extendedRequestId":`...)
	b = appendStringOrNull(b, c.ExtendedRequestID)
	b = append(b, `,"httpMethod":`...)
	b = appendStringOrNull(b, c.HTTPMethod)
	b = append(b, `,"identity":`...)
	b = appendIdentity(b, &c.Identity)
	b = append(b, `,"path":`...)
	b = appendStringOrNull(b, c.Path)
	b = append(b, `,"protocol":`...)
	b = appendStringOrNull(b, c.Protocol)
	b = append(b, `,"requestId":`...)
	b = appendStringOrNull(b, c.RequestID)
	b = append(b, `,"requestTime":`...)
	b = appendStringOrNull(b, c.RequestTime)
	b = append(b, `,"requestTimeEpoch":`...)
	b = appendInt(b, c.RequestTimeEpoch)
	b = append(b, `,"resourceId":`...)
	b = appendStringOrNull(b, c.ResourceID)
	b = append(b, `,"resourcePath":`...)
	b = appendStringOrNull(b, c.ResourcePath)
	b = append(b, `,"stage":`...)
	b = appendStringOrNull(b, c.Stage)
	return append(b, '}')
}

// appendIdentity appends requestContext.identity: the twelve keys AWS always sends (null
// when empty), apiKey and apiKeyId for a method that required a key, vpcId and vpceId for a
// private API and clientCert with mutual TLS.
func appendIdentity(b []byte, id *apigate.Identity) []byte {
	b = append(b, `{"accessKey":`...)
	b = appendStringOrNull(b, id.AccessKey)
	b = append(b, `,"accountId":`...)
	b = appendStringOrNull(b, id.AccountID)
	if id.APIKey != "" || id.APIKeyID != "" {
		b = append(b, `,"apiKey":`...)
		b = appendStringOrNull(b, id.APIKey)
		b = append(b, `,"apiKeyId":`...)
		b = appendStringOrNull(b, id.APIKeyID)
	}
	b = append(b, `,"caller":`...)
	b = appendStringOrNull(b, id.Caller)
	b = append(b, `,"cognitoAuthenticationProvider":`...)
	b = appendStringOrNull(b, id.CognitoAuthenticationProvider)
	b = append(b, `,"cognitoAuthenticationType":`...)
	b = appendStringOrNull(b, id.CognitoAuthenticationType)
	b = append(b, `,"cognitoIdentityId":`...)
	b = appendStringOrNull(b, id.CognitoIdentityID)
	b = append(b, `,"cognitoIdentityPoolId":`...)
	b = appendStringOrNull(b, id.CognitoIdentityPoolID)
	b = append(b, `,"principalOrgId":`...)
	b = appendStringOrNull(b, id.PrincipalOrgID)
	b = append(b, `,"sourceIp":`...)
	b = appendStringOrNull(b, id.SourceIP)
	b = append(b, `,"user":`...)
	b = appendStringOrNull(b, id.User)
	b = append(b, `,"userAgent":`...)
	b = appendStringOrNull(b, id.UserAgent)
	b = append(b, `,"userArn":`...)
	b = appendStringOrNull(b, id.UserArn)
	if id.VpcID != "" {
		b = append(b, `,"vpcId":`...)
		b = jsonstr.Append(b, id.VpcID, jsonstr.Go)
	}
	if id.VpceID != "" {
		b = append(b, `,"vpceId":`...)
		b = jsonstr.Append(b, id.VpceID, jsonstr.Go)
	}
	if cc := id.ClientCert; cc != nil {
		b = append(b, `,"clientCert":`...)
		b = appendClientCert(b, cc)
	}
	return append(b, '}')
}

// appendClientCert appends a client certificate (identity.clientCert in 1.0,
// authentication.clientCert in 2.0).
func appendClientCert(b []byte, cc *apigate.ClientCert) []byte {
	b = append(b, `{"clientCertPem":`...)
	b = appendStringOrNull(b, cc.ClientCertPem)
	b = append(b, `,"subjectDN":`...)
	b = appendStringOrNull(b, cc.SubjectDN)
	b = append(b, `,"issuerDN":`...)
	b = appendStringOrNull(b, cc.IssuerDN)
	b = append(b, `,"serialNumber":`...)
	b = appendStringOrNull(b, cc.SerialNumber)
	b = append(b, `,"validity":{"notBefore":`...)
	b = appendStringOrNull(b, cc.NotBefore)
	b = append(b, `,"notAfter":`...)
	b = appendStringOrNull(b, cc.NotAfter)
	return append(b, '}', '}')
}

// authorizerKeys returns the keys of payload format 1.0's requestContext.authorizer,
// sorted: the authorizer's context keys, principalId when set and claims when the authorizer
// returned claims (which replace context keys of those names).
func authorizerKeys(a *apigate.Authorizer) []string {
	keys := make([]string, 0, len(a.Context)+2)
	for k := range a.Context {
		if k == "principalId" && a.PrincipalID != "" || k == "claims" && a.Claims != nil {
			continue
		}
		keys = append(keys, k)
	}
	if a.PrincipalID != "" {
		keys = append(keys, "principalId")
	}
	if a.Claims != nil {
		keys = append(keys, "claims")
	}
	slices.Sort(keys)
	return keys
}

// appendAuthorizerV1 appends payload format 1.0's requestContext.authorizer: principalId,
// the context values as strings (1 is "1", true "true") and the claims, their values as
// strings too.
func appendAuthorizerV1(b []byte, a *apigate.Authorizer) []byte {
	keys := authorizerKeys(a)
	return appendMembers(b, len(keys), func(b []byte, i int) []byte {
		k := keys[i]
		b = appendKey(b, k)
		switch {
		case k == "principalId" && a.PrincipalID != "":
			return jsonstr.Append(b, a.PrincipalID, jsonstr.Go)
		case k == "claims" && a.Claims != nil:
			return appendStringified(b, a.Claims)
		}
		return appendStringifiedValue(b, a.Context[k])
	})
}

// appendStringified appends m as an object whose values are stringified (stringify).
func appendStringified(b []byte, m map[string]any) []byte {
	keys := slices.Sorted(maps.Keys(m))
	return appendMembers(b, len(keys), func(b []byte, i int) []byte {
		return appendStringifiedValue(appendKey(b, keys[i]), m[keys[i]])
	})
}

// appendStringifiedValue appends v stringified (stringify) as a JSON string, or null.
func appendStringifiedValue(b []byte, v any) []byte {
	if s, ok := stringify(v); ok {
		return jsonstr.Append(b, s, jsonstr.Go)
	}
	return append(b, "null"...)
}

// Size estimates the length of the event's JSON (either format), so that it is written into one
// allocation.
func (e *Event) Size() int {
	r := e.r
	n := 1200 + len(r.Body)
	if e.binary {
		n += len(r.Body)/3 + 4
	}
	for _, h := range e.headers {
		n += 2*len(h.name) + len(h.value) + 16
		for _, v := range h.values {
			n += len(v) + 3
		}
	}
	for k, vs := range r.Query {
		n += 2*len(k) + 16
		for _, v := range vs {
			n += 2*len(v) + 3
		}
	}
	for k, v := range r.PathParameters {
		n += len(k) + len(v) + 6
	}
	for k, v := range r.StageVariables {
		n += len(k) + len(v) + 6
	}
	for _, c := range e.cookies {
		n += len(c) + 3
	}
	c := &r.Context
	n += len(c.Path) + len(c.ResourcePath) + len(c.DomainName) + len(c.Identity.UserAgent) + len(r.Path)
	return n
}

// fillV1 fills ev with the payload format 1.0 event: what decoding appendV1's JSON gives, with
// every string valid UTF-8 as a JSON decoder returns it. The maps are ev's own, but the values
// of multiValueHeaders and multiValueQueryStringParameters are the request's slices (copied
// only when a value must be cleaned), and multiValueQueryStringParameters is the request's
// Query itself when nothing in it needs cleaning: a function may read them, not write to them.
func (e *Event) fillV1(ev *events.APIGatewayProxyRequest) {
	r := e.r
	ev.Resource = clean(r.Context.ResourcePath)
	ev.Path = clean(v1Path(r.Path))
	ev.HTTPMethod = clean(r.Method)
	if len(e.headers) > 0 {
		namesValid := true
		for _, h := range e.headers {
			if !valid(h.name) {
				// cleaned names may collide: the last in the JSON's order wins, as there
				e.sortHeaders()
				namesValid = false
				break
			}
		}
		ev.Headers = make(map[string]string, len(e.headers))
		ev.MultiValueHeaders = make(map[string][]string, len(e.headers))
		added := e.added
		if added == nil {
			added = new([4]string)
		}
		n := 0
		for _, h := range e.headers {
			name := h.name
			if !namesValid {
				name = clean(name)
			}
			vs := h.values
			if h.added {
				added[n] = clean(h.value)
				vs = added[n : n+1 : n+1]
				n++
			} else {
				vs = cleanAll(vs)
			}
			ev.Headers[name] = vs[len(vs)-1] // h.value, cleaned
			ev.MultiValueHeaders[name] = vs
		}
	}
	if len(r.Query) > 0 {
		ev.QueryStringParameters = queryLast(r.Query)
	}
	if ev.QueryStringParameters != nil {
		// nothing to clean or leave out: the request's map is the event's, as is
		ev.MultiValueQueryStringParameters = r.Query
	} else if len(r.Query) > 0 {
		e.sortKeys()
		if len(e.query) > 0 {
			ev.QueryStringParameters = make(map[string]string, len(e.query))
			ev.MultiValueQueryStringParameters = make(map[string][]string, len(e.query))
			for _, k := range e.query {
				vs := r.Query[k]
				ck := clean(k)
				ev.QueryStringParameters[ck] = clean(vs[len(vs)-1])
				ev.MultiValueQueryStringParameters[ck] = cleanAll(vs)
			}
		}
	}
	ev.PathParameters = e.cleanMap(r.PathParameters, &e.path)
	ev.StageVariables = e.cleanMap(r.StageVariables, &e.stage)
	c := &r.Context
	rc := &ev.RequestContext
	rc.AccountID = clean(c.AccountID)
	rc.APIID = clean(c.APIID)
	if c.Authorizer != nil {
		rc.Authorizer = authorizerMapV1(c.Authorizer)
	}
	rc.DomainName = clean(c.DomainName)
	rc.DomainPrefix = clean(c.DomainPrefix)
	rc.ExtendedRequestID = clean(c.ExtendedRequestID)
	rc.HTTPMethod = clean(c.HTTPMethod)
	fillIdentity(&rc.Identity, &c.Identity)
	rc.Path = clean(c.Path)
	rc.Protocol = clean(c.Protocol)
	rc.RequestID = clean(c.RequestID)
	rc.RequestTime = clean(c.RequestTime)
	rc.RequestTimeEpoch = c.RequestTimeEpoch
	rc.ResourceID = clean(c.ResourceID)
	rc.ResourcePath = clean(c.ResourcePath)
	rc.Stage = clean(c.Stage)
	ev.Body, ev.IsBase64Encoded = e.body()
}

// queryLast returns the last value of every query string parameter in q, when every name
// and value of q is valid UTF-8 and every name has a value (when the event's
// multiValueQueryStringParameters is q as it is); else nil.
func queryLast(q map[string][]string) map[string]string {
	last := make(map[string]string, len(q))
	for k, vs := range q {
		if len(vs) == 0 || !valid(k) {
			return nil
		}
		for _, v := range vs {
			if !valid(v) {
				return nil
			}
		}
		last[k] = vs[len(vs)-1]
	}
	return last
}

// body returns the event's body and whether it is base64-encoded.
func (e *Event) body() (string, bool) {
	switch b := e.r.Body; {
	case len(b) == 0:
		return "", false
	case e.binary:
		return base64.StdEncoding.EncodeToString(b), true
	default:
		return clean(string(b)), false
	}
}

// cleanMap returns a copy of m, one of the request's maps, with cleaned keys and values, or nil
// for an empty m. When a key is not valid UTF-8, cleaned keys may collide: *keys, m's sorted keys
// once e is keyed, gives the order in which they replace each other, as in the JSON event.
func (e *Event) cleanMap(m map[string]string, keys *[]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if !valid(k) {
			e.sortKeys()
			clear(out)
			for _, k := range *keys {
				out[clean(k)] = clean(m[k])
			}
			return out
		}
		out[k] = clean(v)
	}
	return out
}

// fillIdentity fills the identity of a payload format 1.0 event.
func fillIdentity(dst *events.APIGatewayRequestIdentity, id *apigate.Identity) {
	dst.AccessKey = clean(id.AccessKey)
	dst.AccountID = clean(id.AccountID)
	dst.APIKey = clean(id.APIKey)
	dst.APIKeyID = clean(id.APIKeyID)
	dst.Caller = clean(id.Caller)
	dst.CognitoAuthenticationProvider = clean(id.CognitoAuthenticationProvider)
	dst.CognitoAuthenticationType = clean(id.CognitoAuthenticationType)
	dst.CognitoIdentityID = clean(id.CognitoIdentityID)
	dst.CognitoIdentityPoolID = clean(id.CognitoIdentityPoolID)
	dst.SourceIP = clean(id.SourceIP)
	dst.User = clean(id.User)
	dst.UserAgent = clean(id.UserAgent)
	dst.UserArn = clean(id.UserArn)
	if cc := id.ClientCert; cc != nil {
		dst.ClientCert = &events.APIGatewayCustomAuthorizerRequestTypeRequestIdentityClientCert{
			ClientCertPem: clean(cc.ClientCertPem),
			IssuerDN:      clean(cc.IssuerDN),
			SerialNumber:  clean(cc.SerialNumber),
			SubjectDN:     clean(cc.SubjectDN),
			Validity: events.APIGatewayCustomAuthorizerRequestTypeRequestIdentityClientCertValidity{
				NotAfter:  clean(cc.NotAfter),
				NotBefore: clean(cc.NotBefore),
			},
		}
	}
}

// authorizerMapV1 returns requestContext.authorizer as a JSON decoder gives it back from
// appendAuthorizerV1: strings, nil for null, claims as a map of strings.
func authorizerMapV1(a *apigate.Authorizer) map[string]any {
	out := make(map[string]any, len(a.Context)+2)
	for _, k := range authorizerKeys(a) {
		var v any
		switch {
		case k == "principalId" && a.PrincipalID != "":
			v = clean(a.PrincipalID)
		case k == "claims" && a.Claims != nil:
			v = stringifiedMap(a.Claims)
		default:
			if s, ok := stringify(a.Context[k]); ok {
				v = clean(s)
			}
		}
		out[clean(k)] = v
	}
	return out
}

// stringifiedMap returns m with its values stringified, as decoded from
// appendStringified.
func stringifiedMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		var v any
		if s, ok := stringify(m[k]); ok {
			v = clean(s)
		}
		out[clean(k)] = v
	}
	return out
}
