package jre

import (
	"errors"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
)

// MatchTimeout bounds the time a regex operation (a whole-string match, or all the finds of one
// replaceAll, replaceFirst or split) may take. Java has no such limit; a pattern that backtracks catastrophically fails here with a
// MatchTimeoutException instead of hanging the caller.
const MatchTimeout = time.Second

// Pattern is a compiled java.util.regex.Pattern. It is safe for concurrent use.
type Pattern struct {
	source string
	expr   string          // the translated pattern
	find   *regexp2.Regexp // expr, for find()
	groups int
	names  map[string]int

	wholeOnce sync.Once
	whole     *regexp2.Regexp // expr anchored at both ends, for matches(); compiled on first use
	wholeErr  error
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
	return &Pattern{source: regex, expr: tr.expr, find: find, groups: tr.groups, names: tr.names}, nil
}

// ErrUnsupported is matched (errors.Is) by the PatternSyntaxException of a pattern that Java
// accepts but this package cannot run.
var ErrUnsupported = errUnsupported

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

// subject is an input string prepared for regexp2, which matches on runes: surrogate halves
// stored as WTF-8 become surrogate runes, invalid bytes become U+FFFD. offsets maps rune
// indices back to byte offsets (nil for ASCII, where they are equal).
type subject struct {
	s       string
	runes   []rune
	offsets []int
}

func newSubject(s string) subject {
	sub := subject{s: s, runes: make([]rune, 0, len(s))}
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			sub.runes = append(sub.runes, rune(s[i]))
		}
		return sub
	}
	sub.offsets = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		sub.runes = append(sub.runes, r)
		sub.offsets = append(sub.offsets, i)
		i += size
	}
	sub.offsets = append(sub.offsets, len(s))
	return sub
}

// offset converts a rune index to a byte offset.
func (sub subject) offset(i int) int {
	if sub.offsets == nil {
		return i
	}
	return sub.offsets[i]
}

// text returns the input between rune indices i and j.
func (sub subject) text(i, j int) string { return sub.s[sub.offset(i):sub.offset(j)] }

// matchError converts a regexp2 matching error (a timeout) to an exception.
func (p *Pattern) matchError(err error) error {
	return &timeoutError{exc: Exception{Class: ClassRegexTimeout,
		Message: "matching pattern " + p.source + " took longer than " + MatchTimeout.String()}, cause: err}
}

type timeoutError struct {
	exc   Exception
	cause error
}

func (e *timeoutError) Error() string   { return e.exc.Error() }
func (e *timeoutError) Unwrap() []error { return []error{&e.exc, e.cause, ErrTimeout} }

// ErrTimeout is matched (errors.Is) by the error of a regex operation that exceeded
// MatchTimeout.
var ErrTimeout = errors.New("regex match timeout")

// Matches reports whether the whole of s matches, as Pattern.matches(regex, s) and
// String.matches do. The error is set only when matching exceeded MatchTimeout.
func (p *Pattern) Matches(s string) (bool, error) {
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

// forEachMatch calls fn for every match of p in sub, left to right as Matcher.find does (an
// empty match moves the next search one character on), until fn returns false.
// The whole operation, not only each find, is bounded: once MatchTimeout has passed no further
// find starts, so a replaceAll or split takes at most about twice MatchTimeout.
func (p *Pattern) forEachMatch(sub subject, fn func(m *regexp2.Match) bool) error {
	deadline := time.Now().Add(MatchTimeout)
	m, err := p.find.FindRunesMatch(sub.runes)
	for m != nil && err == nil {
		if !fn(m) {
			return nil
		}
		if time.Now().After(deadline) {
			return p.matchError(errors.New("operation deadline passed"))
		}
		m, err = p.find.FindNextMatch(m)
	}
	if err != nil {
		return p.matchError(err)
	}
	return nil
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
	sub := newSubject(s)
	var (
		out     []byte
		parts   []replacementPart
		last    int
		matched bool
		err     error
	)
	matchErr := p.forEachMatch(sub, func(m *regexp2.Match) bool {
		if !matched {
			matched = true
			if parts, err = p.parseReplacement(replacement); err != nil {
				return false
			}
			out = make([]byte, 0, len(s)+len(replacement))
		}
		out = append(out, sub.text(last, m.Index)...)
		for _, part := range parts {
			if part.group < 0 {
				out = append(out, part.literal...)
			} else if g := m.GroupByNumber(part.group); g != nil && len(g.Captures) > 0 {
				out = append(out, sub.text(g.Index, g.Index+g.Length)...)
			}
		}
		last = m.Index + m.Length
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
	out = append(out, s[sub.offset(last):]...)
	return string(out), nil
}

// Split returns Pattern.split(s, limit): the pieces of s around the matches of p. A positive
// limit caps the number of pieces (the last holds the rest of s), zero drops trailing empty
// pieces, a negative limit keeps everything. A zero-width match at the start of s never yields
// a leading empty piece, and an s without matches yields [s].
func (p *Pattern) Split(s string, limit int) ([]string, error) {
	sub := newSubject(s)
	var list []string
	index := 0
	err := p.forEachMatch(sub, func(m *regexp2.Match) bool {
		switch {
		case limit <= 0 || len(list) < limit-1:
			if index == 0 && m.Index == 0 && m.Length == 0 {
				return true
			}
			list = append(list, sub.text(index, m.Index))
			index = m.Index + m.Length
		case len(list) == limit-1:
			list = append(list, sub.text(index, len(sub.runes)))
			index = m.Index + m.Length
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if index == 0 {
		return []string{s}, nil
	}
	if limit <= 0 || len(list) < limit {
		list = append(list, sub.text(index, len(sub.runes)))
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
