package lambdaevent

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/forward"
	"github.com/apigate/apigate/internal/jsonstr"
)

// Payload format 2.0, the HTTP API's Lambda proxy event. Its keys, in the order written:
//
//	version                 "2.0"
//	routeKey                the route key: "GET /pets/{id}", "ANY /{proxy+}", "$default"
//	rawPath                 the path as received, with a named stage's segment
//	rawQueryString          the query string as received, percent-encoded, without '?'
//	cookies                 each cookie of the Cookie header (left out of headers)
//	headers                 names in lower case, repeated values joined with ','
//	queryStringParameters   URL-decoded, repeated values joined with ','
//	requestContext          ids, domain, http{method, path, protocol, sourceIp, userAgent}, time
//	body                    text for text/*, JSON, XML and JavaScript, else base64
//	pathParameters
//	isBase64Encoded
//	stageVariables
//
// cookies, queryStringParameters, body, pathParameters and stageVariables are left out when
// empty; there is no multiValueHeaders or multiValueQueryStringParameters.

// routeKey returns the event's routeKey. An HTTP API gateway puts the route key it matched
// in Context.ResourcePath ("GET /pets/{id}", "$default"); a resource path alone (a REST API's)
// becomes "{method} {resource path}", and no resource path "$default".
func routeKey(r *apigate.Request) string {
	rp := r.Context.ResourcePath
	switch {
	case rp == "":
		return "$default"
	case rp[0] == '$' || strings.IndexByte(rp, ' ') >= 0:
		return rp
	}
	return r.Method + " " + rp
}

// v2RawPath returns rawPath (and requestContext.http.path): the path as received with the
// stage's segment ($context.path), or without it for the $default stage, which is served at
// the root.
func v2RawPath(r *apigate.Request) string {
	if c := &r.Context; c.Stage != "" && c.Stage != "$default" && c.Path != "" {
		return c.Path
	}
	return r.Path
}

// appendV2 appends the payload format 2.0 event.
func (e *Event) appendV2(b []byte) []byte {
	r := e.r
	e.sortKeys()
	rawPath := v2RawPath(r)
	routeKey := routeKey(r)
	b = append(b, `{"version":"2.0","routeKey":`...)
	b = jsonstr.Append(b, routeKey, jsonstr.Go)
	b = append(b, `,"rawPath":`...)
	b = jsonstr.Append(b, rawPath, jsonstr.Go)
	b = append(b, `,"rawQueryString":`...)
	b = jsonstr.Append(b, forward.RawQuery(r), jsonstr.Go)
	if len(e.cookies) > 0 {
		b = append(b, `,"cookies":`...)
		b = appendStrings(b, e.cookies)
	}
	b = append(b, `,"headers":{`...)
	for i, h := range e.headers {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, h.name, jsonstr.Go)
		b = append(b, ':')
		b = jsonstr.Append(b, h.value, jsonstr.Go)
	}
	b = append(b, '}')
	if len(e.query) > 0 {
		b = append(b, `,"queryStringParameters":{`...)
		for i, k := range e.query {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonstr.Append(b, k, jsonstr.Go)
			b = append(b, ':')
			if vs := r.Query[k]; len(vs) == 1 {
				b = jsonstr.Append(b, vs[0], jsonstr.Go)
			} else {
				b = jsonstr.Append(b, strings.Join(vs, ","), jsonstr.Go)
			}
		}
		b = append(b, '}')
	}

	c := &r.Context
	b = append(b, `,"requestContext":{"accountId":`...)
	b = jsonstr.Append(b, c.AccountID, jsonstr.Go)
	b = append(b, `,"apiId":`...)
	b = jsonstr.Append(b, c.APIID, jsonstr.Go)
	if cc := c.Identity.ClientCert; cc != nil {
		b = append(b, `,"authentication":{"clientCert":`...)
		b = appendClientCert(b, cc)
		b = append(b, '}')
	}
	if c.Authorizer != nil {
		b = append(b, `,"authorizer":`...)
		b = appendAuthorizerV2(b, c.Authorizer)
	}
	b = append(b, `,"domainName":`...)
	b = jsonstr.Append(b, c.DomainName, jsonstr.Go)
	b = append(b, `,"domainPrefix":`...)
	b = jsonstr.Append(b, c.DomainPrefix, jsonstr.Go)
	b = append(b, `,"http":{"method":`...)
	b = jsonstr.Append(b, r.Method, jsonstr.Go)
	b = append(b, `,"path":`...)
	b = jsonstr.Append(b, rawPath, jsonstr.Go)
	b = append(b, `,"protocol":`...)
	b = jsonstr.Append(b, c.Protocol, jsonstr.Go)
	b = append(b, `,"sourceIp":`...)
	b = jsonstr.Append(b, c.Identity.SourceIP, jsonstr.Go)
	b = append(b, `,"userAgent":`...)
	b = jsonstr.Append(b, c.Identity.UserAgent, jsonstr.Go)
	b = append(b, `},"requestId":`...)
	b = jsonstr.Append(b, c.RequestID, jsonstr.Go)
	b = append(b, `,"routeKey":`...)
	b = jsonstr.Append(b, routeKey, jsonstr.Go)
	b = append(b, `,"stage":`...)
	b = jsonstr.Append(b, c.Stage, jsonstr.Go)
	b = append(b, `,"time":`...)
	b = jsonstr.Append(b, c.RequestTime, jsonstr.Go)
	b = append(b, `,"timeEpoch":`...)
	b = appendInt(b, c.RequestTimeEpoch)
	b = append(b, '}')

	if len(r.Body) > 0 {
		b = append(b, `,"body":`...)
		if e.binary {
			b = append(b, '"')
			b = base64.StdEncoding.AppendEncode(b, r.Body)
			b = append(b, '"')
		} else {
			b = jsonstr.Append(b, r.Body, jsonstr.Go)
		}
	}
	if len(r.PathParameters) > 0 {
		b = append(b, `,"pathParameters":`...)
		b = appendStringMap(b, r.PathParameters, e.path)
	}
	b = append(b, `,"isBase64Encoded":`...)
	b = appendBool(b, e.binary && len(r.Body) > 0)
	if len(r.StageVariables) > 0 {
		b = append(b, `,"stageVariables":`...)
		b = appendStringMap(b, r.StageVariables, e.stage)
	}
	return append(b, '}')
}

// appendAuthorizerV2 appends payload format 2.0's requestContext.authorizer: a JWT
// authorizer's claims ({"jwt":{"claims":{...},"scopes":null}}, values as strings) or a Lambda
// authorizer's context ({"lambda":{...}}, values as the authorizer returned them).
func appendAuthorizerV2(b []byte, a *apigate.Authorizer) []byte {
	if a.Claims != nil {
		b = append(b, `{"jwt":{"claims":`...)
		b = appendStringified(b, a.Claims)
		return append(b, `,"scopes":null}}`...)
	}
	b = append(b, `{"lambda":{`...)
	for i, k := range slices.Sorted(maps.Keys(a.Context)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, k, jsonstr.Go)
		b = append(b, ':')
		b = append(b, marshalValue(a.Context[k])...)
	}
	return append(b, '}', '}')
}

// marshalValue returns v as JSON (HTML characters not escaped, as in the rest of the event),
// null when it cannot be encoded.
func marshalValue(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return []byte("null")
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// fillV2 fills ev with the payload format 2.0 event: what decoding appendV2's JSON gives.
func (e *Event) fillV2(ev *events.APIGatewayV2HTTPRequest) {
	r := e.r
	e.sortKeys()
	rawPath := clean(v2RawPath(r))
	ev.Version = "2.0"
	ev.RouteKey = clean(routeKey(r))
	ev.RawPath = rawPath
	ev.RawQueryString = clean(forward.RawQuery(r))
	if len(e.cookies) > 0 {
		ev.Cookies = make([]string, len(e.cookies))
		for i, c := range e.cookies {
			ev.Cookies[i] = clean(c)
		}
	}
	ev.Headers = make(map[string]string, len(e.headers))
	for _, h := range e.headers {
		ev.Headers[clean(h.name)] = clean(h.value)
	}
	if len(e.query) > 0 {
		ev.QueryStringParameters = make(map[string]string, len(e.query))
		for _, k := range e.query {
			ev.QueryStringParameters[clean(k)] = clean(strings.Join(r.Query[k], ","))
		}
	}
	c := &r.Context
	rc := &ev.RequestContext
	rc.AccountID = clean(c.AccountID)
	rc.APIID = clean(c.APIID)
	if cc := c.Identity.ClientCert; cc != nil {
		rc.Authentication.ClientCert = events.APIGatewayV2HTTPRequestContextAuthenticationClientCert{
			ClientCertPem: clean(cc.ClientCertPem),
			IssuerDN:      clean(cc.IssuerDN),
			SerialNumber:  clean(cc.SerialNumber),
			SubjectDN:     clean(cc.SubjectDN),
			Validity: events.APIGatewayV2HTTPRequestContextAuthenticationClientCertValidity{
				NotAfter:  clean(cc.NotAfter),
				NotBefore: clean(cc.NotBefore),
			},
		}
	}
	if a := c.Authorizer; a != nil {
		rc.Authorizer = authorizerV2(a)
	}
	rc.DomainName = clean(c.DomainName)
	rc.DomainPrefix = clean(c.DomainPrefix)
	rc.HTTP = events.APIGatewayV2HTTPRequestContextHTTPDescription{
		Method:    clean(r.Method),
		Path:      rawPath,
		Protocol:  clean(c.Protocol),
		SourceIP:  clean(c.Identity.SourceIP),
		UserAgent: clean(c.Identity.UserAgent),
	}
	rc.RequestID = clean(c.RequestID)
	rc.RouteKey = ev.RouteKey
	rc.Stage = clean(c.Stage)
	rc.Time = clean(c.RequestTime)
	rc.TimeEpoch = c.RequestTimeEpoch
	ev.Body, ev.IsBase64Encoded = e.body()
	ev.PathParameters = e.cleanMap(r.PathParameters, &e.path)
	ev.StageVariables = e.cleanMap(r.StageVariables, &e.stage)
}

// authorizerV2 returns requestContext.authorizer as decoded from appendAuthorizerV2.
func authorizerV2(a *apigate.Authorizer) *events.APIGatewayV2HTTPRequestContextAuthorizerDescription {
	if a.Claims != nil {
		claims := make(map[string]string, len(a.Claims))
		for _, k := range slices.Sorted(maps.Keys(a.Claims)) {
			s, _ := stringify(a.Claims[k])
			claims[clean(k)] = clean(s)
		}
		return &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
		}
	}
	lambda := make(map[string]any, len(a.Context))
	for _, k := range slices.Sorted(maps.Keys(a.Context)) {
		var v any
		if json.Unmarshal(marshalValue(a.Context[k]), &v) != nil {
			v = nil
		}
		lambda[clean(k)] = v
	}
	return &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: lambda}
}
