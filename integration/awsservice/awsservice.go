// Package awsservice holds API Gateway's AWS service integrations: a non-proxy integration
// (integration.NonProxy) whose endpoint is an AWS service API (SQS, SNS, DynamoDB, Step
// Functions, EventBridge, S3, ...), called with a request signed with Signature Version 4
// through the AWS SDK for Go v2, with the integration's own credentials, an IAM role assumed
// through STS, or the SDK's default chain.
//
// It is the integration stage of the request path for the methods that use it, and the only
// integration package that imports the AWS SDK: a gateway without AWS service integrations
// does not link it.
package awsservice

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/backend"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/integration/internal/uritemplate"
	"github.com/apigate/apigate/internal/forward"
)

// Options are the definition of an AWS service integration: the non-proxy definition, whose
// Client sends the requests, and how the service is reached.
type Options struct {
	// Options are the non-proxy settings: request parameters and templates, passthrough,
	// integration responses, timeout, and the client that sends the requests.
	integration.Options
	// Credentials sign the requests: an SDK credentials provider (API Gateway's credentials
	// property, a role ARN, is Role; integration.Definition.Credentials shows it). They are
	// retrieved for every request, so a provider that fetches them (from a container or
	// instance role) should cache them, as aws.NewCredentialsCache does. Nil means the SDK's default chain (config.LoadDefaultConfig:
	// environment, shared files, SSO, container and instance roles), loaded once, on first use,
	// and shared by every integration that has none, or the Role's credentials if there is a
	// Role. aws.AnonymousCredentials{} sends the requests unsigned (a public S3 bucket).
	Credentials aws.CredentialsProvider
	// Role is the ARN of the IAM role the integration assumes to call the service, as API
	// Gateway's credentials field has it (arn:aws:iam::123456789012:role/apigw-sqs-send).
	// ${stageVariables.name} may stand anywhere in it, as in the URI, and an unset variable is
	// the empty string. The role is assumed with STS AssumeRole (session name apigate), signed
	// with the SDK's default chain (as when Credentials is nil), in the URI's region, at the
	// endpoint Endpoints gives "sts" if it gives one, and through Options.Client. The temporary
	// credentials are kept, one set per role ARN and region, and the role is assumed again a
	// minute before they expire. An integration keeps the credentials of 64 roles at the most:
	// a request that needs one more is answered 500 API_CONFIGURATION_ERROR. A role that cannot
	// be assumed (STS refuses it or cannot be reached) fails the request as other credentials
	// that cannot be had do. Role and Credentials cannot both be set. Validate reports a Role
	// that is not the ARN of an IAM role, and arn:aws:iam::*:user/*, with which API Gateway calls
	// the service with the caller's credentials: that needs IAM authorization, which apigate's
	// AWS integration does not pass on yet, so the error wraps errors.ErrUnsupported.
	Role string
	// Endpoints overrides the endpoint of a service, by its name in the URI ("sqs", "s3") or by
	// subdomain and name ("my-bucket.s3"), as an http or https URL with an optional path, such
	// as {"sqs": "http://127.0.0.1:4566"} for LocalStack. A bucket.s3 URI sent to an "s3"
	// override is sent in path style (/bucket/key); the subdomain of any other service is
	// dropped. Without an override the endpoint is
	// https://{subdomain.}{service}.{region}.amazonaws.com (see New).
	Endpoints map[string]string
}

// New returns API Gateway's AWS integration with an AWS service (SQS, SNS, DynamoDB, Step
// Functions, EventBridge, S3, ...): the method request is turned into an integration request by
// parameter mappings and a request template, exactly as for an HTTP integration, and sent to
// the service's endpoint signed with Signature Version 4; the service's answer is turned into
// the method response by the integration response its status code selects (see
// integration.NonProxyIntegration for what every non-proxy integration does).
//
// The integration request carries the mapped headers, query string and path parameters, the
// body (the rendered template or the passed-through body; none for GET, HEAD and OPTIONS), and
// the headers API Gateway adds:
//
//   - Accept: application/json, unless a mapping sets Accept (query protocol services such as
//     SQS and SNS answer in JSON then: {"SendMessageResponse":{"SendMessageResult":...}});
//   - the client's Content-Type, unless a mapping sets one (not for a client GET, HEAD or
//     OPTIONS); a query protocol action with a form body needs
//     integration.request.header.Content-Type = 'application/x-www-form-urlencoded', a JSON
//     protocol one 'application/x-amz-json-1.0' (or 1.1) if the service insists;
//   - X-Amz-Target: {prefix}.{Action} for an action URI of DynamoDB (DynamoDB_20120810),
//     Kinesis (Kinesis_20131202) and Step Functions (AWSStepFunctions), unless a mapping sets
//     it; other JSON protocol services, EventBridge (AWSEvents.PutEvents) among them, need it
//     mapped;
//   - User-Agent: AmazonAPIGateway_{apiId}, unless a mapping sets one;
//   - X-Amzn-Apigateway-Api-Id and X-Amzn-Trace-Id, as for HTTP;
//   - the signature: X-Amz-Date, Authorization (AWS4-HMAC-SHA256, the credential scope of the
//     service's signing name and the URI's region), X-Amz-Security-Token when the credentials
//     have a session token, and for S3 X-Amz-Content-Sha256, the payload's SHA-256.
//
// A mapping (or $context.requestOverride) that sets Authorization, Connection, Expect,
// Proxy-Authenticate, TE, Content-Length, Transfer-Encoding, X-Amzn-Trace-Id or
// X-Amzn-Apigateway-Api-Id fails the request with 500 API_CONFIGURATION_ERROR, as on AWS. Mapped
// Host and Via headers are dropped, and so are mapped X-Amz-Date, X-Amz-Security-Token and (S3)
// X-Amz-Content-Sha256, which the signature sets.
//
// The method response is built as an HTTP integration's: the headers the chosen integration
// response maps (and overrides), Content-Type, and X-Amzn-Trace-Id.
//
// The integration calls the service uri names with method
// (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, or ANY for the client's, in any case). The
// URI is arn:aws:apigateway:{region}:{service}:{path|action}/{service_api}, the service
// optionally preceded by a subdomain ({subdomain}.{service}, such as my-bucket.s3):
//
//   - path style, arn:aws:apigateway:us-east-1:s3:path/{bucket}/{key}: the request goes to
//     /{service_api}, in which {name} is the integration request path parameter name
//     (integration.request.path.name) and ${stageVariables.name} the stage variable, as in an
//     HTTP integration's URI; a '?' starts a query string;
//   - action style, arn:aws:apigateway:us-east-1:sqs:action/SendMessage: the request goes to /
//     with the query string Action={name}, followed by the parameters the URI gives after the
//     name (action/GetObject&Bucket={bucket}&Key={key}), then the mapped query string
//     parameters.
//
// ${stageVariables.name} may stand anywhere in the URI, the region included. The endpoint is
// opts.Endpoints' override for the service, else
// https://{subdomain.}{service}.{region}.amazonaws.com (amazonaws.com.cn in the China regions;
// email.{region} for ses; iam, route53 and cloudfront at their global endpoint, signed for
// us-east-1). The request is signed for the service's name (the URI's, appsync for
// appsync-api) and the URI's region, with opts.Credentials, or the credentials of opts.Role
// (an IAM role assumed through STS), or the SDK's default chain.
//
// The call, credential retrieval included, is bounded by the integration's timeout: past it the
// answer is 504 INTEGRATION_TIMEOUT; a network failure is 504 INTEGRATION_FAILURE. Credentials
// that cannot be had (no provider in the default chain, a provider that fails, a role STS does
// not let the integration assume or that it cannot reach STS to assume) are 500
// API_CONFIGURATION_ERROR, whose cause says why. The service's errors (403
// SignatureDoesNotMatch, 400 ValidationException) are answers like any other, which the
// integration responses select by status code. Requests go through opts.Client, with the rule
// of integration.Options.Client. The Trace sees the request as sent, signed, with
// Authorization and X-Amz-Security-Token masked as API Gateway's execution log masks them (see
// package integration), and the service's answer.
//
// The definition is compiled here; Validate reports what is wrong with it ("AWS ARN for
// integration must contain path or action", as API Gateway says; an invalid method, role or
// endpoint override, both a role and credentials, and what integration.NonProxy reports), and a
// request to an invalid integration is answered 500 API_CONFIGURATION_ERROR.
func New(method, uri string, opts Options) *integration.NonProxyIntegration {
	return integration.NonProxy(newEndpoint(method, uri, opts), opts.Options)
}

// newEndpoint compiles the service's part of New's definition.
func newEndpoint(method, uri string, opts Options) *endpoint {
	e := &endpoint{method: strings.ToUpper(method), rawURI: uri, role: opts.Role,
		creds: opts.Credentials, signer: v4.NewSigner(), client: backend.Client(opts.Client),
		anonymous: opts.Credentials != nil && aws.IsCredentialsProvider(opts.Credentials, aws.AnonymousCredentials{})}
	var errs []error
	if !backend.ValidMethod(e.method) {
		errs = append(errs, fmt.Errorf("%w: httpMethod %q", integration.ErrInvalidIntegration, method))
	}
	e.endpoints = make(map[string]*url.URL, len(opts.Endpoints))
	for _, name := range slices.Sorted(maps.Keys(opts.Endpoints)) {
		u, err := parseEndpoint(opts.Endpoints[name])
		if err == nil && name == "" {
			err = errors.New("no service name")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: endpoint for %q: %q: %v", integration.ErrInvalidIntegration, name, opts.Endpoints[name], err))
			continue
		}
		e.endpoints[name] = u
	}
	if opts.Role != "" {
		timeout := opts.Timeout
		if timeout == 0 {
			timeout = integration.DefaultTimeout
		}
		if opts.Credentials != nil {
			errs = append(errs, fmt.Errorf("%w: both Credentials and Role (credentials %q)", integration.ErrInvalidIntegration, opts.Role))
		} else if roles, err := newRoles(opts.Role, e.client, e.endpoints, timeout); err != nil {
			errs = append(errs, err)
		} else {
			e.roles = roles
		}
	}
	head, api, err := splitURI(uri)
	if err == nil {
		e.api = uritemplate.Parse(api)
		if strings.Contains(head, "${") {
			t := uritemplate.Parse(head)
			e.dynamic = &t
			e.target, err = parseHead(t.Sample(), e.endpoints) // the shape, checked once
		} else {
			e.target, err = parseHead(head, e.endpoints)
		}
	}
	if err == nil && e.target.action {
		if api == "" {
			err = badARN(uri, "the action has no name")
		}
		for i := range e.api.Parts { // all of an action is query string: Action={service_api}
			e.api.Parts[i].InQuery = true
		}
	}
	e.err = errors.Join(append(errs, err)...)
	return e
}

// endpoint is an AWS service integration's endpoint: the service.
type endpoint struct {
	client    *http.Client
	method    string // upper case; ANY means the client's method
	rawURI    string
	role      string
	creds     aws.CredentialsProvider
	anonymous bool   // creds is aws.AnonymousCredentials: nothing is signed
	roles     *roles // the role to assume (Options.Role), or nil
	// signer signs the requests. It caches the signing key it derives per region and service,
	// checking the access key id but not the secret, so each integration has its own: another
	// integration's key for the same access key id is never used.
	signer    *v4.Signer
	endpoints map[string]*url.URL
	// target is the URI's head resolved, when it has no stage variables; dynamic is the head
	// to resolve for each request otherwise.
	target  target
	dynamic *uritemplate.Template
	api     uritemplate.Template // the service_api: the path, or the action and its parameters
	err     error
}

// Validate reports an invalid method, URI, role or endpoint override, or both a role and
// credentials.
func (e *endpoint) Validate() error { return e.err }

// Definition returns the endpoint's part of the definition: AWS, the method, the URI and the
// role.
func (e *endpoint) Definition() integration.Definition {
	return integration.Definition{Type: integration.TypeAWS, HTTPMethod: e.method, URI: e.rawURI, Credentials: e.role}
}

// Call sends the signed integration request and reads the service's answer.
func (e *endpoint) Call(ctx context.Context, req *integration.EndpointRequest, resp *integration.EndpointResponse) error {
	r := req.Request
	t := &e.target
	if e.dynamic != nil {
		var buf [128]byte
		rt, err := parseHead(string(e.dynamic.Expand(buf[:0], nil, r.StageVariables)), e.endpoints)
		if err != nil {
			return failure.Config(err)
		}
		t = &rt
	}
	if err := header.Check(req.Header, header.RefusedAWS); err != nil {
		return err
	}
	method := e.method
	if method == "ANY" {
		method = r.Method
	}
	u, action := e.url(t, req, r.StageVariables)
	trace := forward.TraceID(r)
	h := backend.NewHeader(r, req.Header, func(name string) bool {
		return header.DroppedMapped(name) || signedHeader(name, t.s3)
	}, trace, 1)
	if t.amzTarget != "" {
		h.SetDefault("X-Amz-Target", t.amzTarget+"."+action)
	}

	var body []byte
	if !backend.NoBodyMethod(method) {
		body = req.Body
	}
	hreq := backend.NewRequest(ctx, method, &u, "", h.H, body)
	if err := e.sign(ctx, t, r.StageVariables, hreq, body); err != nil {
		return err
	}
	hresp, respBody, err := backend.Do(ctx, e.client, hreq, r, body)
	if err != nil {
		return err
	}
	resp.Selection = backend.StatusText(hresp.StatusCode)
	resp.Header, resp.Body, resp.TraceID = hresp.Header, respBody, trace
	return nil
}

// url builds the integration request's URL: the endpoint, the path (path style) or / with
// Action={name} and the URI's parameters (action style), and the mapped query string. It
// returns the action's name too ("" for path style).
func (e *endpoint) url(t *target, req *integration.EndpointRequest, stage map[string]string) (url.URL, string) {
	var buf [256]byte
	api := e.api.Expand(buf[:0], req.Path, stage)
	u := t.base
	var path, query, action string
	if t.action {
		path = "/"
		name, params := api, []byte(nil)
		if i := strings.IndexAny(string(api), "&?"); i >= 0 {
			name, params = api[:i], api[i+1:]
		}
		q := make([]byte, 0, len("Action=")+len(api)+1)
		q = append(q, "Action="...)
		q = append(q, name...)
		if len(params) > 0 {
			q = append(append(q, '&'), params...)
		}
		query = string(q)
		action = query[len("Action=") : len("Action=")+len(name)]
	} else {
		p, q, _ := strings.Cut(string(api), "?")
		path, query = "/"+p, q
	}
	if t.prefix != "" {
		path = t.prefix + path
	}
	u.RawPath, u.Path = escapePath(path)
	u.RawQuery = uritemplate.Query(query, "", req.Query)
	return u, action
}

// signedHeader reports whether the signature sets a header (any case), so that a mapped one
// is dropped.
func signedHeader(name string, s3 bool) bool {
	return strings.EqualFold(name, "X-Amz-Date") || strings.EqualFold(name, "X-Amz-Security-Token") ||
		s3 && strings.EqualFold(name, "X-Amz-Content-Sha256")
}

// signS3 signs as S3 wants: the path as sent, not escaped again.
func signS3(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }

// emptyHash is the SHA-256 of an empty payload.
const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// sign retrieves the credentials (those of the role the stage variables resolve to, if the
// integration has a role) and signs req (whose body is body) for the target's service and
// region; with anonymous credentials it leaves req unsigned. A failure to get credentials is
// API_CONFIGURATION_ERROR, or INTEGRATION_TIMEOUT when the integration's deadline passed
// meanwhile.
func (e *endpoint) sign(ctx context.Context, t *target, stage map[string]string, req *http.Request, body []byte) error {
	if e.anonymous {
		return nil
	}
	creds, err := e.credentials(ctx, t, stage)
	if err == nil && (creds.AccessKeyID == "" || creds.SecretAccessKey == "") {
		err = errors.New("the credentials have no access key id or secret access key")
	}
	if err != nil {
		if ctx.Err() != nil {
			return failure.Transport(ctx, err)
		}
		return failure.Config(fmt.Errorf("integration: signing the AWS request: %w", err))
	}
	hash := emptyHash
	if len(body) > 0 {
		sum := sha256.Sum256(body)
		hash = hex.EncodeToString(sum[:])
	}
	var opts []func(*v4.SignerOptions)
	if t.s3 {
		req.Header["X-Amz-Content-Sha256"] = []string{hash}
		opts = []func(*v4.SignerOptions){signS3}
	}
	if err := e.signer.SignHTTP(ctx, creds, req, hash, t.signingName, t.signingRegion, time.Now(), opts...); err != nil {
		return failure.Config(fmt.Errorf("integration: signing the AWS request: %w", err))
	}
	return nil
}

// credentials retrieves the integration's credentials, its role's in the target's region, or
// the default chain's.
func (e *endpoint) credentials(ctx context.Context, t *target, stage map[string]string) (aws.Credentials, error) {
	p := e.creds
	var err error
	switch {
	case e.roles != nil:
		p, err = e.roles.provider(t.region, stage)
	case p == nil:
		p, err = defaultCredentials()
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return p.Retrieve(ctx)
}

// defaultConfig is the SDK's default configuration, loaded once, on first use. Its
// credentials sign the requests of the integrations that have none of their own, and the
// AssumeRole requests of those that have a role.
var defaultConfig = sync.OnceValues(func() (aws.Config, error) {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the default AWS configuration: %w", err)
	}
	if cfg.Credentials == nil {
		return aws.Config{}, errors.New("the default AWS configuration has no credentials")
	}
	return cfg, nil
})

// defaultCredentials is the default configuration's credential chain.
var defaultCredentials = sync.OnceValues(func() (aws.CredentialsProvider, error) {
	cfg, err := defaultConfig()
	return cfg.Credentials, err
})
