package vtl

import "sync/atomic"

// The compiled tree. Statements render output; expressions produce values. Every node keeps the
// byte offset it came from so render errors can name a line and column.

type node interface{ nodePos() int }

type nodeBase struct{ pos int }

func (n nodeBase) nodePos() int { return n.pos }

// textNode is schmoo: text copied to the output.
type textNode struct {
	nodeBase
	text string
}

// refNode renders a reference ($x, $!x, ${x.y()}, \$x, ...).
type refNode struct {
	nodeBase
	ref        *refExpr
	escPrefix  string // half of the leading backslashes
	morePrefix string // '#' and '$' characters the lexer attached in front of the '$'
	escaped    bool   // an odd number of backslashes: render the reference literally
	nullString string // the reference's source text, printed when escaped
	prefix     string // escPrefix + morePrefix, written before the value
	printsCall bool   // not escaped and ends in a method call, whose result may go straight to the output
	// lead is the text that came just before the reference, fused into it at parse time so
	// the renderer takes one step for the commonest pair of nodes; leadPos is where it began.
	lead    string
	leadPos int
}

// startPos returns where n's source begins, including text fused into a reference.
func startPos(n node) int {
	if r, ok := n.(*refNode); ok && r.lead != "" {
		return r.leadPos
	}
	return n.nodePos()
}

// setNode is #set($lhs = expr).
type setNode struct {
	nodeBase
	lhs   *refExpr
	value expr
	// splitSep is the separator of a value $ref....split("c") stored in a contained variable
	// (see markContained), whose list the render state lends; 0 otherwise
	splitSep byte
}

type condBlock struct {
	cond expr
	body []node
	// text is the body when it is one piece of text, which renders without a call
	text     string
	textOnly bool
}

func newCondBlock(cond expr, body []node) condBlock {
	b := condBlock{cond: cond, body: body}
	if len(body) == 1 {
		if t, ok := body[0].(*textNode); ok {
			b.text, b.textOnly = t.text, true
		}
	}
	return b
}

// ifNode is #if / #elseif / #else.
type ifNode struct {
	nodeBase
	branches []condBlock
	els      []node // nil when there is no #else
	hasElse  bool
}

// foreachNode is #foreach($v in iterable).
type foreachNode struct {
	nodeBase
	slot int // the loop variable
	iter expr
	body []node
	// iterCall is the method of an iter $ref....split("c") (with a literal one-character
	// separator splitByte handles, splitSep), $ref....keySet() or $ref....values(), else 0: the
	// loop walks the pieces or the map without building a collection
	iterCall method
	splitSep byte
}

// macroCall invokes a velocimacro by name; the macro is looked up when the call renders, so a
// macro may be defined after its first use, as Velocity allows.
type macroCall struct {
	nodeBase
	name    string
	args    []expr
	literal string // what renders if no such macro exists when the call runs
	body    []node // the body of a #@name(...) block call
	block   bool
}

// defineNode is #define($name) body #end.
type defineNode struct {
	nodeBase
	slot int
	body []node
}

// breakNode is #break, or #break($scope) to leave a given loop such as $foreach.parent.
type breakNode struct {
	nodeBase
	scope expr
}
type stopNode struct{ nodeBase }

// unsupportedNode is a directive API Gateway rejects when it runs (#include, #parse,
// #evaluate).
type unsupportedNode struct {
	nodeBase
	name string
}

// literalNode is #literal() ... #end: its body's source, unrendered.
type literalNode struct {
	nodeBase
	text string
}

// macroDef is a compiled #macro.
type macroDef struct {
	name   string
	params []int // slots
	body   []node
}

// expressions

type expr interface{ exprPos() int }

type exprBase struct{ pos int }

func (e exprBase) exprPos() int { return e.pos }

type litExpr struct {
	exprBase
	val Value
}

// strExpr is an interpolated double-quoted string literal.
type strExpr struct {
	exprBase
	body          []node
	trimLastSpace bool // the "dreaded MORE kludge": a space was appended before parsing
}

type listExpr struct {
	exprBase
	items []expr
}

type mapExpr struct {
	exprBase
	keys, vals []expr
}

type rangeExpr struct {
	exprBase
	from, to expr
}

type opKind uint8

const (
	opOr opKind = iota
	opAnd
	opEQ
	opNE
	opLT
	opGT
	opLE
	opGE
	opAdd
	opSub
	opMul
	opDiv
	opMod
)

type binExpr struct {
	exprBase
	op   opKind
	l, r expr
	// source text of null-able operands, which string concatenation prints for a null side
	llit, rlit string
	// lit is this node's own source text as JJTree delimits it: from after the operator to the
	// end of the right operand, whitespace included (" $z " in "2 / $z + ...")
	lit string
}

type notExpr struct {
	exprBase
	x expr
}

// parenExpr keeps parentheses: Velocity's (expr) evaluates to the inner value.
type parenExpr struct {
	exprBase
	x   expr
	lit string // the source between the parentheses
}

type modKind uint8

const (
	modProperty modKind = iota
	modMethod
	modIndex
)

type modifier struct {
	kind modKind
	// getClass marks the property "class", which Velocity resolves to getClass() even on a
	// map; every other property of a map is a key
	getClass  bool
	scopeProp uint8  // the property's number in scopeProps, for $foreach.name; 0 for others
	method    method // the method's number in methodIDs, for calls on built-in kinds
	litIndex  int    // a literal, non-negative Integer index ($a[0]), else -1
	name      string
	args      []expr // method arguments
	// litArgs holds the arguments' values when every argument is a literal ($input.path('$.a')),
	// so a call passes them without evaluating or copying them; nil otherwise
	litArgs []Value
	idx     expr // index
	pos     int
	// hint caches where name was last found in a map (an inline cache); templates are shared
	// between goroutines, so it is read and written atomically.
	hint atomic.Int32
}

// refExpr is a reference as a value: a root variable and a chain of modifiers.
type refExpr struct {
	exprBase
	name string
	slot int
	mods []modifier
	lit  string // the reference's source text
	// scopeProp is the property number of $foreach.name when that is the whole reference (one
	// property of a variable), so conditions on it skip the general evaluation; 0 otherwise
	scopeProp uint8
}
