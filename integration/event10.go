package integration

import (
	"encoding/base64"
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
func (e *eventRequest) appendV1(b []byte) []byte {
	r := e.r
	e.sortHeaders()
	e.sortKeys()
	b = append(b, `{"resource":`...)
	b = jsonstr.Append(b, r.Context.ResourcePath, jsonstr.Go)
	b = append(b, `,"path":`...)
	b = jsonstr.Append(b, eventPath(r.Path), jsonstr.Go)
	b = append(b, `,"httpMethod":`...)
	b = jsonstr.Append(b, r.Method, jsonstr.Go)

	b = append(b, `,"headers":`...)
	b = eventAppendObject(b, len(e.headers), func(b []byte, i int) []byte {
		return jsonstr.Append(eventAppendKey(b, e.headers[i].name), e.headers[i].value, jsonstr.Go)
	})
	b = append(b, `,"multiValueHeaders":`...)
	b = eventAppendObject(b, len(e.headers), func(b []byte, i int) []byte {
		return eventAppendStrings(eventAppendKey(b, e.headers[i].name), e.headers[i].values)
	})
	b = append(b, `,"queryStringParameters":`...)
	b = eventAppendObject(b, len(e.query), func(b []byte, i int) []byte {
		vs := r.Query[e.query[i]]
		return jsonstr.Append(eventAppendKey(b, e.query[i]), vs[len(vs)-1], jsonstr.Go)
	})
	b = append(b, `,"multiValueQueryStringParameters":`...)
	b = eventAppendObject(b, len(e.query), func(b []byte, i int) []byte {
		return eventAppendStrings(eventAppendKey(b, e.query[i]), r.Query[e.query[i]])
	})
	b = append(b, `,"pathParameters":`...)
	b = eventAppendStringMap(b, r.PathParameters, e.path)
	b = append(b, `,"stageVariables":`...)
	b = eventAppendStringMap(b, r.StageVariables, e.stage)

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
	b = eventAppendBool(b, e.binary && len(r.Body) > 0)
	return append(b, '}')
}

// appendContextV1 appends payload format 1.0's requestContext. Keys are in alphabetical order,
// as AWS writes them; an empty value is null.
func (e *eventRequest) appendContextV1(b []byte) []byte {
	c := &e.r.Context
	b = append(b, `{"accountId":`...)
	b = eventAppendStringOrNull(b, c.AccountID)
	b = append(b, `,"apiId":`...)
	b = eventAppendStringOrNull(b, c.APIID)
	if c.Authorizer != nil {
		b = append(b, `,"authorizer":`...)
		b = eventAppendAuthorizerV1(b, c.Authorizer)
	}
	b = append(b, `,"deploymentId":`...)
	b = eventAppendStringOrNull(b, c.DeploymentID)
	b = append(b, `,"domainName":`...)
	b = eventAppendStringOrNull(b, c.DomainName)
	b = append(b, `,"domainPrefix":`...)
	b = eventAppendStringOrNull(b, c.DomainPrefix)
	b = append(b, `,"extendedRequestId":`...)
	b = eventAppendStringOrNull(b, c.ExtendedRequestID)
	b = append(b, `,"httpMethod":`...)
	b = eventAppendStringOrNull(b, c.HTTPMethod)
	b = append(b, `,"identity":`...)
	b = eventAppendIdentity(b, &c.Identity)
	b = append(b, `,"path":`...)
	b = eventAppendStringOrNull(b, c.Path)
	b = append(b, `,"protocol":`...)
	b = eventAppendStringOrNull(b, c.Protocol)
	b = append(b, `,"requestId":`...)
	b = eventAppendStringOrNull(b, c.RequestID)
	b = append(b, `,"requestTime":`...)
	b = eventAppendStringOrNull(b, c.RequestTime)
	b = append(b, `,"requestTimeEpoch":`...)
	b = eventAppendInt(b, c.RequestTimeEpoch)
	b = append(b, `,"resourceId":`...)
	b = eventAppendStringOrNull(b, c.ResourceID)
	b = append(b, `,"resourcePath":`...)
	b = eventAppendStringOrNull(b, c.ResourcePath)
	b = append(b, `,"stage":`...)
	b = eventAppendStringOrNull(b, c.Stage)
	return append(b, '}')
}

// eventAppendIdentity appends requestContext.identity: the twelve keys AWS always sends (null
// when empty), apiKey and apiKeyId for a method that required a key, vpcId and vpceId for a
// private API and clientCert with mutual TLS.
func eventAppendIdentity(b []byte, id *apigate.Identity) []byte {
	b = append(b, `{"accessKey":`...)
	b = eventAppendStringOrNull(b, id.AccessKey)
	b = append(b, `,"accountId":`...)
	b = eventAppendStringOrNull(b, id.AccountID)
	if id.APIKey != "" || id.APIKeyID != "" {
		b = append(b, `,"apiKey":`...)
		b = eventAppendStringOrNull(b, id.APIKey)
		b = append(b, `,"apiKeyId":`...)
		b = eventAppendStringOrNull(b, id.APIKeyID)
	}
	b = append(b, `,"caller":`...)
	b = eventAppendStringOrNull(b, id.Caller)
	b = append(b, `,"cognitoAuthenticationProvider":`...)
	b = eventAppendStringOrNull(b, id.CognitoAuthenticationProvider)
	b = append(b, `,"cognitoAuthenticationType":`...)
	b = eventAppendStringOrNull(b, id.CognitoAuthenticationType)
	b = append(b, `,"cognitoIdentityId":`...)
	b = eventAppendStringOrNull(b, id.CognitoIdentityID)
	b = append(b, `,"cognitoIdentityPoolId":`...)
	b = eventAppendStringOrNull(b, id.CognitoIdentityPoolID)
	b = append(b, `,"principalOrgId":`...)
	b = eventAppendStringOrNull(b, id.PrincipalOrgID)
	b = append(b, `,"sourceIp":`...)
	b = eventAppendStringOrNull(b, id.SourceIP)
	b = append(b, `,"user":`...)
	b = eventAppendStringOrNull(b, id.User)
	b = append(b, `,"userAgent":`...)
	b = eventAppendStringOrNull(b, id.UserAgent)
	b = append(b, `,"userArn":`...)
	b = eventAppendStringOrNull(b, id.UserArn)
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
		b = eventAppendClientCert(b, cc)
	}
	return append(b, '}')
}

// eventAppendClientCert appends a client certificate (identity.clientCert in 1.0,
// authentication.clientCert in 2.0).
func eventAppendClientCert(b []byte, cc *apigate.ClientCert) []byte {
	b = append(b, `{"clientCertPem":`...)
	b = eventAppendStringOrNull(b, cc.ClientCertPem)
	b = append(b, `,"subjectDN":`...)
	b = eventAppendStringOrNull(b, cc.SubjectDN)
	b = append(b, `,"issuerDN":`...)
	b = eventAppendStringOrNull(b, cc.IssuerDN)
	b = append(b, `,"serialNumber":`...)
	b = eventAppendStringOrNull(b, cc.SerialNumber)
	b = append(b, `,"validity":{"notBefore":`...)
	b = eventAppendStringOrNull(b, cc.NotBefore)
	b = append(b, `,"notAfter":`...)
	b = eventAppendStringOrNull(b, cc.NotAfter)
	return append(b, '}', '}')
}

// eventAuthorizerKeys returns the keys of payload format 1.0's requestContext.authorizer,
// sorted: the authorizer's context keys, principalId when set and claims when the authorizer
// returned claims (which replace context keys of those names).
func eventAuthorizerKeys(a *apigate.Authorizer) []string {
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

// eventAppendAuthorizerV1 appends payload format 1.0's requestContext.authorizer: principalId,
// the context values as strings (1 is "1", true "true") and the claims, their values as
// strings too.
func eventAppendAuthorizerV1(b []byte, a *apigate.Authorizer) []byte {
	b = append(b, '{')
	for i, k := range eventAuthorizerKeys(a) {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, k, jsonstr.Go)
		b = append(b, ':')
		switch {
		case k == "principalId" && a.PrincipalID != "":
			b = jsonstr.Append(b, a.PrincipalID, jsonstr.Go)
		case k == "claims" && a.Claims != nil:
			b = eventAppendStringified(b, a.Claims)
		default:
			if s, ok := eventStringify(a.Context[k]); ok {
				b = jsonstr.Append(b, s, jsonstr.Go)
			} else {
				b = append(b, "null"...)
			}
		}
	}
	return append(b, '}')
}

// eventAppendStringified appends m as an object whose values are stringified (eventStringify).
func eventAppendStringified(b []byte, m map[string]any) []byte {
	keys := eventSortedKeys(make([]string, 0, len(m)), m)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, k, jsonstr.Go)
		b = append(b, ':')
		if s, ok := eventStringify(m[k]); ok {
			b = jsonstr.Append(b, s, jsonstr.Go)
		} else {
			b = append(b, "null"...)
		}
	}
	return append(b, '}')
}

// size estimates the length of the event (either format), so that it is written into one
// allocation.
func (e *eventRequest) size() int {
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
func (e *eventRequest) fillV1(ev *events.APIGatewayProxyRequest) {
	r := e.r
	ev.Resource = eventClean(r.Context.ResourcePath)
	ev.Path = eventClean(eventPath(r.Path))
	ev.HTTPMethod = eventClean(r.Method)
	if len(e.headers) > 0 {
		namesValid := true
		for _, h := range e.headers {
			if !eventValid(h.name) {
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
				name = eventClean(name)
			}
			vs := h.values
			if h.added {
				added[n] = eventClean(h.value)
				vs = added[n : n+1 : n+1]
				n++
			} else {
				vs = eventCleanAll(vs)
			}
			ev.Headers[name] = vs[len(vs)-1] // h.value, cleaned
			ev.MultiValueHeaders[name] = vs
		}
	}
	if len(r.Query) > 0 {
		ev.QueryStringParameters = eventQueryLast(r.Query)
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
				ck := eventClean(k)
				ev.QueryStringParameters[ck] = eventClean(vs[len(vs)-1])
				ev.MultiValueQueryStringParameters[ck] = eventCleanAll(vs)
			}
		}
	}
	ev.PathParameters = e.cleanMap(r.PathParameters, &e.path)
	ev.StageVariables = e.cleanMap(r.StageVariables, &e.stage)
	c := &r.Context
	rc := &ev.RequestContext
	rc.AccountID = eventClean(c.AccountID)
	rc.APIID = eventClean(c.APIID)
	if c.Authorizer != nil {
		rc.Authorizer = eventAuthorizerMapV1(c.Authorizer)
	}
	rc.DomainName = eventClean(c.DomainName)
	rc.DomainPrefix = eventClean(c.DomainPrefix)
	rc.ExtendedRequestID = eventClean(c.ExtendedRequestID)
	rc.HTTPMethod = eventClean(c.HTTPMethod)
	eventFillIdentity(&rc.Identity, &c.Identity)
	rc.Path = eventClean(c.Path)
	rc.Protocol = eventClean(c.Protocol)
	rc.RequestID = eventClean(c.RequestID)
	rc.RequestTime = eventClean(c.RequestTime)
	rc.RequestTimeEpoch = c.RequestTimeEpoch
	rc.ResourceID = eventClean(c.ResourceID)
	rc.ResourcePath = eventClean(c.ResourcePath)
	rc.Stage = eventClean(c.Stage)
	ev.Body, ev.IsBase64Encoded = e.body()
}

// eventQueryLast returns the last value of every query string parameter in q, when every name
// and value of q is valid UTF-8 and every name has a value (when the event's
// multiValueQueryStringParameters is q as it is); else nil.
func eventQueryLast(q map[string][]string) map[string]string {
	last := make(map[string]string, len(q))
	for k, vs := range q {
		if len(vs) == 0 || !eventValid(k) {
			return nil
		}
		for _, v := range vs {
			if !eventValid(v) {
				return nil
			}
		}
		last[k] = vs[len(vs)-1]
	}
	return last
}

// body returns the event's body and whether it is base64-encoded.
func (e *eventRequest) body() (string, bool) {
	switch b := e.r.Body; {
	case len(b) == 0:
		return "", false
	case e.binary:
		return base64.StdEncoding.EncodeToString(b), true
	default:
		return eventClean(string(b)), false
	}
}

// cleanMap returns a copy of m, one of the request's maps, with cleaned keys and values, or nil
// for an empty m. When a key is not valid UTF-8, cleaned keys may collide: *keys, m's sorted keys
// once e is keyed, gives the order in which they replace each other, as in the JSON event.
func (e *eventRequest) cleanMap(m map[string]string, keys *[]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if !eventValid(k) {
			e.sortKeys()
			clear(out)
			for _, k := range *keys {
				out[eventClean(k)] = eventClean(m[k])
			}
			return out
		}
		out[k] = eventClean(v)
	}
	return out
}

// eventFillIdentity fills the identity of a payload format 1.0 event.
func eventFillIdentity(dst *events.APIGatewayRequestIdentity, id *apigate.Identity) {
	dst.AccessKey = eventClean(id.AccessKey)
	dst.AccountID = eventClean(id.AccountID)
	dst.APIKey = eventClean(id.APIKey)
	dst.APIKeyID = eventClean(id.APIKeyID)
	dst.Caller = eventClean(id.Caller)
	dst.CognitoAuthenticationProvider = eventClean(id.CognitoAuthenticationProvider)
	dst.CognitoAuthenticationType = eventClean(id.CognitoAuthenticationType)
	dst.CognitoIdentityID = eventClean(id.CognitoIdentityID)
	dst.CognitoIdentityPoolID = eventClean(id.CognitoIdentityPoolID)
	dst.SourceIP = eventClean(id.SourceIP)
	dst.User = eventClean(id.User)
	dst.UserAgent = eventClean(id.UserAgent)
	dst.UserArn = eventClean(id.UserArn)
	if cc := id.ClientCert; cc != nil {
		dst.ClientCert = &events.APIGatewayCustomAuthorizerRequestTypeRequestIdentityClientCert{
			ClientCertPem: eventClean(cc.ClientCertPem),
			IssuerDN:      eventClean(cc.IssuerDN),
			SerialNumber:  eventClean(cc.SerialNumber),
			SubjectDN:     eventClean(cc.SubjectDN),
			Validity: events.APIGatewayCustomAuthorizerRequestTypeRequestIdentityClientCertValidity{
				NotAfter:  eventClean(cc.NotAfter),
				NotBefore: eventClean(cc.NotBefore),
			},
		}
	}
}

// eventAuthorizerMapV1 returns requestContext.authorizer as a JSON decoder gives it back from
// eventAppendAuthorizerV1: strings, nil for null, claims as a map of strings.
func eventAuthorizerMapV1(a *apigate.Authorizer) map[string]any {
	out := make(map[string]any, len(a.Context)+2)
	for _, k := range eventAuthorizerKeys(a) {
		var v any
		switch {
		case k == "principalId" && a.PrincipalID != "":
			v = eventClean(a.PrincipalID)
		case k == "claims" && a.Claims != nil:
			v = eventStringifiedMap(a.Claims)
		default:
			if s, ok := eventStringify(a.Context[k]); ok {
				v = eventClean(s)
			}
		}
		out[eventClean(k)] = v
	}
	return out
}

// eventStringifiedMap returns m with its values stringified, as decoded from
// eventAppendStringified.
func eventStringifiedMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for _, k := range eventSortedKeys(make([]string, 0, len(m)), m) {
		var v any
		if s, ok := eventStringify(m[k]); ok {
			v = eventClean(s)
		}
		out[eventClean(k)] = v
	}
	return out
}
