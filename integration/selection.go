package integration

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2"
)

// Selection patterns are Java regular expressions (java.util.regex) matched against the whole
// selection value, as String.matches does. They run on regexp2 after a small translation that
// gives Java's meaning to the constructs where regexp2 (a .NET engine) differs in ways selection
// patterns meet:
//
//   - The match is anchored at both ends with \A and \z, so $ and \Z cannot match before a
//     final newline the pattern did not consume.
//   - . matches any character but Java's line terminators (\n, \r, U+0085, U+2028, U+2029),
//     unless the pattern turns on DOTALL with an inline (?s); (?d) (UNIX_LINES) makes it
//     exclude \n only.
//   - \d, \w and \b use ASCII classes (regexp2's RE2 mode), \s is [ \t\n\x0B\f\r].
//   - \Q...\E quotes literally.
//
// Known differences from Java, none of which a status code or a typical error-message pattern
// meets: possessive quantifiers (a*+), Java's nested class unions and intersections ([a[b]],
// [a&&b]), \h, \v, \R, \X, \x{...}, (?U) and Unicode blocks are not translated, and are either
// rejected when the integration is validated or read as .NET reads them; (?i) folds case with
// Unicode rules where Java folds ASCII only; RE2 mode accepts (?P<name>...) and POSIX classes
// [[:alpha:]] that Java reads differently. A match that runs longer than selectionMatchTimeout
// fails the request with 500 API_CONFIGURATION_ERROR.
type selectionPattern struct {
	source string
	re     *regexp2.Regexp
}

// selectionMatchTimeout bounds one match of a selection pattern, so a pattern that backtracks
// catastrophically cannot hold a request.
const selectionMatchTimeout = time.Second

// selectionCompile compiles a Java selection pattern for whole-value matching.
func selectionCompile(pattern string) (p *selectionPattern, err error) {
	expr, err := selectionJavaToNET(pattern)
	if err != nil {
		return nil, fmt.Errorf("%w: selectionPattern %q: %w", ErrInvalidIntegration, pattern, err)
	}
	defer func() {
		if r := recover(); r != nil { // regexp2 panics on a few malformed inputs
			p, err = nil, fmt.Errorf("%w: selectionPattern %q: %v", ErrInvalidIntegration, pattern, r)
		}
	}()
	re, err := regexp2.Compile(`\A(?:`+expr+`)\z`, regexp2.RE2)
	if err != nil {
		return nil, fmt.Errorf("%w: selectionPattern %q: %w", ErrInvalidIntegration, pattern, err)
	}
	re.MatchTimeout = selectionMatchTimeout
	return &selectionPattern{source: pattern, re: re}, nil
}

// matches reports whether the pattern matches all of value.
func (p *selectionPattern) matches(value string) (bool, error) {
	ok, err := p.re.MatchString(value)
	if err != nil {
		return false, fmt.Errorf("integration: selectionPattern %q on %q: %w", p.source, value, err)
	}
	return ok, nil
}

// selectionJavaDot is Java's . without DOTALL: anything but a line terminator.
const selectionJavaDot = `[^\n\r\u0085\u2028\u2029]`

// selectionJavaSpace is Java's \s without UNICODE_CHARACTER_CLASS, as class members.
const selectionJavaSpace = ` \t\n\x0B\f\r`

// selectionJavaToNET translates a Java pattern to regexp2 syntax (see selectionPattern).
func selectionJavaToNET(p string) (string, error) {
	dotAll, unixLines := selectionDotFlags(p)
	var b strings.Builder
	b.Grow(len(p) + 16)
	depth := 0 // character class nesting
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", errors.New("unexpected internal error near the end: a trailing backslash")
			}
			n := p[i+1]
			switch n {
			case 'Q':
				end := strings.Index(p[i+2:], `\E`)
				var lit string
				if end < 0 {
					lit, i = p[i+2:], len(p)
				} else {
					lit, i = p[i+2:i+2+end], i+2+end+1
				}
				b.WriteString(selectionQuote(lit, depth > 0))
				continue
			case 's':
				if depth > 0 {
					b.WriteString(selectionJavaSpace)
				} else {
					b.WriteString("[" + selectionJavaSpace + "]")
				}
				i++
				continue
			case 'S':
				if depth == 0 {
					b.WriteString("[^" + selectionJavaSpace + "]")
					i++
					continue
				}
			}
			b.WriteByte(c)
			b.WriteByte(n)
			i++
		case c == '[':
			depth++
			b.WriteByte(c)
			// A ] right after [ or [^ is a literal member.
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
		case c == ']' && depth > 0:
			depth--
			b.WriteByte(c)
		case c == '.' && depth == 0 && !dotAll:
			if unixLines {
				b.WriteString(`[^\n]`)
			} else {
				b.WriteString(selectionJavaDot)
			}
		case c == '(' && depth == 0 && strings.HasPrefix(p[i:], "(?"):
			// Drop the d flag (UNIX_LINES), which regexp2 does not know; dots were translated
			// for it above.
			j := i + 2
			for j < len(p) && (p[j] >= 'a' && p[j] <= 'z' || p[j] >= 'A' && p[j] <= 'Z' || p[j] == '-') {
				j++
			}
			if j < len(p) && (p[j] == ')' || p[j] == ':') && j > i+2 {
				flags := strings.ReplaceAll(p[i+2:j], "d", "")
				if flags == "" || flags == "-" {
					if p[j] == ')' {
						i = j
						continue
					}
					b.WriteString("(?:")
					i = j
					continue
				}
				b.WriteString("(?" + flags)
				i = j - 1
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// selectionDotFlags reports whether p turns on DOTALL (s) or UNIX_LINES (d) in an inline flag group
// anywhere. Scoping is not followed: one (?s) makes every . match line terminators.
func selectionDotFlags(p string) (dotAll, unixLines bool) {
	for i := 0; i+2 < len(p); i++ {
		if p[i] == '\\' {
			i++
			continue
		}
		if p[i] != '(' || p[i+1] != '?' {
			continue
		}
		for j := i + 2; j < len(p); j++ {
			switch c := p[j]; {
			case c == '-':
				j = len(p) // flags after - are turned off
			case c == 's':
				dotAll = true
			case c == 'd':
				unixLines = true
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			default:
				j = len(p)
			}
		}
	}
	return dotAll, unixLines
}

// selectionQuote escapes s for use in a pattern, inside a character class or outside one.
func selectionQuote(s string, inClass bool) string {
	if !inClass {
		return regexp2.Escape(s)
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\]^-[`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
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
			return nil, configError(err)
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
		return nil, configError(fmt.Errorf("integration: no integration response matches %q and there is no default response", value))
	}
	return &np.responses[np.fallback], nil
}
