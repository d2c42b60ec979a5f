// Package jwt verifies JSON Web Tokens as API Gateway's JWT authorizers (HTTP APIs) and
// Cognito user-pool authorizers (REST APIs) do. In the request path it runs after routing and
// before the API key check, attached per method with gateway.AuthorizeWith, or alone as
// net/http middleware (Middleware; its output read with auth.FromContext) in front of any mux.
//
// A Verifier holds one issuer's settings and keys. It finds the keys by OIDC discovery
// ({issuer}/.well-known/openid-configuration, then its jwks_uri) within AWS's limits (1500 ms
// per request, 150000 bytes per document), keeps them for an hour, and fetches them again
// when a token names an unknown kid, at most once a minute, so a flood of random kids costs
// the issuer nothing. Concurrent fetches are coalesced. Signatures are checked by
// github.com/golang-jwt/jwt/v5; only RSA PKCS #1 v1.5 algorithms (RS256, RS384, RS512) are
// accepted: alg none, HS256 signed with the RSA public key, PS256 and the others are refused.
// Then iss must equal the issuer, aud be in the audience list (client_id is read only when aud
// is absent), exp be later than now, and nbf and iat, when present, not later than now.
// Tokens longer than MaxTokenSize are refused before decoding.
//
// Authorizer is the HTTP API JWT authorizer (401 with WWW-Authenticate, 403 for missing
// scopes); Cognito is the REST COGNITO_USER_POOLS authorizer (an ID token on methods without
// scopes, an access token holding one of the scopes otherwise; every refusal 401).
//
// # Choices where AWS is not documented
//
//   - Scopes: the HTTP API answers a valid token lacking the route's scopes with 403
//     {"message":"Forbidden"} (unconfirmed in the spec; RFC 6750's insufficient_scope).
//   - The WWW-Authenticate error_description: AWS documents only "the token does not have a
//     valid audience"; the other reasons use texts in its style.
//   - PS256/384/512 are refused (the spec marks them unconfirmed; AWS documents RSA only).
//   - Cognito accepts the token bare or after "Bearer " (unconfirmed).
//   - Cognito's identityValidationExpression is matched against the token's aud (client_id
//     for an access token), as the apigateway reference's Authorizer.identityValidationExpression
//     says, not against the whole token.
//   - Claims are passed on as strings: numbers as their JSON text (observed on HTTP APIs:
//     "exp":"1787996002"), arrays as "[a b]" (unconfirmed), objects as JSON. REST's Cognito
//     authorizer writes exp and iat as Java dates, "Wed Nov 06 08:38:35 UTC 2019" (observed
//     in real events; auth_time stays "1573029515").
//   - A failed key fetch refuses the token (401) and is not retried for five seconds.
//   - No clock leeway, as the spec describes none.
package jwt
