package awsservice

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/uritemplate"
	"github.com/apigate/apigate/internal/awspartition"
)

// This file reads an AWS service integration URI and finds the endpoint it calls.
//
// The URI is (the uri field of PutIntegration)
//
//	arn:{partition}:apigateway:{region}:{subdomain.service|service}:{path|action}/{service_api}
//
// The head, up to the first '/', names the region, the service and the style; the rest,
// service_api, is a path (path style) or an action name followed by its parameters,
// &p1=v1&p2=v2 (action style).

// target is the resolved head of an AWS integration URI: where the request goes and how it
// is signed.
type target struct {
	service   string // the service as the URI names it, without the subdomain
	region    string // the URI's region (where an integration's role is assumed)
	subdomain string // the subdomain before the service (a bucket for bucket.s3), or ""
	action    bool   // action style: Action={name} in the query string; else path style
	// base is the endpoint: its scheme and host, and the path of an override endpoint, which
	// prefix (with a bucket subdomain moved into the path) is put before every request path.
	base   url.URL
	prefix string
	// signingName and signingRegion are the credential scope's service and region.
	signingName, signingRegion string
	// amzTarget is the X-Amz-Target prefix (DynamoDB_20120810) API Gateway fills in for an
	// action of a JSON protocol service, or "".
	amzTarget string
	s3        bool // the request is signed as S3 wants it (path not escaped twice, payload hash header)
}

// badARN is the definition error of a URI that is not an AWS integration URI.
func badARN(uri, why string) error {
	return fmt.Errorf("%w: %q: %s", integration.ErrInvalidIntegration, uri, why)
}

// mustContain is API Gateway's message for a URI that is neither path nor action style.
const mustContain = "AWS ARN for integration must contain path or action"

// splitURI cuts an integration URI into its head (up to the first '/') and its service_api.
func splitURI(uri string) (head, api string, err error) {
	if !strings.HasPrefix(uri, "arn:") {
		return "", "", badARN(uri, "an AWS integration URI is arn:aws:apigateway:{region}:{service}:{path|action}/{service_api}")
	}
	head, api, ok := strings.Cut(uri, "/")
	if !ok {
		return "", "", badARN(uri, mustContain)
	}
	return head, api, nil
}

// parseHead resolves the head of an integration URI, arn:{partition}:apigateway:{region}:
// {subdomain.service|service}:{path|action}, with the endpoint overrides (by service, or by
// subdomain.service first).
func parseHead(head string, endpoints map[string]*url.URL) (target, error) {
	var t target
	parts := strings.Split(head, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "apigateway" {
		return t, badARN(head, "an AWS integration URI is arn:aws:apigateway:{region}:{service}:{path|action}/{service_api}")
	}
	partition, region, service, kind := parts[1], parts[3], parts[4], parts[5]
	switch kind {
	case "path":
	case "action":
		t.action = true
	default:
		return t, badARN(head, mustContain)
	}
	if partition == "" || !validName(partition) {
		return t, badARN(head, "invalid partition")
	}
	if region == "" || !validName(region) {
		return t, badARN(head, "invalid region")
	}
	full := service
	if i := strings.LastIndexByte(service, '.'); i >= 0 {
		t.subdomain, service = service[:i], service[i+1:]
		if t.subdomain == "" || !hostLabels(t.subdomain) {
			return t, badARN(head, "invalid subdomain")
		}
	}
	if service == "" || !validName(service) {
		return t, badARN(head, "invalid service")
	}
	t.service, t.region = service, region
	t.s3 = service == "s3"
	t.signingName, t.signingRegion = service, region
	if n, ok := signingNames[service]; ok {
		t.signingName = n
	}
	if t.action {
		t.amzTarget = targetPrefixes[service]
	}

	override := endpoints[full]
	if override == nil {
		override = endpoints[service]
		if override != nil && t.s3 && t.subdomain != "" {
			// A bucket.s3 URI sent to an endpoint of one's own (a local S3) goes there in path
			// style: bucket.s3.{region}.amazonaws.com/key is s3.{region}.amazonaws.com/bucket/key.
			t.prefix = "/" + t.subdomain
		}
	}
	if override != nil {
		t.base = url.URL{Scheme: override.Scheme, Host: override.Host}
		t.prefix = strings.TrimSuffix(override.EscapedPath(), "/") + t.prefix
		return t, nil
	}
	host := endpointHost(region, t.subdomain, service)
	if g, ok := globalHosts[service]; ok && awspartition.ForRegion(region).Name == "aws" {
		host, t.signingRegion = g, "us-east-1"
	}
	t.base = url.URL{Scheme: "https", Host: host}
	return t, nil
}

// endpointHost returns the default endpoint host of a service in a region:
// {subdomain.}{service}.{region}.{the DNS suffix of the region's partition} (internal/awspartition:
// amazonaws.com.cn in the China regions, c2s.ic.gov in us-iso-*, ...).
func endpointHost(region, subdomain, service string) string {
	if h, ok := hostNames[service]; ok {
		service = h
	}
	var b strings.Builder
	if subdomain != "" {
		b.WriteString(subdomain)
		b.WriteByte('.')
	}
	b.WriteString(service)
	b.WriteByte('.')
	b.WriteString(region)
	b.WriteByte('.')
	b.WriteString(awspartition.ForRegion(region).DNSSuffix)
	return b.String()
}

// hostNames are the endpoint prefixes of services whose host is not named after them.
var hostNames = map[string]string{
	"ses": "email",
}

// signingNames are the signing names of services whose credential scope is not named as
// the URI names them.
var signingNames = map[string]string{
	"appsync-api": "appsync",
	"email":       "ses",
}

// globalHosts are the endpoints of the global services of the aws partition, signed for
// us-east-1 whatever the URI's (commercial) region.
var globalHosts = map[string]string{
	"iam":        "iam.amazonaws.com",
	"route53":    "route53.amazonaws.com",
	"cloudfront": "cloudfront.amazonaws.com",
}

// targetPrefixes are the X-Amz-Target prefixes API Gateway fills in for an action of these
// JSON protocol services ({prefix}.{Action}), as LocalStack has observed on AWS: DynamoDB,
// Kinesis and Step Functions need no mapped X-Amz-Target with an action URI, while EventBridge
// (events) and the others do.
var targetPrefixes = map[string]string{
	"dynamodb": "DynamoDB_20120810",
	"kinesis":  "Kinesis_20131202",
	"states":   "AWSStepFunctions",
}

// validName reports whether s is a partition, region or service name: lower-case letters, digits
// and hyphens.
func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !nameChar(s[i]) {
			return false
		}
	}
	return true
}

// nameChar reports whether c may be in a partition, region or service name.
func nameChar(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' }

// hostLabels reports whether s can start a host name (a bucket name, an API id): letters,
// digits, hyphens, underscores and dots.
func hostLabels(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// parseEndpoint reads an endpoint override: an absolute http or https URL with a host, an
// optional path, no query and no fragment.
func parseEndpoint(s string) (*url.URL, error) {
	u, err := uritemplate.CheckEndpoint(s)
	if err != nil {
		return nil, err
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("an endpoint has no query, fragment or user")
	}
	return u, nil
}

// escapePath returns a request path in the form AWS signs it: each segment (between the
// slashes) with its valid %XX escapes decoded and then every byte but the unreserved
// characters (A-Z a-z 0-9 - . _ ~) percent-encoded, and the path that form decodes to. A
// request sent with exactly this path (as url.URL.RawPath) is signed as the service reads it:
// S3 signs the path as sent, the other services escape it once more. An encoded slash (%2F)
// stays inside its segment.
func escapePath(p string) (escaped, unescaped string) {
	const hex = "0123456789ABCDEF"
	var e, u strings.Builder
	e.Grow(len(p) + 8)
	u.Grow(len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			e.WriteByte('/')
			u.WriteByte('/')
			continue
		case c == '%' && i+2 < len(p) && uritemplate.IsHex(p[i+1]) && uritemplate.IsHex(p[i+2]):
			c = unhex(p[i+1])<<4 | unhex(p[i+2])
			i += 2
		}
		u.WriteByte(c)
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			e.WriteByte(c)
		} else {
			e.WriteByte('%')
			e.WriteByte(hex[c>>4])
			e.WriteByte(hex[c&15])
		}
	}
	return e.String(), u.String()
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
