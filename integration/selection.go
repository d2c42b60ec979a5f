package integration

import (
	"fmt"
	"sync/atomic"

	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/internal/jre"
)

// Selection patterns are Java regular expressions (java.util.regex) matched against the whole
// selection value, as String.matches does. They are compiled and run by internal/jre, the one
// Java regex translation of this module (mapping templates' String.matches and replaceAll use it
// too), with its deviations from Java (see its documentation). A match that runs longer than
// jre.MatchTimeout fails the request with 500 API_CONFIGURATION_ERROR.
type selectionPattern struct {
	re *jre.Pattern
}

// selectionCompile compiles a Java selection pattern for whole-value matching. A pattern Java
// rejects (or that jre cannot run) is a definition error, with Java's description.
func selectionCompile(pattern string) (*selectionPattern, error) {
	re, err := jre.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("%w: selectionPattern %q: %w", ErrInvalidIntegration, pattern, err)
	}
	return &selectionPattern{re: re}, nil
}

// matches reports whether the pattern matches all of value.
func (p *selectionPattern) matches(value string) (bool, error) {
	ok, err := p.re.Matches(value)
	if err != nil {
		return false, fmt.Errorf("integration: selectionPattern %q on %q: %w", p.re.String(), value, err)
	}
	return ok, nil
}

// selectResponse chooses the integration response for a selection value: the first whose
// pattern matches all of it, else the default response. useDefault skips the patterns (a MOCK
// request that rendered no template). No match and no default response is
// API_CONFIGURATION_ERROR. The choice for a value that is a status code from 100 to 599 (HTTP's
// selection value, and MOCK's) or the empty string (a Lambda function's success) is remembered,
// since matching the same value again gives the same answer.
func (np *nonProxy) selectResponse(value string, useDefault bool) (*nonProxyResponse, error) {
	if useDefault || np.selected == nil {
		return np.defaultResponse(value)
	}
	var memo *atomic.Int32
	switch {
	case value == "":
		memo = &np.selected[selectionEmptyMemo]
	case len(value) == 3 && value[0] >= '1' && value[0] <= '5' && value[1] >= '0' && value[1] <= '9' && value[2] >= '0' && value[2] <= '9':
		memo = &np.selected[int(value[0]-'1')*100+int(value[1]-'0')*10+int(value[2]-'0')]
	}
	if memo != nil {
		if i := memo.Load(); i > 0 {
			return &np.responses[i-1], nil
		}
	}
	for i := range np.responses {
		cr := &np.responses[i]
		if cr.pattern == nil {
			continue
		}
		ok, err := cr.pattern.matches(value)
		if err != nil {
			return nil, failure.Config(err)
		}
		if ok {
			if memo != nil {
				memo.Store(int32(i + 1))
			}
			return cr, nil
		}
	}
	cr, err := np.defaultResponse(value)
	if err == nil && memo != nil {
		memo.Store(int32(np.fallback + 1))
	}
	return cr, err
}

// selectionEmptyMemo is the index in nonProxy.selected of the choice for the empty selection
// value; 0 to 499 are the status codes 100 to 599.
const selectionEmptyMemo = 500

// defaultResponse returns the default response, or API_CONFIGURATION_ERROR when there is none.
func (np *nonProxy) defaultResponse(value string) (*nonProxyResponse, error) {
	if np.fallback < 0 {
		return nil, failure.Config(fmt.Errorf("integration: no integration response matches %q and there is no default response", value))
	}
	return &np.responses[np.fallback], nil
}
