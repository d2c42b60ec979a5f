package jwt

import "errors"

// The reasons a token is refused, matchable with errors.Is. Verify wraps them; the
// authorizers wrap them in the *apigate.Error they return. Their texts never contain the token.
var (
	// ErrNoToken: the request has no token.
	ErrNoToken = errors.New("jwt: no token")
	// ErrTokenTooLarge: the token is longer than MaxTokenSize; it was not parsed.
	ErrTokenTooLarge = errors.New("jwt: token too large")
	// ErrMalformed: the token is not a well-formed JWS compact serialization of a JSON
	// claims object.
	ErrMalformed = errors.New("jwt: malformed token")
	// ErrAlgorithm: the token's alg is not RS256, RS384 or RS512 (none, HS256 and every other
	// algorithm are refused).
	ErrAlgorithm = errors.New("jwt: signing algorithm not accepted")
	// ErrUnknownKey: no key of the issuer has the token's kid.
	ErrUnknownKey = errors.New("jwt: unknown kid")
	// ErrSignature: the signature does not verify with the issuer's key.
	ErrSignature = errors.New("jwt: invalid signature")
	// ErrKeyFetch: the issuer's keys could not be fetched.
	ErrKeyFetch = errors.New("jwt: cannot fetch the issuer's keys")
	// ErrDocumentTooLarge: the OpenID configuration or JWKS exceeds MaxDocumentSize.
	ErrDocumentTooLarge = errors.New("jwt: document too large")
	// ErrIssuer: iss is not the configured issuer.
	ErrIssuer = errors.New("jwt: invalid issuer")
	// ErrAudience: neither aud nor (without aud) client_id is in the audience list.
	ErrAudience = errors.New("jwt: invalid audience")
	// ErrExpired: exp is missing or not later than now.
	ErrExpired = errors.New("jwt: token expired")
	// ErrNotYetValid: nbf or iat is later than now.
	ErrNotYetValid = errors.New("jwt: token not yet valid")
	// ErrScope: the token holds none of the method's scopes.
	ErrScope = errors.New("jwt: insufficient scope")
	// ErrTokenUse: a Cognito token of the wrong kind (an access token where an ID token is
	// needed, or the reverse).
	ErrTokenUse = errors.New("jwt: wrong token_use")
	// ErrIdentityValidation: the token fails the authorizer's identity validation
	// expression.
	ErrIdentityValidation = errors.New("jwt: identity validation expression does not match")
)

// description returns the error_description of the WWW-Authenticate challenge for err. AWS
// documents one text, for the audience; the others follow its style and are unconfirmed.
func description(err error) string {
	for _, d := range descriptions {
		if errors.Is(err, d.err) {
			return d.text
		}
	}
	return "the token is invalid"
}

var descriptions = [...]struct {
	err  error
	text string
}{
	{ErrAudience, "the token does not have a valid audience"},
	{ErrIssuer, "the token does not have a valid issuer"},
	{ErrExpired, "the token has expired"},
	{ErrNotYetValid, "the token is not valid yet"},
	{ErrNoToken, "the token is missing"},
	{ErrTokenTooLarge, "the token is too large"},
	{ErrAlgorithm, "the token's signing algorithm is not supported"},
	{ErrUnknownKey, "the token's signing key is unknown"},
	{ErrSignature, "the token's signature is invalid"},
	{ErrKeyFetch, "the issuer's signing keys are unavailable"},
	{ErrMalformed, "the token is malformed"},
}
