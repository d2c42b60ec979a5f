package jre

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// MatchTimeout bounds the time one search of a regex (a whole-string match, or one find of
// replaceAll, replaceFirst or split) may take; OperationTimeout bounds all the finds of one
// operation together. Java has no such limits; a pattern that backtracks catastrophically
// fails here with a MatchTimeoutException instead of hanging the caller.
const (
	MatchTimeout     = time.Second
	OperationTimeout = 4 * MatchTimeout
)

// Pattern is a compiled java.util.regex.Pattern. It is safe for concurrent use.
type Pattern struct {
	source string
	expr   string          // the translated pattern
	find   *regexp2.Regexp // expr, for find()
	groups int
	names  map[string]int

	// unitSteps is set when Java tries every UTF-16 position, not only code point starts, and
	// the pattern could match between two surrogates (see translation).
	unitSteps bool

	// literal is the text the pattern matches when it matches nothing else (see literalOf);
	// such a pattern is searched for with strings.Index instead of the regex engine.
	literal   string
	isLiteral bool

	wholeOnce sync.Once
	whole     *regexp2.Regexp // expr anchored at both ends, for matches(); compiled on first use
	wholeErr  error

	anchoredOnce sync.Once
	anchored     *regexp2.Regexp // expr anchored at the search start, for matchAt; compiled on first use
	anchoredErr  error
}

// Compile compiles a Java regular expression. A pattern Java rejects yields a
// java.util.regex.PatternSyntaxException (an *Exception under errors.As) whose message starts
// with Java's description; a valid Java pattern using a feature this package cannot run (see
// the package documentation) yields one too, matching errors.Is(err, ErrUnsupported).
func Compile(regex string) (*Pattern, error) {
	tr, err := translate(regex)
	if err != nil {
		return nil, err
	}
	find, err := compileNET(tr.expr, regex)
	if err != nil {
		return nil, err
	}
	p := &Pattern{source: regex, expr: tr.expr, find: find, groups: tr.groups, names: tr.names,
		unitSteps: tr.unitSteps && tr.emptyOrDot}
	p.literal, p.isLiteral = literalOf(regex)
	return p, nil
}

// literalOf returns the text a Java regex matches when that text is all it can match: the
// regex is not empty, valid UTF-8, and made of ordinary characters and backslash escapes of
// ASCII characters that are neither letters nor digits (\. \\ \' \/), which Java reads as the
// characters themselves. A non-empty valid UTF-8 text matches at character boundaries only,
// so a byte search finds exactly the matches Java's UTF-16 search finds.
func literalOf(regex string) (string, bool) {
	if regex == "" || !utf8.ValidString(regex) {
		return "", false
	}
	if !strings.ContainsAny(regex, `\^$.|?*+()[]{}`) {
		return regex, true
	}
	b := make([]byte, 0, len(regex))
	for i := 0; i < len(regex); i++ {
		c := regex[i]
		switch {
		case c == '\\':
			if i+1 == len(regex) || regex[i+1] >= utf8.RuneSelf || isASCIIAlnum(regex[i+1]) {
				return "", false
			}
			i++
			b = append(b, regex[i])
		case strings.IndexByte(`^$.|?*+()[]{}`, c) >= 0:
			return "", false
		default:
			b = append(b, c)
		}
	}
	return string(b), true
}

// compileNET compiles translated .NET syntax with regexp2. The translation keeps to syntax
// regexp2 accepts; a rejection left over is reported as a syntax error of the Java pattern.
func compileNET(expr, source string) (re *regexp2.Regexp, err error) {
	defer func() {
		if r := recover(); r != nil {
			re, err = nil, newSyntaxError("Unexpected internal error", source, -1, nil)
		}
	}()
	re, err = regexp2.Compile(expr, regexp2.None)
	if err != nil {
		return nil, newSyntaxError(err.Error(), source, -1, err)
	}
	re.MatchTimeout = MatchTimeout
	return re, nil
}

// String returns the Java source of the pattern.
func (p *Pattern) String() string { return p.source }

// GroupCount returns the number of capturing groups, as Matcher.groupCount.
func (p *Pattern) GroupCount() int { return p.groups }

// Matches reports whether the whole of s matches, as Pattern.matches(regex, s) and
// String.matches do. The error is set only when matching exceeded MatchTimeout.
func (p *Pattern) Matches(s string) (bool, error) {
	if p.isLiteral {
		return s == p.literal, nil
	}
	p.wholeOnce.Do(func() {
		p.whole, p.wholeErr = compileNET(`\A(?:`+p.expr+`)\z`, p.source)
	})
	if p.wholeErr != nil {
		return false, p.wholeErr
	}
	ok, err := p.whole.MatchRunes(newSubject(s).runes)
	if err != nil {
		return false, p.matchError(err)
	}
	return ok, nil
}

// ReplaceAll returns Matcher.replaceAll(replacement): every match of p in s replaced by the
// Java replacement string, where $n and ${name} insert groups and a backslash quotes the next
// character. The replacement is checked only if there is a match, as in Java.
func (p *Pattern) ReplaceAll(s, replacement string) (string, error) {
	return p.replace(s, replacement, true)
}

// ReplaceFirst returns Matcher.replaceFirst(replacement): the first match of p in s replaced.
func (p *Pattern) ReplaceFirst(s, replacement string) (string, error) {
	return p.replace(s, replacement, false)
}

func (p *Pattern) replace(s, replacement string, all bool) (string, error) {
	if p.isLiteral {
		return p.replaceLiteral(s, replacement, all)
	}
	sub := newSubject(s)
	var (
		out     []byte
		parts   []replacementPart
		last    position
		matched bool
		err     error
	)
	matchErr := p.forEachMatch(sub, func(m match) bool {
		if !matched {
			matched = true
			if parts, err = p.parseReplacement(replacement); err != nil {
				return false
			}
			out = make([]byte, 0, len(s)+len(replacement))
		}
		out = append(out, sub.text(last, m.start)...)
		for _, part := range parts {
			if part.group < 0 {
				out = append(out, part.literal...)
			} else if start, end, ok := m.group(part.group); ok {
				out = append(out, sub.text(start, end)...)
			}
		}
		last = m.end
		return all
	})
	switch {
	case err != nil:
		return "", err
	case matchErr != nil:
		return "", matchErr
	case !matched:
		return s, nil
	}
	out = append(out, sub.text(last, sub.end())...)
	return string(out), nil
}

// replaceLiteral is replace for a literal pattern: the matches are found with strings.Index
// and the only group is the whole match.
func (p *Pattern) replaceLiteral(s, replacement string, all bool) (string, error) {
	i := strings.Index(s, p.literal)
	if i < 0 {
		return s, nil
	}
	parts, err := p.parseReplacement(replacement)
	if err != nil {
		return "", err
	}
	out := make([]byte, 0, len(s)+len(replacement))
	last := 0
	for i >= 0 {
		out = append(out, s[last:last+i]...)
		for _, part := range parts {
			if part.group < 0 {
				out = append(out, part.literal...)
			} else {
				out = append(out, p.literal...) // group 0, the only one
			}
		}
		last += i + len(p.literal)
		if !all {
			break
		}
		i = strings.Index(s[last:], p.literal)
	}
	out = append(out, s[last:]...)
	return ownedString(out), nil
}

// Split returns Pattern.split(s, limit): the pieces of s around the matches of p. A positive
// limit caps the number of pieces (the last holds the rest of s), zero drops trailing empty
// pieces, a negative limit keeps everything. A zero-width match at the start of s never yields
// a leading empty piece, and an s without matches yields [s].
func (p *Pattern) Split(s string, limit int) ([]string, error) {
	if p.isLiteral {
		return splitLiteral(s, p.literal, limit), nil
	}
	sub := newSubject(s)
	var list []string
	var index position
	err := p.forEachMatch(sub, func(m match) bool {
		switch {
		case limit <= 0 || len(list) < limit-1:
			if index == (position{}) && m.start == (position{}) && m.end == (position{}) {
				return true
			}
			list = append(list, sub.text(index, m.start))
			index = m.end
		case len(list) == limit-1:
			list = append(list, sub.text(index, sub.end()))
			index = m.end
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if index == (position{}) {
		return []string{s}, nil
	}
	if limit <= 0 || len(list) < limit {
		list = append(list, sub.text(index, sub.end()))
	}
	return trimTrailingEmpty(list, limit), nil
}

// trimTrailingEmpty drops the trailing empty strings of list when limit is 0.
func trimTrailingEmpty(list []string, limit int) []string {
	if limit != 0 {
		return list
	}
	n := len(list)
	for n > 0 && list[n-1] == "" {
		n--
	}
	return list[:n]
}
