package jwt

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/awspartition"
)

// Cognito is a REST API's COGNITO_USER_POOLS authorizer on one method: it reads the token from
// a header, verifies it against the user pools' keys and, by whether the method has
// authorization scopes, requires an ID token (no scopes) or an access token holding one of
// the scopes. Every refusal is API Gateway's 401 {"message":"Unauthorized"}, an
// *apigate.Error of type UNAUTHORIZED wrapping the reason.
//
// On success it sets r.Context.Authorizer.Claims to the token's claims as strings, which
// fills $context.authorizer.claims.<name> (and ['custom:name']) and the proxy event's
// requestContext.authorizer.claims.
//
// A Cognito is plain data: build one per method, sharing the Verifiers, and do not change it
// once in use.
type Cognito struct {
	// Pools are the verifiers of the authorizer's user pools (its providerARNs; see
	// CognitoIssuer); a token is checked by the pool its iss names. Build them without an
	// Audience: Cognito authorizers accept any app client of the pool.
	Pools []*Verifier
	// Scopes are the method's authorizationScopes.
	Scopes []string
	// IdentityValidationExpression, when set, must match the token's aud (client_id for an
	// access token without aud), as API Gateway's reference documents for
	// COGNITO_USER_POOLS; a token that fails it is refused.
	IdentityValidationExpression *regexp.Regexp
	// Header is the identity source's header; "" means Authorization.
	Header string
}

var _ interface {
	Authorize(context.Context, *apigate.Request) error
} = (*Cognito)(nil)

// Authorize verifies the request's token and sets r.Context.Authorizer.
func (c *Cognito) Authorize(ctx context.Context, r *apigate.Request) error {
	if len(c.Pools) == 0 {
		return &apigate.Error{Type: apigate.AuthorizerConfigurationError, Err: errors.New("jwt: Cognito authorizer without pools")}
	}
	tok, _, err := verify(ctx, bearer(r.Header.Get(headerName(c.Header))), c.Pools[0].parser, c.pool)
	if err == nil {
		err = c.check(tok)
	}
	if err != nil {
		return &apigate.Error{Type: apigate.Unauthorized, Err: err}
	}
	r.Context.Authorizer = &apigate.Authorizer{Claims: stringClaims(tok.Claims, cognitoStyle)}
	return nil
}

// pool returns the pool whose issuer is iss, or nil.
func (c *Cognito) pool(iss string) *Verifier {
	for _, v := range c.Pools {
		if v.issuer == iss {
			return v
		}
	}
	return nil
}

// check applies the token_use and scope rule, then the identity validation expression.
func (c *Cognito) check(t *Token) error {
	use, _ := t.Claims["token_use"].(string)
	switch {
	case len(c.Scopes) == 0 && use != "id":
		return fmt.Errorf("%w: %q where an ID token is needed", ErrTokenUse, use)
	case len(c.Scopes) > 0 && use != "access":
		return fmt.Errorf("%w: %q where an access token is needed", ErrTokenUse, use)
	case len(c.Scopes) > 0 && !t.HasScope(c.Scopes):
		return ErrScope
	}
	if re := c.IdentityValidationExpression; re != nil {
		aud, ok := t.Claims["aud"].(string)
		if !ok {
			aud, _ = t.Claims["client_id"].(string)
		}
		if !re.MatchString(aud) {
			return ErrIdentityValidation
		}
	}
	return nil
}

// CognitoIssuer returns the issuer of the user pool a providerARN names
// (arn:{partition}:cognito-idp:{region}:{account}:userpool/{poolId}):
// https://cognito-idp.{region}.{dnsSuffix}/{poolId}.
func CognitoIssuer(providerARN string) (string, error) {
	parts := strings.SplitN(providerARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "cognito-idp" || parts[3] == "" {
		return "", fmt.Errorf("jwt: %q is not a Cognito user pool ARN", providerARN)
	}
	pool, ok := strings.CutPrefix(parts[5], "userpool/")
	if !ok || pool == "" || strings.ContainsAny(pool, "/?#") {
		return "", fmt.Errorf("jwt: %q is not a Cognito user pool ARN", providerARN)
	}
	region := parts[3]
	return "https://cognito-idp." + region + "." + awspartition.ForRegion(region).DNSSuffix + "/" + pool, nil
}

// headerName returns h, or Authorization when h is empty.
func headerName(h string) string {
	if h == "" {
		return "Authorization"
	}
	return h
}

// bearer returns the token of an identity source's value: the value itself, or what
// follows "Bearer " (any case).
func bearer(v string) string {
	if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
		return strings.TrimLeft(v[7:], " ")
	}
	return v
}
