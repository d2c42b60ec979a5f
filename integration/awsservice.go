package integration

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

	"github.com/apigate/apigate"
)

// AWSOptions are the settings of an AWS service integration: the non-proxy settings and how
// the service is reached.
type AWSOptions struct {
	// Options are the non-proxy settings: request parameters and templates, passthrough,
	// integration responses, timeout.
	Options
	// Credentials sign the requests. They are retrieved for every request, so a provider that
	// fetches them (from a container or instance role) should cache them, as
	// aws.NewCredentialsCache does. Nil means the SDK's default chain (config.LoadDefaultConfig:
	// environment, shared files, SSO, container and instance roles), loaded once, on first use,
	// and shared by every integration that has none, or the Role's credentials if there is a
	// Role. aws.AnonymousCredentials{} sends the requests unsigned (a public S3 bucket).
	Credentials aws.CredentialsProvider
	// Role is the ARN of the IAM role the integration assumes to call the service, as API
	// Gateway's credentials field has it (arn:aws:iam::123456789012:role/apigw-sqs-send).
	// ${stageVariables.name} may stand anywhere in it, as in the URI, and an unset variable is
	// the empty string. The role is assumed with STS AssumeRole (session name apigate), signed
	// with the SDK's default chain (as when Credentials is nil), in the URI's region, at the
	// endpoint Endpoints gives "sts" if it gives one, and through Client. The temporary
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
	// https://{subdomain.}{service}.{region}.amazonaws.com (see AWSService).
	Endpoints map[string]string
	// Client sends the requests; nil means Options.Client, and then the client the HTTP
	// integrations share. It is copied as Options.Client is: redirects are never followed.
	Client *http.Client
}

// AWSServiceIntegration is API Gateway's AWS integration with an AWS service (SQS, SNS,
// DynamoDB, Step Functions, EventBridge, S3, ...): the method request is turned into an
// integration request by parameter mappings and a request template, exactly as for an HTTP
// integration, and sent to the service's endpoint signed with Signature Version 4; the
// service's answer is turned into the method response by the integration response its status
// code selects.
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
type AWSServiceIntegration struct {
	client    *http.Client
	method    string // upper case; ANY means the client's method
	creds     aws.CredentialsProvider
	anonymous bool      // creds is aws.AnonymousCredentials: nothing is signed
	roles     *awsRoles // the role to assume (AWSOptions.Role), or nil
	// signer signs the requests. It caches the signing key it derives per region and service,
	// checking the access key id but not the secret, so each integration has its own: another
	// integration's key for the same access key id is never used.
	signer    *v4.Signer
	endpoints map[string]*url.URL
	// target is the URI's head resolved, when it has no stage variables; dynamic is the head
	// to resolve for each request otherwise.
	target  awsTarget
	dynamic *uriTemplate
	api     uriTemplate // the service_api: the path, or the action and its parameters
	np      nonProxy
	err     error
}

// AWSService returns an AWS service integration that calls the service uri names with method
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
// The definition is compiled here; Validate reports what is wrong with it ("AWS ARN for
// integration must contain path or action", as API Gateway says), and a request to an invalid
// integration is answered 500 API_CONFIGURATION_ERROR.
func AWSService(method, uri string, opts AWSOptions) *AWSServiceIntegration {
	a := &AWSServiceIntegration{method: strings.ToUpper(method), np: nonProxyCompile(opts.Options),
		creds: opts.Credentials, signer: v4.NewSigner(), client: backendClient(),
		anonymous: opts.Credentials != nil && aws.IsCredentialsProvider(opts.Credentials, aws.AnonymousCredentials{})}
	client := opts.Client
	if client == nil {
		client = opts.Options.Client
	}
	if client != nil {
		c := *client
		c.CheckRedirect = backendNoRedirect
		a.client = &c
	}
	var errs []error
	switch a.method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch,
		http.MethodHead, http.MethodOptions, "ANY":
	default:
		errs = append(errs, fmt.Errorf("%w: httpMethod %q", ErrInvalidIntegration, method))
	}
	a.endpoints = make(map[string]*url.URL, len(opts.Endpoints))
	for _, name := range slices.Sorted(maps.Keys(opts.Endpoints)) {
		u, err := awsParseEndpoint(opts.Endpoints[name])
		if err == nil && name == "" {
			err = errors.New("no service name")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: endpoint for %q: %q: %v", ErrInvalidIntegration, name, opts.Endpoints[name], err))
			continue
		}
		a.endpoints[name] = u
	}
	if opts.Role != "" {
		if opts.Credentials != nil {
			errs = append(errs, fmt.Errorf("%w: both Credentials and Role (credentials %q)", ErrInvalidIntegration, opts.Role))
		} else if roles, err := awsNewRoles(opts.Role, a.client, a.endpoints, a.np.timeout); err != nil {
			errs = append(errs, err)
		} else {
			a.roles = roles
		}
	}
	head, api, err := awsSplitURI(uri)
	if err == nil {
		a.api = uriParse(api)
		if strings.Contains(head, "${") {
			t := uriParse(head)
			a.dynamic = &t
			a.target, err = awsParseHead(t.sample(), a.endpoints) // the shape, checked once
		} else {
			a.target, err = awsParseHead(head, a.endpoints)
		}
	}
	if err == nil && a.target.action {
		if api == "" {
			err = awsBadARN(uri, "the action has no name")
		}
		for i := range a.api.parts { // all of an action is query string: Action={service_api}
			a.api.parts[i].inQuery = true
		}
	}
	errs = append(errs, err, a.np.err)
	a.err = errors.Join(errs...)
	return a
}

// Validate reports the integration's definition errors (an invalid method, URI, role or
// endpoint override, both a role and credentials, templates that do not compile, invalid
// mapping expressions, selection patterns or status codes, a timeout out of range), or nil.
func (a *AWSServiceIntegration) Validate() error { return a.err }

// MethodResponses lists the method responses the integration responses map to: each status
// code with the method.response.header names its response parameters set.
func (a *AWSServiceIntegration) MethodResponses() map[int][]string { return a.np.methodResponses() }

// Integrate sends the signed integration request and turns the service's answer into the
// method response. The call, credential retrieval included, is bounded by the integration's
// timeout: past it the answer is 504 INTEGRATION_TIMEOUT; a network failure is 504
// INTEGRATION_FAILURE. Credentials that cannot be had (no provider in the default chain, a
// provider that fails, a role STS does not let the integration assume or that it cannot reach
// STS to assume) are 500 API_CONFIGURATION_ERROR, whose cause says why. The service's
// errors (403 SignatureDoesNotMatch, 400 ValidationException) are answers like any other, which
// the integration responses select by status code.
func (a *AWSServiceIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	if a.err != nil {
		return nil, configError(a.err)
	}
	t := &a.target
	if a.dynamic != nil {
		var buf [128]byte
		rt, err := awsParseHead(string(a.dynamic.expand(buf[:0], &paramsList{}, r.StageVariables)), a.endpoints)
		if err != nil {
			return nil, configError(err)
		}
		t = &rt
	}
	ir := &nonProxyRequest{r: r}
	if err := a.np.buildRequest(ir, false); err != nil {
		return nil, err
	}
	if err := awsCheckHeaders(&ir.mapped.header); err != nil {
		return nil, err
	}
	method := a.method
	if method == "ANY" {
		method = r.Method
	}
	u, action := a.url(t, ir, r.StageVariables)
	trace := nonProxyTraceID(r)
	header := a.requestHeader(t, r, ir, action, trace)

	ctx, cancel := context.WithTimeout(ctx, a.np.timeout)
	defer cancel()
	var body []byte
	if !httpNoBodyMethod(method) {
		body = ir.body
	}
	req := backendRequest(ctx, method, &u, "", header, body)
	if err := a.sign(ctx, t, r.StageVariables, req, body); err != nil {
		return nil, err
	}
	resp, respBody, err := backendDo(ctx, a.client, req)
	if err != nil {
		return nil, err
	}
	return a.np.buildResponse(ir, &nonProxyEndpointResponse{
		selection: nonProxyStatusText(resp.StatusCode),
		header:    resp.Header,
		body:      respBody,
		trace:     trace,
	})
}

// url builds the integration request's URL: the endpoint, the path (path style) or / with
// Action={name} and the URI's parameters (action style), and the mapped query string. It
// returns the action's name too ("" for path style).
func (a *AWSServiceIntegration) url(t *awsTarget, ir *nonProxyRequest, stage map[string]string) (url.URL, string) {
	var buf [256]byte
	api := a.api.expand(buf[:0], &ir.mapped.path, stage)
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
	u.RawPath, u.Path = awsEscapePath(path)
	u.RawQuery = uriQuery(query, "", &ir.mapped.query)
	return u, action
}

// awsRefusedHeaders are the headers a mapping of an AWS integration may not set, besides those
// no integration may set (paramsIllegalHeader).
var awsRefusedHeaders = [...]string{"Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE"}

// awsCheckHeaders fails a request whose mappings set a header API Gateway refuses for an AWS
// integration.
func awsCheckHeaders(h *paramsList) error {
	for _, it := range h.items {
		for _, name := range awsRefusedHeaders {
			if strings.EqualFold(it.name, name) {
				return configError(fmt.Errorf("integration: Execution failed due to configuration error: %s header already present", it.name))
			}
		}
	}
	return nil
}

// awsSignedHeader reports whether the signature sets a header (any case), so that a mapped one
// is dropped.
func awsSignedHeader(name string, s3 bool) bool {
	return strings.EqualFold(name, "X-Amz-Date") || strings.EqualFold(name, "X-Amz-Security-Token") ||
		s3 && strings.EqualFold(name, "X-Amz-Content-Sha256")
}

// requestHeader builds the integration request's headers before signing: the mapped ones and
// those API Gateway adds.
func (a *AWSServiceIntegration) requestHeader(t *awsTarget, r *apigate.Request, ir *nonProxyRequest, action, trace string) http.Header {
	header := make(http.Header, len(ir.mapped.header.items)+10)
	for _, it := range ir.mapped.header.items {
		if paramsDroppedHTTPHeader(it.name) || awsSignedHeader(it.name, t.s3) {
			continue
		}
		header[it.name] = it.values
	}
	vals := make([]string, 0, 6) // the added headers' one-value slices share one array
	set := func(name, value string) {
		vals = append(vals, value)
		header[name] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	setDefault := func(name, value string) {
		if !ir.mapped.header.has(name) {
			set(name, value)
		}
	}
	apiID := r.Context.APIID
	setDefault("Accept", contentJSON)
	if ct := r.Header.Get("Content-Type"); ct != "" && !httpNoBodyMethod(r.Method) {
		setDefault("Content-Type", ct)
	}
	if t.amzTarget != "" {
		setDefault("X-Amz-Target", t.amzTarget+"."+action)
	}
	setDefault("User-Agent", "AmazonAPIGateway_"+apiID)
	set("X-Amzn-Apigateway-Api-Id", apiID)
	set("X-Amzn-Trace-Id", trace)
	return header
}

// awsSignS3 signs as S3 wants: the path as sent, not escaped again.
func awsSignS3(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }

// awsEmptyHash is the SHA-256 of an empty payload.
const awsEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// sign retrieves the credentials (those of the role the stage variables resolve to, if the
// integration has a role) and signs req (whose body is body) for the target's service and
// region; with anonymous credentials it leaves req unsigned. A failure to get credentials is
// API_CONFIGURATION_ERROR, or INTEGRATION_TIMEOUT when the integration's deadline passed
// meanwhile.
func (a *AWSServiceIntegration) sign(ctx context.Context, t *awsTarget, stage map[string]string, req *http.Request, body []byte) error {
	if a.anonymous {
		return nil
	}
	creds, err := a.credentials(ctx, t, stage)
	if err == nil && (creds.AccessKeyID == "" || creds.SecretAccessKey == "") {
		err = errors.New("the credentials have no access key id or secret access key")
	}
	if err != nil {
		if ctx.Err() != nil {
			return transportError(ctx, err)
		}
		return configError(fmt.Errorf("integration: signing the AWS request: %w", err))
	}
	hash := awsEmptyHash
	if len(body) > 0 {
		sum := sha256.Sum256(body)
		hash = hex.EncodeToString(sum[:])
	}
	var opts []func(*v4.SignerOptions)
	if t.s3 {
		req.Header["X-Amz-Content-Sha256"] = []string{hash}
		opts = []func(*v4.SignerOptions){awsSignS3}
	}
	if err := a.signer.SignHTTP(ctx, creds, req, hash, t.signingName, t.signingRegion, time.Now(), opts...); err != nil {
		return configError(fmt.Errorf("integration: signing the AWS request: %w", err))
	}
	return nil
}

// credentials retrieves the integration's credentials, its role's in the target's region, or
// the default chain's.
func (a *AWSServiceIntegration) credentials(ctx context.Context, t *awsTarget, stage map[string]string) (aws.Credentials, error) {
	p := a.creds
	var err error
	switch {
	case a.roles != nil:
		p, err = a.roles.provider(t.region, stage)
	case p == nil:
		p, err = awsDefaultCredentials()
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return p.Retrieve(ctx)
}

// awsDefaultConfig is the SDK's default configuration, loaded once, on first use. Its
// credentials sign the requests of the integrations that have none of their own, and the
// AssumeRole requests of those that have a role.
var awsDefaultConfig = sync.OnceValues(func() (aws.Config, error) {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the default AWS configuration: %w", err)
	}
	if cfg.Credentials == nil {
		return aws.Config{}, errors.New("the default AWS configuration has no credentials")
	}
	return cfg, nil
})

// awsDefaultCredentials is the default configuration's credential chain.
var awsDefaultCredentials = sync.OnceValues(func() (aws.CredentialsProvider, error) {
	cfg, err := awsDefaultConfig()
	return cfg.Credentials, err
})
