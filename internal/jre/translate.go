package jre

import (
	"math"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Java's inline flags, as bits.
const (
	flagI  = 1 << iota // CASE_INSENSITIVE
	flagD              // UNIX_LINES
	flagM              // MULTILINE
	flagS              // DOTALL
	flagU              // UNICODE_CASE (case folding is Unicode in regexp2 anyway)
	flagX              // COMMENTS
	flagUU             // UNICODE_CHARACTER_CLASS
	flagC              // CANON_EQ (ignored)
)

// flagLetters maps an inline flag letter to its bits; (?U) implies UNICODE_CASE, as in Java.
var flagLetters = map[rune]int{'i': flagI, 'd': flagD, 'm': flagM, 's': flagS, 'u': flagU, 'x': flagX, 'U': flagUU | flagU, 'c': flagC}

// translation is the result of translating one Java pattern to regexp2's .NET syntax.
type translation struct {
	expr   string         // the .NET pattern
	groups int            // number of capturing groups
	names  map[string]int // named group -> number

	// unitSteps is true when Java would search this pattern one UTF-16 code unit at a time
	// (its Start node) rather than one code point at a time (StartS): when nothing in it can
	// match a supplementary character or a surrogate.
	unitSteps bool
	// emptyOrDot is true when the pattern can match the empty string or contains '.': only
	// then can a pattern searched unit by unit match between two surrogates.
	emptyOrDot bool
}

// translator turns java.util.regex syntax into the .NET syntax regexp2 parses, so that the
// compiled pattern behaves as Java's would: Java's line terminators for ., ^ and $, ASCII \w
// \d \s, Java's \p names, nested and intersected classes, possessive quantifiers, named groups
// numbered in Java's order.
type translator struct {
	pattern string // the original pattern, for error messages
	src     []rune // the pattern after \Q..\E removal
	pos     int
	out     []byte
	flags   int
	groups  int
	names   map[string]int
	total   int // capturing groups in the whole pattern (from a first pass), or -1

	numberedRefs bool // a \1-style back reference was seen

	supplementary bool  // something can match a supplementary character or a surrogate
	dot           bool  // the pattern contains '.'
	minLength     int32 // Java's minimum match length of the pattern
}

// translate converts a Java pattern. It never panics; a pattern Java rejects yields a
// PatternSyntaxException.
func translate(pattern string) (tr translation, err error) {
	src := removeQuoting([]rune(pattern))
	first := translator{pattern: pattern, src: src, total: -1}
	if err := first.run(); err != nil {
		return translation{}, err
	}
	if !first.numberedRefs {
		return first.result(), nil
	}
	// A numbered back reference to a group that the pattern does not have is translated
	// differently, so translate again knowing the number of groups.
	second := translator{pattern: pattern, src: src, total: first.groups}
	if err := second.run(); err != nil {
		return translation{}, err
	}
	return second.result(), nil
}

// result packages what a successful run produced.
func (t *translator) result() translation {
	return translation{expr: string(t.out), groups: t.groups, names: t.names,
		unitSteps: !t.supplementary, emptyOrDot: t.dot || t.minLength <= 0}
}

// removeQuoting replaces \Q..\E spans by escaped characters, as Java does before parsing.
func removeQuoting(p []rune) []rune {
	if !slices.Contains(p, 'Q') {
		return p
	}
	out := make([]rune, 0, len(p)+8)
	for i := 0; i < len(p); i++ {
		if p[i] != '\\' || i+1 >= len(p) {
			out = append(out, p[i])
			continue
		}
		if p[i+1] != 'Q' {
			out = append(out, p[i], p[i+1])
			i++
			continue
		}
		i += 2
		for ; i < len(p); i++ {
			if p[i] == '\\' && i+1 < len(p) && p[i+1] == 'E' {
				i++
				break
			}
			c := p[i]
			if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				out = append(out, c)
			} else {
				out = append(out, '\\', c)
			}
		}
	}
	return out
}

// maxTranslation bounds the size of a translated pattern. Classes such as \p{L} expand to
// kilobytes of ranges; a pattern repeating them thousands of times is refused rather than
// handed to regexp2.
const maxTranslation = 1 << 20

func (t *translator) run() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = newSyntaxError("Unexpected internal error", t.pattern, t.pos, nil)
		}
	}()
	t.names = map[string]int{}
	for _, r := range t.src {
		t.noteRune(r)
	}
	shapes, err := t.alternation()
	if err != nil {
		return err
	}
	var info treeInfo
	info.reset()
	study(shapes, &info, nil)
	t.minLength = info.min
	if len(t.out) > maxTranslation {
		return newSyntaxError("Pattern too large", t.pattern, -1, unsupported("a pattern translating to more than 1 MiB"))
	}
	if t.pos < len(t.src) {
		// Only an unmatched ')' stops the top-level alternation early.
		return newSyntaxError("Unmatched closing ')'", t.pattern, -1, nil)
	}
	return nil
}

func (t *translator) fail(desc string) error { return newSyntaxError(desc, t.pattern, t.pos, nil) }

// peek returns the next pattern character (skipping white space and comments in COMMENTS
// mode), or -1 at the end.
func (t *translator) peek() rune {
	if t.flags&flagX != 0 {
		t.skipComments()
	}
	if t.pos >= len(t.src) {
		return -1
	}
	return t.src[t.pos]
}

func (t *translator) skipComments() {
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		switch {
		case c == ' ' || c >= '\t' && c <= '\r':
			t.pos++
		case c == '#':
			for t.pos < len(t.src) && !t.isLineTerminator(t.src[t.pos]) {
				t.pos++
			}
		default:
			return
		}
	}
}

func (t *translator) isLineTerminator(c rune) bool {
	if t.flags&flagD != 0 {
		return c == '\n'
	}
	return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029
}

// next consumes and returns the next character (-1 at the end), without comment skipping.
func (t *translator) next() rune {
	if t.pos >= len(t.src) {
		return -1
	}
	c := t.src[t.pos]
	t.pos++
	return c
}

// alternation parses seq ('|' seq)* up to ')' or the end.
// It returns the shapes of what it parsed (see lookbehind.go).
func (t *translator) alternation() ([]*shape, error) {
	var alts [][]*shape
	for {
		seq, err := t.sequence()
		if err != nil {
			return nil, err
		}
		alts = append(alts, seq)
		if t.peek() != '|' {
			break
		}
		t.pos++
		t.out = append(t.out, '|')
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return []*shape{{kind: shapeAlternation, alts: alts}}, nil
}

// sequence parses atoms with their quantifiers up to '|', ')' or the end.
func (t *translator) sequence() ([]*shape, error) {
	var seq []*shape
	for {
		c := t.peek()
		switch c {
		case -1, '|', ')':
			return seq, nil
		case '*', '+', '?':
			return nil, t.fail("Dangling meta character '" + string(c) + "'")
		}
		start := len(t.out)
		atom, err := t.atom()
		if err != nil {
			return nil, err
		}
		if atom == nil {
			continue // an inline flag group, which Java never quantifies
		}
		if atom, err = t.quantifier(start, atom); err != nil {
			return nil, err
		}
		seq = append(seq, atom)
	}
}

// quantifier parses an optional quantifier for the atom emitted at out[start:], returning the
// shape of the quantified atom.
func (t *translator) quantifier(start int, atom *shape) (*shape, error) {
	var q string
	quantified := &shape{kind: shapeQuantified, atom: atom}
	switch c := t.peek(); c {
	case '*', '+', '?':
		t.pos++
		q = string(c)
		switch c {
		case '*':
			quantified.max, quantified.open = math.MaxInt32, true
		case '+':
			quantified.min, quantified.max, quantified.open = 1, math.MaxInt32, true
		default:
			quantified.max = 1
		}
	case '{':
		t.pos++
		lo, ok := t.number()
		if !ok {
			return nil, t.fail("Illegal repetition")
		}
		hi := lo
		if t.peek() == ',' {
			t.pos++
			hi = -1
			if c := t.peek(); c >= '0' && c <= '9' {
				if hi, ok = t.number(); !ok {
					return nil, t.fail("Illegal repetition")
				}
			}
		}
		if t.peek() != '}' {
			return nil, t.fail("Unclosed counted closure")
		}
		t.pos++
		if lo < 0 || hi == -2 || hi >= 0 && hi < lo {
			return nil, t.fail("Illegal repetition range")
		}
		quantified.min, quantified.max = int32(lo), int32(hi)
		if hi == -1 {
			quantified.max, quantified.open = math.MaxInt32, true
		}
		switch {
		case hi == lo:
			q = "{" + strconv.Itoa(lo) + "}"
		case hi == -1:
			q = "{" + strconv.Itoa(lo) + ",}"
		default:
			q = "{" + strconv.Itoa(lo) + "," + strconv.Itoa(hi) + "}"
		}
	default:
		return atom, nil
	}
	switch t.peek() {
	case '?':
		t.pos++
		t.out = append(t.out, q+"?"...)
		quantified.lazy = true
	case '+':
		t.pos++
		t.out = slices.Insert(t.out, start, []byte("(?>")...)
		t.out = append(t.out, q+")"...)
		quantified.possesive = true
	default:
		t.out = append(t.out, q...)
	}
	return quantified, nil
}

// number parses decimal digits; ok is false when there are none. An overflowing number
// yields -2, which callers report as an illegal range as Java does.
func (t *translator) number() (int, bool) {
	n, digits := 0, 0
	for c := t.peek(); c >= '0' && c <= '9'; c = t.peek() {
		t.pos++
		digits++
		if n > (1<<31-1-9)/10 {
			n = -2
		}
		if n >= 0 {
			n = n*10 + int(c-'0')
		}
	}
	return n, digits > 0
}

// atom translates one atom and returns its shape, nil for an inline flag group (which Java
// never quantifies).
func (t *translator) atom() (*shape, error) {
	c := t.peek()
	switch c {
	case '(':
		t.pos++
		return t.group()
	case '[':
		t.pos++
		set, err := t.class()
		if err != nil {
			return nil, err
		}
		t.noteSet(set)
		t.out = set.appendClass(t.out)
		return &shape{kind: shapeChar}, nil
	case '.':
		t.pos++
		t.dot = true
		switch {
		case t.flags&flagS != 0:
			t.out = append(t.out, `[\s\S]`...)
		case t.flags&flagD != 0:
			t.out = append(t.out, `[^\n]`...)
		default:
			t.out = append(t.out, `[^\n\r\u0085\u2028\u2029]`...)
		}
		return &shape{kind: shapeChar}, nil
	case '^':
		t.pos++
		switch {
		case t.flags&flagM == 0:
			t.out = append(t.out, `(?:\A)`...)
		case t.flags&flagD != 0:
			t.out = append(t.out, `(?:(?!\z)(?:\A|(?<=\n)))`...)
		default:
			t.out = append(t.out, `(?:(?!\z)(?:\A|(?<=[\n\u0085\u2028\u2029])|(?<=\r)(?!\n)))`...)
		}
		return &shape{kind: shapeZeroWidth}, nil
	case '$':
		t.pos++
		t.out = append(t.out, t.dollar()...)
		return &shape{kind: shapeZeroWidth}, nil
	case '\\':
		t.pos++
		return t.escape()
	case '{':
		// Java quantifies an empty atom here: "{2}" is valid, "{" is not.
		if d := t.pos + 1; d < len(t.src) && t.src[d] >= '0' && t.src[d] <= '9' {
			t.out = append(t.out, "(?:)"...)
			return &shape{kind: shapeEmpty}, nil
		}
		t.pos++
		return nil, t.fail("Illegal repetition")
	}
	t.pos++
	t.appendLiteral(c)
	return &shape{kind: shapeChar}, nil
}

// noteRune records a literal that makes Java search code point by code point.
func (t *translator) noteRune(r rune) {
	if r >= 0x10000 || r >= 0xD800 && r <= 0xDFFF {
		t.supplementary = true
	}
}

// noteSet records a class that makes Java search code point by code point: one that can match
// a supplementary character or a surrogate. ('.' does not count: Java builds it differently.)
func (t *translator) noteSet(set runeSet) {
	if len(set) > 0 && set[len(set)-1].hi >= 0x10000 || len(set.intersect(ranges(0xD800, 0xDFFF))) > 0 {
		t.supplementary = true
	}
}

// appendLiteral emits a literal character, as a class of its case variants under
// CASE_INSENSITIVE. Case folding is done here rather than by regexp2 so that it is ASCII-only
// unless UNICODE_CASE is on, as in Java.
func (t *translator) appendLiteral(r rune) {
	if t.flags&flagI != 0 {
		if set := t.fold(single(r)); len(set) > 1 || set[0].lo != set[0].hi {
			t.out = set.appendClass(t.out)
			return
		}
	}
	t.out = appendClassRune(t.out, r)
}

// fold adds to s the case variants of its characters under the current flags: ASCII letters
// only, or (with UNICODE_CASE) every simple case folding.
func (t *translator) fold(s runeSet) runeSet {
	if t.flags&flagI == 0 {
		return s
	}
	var extra runeSet
	if t.flags&flagU == 0 {
		upper := s.intersect(ranges('A', 'Z'))
		lower := s.intersect(ranges('a', 'z'))
		for _, r := range upper {
			extra = append(extra, runeRange{r.lo + 32, r.hi + 32})
		}
		for _, r := range lower {
			extra = append(extra, runeRange{r.lo - 32, r.hi - 32})
		}
		return s.union(extra)
	}
	for _, rr := range s {
		for r := rr.lo; r <= min(rr.hi, lastCased); r++ {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				extra = append(extra, runeRange{f, f})
			}
		}
	}
	return s.union(extra)
}

// lastCased bounds the code points that have case variants (U+1E943 is the last in Unicode 15).
const lastCased = 0x1E943

// dollar is Java's $ (and \Z): end of input, or before a final line terminator; in MULTILINE
// mode before any line terminator. Never between \r and \n.
func (t *translator) dollar() string {
	switch {
	case t.flags&flagD != 0 && t.flags&flagM != 0:
		return `(?=\n|\z)`
	case t.flags&flagD != 0:
		return `(?=\n?\z)`
	case t.flags&flagM != 0:
		return `(?=[\r\u0085\u2028\u2029]|(?<!\r)\n|\z)`
	}
	return endBeforeTerminator
}

// endBeforeTerminator is Java's $ without MULTILINE, and \Z.
const endBeforeTerminator = `(?=\r\n\z|[\r\u0085\u2028\u2029]?\z|(?<!\r)\n\z)`

// group translates what follows '(' and returns the group's shape, nil for an inline flag
// group.
func (t *translator) group() (*shape, error) {
	saved := t.flags
	start := len(t.out)
	kind := shapeGroup
	var lookbehind rune // '=' or '!' for a look-behind
	if t.pos < len(t.src) && t.src[t.pos] == '?' {
		t.pos++
		c := t.next()
		switch c {
		case ':', '=', '!', '>':
			t.out = append(t.out, '(', '?', byte(c))
			switch c {
			case '=', '!':
				kind = shapeZeroWidth
			case '>':
				kind = shapeAtomic
			}
		case '$', '@':
			return nil, t.fail("Unknown group type")
		case '<':
			switch d := t.next(); {
			case d == '=' || d == '!':
				t.out = append(t.out, '(', '?', '<', byte(d))
				kind, lookbehind = shapeZeroWidth, d
			case d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z':
				name, err := t.groupName(d)
				if err != nil {
					return nil, err
				}
				if _, dup := t.names[name]; dup {
					return nil, t.fail("Named capturing group <" + name + "> is already defined")
				}
				t.groups++
				t.names[name] = t.groups
				t.out = append(t.out, '(')
			default:
				if d >= 0 {
					t.pos--
				}
				return nil, t.fail("capturing group name does not start with a Latin letter")
			}
		default:
			t.pos--
			on, colon, err := t.inlineFlags()
			if err != nil {
				return nil, err
			}
			t.flags = on
			if !colon {
				// (?flags) changes the flags until the end of the enclosing group.
				return nil, nil
			}
			t.out = append(t.out, "(?:"...)
		}
	} else {
		t.groups++
		t.out = append(t.out, '(')
	}
	body, err := t.alternation()
	if err != nil {
		return nil, err
	}
	if t.peek() != ')' {
		return nil, t.fail("Unclosed group")
	}
	if lookbehind != 0 {
		if err := t.applyLookbehindWindow(start, lookbehind, body); err != nil {
			return nil, err
		}
	}
	t.pos++
	t.out = append(t.out, ')')
	t.flags = saved
	return &shape{kind: kind, body: body}, nil
}

// applyLookbehindWindow makes the look-behind emitted at out[start:] (still missing its ')')
// hold where Java's would, given Java's length analysis of its body (see studyLookbehind).
func (t *translator) applyLookbehindWindow(start int, lookbehind rune, body []*shape) error {
	window, from := studyLookbehind(body)
	var prefix string
	switch {
	case window == windowUnbounded:
		return t.fail("Look-behind group does not have an obvious maximum length")
	case window == windowExact:
		return nil
	case window == windowNever && lookbehind == '=':
		prefix = "(?:(?!)"
	case window == windowNever:
		prefix = "(?:|"
	case lookbehind == '=':
		prefix = "(?:(?<=[\\s\\S]{" + strconv.Itoa(from) + "})"
	default:
		prefix = "(?:(?<![\\s\\S]{" + strconv.Itoa(from) + "})|"
	}
	t.out = slices.Insert(t.out, start, []byte(prefix)...)
	t.out = append(t.out, ')')
	return nil
}

// groupName parses the rest of a group name after its first letter and the closing '>'.
func (t *translator) groupName(first rune) (string, error) {
	name := []rune{first}
	for {
		c := t.next()
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			name = append(name, c)
		case c == '>':
			return string(name), nil
		default:
			if c >= 0 {
				t.pos--
			}
			return "", t.fail("named capturing group is missing trailing '>'")
		}
	}
}

// inlineFlags parses the flags of (?idmsuxU-idmsuxU) or (?flags:, returning the new flags and
// whether a ':' (a scoped group) followed.
func (t *translator) inlineFlags() (int, bool, error) {
	flags := t.flags
	negate := false
	for {
		c := t.next()
		switch {
		case c == ')':
			return flags, false, nil
		case c == ':':
			return flags, true, nil
		case c == '-' && !negate:
			negate = true
		case flagLetters[c] != 0:
			if negate {
				flags &^= flagLetters[c]
			} else {
				flags |= flagLetters[c]
			}
		default:
			if c >= 0 {
				t.pos--
			}
			return 0, false, t.fail("Unknown inline modifier")
		}
	}
}

// escape translates what follows a backslash outside a class and returns its shape.
func (t *translator) escape() (*shape, error) {
	c := t.next()
	kind := shapeZeroWidth
	switch c {
	case -1:
		return nil, t.fail("Unexpected internal error")
	case 'A':
		t.out = append(t.out, `(?:\A)`...)
	case 'z':
		t.out = append(t.out, `(?:\z)`...)
	case 'Z':
		t.out = append(t.out, endBeforeTerminator...)
	case 'G':
		t.out = append(t.out, `(?:\G)`...)
	case 'b', 'B':
		if c == 'b' && t.pos < len(t.src) && t.src[t.pos] == '{' {
			switch {
			case t.pos+2 < len(t.src) && t.src[t.pos+1] == 'g' && t.src[t.pos+2] == '}':
				return nil, newSyntaxError("\\b{g} grapheme boundaries", t.pattern, t.pos, unsupported("\\b{g}"))
			case t.pos+1 < len(t.src) && t.src[t.pos+1] == 'g':
				return nil, t.fail("Illegal/unsupported escape sequence")
			}
		}
		t.out = append(t.out, '(', '?', ':', '\\', byte(c), ')')
	case 'R':
		t.out = append(t.out, `(?>\r\n|[\n\x0B\f\r\u0085\u2028\u2029])`...)
		kind = shapeLineEnding
	case 'X':
		t.out = append(t.out, `(?>\r\n|\P{M}\p{M}*)`...)
		kind = shapeGrapheme
	case 'k':
		if t.next() != '<' {
			return nil, t.fail("\\k is not followed by '<' for named capturing group")
		}
		first := t.next()
		if !(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z') {
			return nil, t.fail("capturing group name does not start with a Latin letter")
		}
		name, err := t.groupName(first)
		if err != nil {
			return nil, err
		}
		n, ok := t.names[name]
		if !ok {
			return nil, t.fail("named capturing group <" + name + "> does not exist")
		}
		t.appendBackref(n)
		kind = shapeBackref
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		t.numberedRefs = true
		kind = shapeBackref
		n := int(c - '0')
		for d := t.peek(); d >= '0' && d <= '9'; d = t.peek() {
			m := n*10 + int(d-'0')
			if t.groups < m {
				break
			}
			n = m
			t.pos++
		}
		if t.total >= 0 && n > t.total {
			// Java accepts a reference to a group that does not exist; it never matches.
			t.out = append(t.out, `(?!)`...)
		} else {
			t.appendBackref(n)
		}
	default:
		set, r, err := t.charEscape(c, false)
		if err != nil {
			return nil, err
		}
		if set != nil {
			t.noteSet(set)
			t.out = set.appendClass(t.out)
		} else {
			t.noteRune(r)
			t.appendLiteral(r)
		}
		kind = shapeChar
	}
	return &shape{kind: kind}, nil
}

// appendBackref emits a reference to group n, case-insensitive under CASE_INSENSITIVE.
func (t *translator) appendBackref(n int) {
	if t.flags&flagI != 0 {
		t.out = append(t.out, `(?i:\`+strconv.Itoa(n)+`)`...)
		return
	}
	t.out = append(t.out, `(?:\`+strconv.Itoa(n)+`)`...)
}

// charEscape translates an escape that stands for a character or a class: it returns either
// a set (\d, \p{..}, ...) or a single code point.
func (t *translator) charEscape(c rune, inClass bool) (runeSet, rune, error) {
	switch c {
	case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V':
		set := t.predefined(c | 0x20)
		if c < 'a' {
			set = set.complement()
		}
		return set, 0, nil
	case 'p', 'P':
		set, err := t.propertyEscape()
		if c == 'P' {
			set = set.complement()
		}
		return set, 0, err
	case 't':
		return nil, '\t', nil
	case 'n':
		return nil, '\n', nil
	case 'r':
		return nil, '\r', nil
	case 'f':
		return nil, '\f', nil
	case 'a':
		return nil, 0x07, nil
	case 'e':
		return nil, 0x1B, nil
	case 'c':
		d := t.next()
		if d < 0 {
			return nil, 0, t.fail("Illegal control escape sequence")
		}
		return nil, d ^ 64, nil
	case '0':
		return t.octal()
	case 'x':
		return t.hexEscape()
	case 'u':
		r, err := t.unicodeEscape()
		return nil, r, err
	case 'N':
		return nil, 0, newSyntaxError("\\N{name} character names", t.pattern, t.pos, unsupported("\\N{name}"))
	}
	if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
		t.pos--
		return nil, 0, t.fail("Illegal/unsupported escape sequence")
	}
	return nil, c, nil
}

// predefined returns \d, \w, \s, \h or \v (lower-case letter), honouring
// UNICODE_CHARACTER_CLASS.
func (t *translator) predefined(c rune) runeSet {
	unicodeClass := t.flags&flagUU != 0
	switch c {
	case 'd':
		if unicodeClass {
			set, _, _ := category("Nd")
			return set
		}
		return asciiDigit
	case 'w':
		if unicodeClass {
			return unicodeWord()
		}
		return asciiWord
	case 's':
		if unicodeClass {
			return binaryProperties["WHITESPACE"]()
		}
		return asciiSpace
	case 'h':
		return horizontal
	}
	return vertical
}

// propertyEscape parses the name of \p or \P and resolves it.
func (t *translator) propertyEscape() (runeSet, error) {
	var name string
	switch c := t.next(); c {
	case -1:
		return nil, t.fail("Illegal/unsupported escape sequence")
	case '{':
		end := slices.Index(t.src[t.pos:], '}')
		if end < 0 {
			return nil, t.fail("Unclosed character family")
		}
		name = string(t.src[t.pos : t.pos+end])
		t.pos += end + 1
		if name == "" {
			return nil, t.fail("Empty character family")
		}
	default:
		name = string(c)
	}
	if t.flags&flagI != 0 {
		if folded, ok := caseInsensitiveProperties[name]; ok {
			name = folded
		}
	}
	set, ok, err := property(name)
	switch {
	case err != nil:
		return nil, newSyntaxError("Unsupported character property name {"+name+"}", t.pattern, t.pos, err)
	case !ok:
		return nil, t.fail("Unknown character property name {" + name + "}")
	}
	return set, nil
}

// caseInsensitiveProperties maps the case-sensitive property names to what Java matches under
// CASE_INSENSITIVE: any letter of either case.
var caseInsensitiveProperties = map[string]string{
	"Lu": "LC", "Ll": "LC", "Lt": "LC", "IsLu": "LC", "IsLl": "LC", "IsLt": "LC",
	"Lower": "Alpha", "Upper": "Alpha",
	"javaLowerCase": "javaCasedLetter", "javaUpperCase": "javaCasedLetter", "javaTitleCase": "javaCasedLetter",
	"IsLowercase": "javaCasedLetter", "IsUppercase": "javaCasedLetter", "IsTitlecase": "javaCasedLetter",
}

// octal parses the digits of \0n, \0nn or \0mnn (m <= 3).
func (t *translator) octal() (runeSet, rune, error) {
	isOctal := func(i int) bool { return i < len(t.src) && t.src[i] >= '0' && t.src[i] <= '7' }
	if !isOctal(t.pos) {
		return nil, 0, t.fail("Illegal octal escape sequence")
	}
	n := t.src[t.pos] - '0'
	t.pos++
	if isOctal(t.pos) {
		n = n*8 + t.src[t.pos] - '0'
		t.pos++
		if isOctal(t.pos) && n < 040 {
			n = n*8 + t.src[t.pos] - '0'
			t.pos++
		}
	}
	return nil, n, nil
}

// hexEscape parses \xhh or \x{h...h}.
func (t *translator) hexEscape() (runeSet, rune, error) {
	if t.pos < len(t.src) && t.src[t.pos] == '{' {
		t.pos++
		var n rune
		digits := 0
		for t.pos < len(t.src) && hexValue(t.src[t.pos]) >= 0 {
			n = n*16 + hexValue(t.src[t.pos])
			t.pos++
			digits++
			if n > 0x10FFFF {
				return nil, 0, t.fail("Hexadecimal codepoint is too big")
			}
		}
		if digits == 0 || t.pos >= len(t.src) || t.src[t.pos] != '}' {
			return nil, 0, t.fail("Unclosed hexadecimal escape sequence")
		}
		t.pos++
		return nil, n, nil
	}
	r, ok := t.hexDigits(2)
	if !ok {
		return nil, 0, t.fail("Illegal hexadecimal escape sequence")
	}
	return nil, r, nil
}

// unicodeEscape parses \uhhhh, joining a high surrogate escape with a following low one.
func (t *translator) unicodeEscape() (rune, error) {
	r, ok := t.hexDigits(4)
	if !ok {
		return 0, t.fail("Illegal Unicode escape sequence")
	}
	if r >= 0xD800 && r <= 0xDBFF && t.pos+1 < len(t.src) && t.src[t.pos] == '\\' && t.src[t.pos+1] == 'u' {
		save := t.pos
		t.pos += 2
		if lo, ok := t.hexDigits(4); ok && lo >= 0xDC00 && lo <= 0xDFFF {
			return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), nil
		}
		t.pos = save
	}
	return r, nil
}

// hexDigits parses exactly n hexadecimal digits.
func (t *translator) hexDigits(n int) (rune, bool) {
	var r rune
	for range n {
		if t.pos >= len(t.src) || hexValue(t.src[t.pos]) < 0 {
			return 0, false
		}
		r = r*16 + hexValue(t.src[t.pos])
		t.pos++
	}
	return r, true
}

func hexValue(c rune) rune {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return -1
}

// class parses a character class after its '[' up to and including its ']', evaluating
// unions (nested classes), intersections (&&) and negation (which, since Java 9, applies to
// the whole class including nested classes).
func (t *translator) class() (runeSet, error) {
	negate := false
	if t.peek() == '^' {
		t.pos++
		negate = true
	}
	var set runeSet
	first := true
	for {
		c := t.peek()
		switch {
		case c == -1:
			return nil, t.fail("Unclosed character class")
		case c == ']' && !first:
			t.pos++
			if negate {
				set = set.complement()
			}
			return set, nil
		case c == '[':
			t.pos++
			nested, err := t.class()
			if err != nil {
				return nil, err
			}
			set = set.union(nested)
		case c == '&' && t.pos+1 < len(t.src) && t.src[t.pos+1] == '&':
			t.pos += 2
			right, err := t.classOperand()
			if err != nil {
				return nil, err
			}
			if first {
				set = right
			} else {
				set = set.intersect(right)
			}
		default:
			item, err := t.classItem()
			if err != nil {
				return nil, err
			}
			set = set.union(item)
		}
		first = false
	}
}

// classOperand parses the right side of && up to the class's ']' or the next &&, without
// consuming either.
func (t *translator) classOperand() (runeSet, error) {
	var set runeSet
	seen := false
	for {
		c := t.peek()
		switch {
		case c == -1:
			return nil, t.fail("Unclosed character class")
		case c == ']':
			if !seen {
				return ranges(0, 0x10FFFF), nil
			}
			return set, nil
		case c == '&' && t.pos+1 < len(t.src) && t.src[t.pos+1] == '&':
			return set, nil
		case c == '[':
			t.pos++
			nested, err := t.class()
			if err != nil {
				return nil, err
			}
			set = set.union(nested)
		default:
			item, err := t.classItem()
			if err != nil {
				return nil, err
			}
			set = set.union(item)
		}
		seen = true
	}
}

// classItem parses one character, escape or range inside a class.
func (t *translator) classItem() (runeSet, error) {
	set, lo, err := t.classChar(false)
	if err != nil || set != nil {
		return set, err
	}
	if t.peek() == '-' && t.pos+1 < len(t.src) && t.src[t.pos+1] != ']' && t.src[t.pos+1] != '[' {
		t.pos++
		hiSet, hi, err := t.classChar(true)
		if err != nil {
			return nil, err
		}
		if hiSet != nil || hi < lo {
			return nil, t.fail("Illegal character range")
		}
		return t.fold(runeSet{{lo, hi}}), nil
	}
	return t.fold(single(lo)), nil
}

// classChar parses one character or class escape inside a class.
func (t *translator) classChar(rangeEnd bool) (runeSet, rune, error) {
	c := t.peek()
	t.pos++
	if c != '\\' {
		return nil, c, nil
	}
	e := t.next()
	switch {
	case e == -1:
		return nil, 0, t.fail("Unexpected internal error")
	case e == 'v' && (rangeEnd || t.pos < len(t.src) && t.src[t.pos] == '-'):
		// Java keeps the pre-Java 8 meaning of \v, the vertical tab, as a range bound.
		return nil, 0x0B, nil
	case e >= '1' && e <= '9', e == 'b', e == 'B', e == 'A', e == 'z', e == 'Z', e == 'G', e == 'R', e == 'X', e == 'k':
		t.pos--
		return nil, 0, t.fail("Illegal/unsupported escape sequence")
	}
	return t.charEscape(e, true)
}
