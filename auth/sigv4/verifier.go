package sigv4

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/policy"
	"github.com/apigate/apigate/internal/awspartition"
)

// service is the signing name of API Gateway's data plane.
const service = "execute-api"

// skew is how far a signing time may be from the verifier's clock, either way.
const skew = 5 * time.Minute

// maxExpires is the longest X-Amz-Expires a presigned request may have: a week.
const maxExpires = 604800

// Config is a verifier's definition.
type Config struct {
	// Region is the API's region, the one the credential scope must name (us-east-1, ...).
	// Required.
	Region string
	// Credentials finds each access key's secret and identity. Required.
	Credentials Credentials
	// Policy authorizes a verified caller for execute-api:Invoke on the method ARN. When nil,
	// every caller with a valid signature is allowed (AWS would need an identity policy that
	// allows it: set Policy to check them).
	Policy Policy
	// Now is the verifier's clock, for the ±5 minute window; nil is time.Now.
	Now func() time.Time
	// AccountID and APIID name the API in the method ARN when the verifier runs as middleware
	// (Middleware); behind the gateway, the request's $context has them.
	AccountID, APIID string
}

// Verifier checks SigV4 signatures for service execute-api and fills $context.identity. It
// is an authorizer for the gateway (Authorize, attached with gateway.AuthorizeWith) and an
// http middleware (Middleware). It is safe for concurrent use.
type Verifier struct {
	region, partition, service string
	creds                      Credentials
	policy                     Policy
	now                        func() time.Time
	accountID, apiID           string
	keys                       keyCache
	scratch                    sync.Pool // of *scratch
}

// Verifier implements the gateway's Authorizer (gateway.Authorizer) without importing it.
var _ interface {
	Authorize(context.Context, *apigate.Request) error
} = (*Verifier)(nil)

// scratch holds the buffers of one verification.
type scratch struct {
	canonical, stringToSign []byte
	params                  []queryParam
	names                   []string
}

// New returns a verifier for c.
func New(c Config) (*Verifier, error) {
	if !awspartition.ValidRegion(c.Region) {
		return nil, fmt.Errorf("sigv4: invalid region %q", c.Region)
	}
	if c.Credentials == nil {
		return nil, errors.New("sigv4: no credentials lookup")
	}
	v := &Verifier{
		region:    c.Region,
		partition: awspartition.ForRegion(c.Region).Name,
		service:   service,
		creds:     c.Credentials,
		policy:    c.Policy,
		now:       c.Now,
		accountID: c.AccountID,
		apiID:     c.APIID,
	}
	if v.now == nil {
		v.now = time.Now
	}
	v.scratch.New = func() any { return new(scratch) }
	return v, nil
}

// Authorize verifies the request's signature over its body, fills r.Context.Identity
// (accessKey, accountId, caller, user, userArn, principalOrgId) and asks the Policy, if any,
// whether the caller may invoke the method. It returns nil or an *apigate.Error that wraps
// one of this package's causes (ErrIncomplete, ErrSignatureMismatch, ...).
func (v *Verifier) Authorize(ctx context.Context, r *apigate.Request) error {
	akid, c, err := v.Verify(ctx, r.HTTP, r.Body)
	if err != nil {
		return err
	}
	id := &r.Context.Identity
	id.AccessKey = akid
	id.AccountID = c.Identity.AccountID
	id.Caller = c.Identity.Caller
	id.User = c.Identity.User
	id.UserArn = c.Identity.UserArn
	id.PrincipalOrgID = c.Identity.PrincipalOrgID
	if v.policy == nil {
		return nil
	}
	arn := policy.MethodARN(v.partition, v.region, r.Context.AccountID, r)
	d, err := v.policy.Evaluate(ctx, id, arn)
	switch {
	case err != nil:
		return fail(apigate.AuthorizerFailure, "", fmt.Errorf("sigv4: evaluating the identity policy: %w", err))
	case d != Allow:
		return denied(id.UserArn, arn, d == ExplicitDeny)
	}
	return nil
}

// signed is what a request claims: its credential, signed headers, signature and time.
type signed struct {
	auth      authorization
	presigned bool
	date      string // X-Amz-Date, or Date, as sent
	httpDate  bool   // date is a Date header (RFC 1123), not ISO 8601
	token     string // X-Amz-Security-Token
	expires   string // X-Amz-Expires (presigned only)
}

// Verify checks the SigV4 signature of hr, whose body has been read into body, and returns
// the access key id and its credential. It does not consult the Policy. Its errors are
// *apigate.Error values as Authorize's.
func (v *Verifier) Verify(ctx context.Context, hr *http.Request, body []byte) (accessKeyID string, c Credential, err error) {
	if hr == nil { // a method request built without its HTTP request: nothing was signed
		return "", Credential{}, &apigate.Error{Type: apigate.MissingAuthenticationToken, Err: ErrMissingCredentials}
	}
	s, err := claims(hr)
	if err != nil {
		return "", Credential{}, err
	}
	if s.auth.algorithm != algorithm {
		return "", Credential{}, malformed("Unsupported AWS 'algorithm': '" + s.auth.algorithm + "'")
	}

	// the time, and the window around the verifier's clock
	var t time.Time
	if s.httpDate {
		t, err = http.ParseTime(s.date)
	} else {
		t, err = time.Parse(amzDateLayout, s.date)
	}
	if err != nil {
		return "", Credential{}, malformed("Date must be in ISO-8601 'basic format'. Got '" + s.date + "'. See http://en.wikipedia.org/wiki/ISO_8601")
	}
	t = t.UTC()
	amzDate := t.Format(amzDateLayout)
	now := v.now().UTC().Truncate(time.Second)
	if s.expires != "" {
		n, err := strconv.Atoi(s.expires)
		switch {
		case err != nil:
			return "", Credential{}, malformed("X-Amz-Expires should be a number")
		case n < 1 || n > maxExpires:
			return "", Credential{}, malformed("X-Amz-Expires must be less than a week (in seconds) that is 604800")
		}
		if d := time.Duration(n) * time.Second; t.Add(d).Before(now) {
			return "", Credential{}, expired(t, now, strconv.Itoa(n)+" sec", now.Add(-d))
		}
	} else if t.Before(now.Add(-skew)) {
		return "", Credential{}, expired(t, now, "5 min", now.Add(-skew))
	}
	if t.After(now.Add(skew)) {
		return "", Credential{}, notYetCurrent(t, now)
	}

	// the credential scope
	sc, ok := parseCredential(s.auth.credential)
	switch {
	case !ok:
		return "", Credential{}, malformed("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + s.auth.credential + "'")
	case sc.terminator != "aws4_request":
		return "", Credential{}, malformed("Credential should be scoped with a valid terminator: 'aws4_request', not '" + sc.terminator + "'. ")
	case sc.service != v.service:
		return "", Credential{}, malformed("Credential should be scoped to correct service: '" + v.service + "'. ")
	case sc.region != v.region:
		return "", Credential{}, malformed("Credential should be scoped to a valid Region, not '" + sc.region + "'. ")
	case sc.date != amzDate[:8]:
		return "", Credential{}, malformed("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + sc.date + "' != '" + amzDate[:8] + "', from '" + amzDate + "'.")
	}

	x := v.scratch.Get().(*scratch)
	defer v.scratch.Put(x)
	names, ok := splitSignedHeaders(s.auth.signedHeaders, x.names)
	if !ok {
		return "", Credential{}, malformed("Invalid SignedHeaders: '" + s.auth.signedHeaders + "'")
	}
	x.names = names
	host := false
	for _, n := range names {
		host = host || n == "host"
	}
	if !host {
		return "", Credential{}, malformed(msgHostSigned)
	}

	// the caller's secret
	c, err = v.creds.Lookup(ctx, sc.accessKeyID)
	switch {
	case errors.Is(err, ErrUnknownAccessKey):
		return "", Credential{}, fail(apigate.InvalidSignature, msgInvalidToken, err)
	case err != nil:
		return "", Credential{}, fail(apigate.AuthorizerFailure, "", fmt.Errorf("sigv4: looking up the access key: %w", err))
	case subtle.ConstantTimeCompare([]byte(c.SessionToken), []byte(s.token)) != 1:
		return "", Credential{}, fail(apigate.InvalidSignature, msgInvalidToken, ErrInvalidToken)
	case !c.Expires.IsZero() && !now.Before(c.Expires):
		return "", Credential{}, fail(apigate.ExpiredToken, msgExpiredToken, ErrExpiredToken)
	}

	// the signature
	x.params = canonicalQuery(hr.URL.RawQuery, s.presigned, x.params)
	x.canonical = appendCanonicalRequest(x.canonical[:0], hr, names, s.auth.signedHeaders, x.params, payloadHash(body))
	scope := s.auth.credential[len(sc.accessKeyID)+1:]
	x.stringToSign = appendStringToSign(x.stringToSign[:0], amzDate, scope, x.canonical)
	mac := hmac.New(sha256.New, v.keys.get(sc.accessKeyID, c.SecretAccessKey, sc.date, sc.region, v.service))
	mac.Write(x.stringToSign)
	var sum, want [32]byte
	mac.Sum(sum[:0])
	if len(s.auth.signature) != hex.EncodedLen(len(want)) || !hexDecode(want[:], s.auth.signature) || !hmac.Equal(sum[:], want[:]) {
		return "", Credential{}, mismatch(x.canonical, x.stringToSign)
	}
	return sc.accessKeyID, c, nil
}

// hexDecode decodes a lower-case hex signature into dst, reporting whether it is one.
func hexDecode(dst []byte, s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'F' {
			return false // AWS signatures are lower-case
		}
	}
	_, err := hex.Decode(dst, []byte(s))
	return err == nil
}

// claims reads what the request claims, from the Authorization header or else from a
// presigned query, and reports a request with no credentials or an incomplete claim.
func claims(hr *http.Request) (signed, error) {
	var s signed
	if vs := hr.Header["Authorization"]; len(vs) > 0 {
		raw := vs[0]
		if len(raw) > maxAuthorization {
			return s, malformed("Authorization header is too long")
		}
		s.auth = parseAuthorization(raw)
		if d := hr.Header["X-Amz-Date"]; len(d) > 0 {
			s.date = d[0]
		} else if d := hr.Header["Date"]; len(d) > 0 {
			s.date, s.httpDate = d[0], true
		}
		a := s.auth
		if a.credential == "" || a.signature == "" || a.signedHeaders == "" || s.date == "" {
			return s, incompleteHeader(a, s.date != "", raw)
		}
		if t := hr.Header["X-Amz-Security-Token"]; len(t) > 0 {
			s.token = t[0]
		}
		return s, nil
	}
	raw := hr.URL.RawQuery
	if !strings.Contains(raw, "X-Amz-") {
		return s, fail(apigate.MissingAuthenticationToken, "", ErrMissingCredentials)
	}
	q, _ := url.ParseQuery(raw)
	alg, cred, sig := q.Get("X-Amz-Algorithm"), q.Get("X-Amz-Credential"), q.Get("X-Amz-Signature")
	if alg == "" && cred == "" && sig == "" {
		return s, fail(apigate.MissingAuthenticationToken, "", ErrMissingCredentials)
	}
	s.presigned = true
	s.auth = authorization{algorithm: alg, credential: cred, signedHeaders: q.Get("X-Amz-SignedHeaders"), signature: sig}
	s.date, s.token, s.expires = q.Get("X-Amz-Date"), q.Get("X-Amz-Security-Token"), q.Get("X-Amz-Expires")
	var missing []string
	for _, p := range [...]struct{ name, value string }{
		{"X-Amz-Algorithm", alg}, {"X-Amz-Credential", cred}, {"X-Amz-Signature", sig},
		{"X-Amz-SignedHeaders", s.auth.signedHeaders}, {"X-Amz-Date", s.date},
	} {
		if p.value == "" {
			missing = append(missing, p.name)
		}
	}
	if missing != nil {
		return s, incompleteQuery(missing)
	}
	return s, nil
}
