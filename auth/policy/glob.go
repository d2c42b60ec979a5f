package policy

import "strings"

// A Glob is a compiled IAM wildcard pattern, as a policy's Resource and Action hold them: `*`
// matches any run of characters (including none, and including `/` and `:`), `?` matches
// exactly one character, and everything else matches itself. A Glob matches the whole string,
// never a part of it.
//
// Matching takes no backtracking: the pattern is cut at its stars into segments, the first is
// matched at the start, the last at the end, and each one between is searched for once, from
// where the previous one ended, leftmost first (which is always a correct choice between
// stars). So a match costs at most len(s) times the length of the longest segment, however many
// stars the pattern has. `?` matches one byte: method ARNs are ASCII, since API Gateway puts the
// request path in them as received, percent-encoded.
type Glob struct {
	pattern string
	fold    bool     // ASCII case-insensitive (actions); resources are case-sensitive
	star    bool     // the pattern has at least one star
	segs    []string // the pattern cut at its stars: segs[0] before the first, the last after the last
	qmark   bool     // some segment holds a '?'
}

// CompileGlob compiles a case-sensitive pattern, as a Resource is.
func CompileGlob(pattern string) Glob { return compileGlob(pattern, false) }

func compileGlob(pattern string, fold bool) Glob {
	g := Glob{pattern: pattern, fold: fold, qmark: strings.IndexByte(pattern, '?') >= 0}
	if fold {
		g.pattern = strings.ToLower(pattern)
	}
	g.star = strings.IndexByte(pattern, '*') >= 0
	if g.star {
		g.segs = strings.Split(g.pattern, "*")
		// Runs of stars are one star: drop the empty segments between them.
		kept := g.segs[:1]
		for _, s := range g.segs[1 : len(g.segs)-1] {
			if s != "" {
				kept = append(kept, s)
			}
		}
		g.segs = append(kept, g.segs[len(g.segs)-1])
	}
	return g
}

// String returns the pattern.
func (g Glob) String() string { return g.pattern }

// Match reports whether the pattern matches the whole of s.
func (g *Glob) Match(s string) bool {
	if !g.star {
		return len(s) == len(g.pattern) && g.equal(g.pattern, s)
	}
	first, last := g.segs[0], g.segs[len(g.segs)-1]
	if len(s) < len(first)+len(last) || !g.equal(first, s[:len(first)]) || !g.equal(last, s[len(s)-len(last):]) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, seg := range g.segs[1 : len(g.segs)-1] {
		i := g.index(s, seg)
		if i < 0 {
			return false
		}
		s = s[i+len(seg):]
	}
	return true
}

// index returns the index of the first place seg matches in s, or -1.
func (g *Glob) index(s, seg string) int {
	if !g.qmark && !g.fold {
		return strings.Index(s, seg)
	}
	for i := 0; i+len(seg) <= len(s); i++ {
		if g.equal(seg, s[i:i+len(seg)]) {
			return i
		}
	}
	return -1
}

// equal reports whether the segment seg matches s, of the same length.
func (g *Glob) equal(seg, s string) bool {
	if !g.qmark && !g.fold {
		return seg == s
	}
	for i := 0; i < len(seg); i++ {
		c, p := s[i], seg[i]
		if g.fold && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if p != c && p != '?' {
			return false
		}
	}
	return true
}
