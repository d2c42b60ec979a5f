// Package router is the gateway's routing stage for REST APIs: it takes the resource tree of a
// deployment (every resource's path template and the methods defined on it) and, per request,
// finds the resource and method that API Gateway would pick for a method and a raw path, with
// the path parameters it would extract. A request that finds nothing is answered by the gateway
// with 403 Missing Authentication Token, which is why Match does not tell a missing resource
// from a missing method.
//
// Compile checks the tree as API Gateway's CreateResource does and reports its errors with
// AWS's messages; the returned Router is immutable, and Match neither allocates (given a params
// slice with room) nor uses regular expressions or maps.
//
// # Matching
//
// A path template is "/" (the root resource) or a sequence of path parts, each a literal
// ("pets"), a variable ("{petId}", exactly one non-empty segment) or a greedy variable
// ("{proxy+}", one or more segments, only as the last part). A request path is compared segment
// by segment: at each segment a literal child is tried first, then the variable child, then the
// greedy child, depth first. A resource that matches the whole path but defines neither the
// request's method nor ANY does not end the search: the search backtracks and tries the
// lower-priority alternatives, as AWS does (with /test defining POST and /{proxy+} defining
// OPTIONS, OPTIONS /test goes to /{proxy+}). On the resource found, an explicit method beats
// ANY, and HEAD is served only by HEAD or ANY, never by GET.
//
// The request path is the raw path after the stage, still percent-encoded: literals are compared
// with the raw segment, case-sensitively, and parameter values are returned raw
// (test%2Balias@gmail.com stays as it is). Leading slashes are collapsed (//hardcoded matches
// /hardcoded), a trailing slash is ignored (/pets/ matches /pets), and a greedy value keeps
// interior empty segments (/files/a//b gives proxy=a//b) but not the trailing slash.
//
// # Choices where AWS is unconfirmed
//
// Where the recordings leave a behaviour open, this package chooses as follows; tests pin each
// choice.
//
//   - /{proxy+} does not match / (nor //): a greedy variable needs at least one segment, and
//     the root path only ever reaches the root resource.
//   - Every trailing slash is ignored, like every leading one: /pets// matches /pets, and
//     /files/a// gives proxy=a.
//   - An empty interior segment (the middle of /a//b) matches neither a literal (literals are
//     never empty) nor a {param} (its value must be non-empty); a greedy variable takes it, so a
//     greedy value can start with a slash (/files//a against /files/{proxy+} gives proxy=/a).
//   - Methods are case-sensitive. Routes may define only DELETE, GET, HEAD, OPTIONS, PATCH, POST,
//     PUT and ANY (Compile rejects anything else, including lower case), and ANY covers exactly
//     those seven: a request with any other method ("FOO", "get", "TRACE", "ANY" itself)
//     matches nothing.
//   - Path and literal matching are case-sensitive, and a literal is not percent-decoded before
//     comparison: /p%65ts does not match /pets.
//   - A literal path part may hold any character but a slash, a brace, '?', '#', a space or a
//     control character; a variable's name is made of A-Z a-z 0-9 . _ - (the set named by AWS's
//     CreateResource error for a bad path part).
//     A name used twice in one path ("/{id}/x/{id}") is rejected, so that parameter names are
//     unique in a match.
//   - A route listed twice reports AWS's duplicate error with its last path part; the root
//     listed twice reports ErrDuplicate with a message of this package's own, since AWS's root
//     always exists and cannot be created.
//   - The request path need not start with a slash ("pets" is "/pets"), and "" is the root.
package router
