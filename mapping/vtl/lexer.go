package vtl

// The lexer reproduces Apache Velocity 1.7's JavaCC token manager (Parser.jjt): the same lexical
// states, the same tokens in the same declaration order (longest match wins, ties go to the
// earlier token), the same MORE accumulation, special tokens and state-stack actions. Velocity's
// whitespace and escaping behaviour falls out of these rules (a directive's closing parenthesis
// eats the rest of its line, a reference followed by " #set(" stays in reference state, ...), so
// they are reproduced rather than approximated.

type lexState uint8

const (
	stDefault lexState = iota
	stReference
	stRefModifier
	stRefMod2
	stRefIndex
	stDirective
	stPreDirective
	stSingleLineComment
	stFormalComment
	stMultiLineComment
	stTextBlock
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tIndexLBracket
	tIndexRBracket
	tLBracket
	tRBracket
	tComma
	tDoubleDot
	tColon
	tLeftCurley
	tRightCurley
	tLParen
	tRParen
	tRefMod2RParen
	tEscapeDirective
	tSetDirective
	tSingleLineCommentStart
	tDoubleEscape
	tEscape
	tText
	tSingleLineComment
	tFormalComment
	tMultiLineComment
	tTextBlock
	tWhitespace
	tStringLiteral
	tTrue
	tFalse
	tNewline
	tMinus
	tPlus
	tMultiply
	tDivide
	tModulus
	tAnd
	tOr
	tLT
	tLE
	tGT
	tGE
	tEQ
	tNE
	tNot
	tEquals
	tEnd
	tIf
	tElseIf
	tElse
	tIntegerLiteral
	tFloatLiteral
	tWord
	tBracketedWord
	tIdentifier
	tDot
	tLCurly
	tRCurly
	tEmptyIndex
	// special tokens (never returned to the parser; attached to the next token)
	tReferenceTerminator
	tDirectiveTerminator
)

var tokNames = [...]string{
	tEOF: "<EOF>", tIndexLBracket: `"["`, tIndexRBracket: `"]"`, tLBracket: `"["`, tRBracket: `"]"`,
	tComma: `","`, tDoubleDot: `".."`, tColon: `":"`, tLeftCurley: `"{"`, tRightCurley: `"}"`,
	tLParen: `"("`, tRParen: "<RPAREN>", tRefMod2RParen: `")"`, tEscapeDirective: "<ESCAPE_DIRECTIVE>",
	tSetDirective: "<SET_DIRECTIVE>", tSingleLineCommentStart: `"##"`, tDoubleEscape: `"\\\\"`,
	tEscape: `"\\"`, tText: "<TEXT>", tSingleLineComment: "<SINGLE_LINE_COMMENT>",
	tFormalComment: `"*#"`, tMultiLineComment: `"*#"`, tTextBlock: `"]]#"`, tWhitespace: "<WHITESPACE>",
	tStringLiteral: "<STRING_LITERAL>", tTrue: `"true"`, tFalse: `"false"`, tNewline: "<NEWLINE>",
	tMinus: `"-"`, tPlus: `"+"`, tMultiply: `"*"`, tDivide: `"/"`, tModulus: `"%"`, tAnd: "<LOGICAL_AND>",
	tOr: "<LOGICAL_OR>", tLT: "<LOGICAL_LT>", tLE: "<LOGICAL_LE>", tGT: "<LOGICAL_GT>", tGE: "<LOGICAL_GE>",
	tEQ: "<LOGICAL_EQUALS>", tNE: "<LOGICAL_NOT_EQUALS>", tNot: "<LOGICAL_NOT>", tEquals: `"="`,
	tEnd: "<END>", tIf: "<IF_DIRECTIVE>", tElseIf: "<ELSEIF_DIRECTIVE>", tElse: "<ELSE_DIRECTIVE>",
	tIntegerLiteral: "<INTEGER_LITERAL>", tFloatLiteral: "<FLOATING_POINT_LITERAL>",
	tWord: "<WORD>", tBracketedWord: "<BRACKETED_WORD>", tIdentifier: "<IDENTIFIER>", tDot: "<DOT>",
	tLCurly: `"{"`, tRCurly: `"}"`, tEmptyIndex: "<EMPTY_INDEX>",
	tReferenceTerminator: "<REFERENCE_TERMINATOR>", tDirectiveTerminator: "<DIRECTIVE_TERMINATOR>",
}

func (k tokKind) String() string {
	if int(k) < len(tokNames) && tokNames[k] != "" {
		return tokNames[k]
	}
	return "<?>"
}

// token is one lexed token. image is the matched text including any MORE prefix (e.g. "\\$foo"
// or "#if"); special holds the images of special tokens (reference and directive terminators)
// that came right before it, which Velocity renders in front of some nodes.
type token struct {
	kind    tokKind
	image   string
	special []string
	pos     int // byte offset of the start of image in the source
}

// matchKind distinguishes JavaCC's TOKEN, MORE, SPECIAL_TOKEN and SKIP.
type matchKind uint8

const (
	mToken matchKind = iota
	mMore
	mSpecial
	mSkip
)

type lexStackEntry struct {
	lparen, rparen int
	state          lexState
}

type lexer struct {
	src   string
	pos   int
	state lexState

	lparen, rparen int
	stack          []lexStackEntry

	inReference bool
	inDirective bool
	inComment   bool
	inSet       bool

	special []string
	err     error
}

func newLexer(src string) *lexer { return &lexer{src: src} }

func (l *lexer) push() {
	l.stack = append(l.stack, lexStackEntry{l.lparen, l.rparen, l.state})
	l.lparen = 0
}

func (l *lexer) pop() bool {
	if len(l.stack) == 0 {
		l.lparen = 0
		l.state = stDefault
		return false
	}
	s := l.stack[len(l.stack)-1]
	l.stack = l.stack[:len(l.stack)-1]
	l.lparen, l.rparen, l.state = s.lparen, s.rparen, s.state
	return true
}

func (l *lexer) rparenHandler() {
	closed := l.inComment
	for !closed {
		if l.lparen > 0 {
			if l.lparen == l.rparen+1 {
				l.pop()
			} else {
				l.rparen++
			}
			closed = true
		} else if !l.pop() {
			break
		}
	}
}

// candidate records the best match so far: longest wins, ties keep the earlier declaration.
type candidate struct {
	n    int     // length in bytes
	kind tokKind // token kind
	mk   matchKind
	rank int // declaration order
	// id distinguishes MORE tokens that share no tokKind
	more moreID
}

type moreID uint8

const (
	moreNone moreID = iota
	moreDollar
	moreDollarBang
	moreTextBlockOpen
	moreFormalComment
	moreMultiComment
	moreHash
	moreAny // IN_TEXTBLOCK's ~[]
)

func (c *candidate) offer(n int, rank int, mk matchKind, kind tokKind, more moreID) {
	if n <= 0 {
		return
	}
	if n > c.n || (n == c.n && rank < c.rank) {
		*c = candidate{n: n, kind: kind, mk: mk, rank: rank, more: more}
	}
}

// Declaration ranks, in Parser.jjt order.
const (
	rIndexLBracket = iota
	rIndexRBracket
	rLBracket
	rRBracket
	rComma
	rDoubleDot
	rColon
	rLeftCurley
	rRightCurley
	rLParen
	rRParen
	rRefMod2RParen
	rEscapeDirective
	rSetDirective
	rDollar
	rDollarBang
	rTextBlockOpen
	rFormalCommentOpen
	rMultiCommentOpen
	rHash
	rSingleLineCommentStart
	rDoubleEscape
	rEscape
	rText
	rSingleLineComment
	rFormalComment
	rMultiLineComment
	rTextBlock
	rCommentSkip
	rTextBlockMore
	rWhitespace
	rStringLiteral
	rTrue
	rFalse
	rNewline
	rMinus
	rPlus
	rMultiply
	rDivide
	rModulus
	rAnd
	rOr
	rLT
	rLE
	rGT
	rGE
	rEQ
	rNE
	rNot
	rEquals
	rEnd
	rIf
	rElseIf
	rElse
	rIntegerLiteral
	rFloatLiteral
	rWord
	rBracketedWord
	rIdentifier
	rDot
	rLCurly
	rRCurly
	rReferenceTerminator
	rDirectiveTerminator
	rEmptyIndex
)

func isLetter(c byte) bool     { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentChar(c byte) bool  { return isLetter(c) || isDigit(c) || c == '-' || c == '_' }
func isDirectChar(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' || c == '@' }

// next returns the next token for the parser, running lexical actions as the token manager does.
func (l *lexer) next() (token, error) {
	if l.err != nil {
		return token{kind: tEOF, pos: len(l.src)}, l.err
	}
	start := l.pos
	for {
		if l.pos >= len(l.src) {
			if l.pos > start { // input ended inside a MORE sequence
				l.err = &ParseError{Line: 0, Column: 0, Msg: "Lexical error: encountered <EOF>", pos: l.pos}
				return token{kind: tEOF, pos: l.pos}, l.err
			}
			t := token{kind: tEOF, pos: l.pos, special: l.special}
			l.special = nil
			return t, nil
		}
		c := l.match(l.pos)
		if c.n == 0 {
			l.err = &ParseError{Msg: "Lexical error: unexpected character " + quoteChar(l.src, l.pos), pos: l.pos}
			return token{kind: tEOF, pos: l.pos}, l.err
		}
		end := l.pos + c.n
		switch c.mk {
		case mMore:
			l.pos = end
			l.moreAction(c.more, &end)
			l.pos = end
			continue
		case mSkip:
			l.pos = end
			start = l.pos
			continue
		case mSpecial:
			image := l.src[start:end]
			l.special = append(l.special, image)
			// both terminators back up their one character
			l.pos = end - 1
			if c.kind == tReferenceTerminator {
				l.inReference = false
			} else {
				l.inDirective = false
			}
			l.pop()
			start = l.pos
			continue
		}
		t := token{kind: c.kind, pos: start, special: l.special}
		l.special = nil
		l.pos = end
		l.tokenAction(&t, start)
		return t, nil
	}
}

func quoteChar(s string, i int) string {
	if i >= len(s) {
		return "<EOF>"
	}
	return "'" + s[i:i+1] + "'"
}

// moreAction runs the action of a MORE token; end may be moved back (input_stream.backup).
func (l *lexer) moreAction(id moreID, end *int) {
	if l.inComment {
		return
	}
	switch id {
	case moreDollar, moreDollarBang:
		if l.state == stReference {
			l.inReference = false
			l.pop()
		}
		l.inReference = true
		l.push()
		l.state = stReference
	case moreTextBlockOpen:
		l.inComment = true
		l.push()
		l.state = stTextBlock
	case moreFormalComment:
		*end--
		l.inComment = true
		l.push()
		l.state = stFormalComment
	case moreMultiComment:
		l.inComment = true
		l.push()
		l.state = stMultiLineComment
	case moreHash:
		if l.state == stReference || l.state == stRefModifier {
			l.inReference = false
			l.pop()
		}
		l.inDirective = true
		l.push()
		l.state = stPreDirective
	}
}

// tokenAction runs the action of a TOKEN and fills its image.
func (l *lexer) tokenAction(t *token, start int) {
	t.image = l.src[start:l.pos]
	switch t.kind {
	case tIndexLBracket:
		l.push()
		l.state = stRefIndex
	case tIndexRBracket:
		l.pop()
	case tLParen:
		if !l.inComment {
			l.lparen++
		}
		if l.state == stRefModifier {
			l.state = stRefMod2
		}
	case tRParen:
		l.rparenHandler()
	case tRefMod2RParen:
		l.state = stReference
	case tSetDirective:
		if !l.inComment {
			l.inDirective = true
			l.push()
			l.inSet = true
			l.state = stDirective
			l.lparen++
		}
	case tSingleLineCommentStart:
		if !l.inComment {
			if l.state == stReference {
				l.inReference = false
				l.pop()
			}
			l.inComment = true
			l.push()
			l.state = stSingleLineComment
		}
	case tSingleLineComment, tFormalComment, tMultiLineComment, tTextBlock:
		l.inComment = false
		l.pop()
	case tStringLiteral:
		if l.state == stDirective && !l.inSet && l.lparen == 0 {
			l.pop()
		}
	case tNewline:
		l.pop()
		l.inSet = false
		l.inDirective = false
	case tEnd, tElse:
		l.inDirective = false
		l.pop()
	case tIf, tElseIf:
		l.state = stDirective
	case tIntegerLiteral:
		if len(t.image) >= 2 && t.image[len(t.image)-2:] == ".." {
			l.pos -= 2
			t.image = t.image[:len(t.image)-2]
		}
		if l.lparen == 0 && !l.inSet && l.state != stRefMod2 && l.state != stRefIndex {
			l.pop()
		}
	case tFloatLiteral:
		if l.lparen == 0 && !l.inSet && l.state != stRefMod2 {
			l.pop()
		}
	case tDot:
		l.pos--       // the letter after the dot belongs to the identifier
		t.image = "." // the action drops any MORE prefix, so "$!.a" renders ".a"
		l.state = stRefModifier
	case tRCurly:
		l.pop()
	}
}

// match finds the longest token at i in the current state.
func (l *lexer) match(i int) candidate {
	s := l.src
	var c candidate
	c.rank = 1 << 30
	st := l.state
	ch := s[i]

	inRef := st == stReference || st == stRefModifier
	dirOrMod2 := st == stDirective || st == stRefMod2
	numStates := st == stPreDirective || st == stDirective || st == stRefMod2 || st == stRefIndex

	if inRef && ch == '[' {
		c.offer(1, rIndexLBracket, mToken, tIndexLBracket, 0)
	}
	if st == stRefIndex && ch == ']' {
		c.offer(1, rIndexRBracket, mToken, tIndexRBracket, 0)
	}
	if dirOrMod2 {
		switch ch {
		case '[':
			c.offer(1, rLBracket, mToken, tLBracket, 0)
		case ']':
			c.offer(1, rRBracket, mToken, tRBracket, 0)
		case ',':
			c.offer(1, rComma, mToken, tComma, 0)
		case '.':
			if i+1 < len(s) && s[i+1] == '.' {
				c.offer(2, rDoubleDot, mToken, tDoubleDot, 0)
			}
		case ':':
			c.offer(1, rColon, mToken, tColon, 0)
		case '{':
			c.offer(1, rLeftCurley, mToken, tLeftCurley, 0)
		case '}':
			c.offer(1, rRightCurley, mToken, tRightCurley, 0)
		}
	}
	if (st == stDirective || st == stRefModifier) && ch == '(' {
		c.offer(1, rLParen, mToken, tLParen, 0)
	}
	if st == stDirective && ch == ')' {
		c.offer(1+eatLineEnd(s, i+1), rRParen, mToken, tRParen, 0)
	}
	if st == stRefMod2 && ch == ')' {
		c.offer(1, rRefMod2RParen, mToken, tRefMod2RParen, 0)
	}
	if st == stDefault && (ch == '\\') {
		c.offer(matchEscapeDirective(s, i), rEscapeDirective, mToken, tEscapeDirective, 0)
	}
	if st == stDefault || inRef || st == stRefMod2 {
		if ch == ' ' || ch == '\t' || ch == '#' {
			c.offer(matchSetDirective(s, i), rSetDirective, mToken, tSetDirective, 0)
		}
	}
	// <*> MORE tokens
	if ch == '\\' || ch == '$' {
		j := i
		for j < len(s) && s[j] == '\\' {
			j++
		}
		if j < len(s) && s[j] == '$' {
			c.offer(j+1-i, rDollar, mMore, 0, moreDollar)
			k := j + 1
			for k < len(s) && s[k] == '\\' {
				k++
			}
			if k < len(s) && s[k] == '!' {
				c.offer(k+1-i, rDollarBang, mMore, 0, moreDollarBang)
			}
		}
	}
	if ch == '#' && st != stTextBlock {
		if hasPrefix(s, i, "#[[") {
			c.offer(3, rTextBlockOpen, mMore, 0, moreTextBlockOpen)
		}
		if hasPrefix(s, i, "#**") && i+3 < len(s) && s[i+3] != '#' {
			c.offer(4, rFormalCommentOpen, mMore, 0, moreFormalComment)
		}
		if hasPrefix(s, i, "#*") {
			c.offer(2, rMultiCommentOpen, mMore, 0, moreMultiComment)
		}
		c.offer(1, rHash, mMore, 0, moreHash)
		// the oracle shows "##" is no token inside comments and #[[ ]]# (there it is two MORE
		// '#', so "## a ##" at the end of input is a lexical error) nor right after a property
		// or its arguments ("$m.k## c" prints "## c"), where '#' starts a directive instead
		if hasPrefix(s, i, "##") && st != stRefModifier && st != stRefMod2 && !inCommentState(st) {
			c.offer(2, rSingleLineCommentStart, mToken, tSingleLineCommentStart, 0)
		}
	}
	switch st {
	case stDefault:
		switch ch {
		case '\\':
			if i+1 < len(s) && s[i+1] == '\\' {
				c.offer(2, rDoubleEscape, mToken, tDoubleEscape, 0)
			}
			c.offer(1, rEscape, mToken, tEscape, 0)
		case '$', '#':
		default:
			j := i
			for j < len(s) && s[j] != '$' && s[j] != '#' && s[j] != '\\' {
				j++
			}
			c.offer(j-i, rText, mToken, tText, 0)
		}
	case stSingleLineComment:
		if ch == '\n' || ch == '\r' {
			n := 1
			if ch == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				n = 2
			}
			c.offer(n, rSingleLineComment, mToken, tSingleLineComment, 0)
		}
		c.offer(1, rCommentSkip, mSkip, 0, 0)
	case stFormalComment, stMultiLineComment:
		if hasPrefix(s, i, "*#") {
			if st == stFormalComment {
				c.offer(2, rFormalComment, mToken, tFormalComment, 0)
			} else {
				c.offer(2, rMultiLineComment, mToken, tMultiLineComment, 0)
			}
		}
		c.offer(1, rCommentSkip, mSkip, 0, 0)
	case stTextBlock:
		if hasPrefix(s, i, "]]#") {
			c.offer(3, rTextBlock, mToken, tTextBlock, 0)
		}
		c.offer(1, rTextBlockMore, mMore, 0, moreAny)
	}
	if st == stDirective || st == stRefMod2 || st == stRefIndex {
		if ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
				j++
			}
			c.offer(j-i, rWhitespace, mToken, tWhitespace, 0)
		}
		if ch == '"' || ch == '\'' {
			c.offer(matchStringLiteral(s, i), rStringLiteral, mToken, tStringLiteral, 0)
		}
	}
	if inRef || st == stDirective || st == stRefMod2 || st == stRefIndex {
		if hasPrefix(s, i, "true") {
			c.offer(4, rTrue, mToken, tTrue, 0)
		}
		if hasPrefix(s, i, "false") {
			c.offer(5, rFalse, mToken, tFalse, 0)
		}
	}
	if st == stDirective {
		if ch == '\n' || ch == '\r' {
			n := 1
			if ch == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				n = 2
			}
			c.offer(n, rNewline, mToken, tNewline, 0)
		}
		l.matchOperators(&c, i)
	}
	if st == stPreDirective {
		matchPreDirective(&c, s, i)
	}
	if numStates {
		if n := matchInteger(s, i); n > 0 {
			c.offer(n, rIntegerLiteral, mToken, tIntegerLiteral, 0)
		}
		c.offer(matchFloat(s, i), rFloatLiteral, mToken, tFloatLiteral, 0)
	}
	if st == stPreDirective || st == stDirective {
		if isLetter(ch) || ch == '_' || ch == '@' {
			j := i + 1
			for j < len(s) && isDirectChar(s[j]) {
				j++
			}
			c.offer(j-i, rWord, mToken, tWord, 0)
		}
		if ch == '{' && i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '_') {
			j := i + 2
			for j < len(s) && isDirectChar(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '}' {
				c.offer(j+1-i, rBracketedWord, mToken, tBracketedWord, 0)
			}
		}
	}
	if inRef || st == stRefMod2 {
		if isLetter(ch) || ch == '_' {
			j := i + 1
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			c.offer(j-i, rIdentifier, mToken, tIdentifier, 0)
		}
		// Velocity 1.7 never starts a reference with a dot: "$.json" is text (the oracle renders
		// it unchanged), so a dot directly after the '$' does not match here.
		if ch == '.' && i+1 < len(s) && isLetter(s[i+1]) && !l.afterDollar(i) {
			c.offer(2, rDot, mToken, tDot, 0)
		}
	}
	if inRef {
		if ch == '{' {
			c.offer(1, rLCurly, mToken, tLCurly, 0)
		}
		if ch == '}' {
			c.offer(1, rRCurly, mToken, tRCurly, 0)
		}
		c.offer(1, rReferenceTerminator, mSpecial, tReferenceTerminator, 0)
	}
	if st == stPreDirective {
		c.offer(1, rDirectiveTerminator, mSpecial, tDirectiveTerminator, 0)
	}
	if (st == stDefault || st == stReference) && ch == '$' {
		switch {
		case hasPrefix(s, i, "$["):
			c.offer(2, rEmptyIndex, mToken, tEmptyIndex, 0)
		case hasPrefix(s, i, "$!["):
			c.offer(3, rEmptyIndex, mToken, tEmptyIndex, 0)
		case hasPrefix(s, i, `$\![`):
			c.offer(4, rEmptyIndex, mToken, tEmptyIndex, 0)
		}
	}
	return c
}

func inCommentState(st lexState) bool {
	return st == stSingleLineComment || st == stMultiLineComment || st == stFormalComment
}

// afterDollar reports whether i directly follows the '$' that opened a reference. (After "$!"
// a dot does match, and the oracle shows "$!.a" rendering ".a".)
func (l *lexer) afterDollar(i int) bool {
	return i > 0 && l.src[i-1] == '$'
}

func hasPrefix(s string, i int, p string) bool {
	return len(s)-i >= len(p) && s[i:i+len(p)] == p
}

// eatLineEnd matches ((" "|"\t")* ("\n"|"\r"|"\r\n"))? at i and returns its length.
func eatLineEnd(s string, i int) int {
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j < len(s) {
		if s[j] == '\n' {
			return j + 1 - i
		}
		if s[j] == '\r' {
			if j+1 < len(s) && s[j+1] == '\n' {
				return j + 2 - i
			}
			return j + 1 - i
		}
	}
	return 0
}

// matchEscapeDirective matches (<DOUBLE_ESCAPE>)* "\#" (<WORD> | <BRACKETED_WORD>).
func matchEscapeDirective(s string, i int) int {
	best := 0
	j := i
	for {
		// try "\#" word at j
		if hasPrefix(s, j, `\#`) {
			k := j + 2
			if k < len(s) && (isLetter(s[k]) || s[k] == '_' || s[k] == '@') {
				m := k + 1
				for m < len(s) && isDirectChar(s[m]) {
					m++
				}
				best = m - i
			} else if k+1 < len(s) && s[k] == '{' && (isLetter(s[k+1]) || s[k+1] == '_') {
				m := k + 2
				for m < len(s) && isDirectChar(s[m]) {
					m++
				}
				if m < len(s) && s[m] == '}' {
					best = m + 1 - i
				}
			}
		}
		if hasPrefix(s, j, `\\`) {
			j += 2
			continue
		}
		return best
	}
}

// matchSetDirective matches (" "|"\t")* ("#set" | "#{set}") (" ")* "(".
func matchSetDirective(s string, i int) int {
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	switch {
	case hasPrefix(s, j, "#set"):
		j += 4
	case hasPrefix(s, j, "#{set}"):
		j += 6
	default:
		return 0
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && s[j] == '(' {
		return j + 1 - i
	}
	return 0
}

// matchStringLiteral matches Velocity 1.7's STRING_LITERAL at i (s[i] is the quote): the quote,
// then any characters where a doubled quote stands for one quote, then the closing quote. A
// backslash escapes nothing. As the longest match wins, a doubled quote continues the literal
// when a closing quote follows somewhere; otherwise the literal ends at its first half.
func matchStringLiteral(s string, i int) int {
	q := s[i]
	last := 0
	for j := i + 1; j < len(s); j++ {
		if s[j] != q {
			continue
		}
		last = j + 1 - i
		if j+1 < len(s) && s[j+1] == q {
			j++
			continue
		}
		return last
	}
	return last
}

func matchInteger(s string, i int) int {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	d := j
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == d {
		return 0
	}
	if hasPrefix(s, j, "..") {
		j += 2
	}
	return j - i
}

func matchExponent(s string, j int) int {
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		d := k
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > d {
			return k - j
		}
	}
	return 0
}

func matchFloat(s string, i int) int {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	d := j
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	digits := j > d
	best := 0
	if digits && j < len(s) && s[j] == '.' {
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		k += matchExponent(s, k)
		best = k - i
	}
	if !digits && j < len(s) && s[j] == '.' {
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > j+1 {
			k += matchExponent(s, k)
			best = k - i
		}
	}
	if digits {
		if e := matchExponent(s, j); e > 0 && j+e-i > best {
			best = j + e - i
		}
	}
	return best
}

func (l *lexer) matchOperators(c *candidate, i int) {
	s := l.src
	switch s[i] {
	case '-':
		c.offer(1, rMinus, mToken, tMinus, 0)
	case '+':
		c.offer(1, rPlus, mToken, tPlus, 0)
	case '*':
		c.offer(1, rMultiply, mToken, tMultiply, 0)
	case '/':
		c.offer(1, rDivide, mToken, tDivide, 0)
	case '%':
		c.offer(1, rModulus, mToken, tModulus, 0)
	case '&':
		if hasPrefix(s, i, "&&") {
			c.offer(2, rAnd, mToken, tAnd, 0)
		}
	case '|':
		if hasPrefix(s, i, "||") {
			c.offer(2, rOr, mToken, tOr, 0)
		}
	case '<':
		c.offer(1, rLT, mToken, tLT, 0)
		if hasPrefix(s, i, "<=") {
			c.offer(2, rLE, mToken, tLE, 0)
		}
	case '>':
		c.offer(1, rGT, mToken, tGT, 0)
		if hasPrefix(s, i, ">=") {
			c.offer(2, rGE, mToken, tGE, 0)
		}
	case '=':
		if hasPrefix(s, i, "==") {
			c.offer(2, rEQ, mToken, tEQ, 0)
		}
		c.offer(1, rEquals, mToken, tEquals, 0)
	case '!':
		if hasPrefix(s, i, "!=") {
			c.offer(2, rNE, mToken, tNE, 0)
		}
		c.offer(1, rNot, mToken, tNot, 0)
	}
	for _, w := range wordOps {
		if hasPrefix(s, i, w.word) {
			c.offer(len(w.word), w.rank, mToken, w.kind, 0)
		}
	}
}

var wordOps = [...]struct {
	word string
	rank int
	kind tokKind
}{
	{"and", rAnd, tAnd}, {"or", rOr, tOr}, {"lt", rLT, tLT}, {"le", rLE, tLE}, {"gt", rGT, tGT},
	{"ge", rGE, tGE}, {"eq", rEQ, tEQ}, {"ne", rNE, tNE}, {"not", rNot, tNot},
}

func matchPreDirective(c *candidate, s string, i int) {
	for _, d := range preDirectives {
		j := i
		switch {
		case hasPrefix(s, j, d.word):
			j += len(d.word)
		case hasPrefix(s, j, "{"+d.word+"}"):
			j += len(d.word) + 2
		default:
			continue
		}
		if d.eatLine {
			j += eatLineEnd(s, j)
		}
		c.offer(j-i, d.rank, mToken, d.kind, 0)
	}
}

var preDirectives = [...]struct {
	word    string
	rank    int
	kind    tokKind
	eatLine bool
}{
	{"end", rEnd, tEnd, true}, {"if", rIf, tIf, false}, {"elseif", rElseIf, tElseIf, false},
	{"else", rElse, tElse, true},
}
