// Package apikey checks API Gateway's API keys: the stage of a REST API's request path that
// runs after the authorizer and before throttling, for methods that require a key
// (apiKeyRequired).
//
// The gateway reads the key (the X-API-Key header for the key source HEADER, the authorizer's
// usageIdentifierKey for AUTHORIZER) and hands it to a key store's CheckKey. Store is an
// in-memory key store holding keys as plain data (Key, shaped as AWS's ApiKey resource):
//
//	keys := &apikey.Store{}
//	k, err := keys.Add(apikey.Key{Name: "partner", Value: "0123456789abcdefghijABCD", Enabled: true})
//	gw, err := gateway.New(d, gateway.Keys(keys))
//
// As on AWS, a request with a missing, unknown or disabled key, or with a key that no usage plan
// binds to the API's stage, is refused with INVALID_API_KEY: 403 {"message":"Forbidden"} and
// x-amzn-ErrorType ForbiddenException. On success the gateway sets $context.identity.apiKey to
// the key's value (AWS's $context reference: "the API key associated with the method request";
// the proxy event's requestContext.identity.apiKey carries the same) and
// $context.identity.apiKeyId to its id. A method that does not require a key ignores the header.
//
// # Usage plans
//
// On AWS a key is accepted on a stage only through a usage plan whose apiStages include the
// API and stage. Which keys belong to which plan is the throttling stage's concern; the store
// consults it through the Plans interface (one method: is this key in a plan of this API
// stage?). Stages is a simple in-memory Plans; the usage plans of the throttle stage implement
// the same interface. A Store with no Plans accepts its enabled keys on every stage: an
// in-process gateway that has no usage plans would otherwise refuse every key. When the plan
// check itself fails (Plans returns an error), AWS serves the request and logs "Usage Plan
// check failed due to an internal error"; the store does the same through its Logger, when
// one is set.
//
// # Security
//
// The store never compares a presented key with its keys byte by byte in a way whose timing
// depends on where they differ: it looks keys up by their SHA-256 digest and confirms the match
// with crypto/subtle.ConstantTimeCompare. No error, log line or panic message it produces holds
// a key's value.
//
// # Outside the gateway
//
// Middleware puts the same check in front of any http.Handler (net/http's ServeMux, chi, ...);
// the handler reads the key's id and value with FromContext.
package apikey
