package lambdaauth

import (
	"fmt"
	"strings"

	"github.com/apigate/apigate"
)

// identitySource is one entry of an authorizer's identitySource.
type identitySource struct {
	kind int    // sourceHeader, ...
	name string // the header (canonical), query parameter, stage variable or context path
}

const (
	sourceHeader = iota
	sourceQuery
	sourceStageVariable
	sourceContext
)

// contextSources are the $context variables an identity source may name, and how to read
// them.
var contextSources = map[string]func(r *apigate.Request) string{
	"accountId":          func(r *apigate.Request) string { return r.Context.AccountID },
	"apiId":              func(r *apigate.Request) string { return r.Context.APIID },
	"domainName":         func(r *apigate.Request) string { return r.Context.DomainName },
	"domainPrefix":       func(r *apigate.Request) string { return r.Context.DomainPrefix },
	"httpMethod":         func(r *apigate.Request) string { return r.Context.HTTPMethod },
	"path":               func(r *apigate.Request) string { return r.Context.Path },
	"protocol":           func(r *apigate.Request) string { return r.Context.Protocol },
	"requestId":          func(r *apigate.Request) string { return r.Context.RequestID },
	"resourceId":         func(r *apigate.Request) string { return r.Context.ResourceID },
	"resourcePath":       func(r *apigate.Request) string { return r.Context.ResourcePath },
	"stage":              func(r *apigate.Request) string { return r.Context.Stage },
	"identity.sourceIp":  func(r *apigate.Request) string { return r.Context.Identity.SourceIP },
	"identity.userAgent": func(r *apigate.Request) string { return r.Context.Identity.UserAgent },
	"identity.apiKey":    func(r *apigate.Request) string { return r.Context.Identity.APIKey },
	"identity.vpcId":     func(r *apigate.Request) string { return r.Context.Identity.VpcID },
	"identity.vpceId":    func(r *apigate.Request) string { return r.Context.Identity.VpceID },
}

// parseIdentitySources reads an identitySource: comma-separated entries, spaces around them
// allowed.
func parseIdentitySources(s string) ([]identitySource, error) {
	var out []identitySource
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		var src identitySource
		switch {
		case strings.HasPrefix(e, "method.request.header."):
			src = identitySource{sourceHeader, strings.TrimPrefix(e, "method.request.header.")}
		case strings.HasPrefix(e, "method.request.querystring."):
			src = identitySource{sourceQuery, strings.TrimPrefix(e, "method.request.querystring.")}
		case strings.HasPrefix(e, "stageVariables."):
			src = identitySource{sourceStageVariable, strings.TrimPrefix(e, "stageVariables.")}
		case strings.HasPrefix(e, "context."):
			src = identitySource{sourceContext, strings.TrimPrefix(e, "context.")}
			if contextSources[src.name] == nil {
				return nil, fmt.Errorf("lambdaauth: identity source %q: no such $context variable", e)
			}
		default:
			return nil, fmt.Errorf("lambdaauth: identity source %q is not method.request.header.X, method.request.querystring.X, stageVariables.X or context.X", e)
		}
		if src.name == "" {
			return nil, fmt.Errorf("lambdaauth: identity source %q names nothing", e)
		}
		out = append(out, src)
	}
	return out, nil
}

// value returns the source's value in r: the last value of a repeated header or query
// parameter, as the event's single-value maps hold it.
func (s *identitySource) value(r *apigate.Request) string {
	switch s.kind {
	case sourceHeader:
		return last(r.Header.Values(s.name))
	case sourceQuery:
		return last(r.Query[s.name])
	case sourceStageVariable:
		return r.StageVariables[s.name]
	}
	return contextSources[s.name](r)
}

func last(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}
