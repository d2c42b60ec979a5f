package lambdaauth

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth"
	"github.com/apigate/apigate/auth/policy"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/internal/awspartition"
	"github.com/apigate/apigate/internal/jre"
)

// Type is a Lambda authorizer's type.
type Type string

// The Lambda authorizer types.
const (
	// Token authorizers get one header's value, the token, and are cached by it.
	Token Type = "TOKEN"
	// Request authorizers get the whole request and are cached by their identity sources'
	// values.
	Request Type = "REQUEST"
)

// Result TTL bounds, as API Gateway's authorizerResultTtlInSeconds.
const (
	// DefaultTTL is the result TTL when Config.ResultTTL is 0.
	DefaultTTL = 300 * time.Second
	// MaxTTL is the longest result TTL.
	MaxTTL = 3600 * time.Second
	// NoCache, as Config.ResultTTL, turns result caching off (authorizerResultTtlInSeconds
	// 0).
	NoCache time.Duration = -1
)

// MaxMethodARN is the longest method ARN API Gateway builds: a longer one (a very long path)
// is answered with 414 Request URI too long.
const MaxMethodARN = 1600

// The messages of ACCESS_DENIED an authorizer's policy gets. The explicit one is what AWS has
// answered since 2024 (observed; it answered "User is not authorized to access this resource
// with an explicit deny" before).
const (
	ExplicitDenyMessage = "User is not authorized to access this resource with an explicit deny in an identity-based policy"
	ImplicitDenyMessage = "User is not authorized to access this resource"
)

// Config defines a Lambda authorizer, as API Gateway's authorizer resource does.
type Config struct {
	// Type is Token or Request.
	Type Type
	// Invoker runs the function, and Function names it, as the Lambda integrations take them.
	Invoker  invoke.Invoker
	Function string
	// IdentitySource lists where the identity comes from, comma-separated:
	// method.request.header.X, method.request.querystring.X, stageVariables.X and context.X
	// (such as context.identity.sourceIp). A Token authorizer takes exactly one header; empty is
	// method.request.header.Authorization.
	IdentitySource string
	// IdentityValidationExpression, for a Token authorizer, is a Java regular expression (as
	// API Gateway takes it: java.util.regex, with its lookaround and backreferences) the token
	// must match, whole, for the function to be invoked.
	IdentityValidationExpression string
	// ResultTTL is how long an output is cached: 0 is DefaultTTL, NoCache turns caching off,
	// and it may not exceed MaxTTL. Whole seconds, as AWS takes them.
	ResultTTL time.Duration
	// Cache keeps the outputs; nil is a MemoryCache of the authorizer's own. Keys start with
	// the function's name, the type, the identity source, the API id and the stage, so
	// authorizers, APIs and stages may share one.
	Cache Cache
	// Region and AccountID make the method ARN when the request's $context has no accountId
	// (the region is never in $context).
	Region, AccountID string
}

// Lambda is a Lambda authorizer, TOKEN or REQUEST. It implements the gateway's Authorizer:
//   - a missing or empty identity source, or a token that fails the validation expression, is
//     answered 401 Unauthorized without invoking the function (for Request with caching off,
//     the sources are not checked: API Gateway documents the check for cached authorizers);
//   - the function's error "Unauthorized" is 401 Unauthorized; any other error, a failed
//     invocation, a timeout and a malformed output are 500 AUTHORIZER_CONFIGURATION_ERROR with
//     a null message;
//   - the output's policy is evaluated for execute-api:Invoke on the method ARN: an explicit
//     deny is 403 ACCESS_DENIED with ExplicitDenyMessage, no allow 403 with
//     ImplicitDenyMessage; an allow fills r.Context.Authorizer (principalId and the context
//     values, stringified) and r.UsageIdentifierKey.
//
// Successful outputs are cached for the result TTL, allowing and denying alike, and a cached
// policy is evaluated again for each request's method ARN. Failures (401, 500) are not cached:
// whether AWS caches them is unconfirmed, and not caching them keeps a transient failure of the
// function from sticking.
type Authorizer struct {
	typ               Type
	invoker           invoke.Invoker
	function          string
	sources           []identitySource
	prefix            string // of the cache keys: the function, the type and the identity source
	validate          *jre.Pattern
	ttl               time.Duration
	cache             Cache
	partition, region string // of the method ARN
	account           string
}

// New returns the authorizer cfg defines, or an error for a configuration API Gateway
// would refuse.
func New(cfg Config) (*Authorizer, error) {
	l := &Authorizer{typ: cfg.Type, invoker: cfg.Invoker, function: cfg.Function, cache: cfg.Cache, account: cfg.AccountID,
		partition: awspartition.ForRegion(cfg.Region).Name, region: cfg.Region}
	if l.invoker == nil || l.function == "" {
		return nil, errors.New("lambdaauth: a Lambda authorizer needs an Invoker and a Function")
	}
	src := cfg.IdentitySource
	switch cfg.Type {
	case Token:
		if src == "" {
			src = "method.request.header.Authorization"
		}
	case Request:
		if src == "" && cfg.ResultTTL != NoCache {
			return nil, errors.New("lambdaauth: a cached REQUEST authorizer needs an identity source")
		}
	default:
		return nil, fmt.Errorf("lambdaauth: Lambda authorizer type %q is neither TOKEN nor REQUEST", cfg.Type)
	}
	if src != "" {
		var err error
		if l.sources, err = parseIdentitySources(src); err != nil {
			return nil, err
		}
	}
	if cfg.Type == Token && (len(l.sources) != 1 || l.sources[0].kind != sourceHeader) {
		return nil, fmt.Errorf("lambdaauth: a TOKEN authorizer's identity source is one method.request.header.X, not %q", src)
	}
	if e := cfg.IdentityValidationExpression; e != "" {
		if cfg.Type != Token {
			return nil, errors.New("lambdaauth: identityValidationExpression is for TOKEN authorizers")
		}
		re, err := jre.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("lambdaauth: identityValidationExpression: %w", err)
		}
		l.validate = re
	}
	switch ttl := cfg.ResultTTL; {
	case ttl == 0:
		l.ttl = DefaultTTL
	case ttl == NoCache:
	case ttl < 0 || ttl > MaxTTL || ttl%time.Second != 0:
		return nil, fmt.Errorf("lambdaauth: result TTL %v is not whole seconds from 0 to %v", ttl, MaxTTL)
	default:
		l.ttl = ttl
	}
	l.prefix = l.function + "\x00" + string(l.typ) + "\x00" + src + "\x00"
	if l.ttl > 0 && l.cache == nil {
		l.cache = new(MemoryCache)
	}
	return l, nil
}

// Authorize runs the authorizer for r (see Lambda).
func (l *Authorizer) Authorize(ctx context.Context, r *apigate.Request) error {
	arn := l.methodARN(r)
	if len(arn) > MaxMethodARN {
		return &apigate.Error{Type: apigate.Default4XX, Status: 414, Message: "Request URI too long"}
	}
	key, err := l.identity(r)
	if err != nil {
		return err
	}
	var out *Output
	if l.ttl > 0 {
		out, _ = l.cache.Get(ctx, key)
	}
	if out == nil {
		if out, err = l.call(ctx, r, arn); err != nil {
			return err
		}
		if l.ttl > 0 {
			l.cache.Put(ctx, key, out, l.ttl)
		}
	}
	switch out.Policy.Evaluate(&policy.Request{Action: policy.InvokeAction, Resource: arn}) {
	case policy.Denied:
		return &apigate.Error{Type: apigate.AccessDenied, Message: ExplicitDenyMessage}
	case policy.NotApplicable:
		return &apigate.Error{Type: apigate.AccessDenied, Message: ImplicitDenyMessage, Err: apigate.ErrImplicitDeny}
	}
	// the request gets its own copy of the context map: a cached output is shared by every
	// request that hits it, and later stages may change what they are given
	r.Context.Authorizer = &apigate.Authorizer{PrincipalID: out.PrincipalID, Context: maps.Clone(out.Context)}
	r.UsageIdentifierKey = out.UsageIdentifierKey
	return nil
}

// identity checks the identity sources and returns the cache key: the function, the type, the
// identity source, the API id and stage (AWS keeps a cache per stage), and the token, or each
// identity value with its length, so that no two identities (nor two authorizers reading
// different sources, nor two API stages) share a key.
func (l *Authorizer) identity(r *apigate.Request) (string, error) {
	if l.typ == Token {
		tok := l.sources[0].value(r)
		if tok == "" || l.validate != nil && !l.matches(tok) {
			return "", &apigate.Error{Type: apigate.Unauthorized}
		}
		if l.ttl == 0 {
			return tok, nil
		}
		return l.prefix + r.Context.APIID + "\x00" + r.Context.Stage + "\x00" + tok, nil
	}
	if l.ttl == 0 {
		return "", nil
	}
	var buf [4]string
	values := buf[:0]
	n := len(l.prefix) + len(r.Context.APIID) + len(r.Context.Stage) + 2
	for i := range l.sources {
		v := l.sources[i].value(r)
		if v == "" {
			return "", &apigate.Error{Type: apigate.Unauthorized}
		}
		values = append(values, v)
		n += len(v) + 22 // NUL, length, ':'
	}
	b := make([]byte, 0, n)
	b = append(b, l.prefix...)
	b = append(append(append(append(b, r.Context.APIID...), 0), r.Context.Stage...), 0)
	for _, v := range values {
		b = append(b, 0)
		b = strconv.AppendInt(b, int64(len(v)), 10)
		b = append(b, ':')
		b = append(b, v...)
	}
	return string(b), nil
}

// methodARN returns arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}.
// matches reports whether the token matches the validation expression whole; a match that
// jre gives up on (jre.MatchTimeout: a pathological expression) does not match.
func (l *Authorizer) matches(tok string) bool {
	ok, err := l.validate.Matches(tok)
	return ok && err == nil
}

func (l *Authorizer) methodARN(r *apigate.Request) string {
	return policy.MethodARN(l.partition, l.region, cmp.Or(r.Context.AccountID, l.account), r)
}

// call invokes the function and reads its output.
func (l *Authorizer) call(ctx context.Context, r *apigate.Request, arn string) (*Output, error) {
	payload, err := l.event(r, arn)
	if err != nil {
		return nil, configurationError(err)
	}
	res, err := l.invoker.Invoke(ctx, &invoke.Invocation{Function: l.function, Payload: payload})
	if err != nil {
		return nil, configurationError(fmt.Errorf("lambdaauth: invoking the authorizer: %w", err))
	}
	if res.FunctionError != "" {
		var fe struct{ ErrorMessage string }
		if json.Unmarshal(res.Payload, &fe) == nil && fe.ErrorMessage == "Unauthorized" {
			return nil, &apigate.Error{Type: apigate.Unauthorized}
		}
		return nil, configurationError(ErrFunctionError)
	}
	out, err := ParseOutput(res.Payload)
	if err != nil {
		return nil, configurationError(err)
	}
	return out, nil
}

// ErrFunctionError is the cause of the AUTHORIZER_CONFIGURATION_ERROR of a function that failed
// with another error than "Unauthorized".
var ErrFunctionError = errors.New("lambdaauth: the authorizer function failed")

func configurationError(err error) error {
	return &apigate.Error{Type: apigate.AuthorizerConfigurationError, Null: true, Err: err}
}

var _ auth.Authorizer = (*Authorizer)(nil)
