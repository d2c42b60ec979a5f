package sigv4

import (
	"context"
	"errors"
	"time"
)

// ErrUnknownAccessKey is what a Credentials lookup returns (or wraps) for an access key id it
// does not know. The verifier answers it as AWS does: 403 "The security token included in the
// request is invalid."
var ErrUnknownAccessKey = errors.New("sigv4: unknown access key id")

// Credentials finds the secret of an access key id and the identity it belongs to, as IAM does
// for API Gateway. Lookup returns an error that wraps ErrUnknownAccessKey for a key it does not
// know; any other error is a failure of the lookup itself (the request gets a 500).
// Implementations must be safe for concurrent use.
type Credentials interface {
	Lookup(ctx context.Context, accessKeyID string) (Credential, error)
}

// CredentialsFunc adapts a function to Credentials.
type CredentialsFunc func(ctx context.Context, accessKeyID string) (Credential, error)

// Lookup calls f(ctx, accessKeyID).
func (f CredentialsFunc) Lookup(ctx context.Context, accessKeyID string) (Credential, error) {
	return f(ctx, accessKeyID)
}

// Credential is an access key's secret and what it stands for.
type Credential struct {
	// SecretAccessKey signs the requests of the access key.
	SecretAccessKey string
	// SessionToken, when not empty, makes the key temporary (an STS session): a request must
	// carry the same token in X-Amz-Security-Token (header or query). When empty, a request
	// carrying a token is refused.
	SessionToken string
	// Expires, when not zero, is when a temporary key stops working: a later request gets
	// EXPIRED_TOKEN.
	Expires time.Time
	// Identity is the caller, for $context.identity and the identity policy.
	Identity Identity
}

// Identity is the IAM identity behind an access key, as $context.identity shows it.
type Identity struct {
	AccountID      string // $context.identity.accountId: the caller's account
	Caller         string // $context.identity.caller: the principal id, such as AIDAEXAMPLE or AROAEXAMPLE:session
	User           string // $context.identity.user: the principal id of the user
	UserArn        string // $context.identity.userArn, such as arn:aws:iam::123456789012:user/alice
	PrincipalOrgID string // $context.identity.principalOrgId, when the account is in an organization
}

// StaticCredentials is an in-memory Credentials: access key id to credential. It must not be
// changed while a verifier uses it.
type StaticCredentials map[string]Credential

// Lookup returns the credential of accessKeyID, or ErrUnknownAccessKey.
func (s StaticCredentials) Lookup(_ context.Context, accessKeyID string) (Credential, error) {
	c, ok := s[accessKeyID]
	if !ok {
		return Credential{}, ErrUnknownAccessKey
	}
	return c, nil
}

var (
	_ Credentials = CredentialsFunc(nil)
	_ Credentials = StaticCredentials(nil)
)
