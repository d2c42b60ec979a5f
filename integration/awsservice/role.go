package awsservice

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/uritemplate"
)

// This file assumes the IAM role of an AWS service integration (Options.Role, API Gateway's
// credentials field) through STS AssumeRole.

// callerCredentials is the credentials value with which API Gateway calls the service with
// the caller's own credentials (IAM authorization).
const callerCredentials = "arn:aws:iam::*:user/*"

// maxRoles bounds the roles an integration keeps credentials for: one per role ARN and
// region its stage variables resolve to.
const maxRoles = 64

// roleSessionName is the RoleSessionName of the AssumeRole requests.
const roleSessionName = "apigate"

// roleExpiryWindow is how long before they expire temporary credentials are renewed, so
// that a request is never signed with credentials that expire on the way.
const roleExpiryWindow = time.Minute

// roles assumes an integration's IAM role and keeps the temporary credentials of each role
// ARN (and region) it resolves to.
type roles struct {
	role    string               // the role ARN as defined
	tmpl    uritemplate.Template // the role ARN with its stage variables, when dynamic
	dynamic bool                 // the role ARN has stage variables, resolved for each request
	// config is the base configuration, whose credentials call STS: the SDK's default one
	// (defaultConfig); the tests set their own.
	config   func() (aws.Config, error)
	client   *http.Client // sends the AssumeRole requests
	endpoint *url.URL     // the "sts" endpoint override, or nil
	timeout  time.Duration

	cache sync.Map // roleKey -> aws.CredentialsProvider (a credentials cache)
	mu    sync.Mutex
	n     int // the number of entries in cache; mu guards it and adding to cache
}

type roleKey struct{ region, arn string }

// newRoles compiles Options.Role, or reports why it is not the ARN of an IAM role.
func newRoles(role string, client *http.Client, endpoints map[string]*url.URL, timeout time.Duration) (*roles, error) {
	r := &roles{role: role, config: defaultConfig, client: client, endpoint: endpoints["sts"], timeout: timeout}
	r.tmpl = uritemplate.Parse(role)
	var b strings.Builder // the role with each stage variable as roleWild
	for _, p := range r.tmpl.Parts {
		switch p.Kind {
		case uritemplate.StageVariable:
			r.dynamic = true
			b.WriteString(roleWild)
		case uritemplate.PathParam:
			b.WriteString("{" + p.Text + "}") // Expand leaves it as written
		default:
			b.WriteString(p.Text)
		}
	}
	if err := checkRole(role, b.String(), r.dynamic); err != nil {
		return nil, err
	}
	return r, nil
}

// roleWild stands for a stage variable in a role ARN being checked.
const roleWild = "\x00"

// checkRole reports why s, the role ARN role (as defined) or one of its stage variables
// filled in with roleWild (when wild), is not the ARN of an IAM role,
// arn:{partition}:iam::{account}:role/{path/}{name}. A stage variable may stand for the whole
// ARN or for any part of its partition, account, path or name; what the ARN it resolves to is
// checked for each request.
func checkRole(role, s string, wild bool) error {
	if s == callerCredentials {
		return fmt.Errorf("%w: credentials %q: calling the service with the caller's credentials needs IAM authorization, which apigate's AWS integration does not pass on yet: %w",
			integration.ErrInvalidIntegration, role, errors.ErrUnsupported)
	}
	if !roleARN(s, wild) {
		return fmt.Errorf("%w: credentials %q: not the ARN of an IAM role, arn:aws:iam::{account}:role/{name}", integration.ErrInvalidIntegration, role)
	}
	return nil
}

// roleARN reports whether s is an IAM role ARN, each roleWild in it standing for
// anything when wild.
func roleARN(s string, wild bool) bool {
	all := func(s string, class func(byte) bool) bool {
		for i := 0; i < len(s); i++ {
			if !class(s[i]) && !(wild && s[i] == roleWild[0]) {
				return false
			}
		}
		return true
	}
	if wild && strings.Trim(s, roleWild) == "" {
		return true // the whole ARN is stage variables
	}
	f := strings.Split(s, ":")
	if len(f) != 6 || f[0] != "arn" || f[2] != "iam" || f[3] != "" {
		return false
	}
	partition, account, resource := f[1], f[4], f[5]
	if partition == "" || !all(partition, nameChar) {
		return false
	}
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	if !all(account, digit) || len(account)-strings.Count(account, roleWild) > 12 ||
		!strings.Contains(account, roleWild) && len(account) != 12 {
		return false
	}
	rest, ok := strings.CutPrefix(resource, "role/")
	if !ok {
		return wild && strings.HasPrefix(resource, roleWild) && all(resource, rolePathChar)
	}
	// {path/}{name}: the path's segments are printable ASCII, the name (64 at most) letters,
	// digits and +=,.@_-.
	i := strings.LastIndexByte(rest, '/')
	path, name := rest[:i+1], rest[i+1:]
	if name == "" || !all(name, roleNameChar) || len(name) > 64 && !strings.Contains(name, roleWild) {
		return false
	}
	if path != "" {
		for seg := range strings.SplitSeq(path[:len(path)-1], "/") {
			if seg == "" || !all(seg, rolePathChar) {
				return false
			}
		}
	}
	return true
}

// roleNameChar reports whether c may be in an IAM role's name.
func roleNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+=,.@_-", c) >= 0
}

// rolePathChar reports whether c may be in a segment of an IAM role's path.
func rolePathChar(c byte) bool { return c > ' ' && c < 0x7f && c != '/' }

// provider returns the credentials of the role, resolved with the stage variables, assumed in
// region: those kept from an earlier request, or a credentials cache that assumes the role on
// first use and again a minute before the credentials expire.
func (r *roles) provider(region string, stage map[string]string) (aws.CredentialsProvider, error) {
	arn := r.role
	if r.dynamic {
		var buf [128]byte
		arn = string(r.tmpl.Expand(buf[:0], nil, stage))
	}
	key := roleKey{region, arn}
	if p, ok := r.cache.Load(key); ok {
		return p.(aws.CredentialsProvider), nil
	}
	if r.dynamic {
		if err := checkRole(arn, arn, false); err != nil {
			return nil, err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.cache.Load(key); ok {
		return p.(aws.CredentialsProvider), nil
	}
	if r.n >= maxRoles {
		return nil, fmt.Errorf("integration: cannot assume the role %s in %s: the integration keeps the credentials of %d roles already, the most it may", arn, region, maxRoles)
	}
	cfg, err := r.config()
	if err != nil {
		return nil, err
	}
	client := sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.Region = region
		o.HTTPClient = r.client
		if r.endpoint != nil {
			o.BaseEndpoint = aws.String(r.endpoint.String())
		}
	})
	assume := stscreds.NewAssumeRoleProvider(client, arn, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = roleSessionName
		o.Duration = stscreds.DefaultDuration
	})
	// The cache calls STS without the request's deadline, so that the requests waiting for the
	// same credentials do not fail with the first one. The call has a deadline of its own, a
	// second after the request's: a request that waits for it until its own deadline is
	// answered as a timeout, as when a service is too slow.
	timeout := r.timeout + time.Second
	p := aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		creds, err := assume.Retrieve(ctx)
		if err != nil {
			return aws.Credentials{}, fmt.Errorf("assuming the role %s in %s: %w", arn, region, err)
		}
		return creds, nil
	}), func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = roleExpiryWindow })
	r.cache.Store(key, p)
	r.n++
	return p, nil
}
