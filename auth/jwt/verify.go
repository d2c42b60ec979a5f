package jwt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	gjwt "github.com/golang-jwt/jwt/v5"
)

// MaxTokenSize is the longest token accepted, in bytes. A longer one is refused before any
// decoding, so a megabyte of header costs nothing but its length check.
const MaxTokenSize = 16 << 10

// Config is one issuer's verification settings: API Gateway's jwtConfiguration (issuer and
// audience) plus how to reach the issuer's keys.
type Config struct {
	// Issuer is the exact iss every token must carry, and the base of OIDC discovery:
	// {Issuer}/.well-known/openid-configuration names the JWKS (its jwks_uri). For a Cognito
	// user pool it is https://cognito-idp.{region}.amazonaws.com/{userPoolId}. API Gateway
	// requires https; http is accepted too, for issuers on a local machine.
	Issuer string
	// Audience lists the accepted aud values (API Gateway allows at most 50). A token's aud,
	// a string or an array, must hold one of them; only a token without aud is checked by its
	// client_id instead. Empty means no audience check, as Cognito user-pool authorizers do.
	Audience []string
	// JWKSURL, when set, is the JWKS's address and discovery is skipped.
	JWKSURL string
	// Client makes the key fetches; nil means a client of its own. Each request is bounded
	// by FetchTimeout and MaxDocumentSize whatever the client.
	Client *http.Client
	// KeyTTL is how long fetched keys are used (API Gateway: up to 1 hour); 0 means
	// DefaultKeyTTL.
	KeyTTL time.Duration
	// RefetchInterval is the least time between fetches caused by an unknown kid; 0 means
	// DefaultRefetchInterval.
	RefetchInterval time.Duration
	// Now returns the current time; nil means time.Now. Tests set it.
	Now func() time.Time
}

// Verifier checks tokens of one issuer: size, algorithm, signature with the issuer's cached
// keys, then iss, aud (or client_id), exp, nbf and iat. It is safe for concurrent use, and is
// shared by every authorizer of the issuer so the keys are fetched once.
type Verifier struct {
	issuer   string
	audience []string
	now      func() time.Time
	keys     keySource
	parser   *gjwt.Parser
}

// NewVerifier returns a verifier for c. It fetches nothing: the keys are fetched by the first
// token that needs them.
func NewVerifier(c Config) (*Verifier, error) {
	if !strings.HasPrefix(c.Issuer, "https://") && !strings.HasPrefix(c.Issuer, "http://") {
		return nil, fmt.Errorf("jwt: issuer %q is not an http(s) URL", c.Issuer)
	}
	if len(c.Audience) > 50 {
		return nil, fmt.Errorf("jwt: %d audiences, at most 50", len(c.Audience))
	}
	v := &Verifier{
		issuer:   c.Issuer,
		audience: slices.Clone(c.Audience),
		now:      c.Now,
		parser:   gjwt.NewParser(gjwt.WithJSONNumber(), gjwt.WithoutClaimsValidation()),
	}
	if v.now == nil {
		v.now = time.Now
	}
	v.keys = keySource{
		issuer:   c.Issuer,
		jwksURL:  c.JWKSURL,
		client:   c.Client,
		now:      v.now,
		ttl:      cmpOr(c.KeyTTL, DefaultKeyTTL),
		interval: cmpOr(c.RefetchInterval, DefaultRefetchInterval),
	}
	if v.keys.client == nil {
		v.keys.client = &http.Client{Timeout: 2 * FetchTimeout}
	}
	return v, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Issuer returns the issuer the verifier accepts.
func (v *Verifier) Issuer() string { return v.issuer }

// Token is a verified token's content.
type Token struct {
	// Claims are the token's claims as decoded from JSON, numbers as json.Number. They
	// belong to the caller.
	Claims map[string]any
	// Scopes are the scope claim's space-separated values, or the scp claim's (a string or an
	// array of strings).
	Scopes []string
}

// HasScope reports whether the token holds at least one of scopes.
func (t *Token) HasScope(scopes []string) bool {
	for _, s := range t.Scopes {
		if slices.Contains(scopes, s) {
			return true
		}
	}
	return false
}

// Verify checks token (the compact JWS, without a Bearer prefix) and returns its claims. The
// error wraps one of the package's Err values.
func (v *Verifier) Verify(ctx context.Context, token string) (*Token, error) {
	t, _, err := verify(ctx, token, v.parser, func(iss string) *Verifier {
		if iss == v.issuer {
			return v
		}
		return nil
	})
	return t, err
}

// verify checks token with the verifier pick returns for its iss (nil: ErrIssuer). It
// returns the claims and the verifier that accepted them.
func verify(ctx context.Context, token string, p *gjwt.Parser, pick func(iss string) *Verifier) (*Token, *Verifier, error) {
	switch {
	case token == "":
		return nil, nil, ErrNoToken
	case len(token) > MaxTokenSize:
		return nil, nil, ErrTokenTooLarge
	}
	var v *Verifier
	claims := gjwt.MapClaims{}
	_, err := p.ParseWithClaims(token, claims, func(t *gjwt.Token) (any, error) {
		if _, ok := t.Method.(*gjwt.SigningMethodRSA); !ok {
			return nil, ErrAlgorithm
		}
		iss, _ := claims["iss"].(string)
		if v = pick(iss); v == nil {
			return nil, ErrIssuer
		}
		kid, _ := t.Header["kid"].(string)
		return v.keys.key(ctx, kid)
	})
	if err != nil {
		return nil, nil, classify(err)
	}
	if err := v.checkClaims(claims); err != nil {
		return nil, nil, err
	}
	return &Token{Claims: claims, Scopes: scopes(claims)}, v, nil
}

// classify maps the library's errors to the package's.
func classify(err error) error {
	for _, mine := range [...]error{ErrAlgorithm, ErrIssuer, ErrUnknownKey, ErrKeyFetch} {
		if errors.Is(err, mine) {
			return err
		}
	}
	switch {
	case errors.Is(err, gjwt.ErrTokenMalformed):
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	case errors.Is(err, gjwt.ErrTokenUnverifiable): // alg missing or unknown
		return fmt.Errorf("%w: %w", ErrAlgorithm, err)
	}
	return fmt.Errorf("%w: %w", ErrSignature, err)
}

// checkClaims checks iss, aud (or client_id), exp, nbf and iat, without leeway.
func (v *Verifier) checkClaims(c gjwt.MapClaims) error {
	if iss, _ := c["iss"].(string); iss != v.issuer {
		return ErrIssuer
	}
	if len(v.audience) > 0 {
		aud, hasAud := c["aud"]
		if !hasAud {
			aud = c["client_id"]
		}
		if !v.audienceOK(aud) {
			return ErrAudience
		}
	}
	now := float64(v.now().UnixNano()) / 1e9
	if exp, ok := number(c["exp"]); !ok || exp <= now {
		return ErrExpired
	}
	for _, name := range [...]string{"nbf", "iat"} {
		if x, present := c[name]; present {
			if t, ok := number(x); !ok || t > now {
				return ErrNotYetValid
			}
		}
	}
	return nil
}

// audienceOK reports whether aud, a string or an array of strings, holds an accepted value.
func (v *Verifier) audienceOK(aud any) bool {
	switch a := aud.(type) {
	case string:
		return slices.Contains(v.audience, a)
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok && slices.Contains(v.audience, s) {
				return true
			}
		}
	}
	return false
}

// number reads a NumericDate claim.
func number(x any) (float64, bool) {
	n, ok := x.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// scopes reads the scope claim (space-separated) or, without it, scp (a string or an array).
func scopes(c gjwt.MapClaims) []string {
	switch s := c["scope"].(type) {
	case string:
		return strings.Fields(s)
	}
	switch s := c["scp"].(type) {
	case string:
		return strings.Fields(s)
	case []any:
		out := make([]string, 0, len(s))
		for _, x := range s {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}
