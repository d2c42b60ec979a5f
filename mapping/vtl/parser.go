package vtl

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
)

// directiveLine and directiveBlock are Velocity's Directive.LINE and Directive.BLOCK.
const (
	directiveLine = iota
	directiveBlock
)

// builtinDirectives are Velocity 1.7's default directives and their types. #include, #parse
// and #evaluate parse but fail when rendered: API Gateway does not allow them.
var builtinDirectives = map[string]int{
	"foreach": directiveBlock, "include": directiveLine, "parse": directiveLine,
	"macro": directiveBlock, "literal": directiveBlock, "evaluate": directiveLine,
	"break": directiveLine, "define": directiveBlock, "stop": directiveLine,
}

// parser is a recursive-descent parser over Velocity 1.7's grammar (Parser.jjt), pulling
// tokens lazily from the lexer because some productions switch the lexer's state.
type parser struct {
	src  string
	lex  *lexer
	la   []token // tokens lexed but not consumed
	last token   // the last consumed token

	slots  map[string]int
	names  []string
	macros map[string]*macroDef
	depth  int // nesting of interpolated string literals

	// rec collects the tokens consumed while recording (recDepth > 0): a call to a macro that
	// turns out undefined prints RuntimeMacro's literal, its tokens' images as Velocity left
	// them after init (references lose their escapes and prefixes).
	rec      []token
	recDepth int
}

// parseErr is thrown (panicked) inside the parser and recovered in parse.
type parseErr struct{ err *ParseError }

func (p *parser) fail(pos int, msg string) {
	line, col := lineCol(p.src, pos)
	panic(parseErr{&ParseError{Line: line, Column: col, Msg: msg, pos: pos}})
}

func (p *parser) fetch() {
	t, err := p.lex.next()
	if err != nil {
		pe := err.(*ParseError)
		pe.Line, pe.Column = lineCol(p.src, pe.pos)
		panic(parseErr{pe})
	}
	p.la = append(p.la, t)
}

func (p *parser) peek(k int) *token {
	for len(p.la) <= k {
		p.fetch()
	}
	return &p.la[k]
}

func (p *parser) kind(k int) tokKind { return p.peek(k).kind }

func (p *parser) next() token {
	p.peek(0)
	t := p.la[0]
	p.la = p.la[1:]
	p.last = t
	if p.recDepth > 0 {
		p.rec = append(p.rec, t)
	}
	return t
}

// startRecording begins recording at the token just consumed and returns where it starts.
func (p *parser) startRecording() int {
	if p.recDepth == 0 { // inside an outer recording, next() has recorded the token already
		p.rec = append(p.rec[:0], p.last)
	}
	p.recDepth++
	return len(p.rec) - 1
}

// endRecording returns what RuntimeMacro.getLiteral prints for the tokens recorded since
// start: their images, without special text. An enclosing recording keeps the tokens.
func (p *parser) endRecording(start int) string {
	var sb strings.Builder
	for _, t := range p.rec[start:] {
		sb.WriteString(t.image)
	}
	p.recDepth--
	if p.recDepth == 0 {
		p.rec = p.rec[:0]
	}
	return sb.String()
}

// recordInit applies to the last recorded token what ASTReference.init does to its first
// token: leading backslashes and the '#'/'$' prefix go, so literal() prints "$a" for "$$a".
func (p *parser) recordInit() {
	if p.recDepth == 0 {
		return
	}
	t := &p.rec[len(p.rec)-1]
	img := t.image
	if strings.Contains(img, `\!`) || !strings.Contains(img, "$") {
		return
	}
	img = strings.TrimLeft(img, `\`)
	t.image = img[strings.LastIndexByte(img, '$'):]
}

func (p *parser) expect(k tokKind) token {
	t := p.peek(0)
	if t.kind != k {
		p.unexpected(t)
	}
	return p.next()
}

func (p *parser) unexpected(t *token) {
	what := t.image
	if t.kind == tEOF {
		what = "<EOF>"
	}
	p.fail(t.pos, "encountered \""+what+"\" ("+t.kind.String()+")")
}

func (p *parser) optWS() {
	if p.kind(0) == tWhitespace {
		p.next()
	}
}

func (p *parser) slot(name string) int {
	if i, ok := p.slots[name]; ok {
		return i
	}
	i := len(p.names)
	p.slots[name] = i
	p.names = append(p.names, name)
	return i
}

func (p *parser) isDirective(name string) bool {
	_, ok := builtinDirectives[name]
	return ok
}

func (p *parser) isMacro(name string) bool {
	_, ok := p.macros[name]
	return ok
}

// parseTemplate parses a whole template: process() : ( Statement() )* <EOF>.
func (p *parser) parseTemplate() (nodes []node, err error) {
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(parseErr)
			if !ok {
				panic(r)
			}
			err = pe.err
		}
	}()
	nodes = p.statements()
	if t := p.peek(0); t.kind != tEOF {
		p.unexpected(t)
	}
	return nodes, nil
}

func (p *parser) statements() []node {
	var out []node
	for {
		n, ok := p.statement()
		if !ok {
			return fuse(out)
		}
		if n != nil {
			out = append(out, n)
		}
	}
}

// fuse joins adjacent text nodes and moves text that precedes a reference into the reference
// (refNode.lead). The output is the same; rendering takes fewer steps.
func fuse(nodes []node) []node {
	out := nodes[:0]
	for _, n := range nodes {
		if len(out) > 0 {
			if prev, ok := out[len(out)-1].(*textNode); ok {
				switch n := n.(type) {
				case *textNode:
					out[len(out)-1] = &textNode{prev.nodeBase, prev.text + n.text}
					continue
				case *refNode:
					if n.lead == "" && prev.text != "" {
						n.lead, n.leadPos = prev.text, prev.pos
						out[len(out)-1] = n
						continue
					}
				}
			}
		}
		out = append(out, n)
	}
	return out
}

// statement parses one Statement(); ok is false when the next token cannot start one.
func (p *parser) statement() (node, bool) {
	t := p.peek(0)
	switch t.kind {
	case tIf:
		return p.ifStatement(), true
	case tIdentifier:
		return p.referenceStatement(), true
	case tLCurly:
		if p.kind(1) == tIdentifier {
			return p.referenceStatement(), true
		}
		return p.text(), true
	case tSingleLineCommentStart:
		c := p.next()
		if p.kind(0) == tSingleLineComment {
			p.next()
		}
		return commentNode(c), true
	case tMultiLineComment, tFormalComment:
		return commentNode(p.next()), true
	case tTextBlock:
		c := p.next()
		// ASTTextblock cuts three characters from each end whatever the MORE prefix:
		// "$#[[1]]#" prints "[1"
		img := c.image
		if len(img) >= 6 {
			img = img[3 : len(img)-3]
		} else {
			img = ""
		}
		return &textNode{nodeBase{c.pos}, img}, true
	case tSetDirective:
		return p.setDirective(), true
	case tEscapeDirective:
		e := p.next()
		text := p.escapedDirective(e.image)
		if p.recDepth > 0 {
			p.rec[len(p.rec)-1].image = text
		}
		return &textNode{nodeBase{e.pos}, text}, true
	case tDoubleEscape:
		return p.escape(), true
	case tWord, tBracketedWord:
		return p.directive(), true
	case tText, tDot, tRParen, tLParen, tIntegerLiteral, tFloatLiteral, tStringLiteral, tEscape, tRCurly, tEmptyIndex:
		return p.text(), true
	}
	return nil, false
}

// tokenLiteral is NodeUtils.tokenLiteral: a token's image preceded by the '$' and '#'
// characters of the special tokens before it.
func tokenLiteral(t token) string {
	if len(t.special) == 0 {
		return t.image
	}
	var sb strings.Builder
	for _, st := range t.special {
		for i := 0; i < len(st); i++ {
			c := st[i]
			if c == '#' || c == '$' {
				sb.WriteByte(c)
			}
			if c == '\\' {
				j := i
				for j < len(st) && st[j] == '\\' {
					j++
				}
				if j < len(st) && st[j] == '$' {
					sb.WriteString(st[i : j+1])
					// NodeUtils continues from j+1 and its loop then adds one more, so the
					// character after the '$' is skipped: "\$#{" prints "\${"
					i = j + 1
				}
			}
		}
	}
	sb.WriteString(t.image)
	return sb.String()
}

func (p *parser) text() node {
	t := p.next()
	return &textNode{nodeBase{t.pos}, tokenLiteral(t)}
}

// commentNode renders whatever the lexer attached in front of the comment opener.
func commentNode(t token) node {
	img := t.image
	i := strings.Index(img, "##")
	j := strings.Index(img, "#*")
	switch {
	case i < 0 && j < 0:
		return nil
	case i < 0 || (j >= 0 && j < i):
		i = j
	}
	if i == 0 {
		return nil
	}
	return &textNode{nodeBase{t.pos}, img[:i]}
}

// escapedDirective is Parser.escapedDirective: \#if renders #if, \#foo renders \#foo unless foo
// is a directive or macro.
func (p *parser) escapedDirective(img string) string {
	last := strings.LastIndexByte(img, '\\')
	dir := img[last+1:]
	tag := dir[1:]
	if strings.HasPrefix(tag, "{") {
		tag = tag[1 : len(tag)-1]
	}
	switch {
	case p.isDirective(tag), p.isMacro(tag):
	case tag == "if", tag == "end", tag == "set", tag == "else", tag == "elseif", tag == "stop":
	default:
		return img
	}
	return img[:last/2] + dir
}

// escape is the Escape() production: a run of \\ before a directive renders as single
// backslashes, elsewhere as doubled ones.
func (p *parser) escape() node {
	first := p.peek(0).pos
	count := 0
	for p.kind(0) == tDoubleEscape {
		p.next()
		count++
	}
	nt := p.peek(0)
	control := false
	switch nt.kind {
	case tIf, tElse, tElseIf, tEnd:
		control = true
	default:
		if len(nt.image) > 0 {
			tag := nt.image[1:]
			if p.isDirective(tag) || p.isMacro(tag) {
				control = true
			}
		}
	}
	unit := `\\`
	if control {
		unit = `\`
	}
	return &textNode{nodeBase{first}, strings.Repeat(unit, count)}
}

// referenceStatement parses a Reference() in text and works out its escaping as
// ASTReference.getRoot does.
func (p *parser) referenceStatement() node {
	first := p.peek(0)
	startPos := first.pos
	img := first.image
	if !strings.Contains(img, "$") {
		// A "runt": a reference the lexer reached without a '$' (the "a" of "$!.a", the "{a}"
		// of "$m{a}"). ASTReference renders only its first token's image.
		p.reference()
		return &textNode{nodeBase{startPos}, img}
	}
	if strings.Contains(img, `\!`) {
		// "$\!m": getRoot decides this is no reference at all and renders nothing for it
		p.reference()
		return &textNode{nodeBase: nodeBase{startPos}}
	}
	n := &refNode{nodeBase: nodeBase{startPos}}
	// leading backslashes: an odd count escapes the reference
	i := 0
	for i < len(img) && img[i] == '\\' {
		i++
	}
	if i > 0 {
		n.escaped = i%2 != 0
		n.escPrefix = img[:i/2]
	}
	rest := img[i:]
	if k := strings.LastIndexByte(rest, '$'); k > 0 {
		n.morePrefix = rest[:k]
		rest = rest[k:]
	}
	litStart := startPos + (len(img) - len(rest))
	n.ref = p.reference()
	end := p.last.pos + len(p.last.image)
	n.nullString = p.src[litStart:end]
	quiet := strings.HasPrefix(rest, "$!")
	if quiet && !n.escaped {
		n.nullString = ""
	}
	n.prefix = n.escPrefix + n.morePrefix
	n.printsCall = !n.escaped && len(n.ref.mods) > 0 && n.ref.mods[len(n.ref.mods)-1].kind == modMethod
	return n
}

// reference parses Reference(): $name[idx].prop.method(args)[idx] or the ${...} form.
func (p *parser) reference() *refExpr {
	t := p.next()
	p.recordInit()
	first := t
	formal := false
	if t.kind == tLCurly {
		formal = true
		t = p.expect(tIdentifier)
	} else if t.kind != tIdentifier {
		p.unexpected(&t)
	}
	name := t.image
	if k := strings.LastIndexAny(name, "$!{"); k >= 0 && !formal {
		// getRoot takes a formal reference's name from the identifier as lexed: "${$b}" names
		// the variable "$b", which no template can define
		name = name[k+1:]
	}
	r := &refExpr{exprBase: exprBase{t.pos}, name: name, slot: p.slot(name)}
	p.indexes(r)
	for p.kind(0) == tDot && p.kind(1) == tIdentifier {
		p.next()
		id := p.next()
		if p.kind(0) == tLParen && methodAhead(p.kind(1)) {
			p.next()
			var args []expr
			if p.kind(0) != tRefMod2RParen {
				args = append(args, p.parameter())
				for p.kind(0) == tComma {
					p.next()
					args = append(args, p.parameter())
				}
			}
			p.expect(tRefMod2RParen)
			r.mods = append(r.mods, modifier{kind: modMethod, name: id.image, args: args, litArgs: literalArgs(args), pos: id.pos, method: methodIDs[id.image], litIndex: -1})
		} else {
			r.mods = append(r.mods, modifier{kind: modProperty, name: id.image, pos: id.pos,
				getClass: id.image == "class", scopeProp: scopeProps[id.image], litIndex: -1})
		}
		p.indexes(r)
	}
	if formal {
		p.expect(tRCurly)
	}
	r.lit = p.src[t.pos : p.last.pos+len(p.last.image)]
	if formal {
		r.lit = p.src[first.pos : p.last.pos+len(p.last.image)]
	}
	if len(r.mods) == 1 && r.mods[0].kind == modProperty {
		r.scopeProp = r.mods[0].scopeProp
	}
	return r
}

func (p *parser) indexes(r *refExpr) {
	for p.kind(0) == tIndexLBracket {
		lb := p.next()
		p.optWS()
		var idx expr
		t := p.peek(0)
		switch t.kind {
		case tStringLiteral:
			idx = p.stringLiteral()
		case tIntegerLiteral:
			idx = p.integerLiteral()
		case tTrue, tFalse:
			p.next()
			idx = &litExpr{exprBase{t.pos}, BoolValue(t.kind == tTrue)}
		case tIdentifier, tLCurly:
			idx = p.reference()
		default:
			p.unexpected(t)
		}
		p.optWS()
		p.expect(tIndexRBracket)
		lit := -1
		if l, ok := idx.(*litExpr); ok && l.val.kind == Int && int32(l.val.num) >= 0 {
			lit = int(int32(l.val.num))
		}
		r.mods = append(r.mods, modifier{kind: modIndex, idx: idx, pos: lb.pos, litIndex: lit})
	}
}

func (p *parser) integerLiteral() expr {
	t := p.next()
	v, ok := parseIntLiteral(t.image)
	if !ok { // e.g. "#12", where the lexer kept a '#' in front of the digits
		p.fail(t.pos, "invalid number "+t.image)
	}
	return &litExpr{exprBase{t.pos}, v}
}

// parseIntLiteral is ASTIntegerLiteral: Integer, else Long, else BigInteger.
func parseIntLiteral(s string) (Value, bool) {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return IntegerValue(i), true
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return NullValue, false
	}
	return BigIntValue(b), true
}

func (p *parser) floatLiteral() expr {
	t := p.next()
	f, err := strconv.ParseFloat(t.image, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		p.fail(t.pos, "invalid number "+t.image)
	}
	return &litExpr{exprBase{t.pos}, DoubleValue(f)}
}

// stringLiteral is ASTStringLiteral: double-quoted literals containing '$' or '#' are templates
// rendered on use; others are constants. No escape sequences are processed, as in Velocity 1.7.
func (p *parser) stringLiteral() expr {
	t := p.next()
	img := t.image
	body := strings.ReplaceAll(img[1:len(img)-1], img[:1]+img[:1], img[:1])
	if img[0] == '"' {
		body = unescapeUnicode(body)
	}
	if img[0] == '"' && strings.ContainsAny(img, "$#") {
		if p.depth >= DefaultMaxDepth {
			p.fail(t.pos, "string literals nested too deeply")
		}
		trim := !strings.Contains(body, "##")
		src := body
		if trim {
			src += " "
		}
		sub := &parser{src: src, lex: newLexer(src), slots: p.slots, names: p.names, macros: p.macros, depth: p.depth + 1}
		nodes, err := sub.parseTemplate()
		if err != nil {
			pe := err.(*ParseError)
			p.fail(t.pos+1+pe.pos, pe.Msg)
		}
		p.names = sub.names
		return &strExpr{exprBase{t.pos}, nodes, trim}
	}
	return &litExpr{exprBase{t.pos}, StringValue(body)}
}

// unescapeUnicode replaces \uXXXX sequences, as ASTStringLiteral does.
func unescapeUnicode(s string) string {
	if !strings.Contains(s, `\u`) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+6 <= len(s) && s[i+1] == 'u' {
			if r, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				sb.WriteString(string(utf16Rune(uint16(r))))
				i += 5
				continue
			}
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// utf16Rune turns one UTF-16 unit into a rune; a lone surrogate becomes U+FFFD.
func utf16Rune(u uint16) rune {
	if u >= 0xD800 && u <= 0xDFFF {
		return 0xFFFD
	}
	return rune(u)
}

// parameter is Parameter(): a method argument or list/map element (no operators).
func (p *parser) parameter() expr {
	p.optWS()
	e, ok := p.operand()
	if !ok {
		p.unexpected(p.peek(0))
	}
	p.optWS()
	return e
}

// operand parses what every argument position accepts: string, integer and floating-point
// literals, ranges, lists, maps, booleans and references. ok is false when the next token
// starts none of them.
func (p *parser) operand() (expr, bool) {
	t := p.peek(0)
	switch t.kind {
	case tStringLiteral:
		return p.stringLiteral(), true
	case tIntegerLiteral:
		return p.integerLiteral(), true
	case tFloatLiteral:
		return p.floatLiteral(), true
	case tLBracket:
		if p.rangeAhead() {
			return p.integerRange(), true
		}
		return p.objectArray(), true
	case tLeftCurley:
		return p.mapLiteral(), true
	case tTrue, tFalse:
		p.next()
		return &litExpr{exprBase{t.pos}, BoolValue(t.kind == tTrue)}, true
	case tIdentifier, tLCurly:
		return p.reference(), true
	}
	return nil, false
}

// rangeAhead is the syntactic lookahead for IntegerRange:
// <LBRACKET> [<WHITESPACE>] ( Reference() | IntegerLiteral() ) [<WHITESPACE>] <DOUBLEDOT>.
func (p *parser) rangeAhead() bool {
	i := 1
	if p.kind(i) == tWhitespace {
		i++
	}
	switch p.kind(i) {
	case tIntegerLiteral:
		i++
	case tIdentifier, tLCurly:
		var ok bool
		if i, ok = p.scanReference(i); !ok {
			return false
		}
	default:
		return false
	}
	if p.kind(i) == tWhitespace {
		i++
	}
	return p.kind(i) == tDoubleDot
}

// scanReference checks that a Reference() starts at lookahead index i and returns the index
// after it, without consuming tokens.
func (p *parser) scanReference(i int) (int, bool) {
	formal := false
	if p.kind(i) == tLCurly {
		formal = true
		i++
	}
	if p.kind(i) != tIdentifier {
		return i, false
	}
	i++
	var ok bool
	if i, ok = p.scanIndexes(i); !ok {
		return i, false
	}
	for p.kind(i) == tDot && p.kind(i+1) == tIdentifier {
		i += 2
		if p.kind(i) == tLParen {
			i++
			depth := 0
			for {
				k := p.kind(i)
				if k == tEOF {
					return i, false
				}
				if k == tRefMod2RParen && depth == 0 {
					i++
					break
				}
				if k == tLParen {
					depth++
				}
				if k == tRefMod2RParen {
					depth--
				}
				i++
			}
		}
		if i, ok = p.scanIndexes(i); !ok {
			return i, false
		}
	}
	if formal {
		if p.kind(i) != tRCurly {
			return i, false
		}
		i++
	}
	return i, true
}

func (p *parser) scanIndexes(i int) (int, bool) {
	for p.kind(i) == tIndexLBracket {
		i++
		for p.kind(i) != tIndexRBracket {
			if p.kind(i) == tEOF {
				return i, false
			}
			i++
		}
		i++
	}
	return i, true
}

func (p *parser) integerRange() expr {
	lb := p.expect(tLBracket)
	p.optWS()
	from := p.rangeBound()
	p.optWS()
	p.expect(tDoubleDot)
	p.optWS()
	to := p.rangeBound()
	p.optWS()
	p.expect(tRBracket)
	return &rangeExpr{exprBase{lb.pos}, from, to}
}

func (p *parser) rangeBound() expr {
	switch p.kind(0) {
	case tIntegerLiteral:
		return p.integerLiteral()
	case tIdentifier, tLCurly:
		return p.reference()
	}
	p.unexpected(p.peek(0))
	return nil
}

func (p *parser) objectArray() expr {
	lb := p.expect(tLBracket)
	l := &listExpr{exprBase: exprBase{lb.pos}}
	if p.kind(0) != tRBracket {
		l.items = append(l.items, p.parameter())
		for p.kind(0) == tComma {
			p.next()
			l.items = append(l.items, p.parameter())
		}
	}
	p.expect(tRBracket)
	return l
}

func (p *parser) mapLiteral() expr {
	lc := p.expect(tLeftCurley)
	m := &mapExpr{exprBase: exprBase{lc.pos}}
	if k := p.kind(0); k == tWhitespace && (p.kind(1) == tRightCurley || p.kind(1) == tRCurly) {
		p.next()
	} else if k != tRightCurley && k != tRCurly {
		for {
			m.keys = append(m.keys, p.parameter())
			p.expect(tColon)
			m.vals = append(m.vals, p.parameter())
			if p.kind(0) != tComma {
				break
			}
			p.next()
		}
	}
	if k := p.kind(0); k == tRightCurley || k == tRCurly {
		p.next()
	} else {
		p.unexpected(p.peek(0))
	}
	return m
}

// Expressions: ConditionalOrExpression and below.

func (p *parser) expression() expr { return p.binary(0) }

// binaryLevels are the grammar's binary operators from the loosest binding to the tightest:
// ConditionalOrExpression, ConditionalAnd, Equality, Relational, Additive, Multiplicative. Each
// level is left-associative, as JJTree builds "A (op A #Node(2))*".
var binaryLevels = [...][]struct {
	tok tokKind
	op  opKind
}{
	{{tOr, opOr}},
	{{tAnd, opAnd}},
	{{tEQ, opEQ}, {tNE, opNE}},
	{{tLT, opLT}, {tGT, opGT}, {tLE, opLE}, {tGE, opGE}},
	{{tPlus, opAdd}, {tMinus, opSub}},
	{{tMultiply, opMul}, {tDivide, opDiv}, {tModulus, opMod}},
}

// binary parses the operators of binaryLevels[level] and tighter ones.
func (p *parser) binary(level int) expr {
	if level == len(binaryLevels) {
		return p.unaryExpr()
	}
	l := p.binary(level + 1)
	for {
		op, ok := binaryOp(level, p.kind(0))
		if !ok {
			return l
		}
		t := p.next()
		r := p.binary(level + 1)
		l = &binExpr{exprBase: exprBase{t.pos}, op: op, l: l, r: r,
			llit: literalOf(l), rlit: literalOf(r), lit: p.spanFrom(t)}
	}
}

func binaryOp(level int, k tokKind) (opKind, bool) {
	for _, o := range binaryLevels[level] {
		if o.tok == k {
			return o.op, true
		}
	}
	return 0, false
}

// literalOf is SimpleNode.literal for the operands that can be null.
func literalOf(e expr) string {
	switch e := e.(type) {
	case *refExpr:
		return e.lit
	case *binExpr:
		return e.lit
	case *parenExpr:
		return e.lit
	}
	return ""
}

// spanFrom returns the source after the operator token op up to the last token consumed.
func (p *parser) spanFrom(op token) string {
	start, end := op.pos+len(op.image), p.last.pos+len(p.last.image)
	if end < start {
		return ""
	}
	return p.src[start:end]
}

func (p *parser) unaryExpr() expr {
	if p.kind(0) == tNot || (p.kind(0) == tWhitespace && p.kind(1) == tNot) {
		p.optWS()
		t := p.next()
		return &notExpr{exprBase{t.pos}, p.unaryExpr()}
	}
	return p.primaryExpr()
}

func (p *parser) primaryExpr() expr {
	p.optWS()
	e, ok := p.operand()
	if !ok {
		t := p.peek(0)
		if t.kind != tLParen {
			p.unexpected(t)
		}
		p.next()
		inner := p.expression()
		rp := p.expect(tRParen)
		e = &parenExpr{exprBase{t.pos}, inner, p.src[t.pos+len(t.image) : rp.pos]}
	}
	p.optWS()
	return e
}

// Directives.

func (p *parser) ifStatement() node {
	t := p.next()
	n := &ifNode{nodeBase: nodeBase{t.pos}}
	p.optWS()
	p.expect(tLParen)
	cond := p.expression()
	p.expect(tRParen)
	n.branches = append(n.branches, newCondBlock(cond, p.statements()))
	for p.kind(0) == tElseIf {
		p.next()
		p.optWS()
		p.expect(tLParen)
		c := p.expression()
		p.expect(tRParen)
		n.branches = append(n.branches, newCondBlock(c, p.statements()))
	}
	if p.kind(0) == tElse {
		p.next()
		n.hasElse = true
		n.els = p.statements()
	}
	p.expect(tEnd)
	return n
}

func (p *parser) setDirective() node {
	t := p.next()
	p.optWS()
	if k := p.kind(0); k != tIdentifier && k != tLCurly {
		p.unexpected(p.peek(0))
	}
	first := p.peek(0).image
	lhs := p.reference()
	if len(lhs.mods) == 0 {
		// ASTSetDirective names the variable by its first token minus the '$': #set(${x} = 1)
		// assigns "{" and #set($!x = 1) assigns "!x", so neither changes $x.
		lhs = &refExpr{exprBase: lhs.exprBase, name: first[1:], slot: p.slot(first[1:]), lit: lhs.lit}
	}
	p.optWS()
	p.expect(tEquals)
	val := p.expression()
	p.expect(tRParen)
	p.lex.inSet = false
	if p.kind(0) == tNewline {
		p.next()
	}
	return &setNode{nodeBase: nodeBase{t.pos}, lhs: lhs, value: val}
}

// isLeftParenthesis looks at the raw input after the directive name, as the parser's semantic
// lookahead does: whitespace then '('.
func (p *parser) isLeftParenthesis() bool {
	s := p.lex.src
	for i := p.lex.pos; i < len(s); i++ {
		switch s[i] {
		case '(':
			return true
		case ' ', '\n', '\r', '\t':
		default:
			return false
		}
	}
	return false
}

// methodAhead is the third token of LOOKAHEAD(3) Method(): a parameter or the closing
// parenthesis. Without it, "$a.b(" is the property $a.b followed by text.
func methodAhead(k tokKind) bool {
	switch k {
	case tRefMod2RParen, tWhitespace, tStringLiteral, tIntegerLiteral, tLBracket, tLeftCurley,
		tTrue, tFalse, tIdentifier, tLCurly, tFloatLiteral:
		return true
	}
	return false
}

// directiveArgStart reports whether a token can start DirectiveArg().
func directiveArgStart(k tokKind) bool {
	switch k {
	case tIdentifier, tLCurly, tWord, tStringLiteral, tIntegerLiteral, tLBracket, tFloatLiteral,
		tLeftCurley, tTrue, tFalse:
		return true
	}
	return false
}

// dirArg is one parsed DirectiveArg: an expression, or a bare word.
type dirArg struct {
	e    expr
	word string
	pos  int
}

func (p *parser) directiveArg() dirArg {
	t := p.peek(0)
	if t.kind == tWord {
		p.next()
		return dirArg{word: t.image, pos: t.pos}
	}
	e, ok := p.operand()
	if !ok {
		p.unexpected(t)
	}
	return dirArg{e: e, pos: t.pos}
}

// directive parses Directive(): a built-in directive, a macro call or schmoo like "#foo".
func (p *parser) directive() node {
	t := p.next()
	var name string
	if t.kind == tBracketedWord {
		name = t.image[2 : len(t.image)-1] // as Directive() does, so "$#{foo}" names "{foo"
	} else {
		// Directive() drops one character: "$#foreach" names "#foreach", which is no directive
		name = t.image[1:]
	}
	dtype, builtin := builtinDirectives[name]
	isMacroDef := name == "macro"
	isVM := false
	if !builtin {
		if strings.HasPrefix(name, "@") {
			dtype = directiveBlock
		} else {
			isVM = p.isMacro(name)
			dtype = directiveLine
		}
	}
	p.lex.state = stDirective
	rec := -1
	if !builtin {
		rec = p.startRecording()
	}
	literal := func() string {
		if rec < 0 {
			return ""
		}
		l := p.endRecording(rec)
		rec = -1
		return l
	}
	defer literal() // a parse error leaves the recording balanced too

	if !p.isLeftParenthesis() {
		if isMacroDef {
			p.fail(t.pos, "A macro declaration requires at least a name argument")
		}
		p.lex.pop()
		p.lex.inDirective = false
		if builtin && name == "break" {
			return &breakNode{nodeBase: nodeBase{t.pos}}
		}
		if builtin && name == "stop" {
			return &stopNode{nodeBase{t.pos}}
		}
		if builtin && dtype == directiveBlock {
			p.fail(t.pos, "#"+name+" requires arguments")
		}
		if builtin {
			return &unsupportedNode{nodeBase{t.pos}, name}
		}
		// schmoo such as "#foo" or "$#bar" prints its image, special text before it lost; a
		// would-be block macro call prints as BlockMacro does: "#" and the name ("@@" prints "#@")
		lit := t.image
		if strings.HasPrefix(name, "@") {
			lit = "#" + name
		}
		return &macroCall{nodeBase: nodeBase{t.pos}, name: name, literal: lit}
	}

	p.optWS()
	p.expect(tLParen)
	var args []dirArg
	for p.argAhead() {
		p.optWS()
		if p.kind(0) == tComma {
			p.next()
			p.optWS()
		}
		a := p.directiveArg()
		if a.e == nil { // a word
			switch {
			case isMacroDef && len(args) == 0:
			case isVM:
				p.fail(a.pos, "Invalid arg #"+strconv.Itoa(len(args))+" in VM "+t.image)
			case builtin && (name != "foreach" || len(args) != 1):
				p.fail(a.pos, "Invalid arg #"+strconv.Itoa(len(args))+" in directive "+t.image)
			}
		} else if isMacroDef && len(args) == 0 {
			p.fail(a.pos, "Invalid first arg in #macro() directive - must be a word token (no ' or \" surrounding)")
		}
		args = append(args, a)
	}
	p.optWS()
	p.expect(tRParen)

	if dtype == directiveLine {
		n := p.lineDirective(t, name, builtin, args)
		if call, ok := n.(*macroCall); ok {
			call.literal = literal()
		}
		return n
	}
	body := p.statements()
	p.expect(tEnd)
	n := p.blockDirective(t, name, builtin, args, body)
	if call, ok := n.(*macroCall); ok { // an undefined block macro prints its whole literal
		call.literal = literal()
	}
	return n
}

// argAhead is the LOOKAHEAD(2) before each directive argument:
// [<WHITESPACE>] [<COMMA> [<WHITESPACE>]] DirectiveArg().
func (p *parser) argAhead() bool {
	i := 0
	if p.kind(i) == tWhitespace {
		i++
	}
	if p.kind(i) == tComma {
		i++
		if i >= 2 {
			return true
		}
		if p.kind(i) == tWhitespace {
			return true
		}
	}
	if i >= 2 {
		return true
	}
	return directiveArgStart(p.kind(i))
}

func (p *parser) lineDirective(t token, name string, builtin bool, args []dirArg) node {
	if builtin {
		if name == "stop" {
			if len(args) > 1 {
				p.fail(t.pos, "The #stop directive only accepts a single message parameter")
			}
			return &stopNode{nodeBase{t.pos}}
		}
		if name == "break" {
			b := &breakNode{nodeBase: nodeBase{t.pos}}
			if len(args) > 0 {
				b.scope = args[0].e
				if b.scope == nil {
					b.scope = &litExpr{exprBase{args[0].pos}, StringValue(args[0].word)}
				}
			}
			return b
		}
		return &unsupportedNode{nodeBase{t.pos}, name}
	}
	call := &macroCall{nodeBase: nodeBase{t.pos}, name: name}
	for _, a := range args {
		if a.e == nil {
			call.args = append(call.args, &litExpr{exprBase{a.pos}, StringValue(a.word)})
			continue
		}
		call.args = append(call.args, a.e)
	}
	return call
}

func (p *parser) blockDirective(t token, name string, builtin bool, args []dirArg, body []node) node {
	switch {
	case name == "foreach" && builtin:
		if len(args) < 2 {
			p.fail(t.pos, "#foreach requires arguments: #foreach($item in $list)")
		}
		if len(args) != 3 || args[2].e == nil {
			return nil // Velocity 1.7 renders a malformed #foreach as nothing
		}
		slot := p.slot(args[0].word)
		if r, ok := args[0].e.(*refExpr); ok {
			slot = r.slot
		} else if a := args[0]; a.e != nil {
			// Foreach names the loop variable by the argument's first token minus one character
			slot = p.slot(p.src[a.pos+1 : a.pos+1])
		}
		n := &foreachNode{nodeBase: nodeBase{t.pos}, slot: slot, iter: args[2].e, body: body}
		n.iterCall, n.splitSep = iterCall(n.iter)
		return n
	case name == "macro" && builtin:
		if len(args) == 0 {
			p.fail(t.pos, "A macro declaration requires at least a name argument")
		}
		def := &macroDef{name: args[0].word, body: body}
		for _, a := range args[1:] {
			if r, ok := a.e.(*refExpr); ok && len(r.mods) == 0 {
				def.params = append(def.params, r.slot)
			} else {
				def.params = append(def.params, -1) // not a reference: the argument is dropped
			}
		}
		p.macros[def.name] = def
		return nil
	case name == "define" && builtin:
		if len(args) != 1 {
			p.fail(t.pos, "#define requires one argument: #define($name)")
		}
		r, ok := args[0].e.(*refExpr)
		if !ok || len(r.mods) > 0 {
			p.fail(args[0].pos, "#define: the argument must be a simple reference")
		}
		return &defineNode{nodeBase{t.pos}, r.slot, body}
	case name == "literal" && builtin:
		return &literalNode{nodeBase{t.pos}, p.blockSource(body)}
	case strings.HasPrefix(name, "@"):
		call := &macroCall{nodeBase: nodeBase{t.pos}, name: name[1:], body: body, block: true}
		for _, a := range args {
			if a.e == nil {
				call.args = append(call.args, &litExpr{exprBase{a.pos}, StringValue(a.word)})
			} else {
				call.args = append(call.args, a.e)
			}
		}
		return call
	}
	p.fail(t.pos, "#"+name+" is not a block directive")
	return nil
}

// blockSource returns the template text of a parsed body (for #literal).
func (p *parser) blockSource(body []node) string {
	if len(body) == 0 {
		return ""
	}
	start := startPos(body[0])
	end := p.last.pos // the #end token
	if start > end {
		return ""
	}
	return p.src[start:end]
}
