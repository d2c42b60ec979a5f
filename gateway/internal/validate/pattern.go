package validate

import (
	"fmt"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/getkin/kin-openapi/openapi3"
)

// patternTimeout bounds one match of a model's pattern: ECMA 262 expressions backtrack, and a
// body must not hold the gateway for long. A match that times out counts as a mismatch.
const patternTimeout = time.Second

// patterns holds the compiled "pattern" expressions of a validator's models. It is filled at
// compile time and only read afterwards.
type patterns map[string]*regexp2.Regexp

// add compiles an ECMA 262 expression, the dialect draft 4 prescribes.
func (ps patterns) add(expr string) error {
	if _, ok := ps[expr]; ok {
		return nil
	}
	re, err := regexp2.Compile(expr, regexp2.ECMAScript)
	if err != nil {
		return fmt.Errorf("invalid ECMA 262 regular expression %q: %w", expr, err)
	}
	re.MatchTimeout = patternTimeout
	ps[expr] = re
	return nil
}

// compile is the regular expression compiler kin-openapi calls for a pattern it has not cached
// yet: it hands out the expressions compiled by add. kin-openapi's cache is global and keyed by
// the expression alone, so if other code of the process has kin-openapi compile the same
// expression first (with Go's regexp, its default), that compilation serves this package too.
func (ps patterns) compile(expr string) (openapi3.RegexMatcher, error) {
	re, ok := ps[expr]
	if !ok {
		// Every pattern of the models was added at compile time; compile any other the same way.
		var err error
		if re, err = regexp2.Compile(expr, regexp2.ECMAScript); err != nil {
			return nil, err
		}
		re.MatchTimeout = patternTimeout
	}
	return matcher{re}, nil
}

// matcher adapts a regexp2 expression to kin-openapi's RegexMatcher.
type matcher struct{ re *regexp2.Regexp }

// MatchString reports whether s contains a match; an error (a timeout) is a mismatch.
func (m matcher) MatchString(s string) bool {
	ok, err := m.re.MatchString(s)
	return ok && err == nil
}
