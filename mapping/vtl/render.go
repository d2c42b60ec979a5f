package vtl

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apigate/apigate/internal/jre"
)

// Template is a compiled template. It is immutable and safe for concurrent use; each Render
// takes its working state from a pool.
type Template struct {
	src    string
	nodes  []node
	names  []string // variable names by slot
	macros map[string]*macroDef
	opts   Options
	pool   sync.Pool
	spare  atomic.Pointer[state] // one state kept outside the pool: the uncontended path
	regex  jre.Cache             // patterns the template's replaceAll, split and matches calls compile

	// slots of the variables Velocity maintains, or -1 when the template never reads them
	countSlot, scopeSlot, hasNextSlot, bodySlot int
}

// Compile parses src once into a Template. opts may be nil for the defaults. A template that
// does not parse returns a *ParseError; one over Options.MaxTemplateSize returns an error
// matching ErrTemplateTooLarge.
func Compile(src string, opts *Options) (*Template, error) {
	o := opts.withDefaults()
	if len(src) > o.MaxTemplateSize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTemplateTooLarge, len(src), o.MaxTemplateSize)
	}
	p := &parser{src: src, lex: newLexer(src), slots: map[string]int{}, macros: map[string]*macroDef{}}
	nodes, err := p.parseTemplate()
	if err != nil {
		return nil, err
	}
	markContained(nodes, p.macros, len(p.names))
	t := &Template{src: src, nodes: nodes, names: p.names, macros: p.macros, opts: o,
		countSlot: -1, scopeSlot: -1, hasNextSlot: -1, bodySlot: -1}
	for i, n := range t.names {
		switch n {
		case "velocityCount":
			t.countSlot = i
		case "foreach":
			t.scopeSlot = i
		case "velocityHasNext":
			t.hasNextSlot = i
		case "bodyContent":
			t.bodySlot = i
		}
	}
	t.pool.New = func() any { return &state{t: t} }
	return t, nil
}

// Source returns the template text.
func (t *Template) Source() string { return t.src }

// RenderString renders the template and returns the output as a string.
func (t *Template) RenderString(scope Scope) (string, error) {
	out, err := t.Render(nil, scope)
	return string(out), err
}

// Render appends the template's output for the variables in scope to dst and returns the
// extended slice. scope may be nil. On error the output rendered so far is returned with it.
func (t *Template) Render(dst []byte, scope Scope) ([]byte, error) {
	st := t.spare.Swap(nil)
	if st == nil {
		st = t.pool.Get().(*state)
	}
	start := len(dst)
	st.reset(dst, scope)
	st.renderNodes(t.nodes)
	out, err := st.out, st.err
	if st.wtf8 && bytes.IndexByte(out[start:], 0xED) >= 0 {
		// Strings may hold lone UTF-16 surrogates (WTF-8 encoded, from charAt or substring
		// through a surrogate pair); Java's UTF-8 encoder writes each as '?'
		out = append(out[:start], jre.AppendUTF8(nil, string(out[start:]))...)
	}
	st.release()
	if !t.spare.CompareAndSwap(nil, st) {
		t.pool.Put(st)
	}
	return out, err
}

type ctl uint8

const (
	ctlNone  ctl = iota
	ctlBreak     // #break: leave the innermost loop, macro or define
	ctlStop      // #stop, or an error: leave everything
)

const (
	slotUnresolved uint8 = iota // look in the caller's scope
	slotSet                     // vals holds the value (possibly null)
	slotRemoved                 // removed from the context: null, do not look further
	slotThunk                   // a by-name macro argument: thunks holds the expression
	slotCached                  // vals caches the caller's value; restores treat it as unresolved
)

func isRef(e expr) bool {
	r, ok := e.(*refExpr)
	return ok && len(r.mods) == 0
}

// state is the working state of one Render.
type state struct {
	t     *Template
	out   []byte
	scope Scope
	vals  []Value
	flags []uint8
	err   error
	depth int
	gen   uint64 // bumped per render so values escaping a render (define blocks) go inert

	spares   []*foreachScope // recycled $foreach scopes
	breakTo  *foreachScope   // the loop a #break($scope) leaves; nil for the innermost
	steps    int             // #foreach iterations so far, against MaxTotalIterations
	maxOut   int             // the template's MaxOutput, kept here for the render loop
	wtf8     bool            // a string method produced a lone surrogate half (see Render)
	args     []Value         // stack of method-call arguments
	argsHigh int             // the most arguments st.args has held in this render
	scratch  Value           // the computed result evalRefPtr may point at
	frames   []paramSave     // callers' state of the parameters of the macro calls in progress
	// pending carries a #break or #stop out of an expression (an interpolated string, a
	// #define printed by a reference) to the enclosing statement list
	pending ctl
	base    int     // offset of the string literal being interpolated: positions inside it are relative
	thunks  []expr  // by-name macro arguments, by slot
	pieces  []Value // stack of the split pieces #foreach loops walk (see renderForeach)
	// temp holds the lists lent to contained variables (see markContained), tempUsed of them
	// in this render
	temp     []*List
	tempUsed int
}

func (st *state) reset(dst []byte, scope Scope) {
	st.out = dst
	st.scope = scope
	n := len(st.t.names)
	if cap(st.vals) < n {
		st.vals = make([]Value, n)
		st.flags = make([]uint8, n)
	}
	if cap(st.thunks) < n {
		st.thunks = make([]expr, n)
	}
	st.vals = st.vals[:n]
	st.flags = st.flags[:n]
	st.thunks = st.thunks[:n]
	st.err = nil
	st.wtf8 = false
	st.maxOut = st.t.opts.MaxOutput
	st.depth = 0
	st.base = 0
	st.steps = 0
	st.gen++
}

func (st *state) release() {
	// Values are cleared so a pooled state keeps nothing of the render alive: the variables
	// and the part of the argument stack this render used. (Clearing pointers costs write
	// barriers while the collector runs.) thunks hold only the template's own expressions.
	clear(st.vals)
	clear(st.flags)
	clear(st.args[:st.argsHigh])
	st.args, st.argsHigh = st.args[:0], 0
	st.scratch = Value{}
	clear(st.frames)
	st.frames = st.frames[:0]
	for _, l := range st.temp[:st.tempUsed] {
		clear(l.items)
		if cap(l.items) > 64 { // a long split: not kept for later renders
			l.items = nil
		}
		l.items = l.items[:0]
	}
	st.tempUsed = 0
	st.pending = ctlNone
	st.breakTo = nil
	st.out = nil
	st.scope = nil
	st.gen++
}

// fail records the first error of the render at the byte offset pos.
func (st *state) fail(pos int, err error) {
	if st.err != nil {
		return
	}
	var re *RenderError
	if errors.As(err, &re) {
		st.err = err
		return
	}
	line, col := lineCol(st.t.src, st.base+pos)
	st.err = &RenderError{Line: line, Column: col, Err: err}
}

// write appends s, failing the render when the output limit is passed.
func (st *state) write(s string) {
	st.out = append(st.out, s...)
}

func (st *state) overLimit(pos int) bool {
	if len(st.out) > st.t.opts.MaxOutput {
		st.fail(pos, fmt.Errorf("%w: limit %d bytes", ErrOutputTooLarge, st.t.opts.MaxOutput))
		return true
	}
	return false
}

// lookup returns the value of a variable slot: a value set by the template, else the caller's.
func (st *state) lookup(slot int) Value {
	switch st.flags[slot] {
	case slotSet, slotCached:
		return st.vals[slot]
	case slotRemoved:
		return NullValue
	case slotThunk:
		return st.force(slot)
	}
	if st.scope == nil {
		return NullValue
	}
	v, _ := st.scope.Lookup(st.t.names[slot])
	st.vals[slot], st.flags[slot] = v, slotCached // the scope does not change during a render
	return v
}

// force evaluates a by-name macro argument. The expression runs with the parameter unbound, so
// a reference to the same name inside it reads the caller's variable.
func (st *state) force(slot int) Value {
	e := st.thunks[slot]
	if st.depth >= st.t.opts.MaxDepth {
		st.fail(e.exprPos(), fmt.Errorf("%w: limit %d", ErrTooDeep, st.t.opts.MaxDepth))
		return NullValue
	}
	st.flags[slot] = slotUnresolved
	st.depth++
	v := st.eval(e)
	st.depth--
	st.flags[slot] = slotThunk
	return v
}

// setSlot assigns a variable; a null value removes it from the context.
func (st *state) setSlot(slot int, v Value) {
	st.vals[slot] = v
	st.flags[slot] = slotSet
}

// saved is a variable's state, to restore after a loop or macro call.
type saved struct {
	v    Value
	flag uint8
}

func (st *state) save(slot int) saved { return saved{st.vals[slot], st.flags[slot]} }

func (st *state) restore(slot int, s saved) {
	st.vals[slot] = s.v
	st.flags[slot] = s.flag
}

// renderNodes renders a block; it returns ctlBreak or ctlStop when rendering must unwind.
func (st *state) renderNodes(nodes []node) ctl {
	for _, n := range nodes {
		switch n := n.(type) {
		case *textNode: // the most common node, kept out of renderNode's dispatch
			st.out = append(st.out, n.text...)
			if len(st.out) > st.maxOut {
				st.overLimit(n.pos)
				return ctlStop
			}
			continue
		case *refNode:
			st.renderRef(n)
		default:
			if c := st.renderNode(n); c != ctlNone {
				return c
			}
		}
		if st.err != nil || st.pending != ctlNone || len(st.out) > st.maxOut {
			if c := st.interrupted(n); c != ctlNone {
				return c
			}
		}
	}
	return ctlNone
}

// interrupted reports why renderNodes must stop after n: an error, the output limit, or a
// #break or #stop carried out of an expression.
func (st *state) interrupted(n node) ctl {
	if st.err != nil || st.overLimit(n.nodePos()) {
		return ctlStop
	}
	c := st.pending
	st.pending = ctlNone
	return c
}

// renderNode renders the statements other than text and references (see renderNodes).
func (st *state) renderNode(n node) ctl {
	switch n := n.(type) {
	case *setNode:
		st.execSet(n)
	case *ifNode:
		for i := range n.branches {
			b := &n.branches[i]
			ok := st.cond(b.cond)
			if st.err != nil || st.pending != ctlNone {
				return ctlNone // renderNodes reports the error or the pending #break/#stop
			}
			if ok {
				if b.textOnly { // renderNodes checks the output limit after this node
					st.out = append(st.out, b.text...)
					return ctlNone
				}
				return st.renderNodes(b.body)
			}
		}
		if n.hasElse {
			return st.renderNodes(n.els)
		}
	case *foreachNode:
		return st.renderForeach(n)
	case *macroCall:
		return st.renderMacro(n)
	case *defineNode:
		st.setSlot(n.slot, ObjectValue(&defineBlock{st: st, gen: st.gen, body: n.body}))
	case *breakNode:
		if n.scope != nil {
			v := st.eval(n.scope)
			fs, ok := v.ref.(*foreachScope)
			if v.kind != ObjectKind || !ok {
				st.fail(n.pos, fmt.Errorf("%w: %s is not a valid org.apache.velocity.runtime.directive.Scope instance", ErrMethodException, v.String()))
				return ctlStop
			}
			st.breakTo = fs
		}
		return ctlBreak
	case *stopNode:
		return ctlStop
	case *literalNode:
		st.write(n.text)
	case *unsupportedNode:
		st.fail(n.pos, fmt.Errorf("%w: #%s", ErrUnsupported, n.name))
		return ctlStop
	}
	return ctlNone
}

func (st *state) renderRef(n *refNode) {
	if n.lead != "" {
		st.out = append(st.out, n.lead...)
		if len(st.out) > st.maxOut {
			st.overLimit(n.leadPos)
			return
		}
	}
	if n.printsCall {
		st.renderCall(n)
		return
	}
	v := st.evalRefPtr(n.ref)
	if st.err != nil || st.pending != ctlNone {
		return
	}
	if n.escaped {
		st.write(n.escPrefix)
		if v.kind == Null {
			st.write(`\`)
		}
		st.write(n.nullString)
		return
	}
	if n.prefix != "" {
		st.write(n.prefix)
	}
	switch v.kind { // printInline, written out: as a call (not inlined) it costs 4-8% here
	case String:
		st.out = append(st.out, v.s()...)
	case Int, Long:
		st.out = strconv.AppendInt(st.out, int64(v.num), 10)
	case Null:
	default:
		st.appendValue(*v, n.pos)
	}
}

// printInline prints the commonest kinds of value, String, Integer, Long and null, and
// reports whether v was one of them; appendValue prints the others.
func (st *state) printInline(v *Value) bool {
	switch v.kind {
	case String:
		st.out = append(st.out, v.s()...)
	case Int, Long:
		st.out = strconv.AppendInt(st.out, int64(v.num), 10)
	case Null:
	default:
		return false
	}
	return true
}

// renderCall renders a reference that ends in a method call. Where the result is text the
// call can write directly (a host CallAppender, a String's case conversion), it goes straight
// into the output instead of through a string.
func (st *state) renderCall(n *refNode) {
	r := n.ref
	m := &r.mods[len(r.mods)-1]
	var recv *Value
	if f := st.flags[r.slot]; len(r.mods) == 1 && (f == slotSet || f == slotCached) {
		recv = &st.vals[r.slot] // $obj.m(...): evalRefPrefix's first step, inlined
	} else {
		recv = st.evalRefPrefix(r, len(r.mods)-1)
	}
	if st.err != nil || st.pending != ctlNone || recv.kind == Null {
		return // a null receiver makes the whole reference null: nothing to print
	}
	v := *recv // st.scratch may be reused by the arguments
	base := len(st.args)
	args := m.litArgs // evalArgs's first step, inlined
	if args == nil {
		var ok bool
		if args, ok = st.evalArgs(m); !ok {
			return
		}
	}
	if !st.appendCall(v, m, args, n.prefix) {
		if res := st.call(v, m, args); st.err == nil && st.pending == ctlNone {
			if n.prefix != "" {
				st.out = append(st.out, n.prefix...)
			}
			if !st.printInline(&res) {
				st.appendValue(res, n.pos)
			}
		}
	}
	st.args = st.args[:base]
}

// appendCall writes prefix and the printed result of v.name(args) when the call can write its
// text straight into the output, and reports whether it did (or failed the render trying).
func (st *state) appendCall(v Value, m *modifier, args []Value, prefix string) bool {
	switch v.kind {
	case String:
		switch m.method {
		case mToLowerCase, mToUpperCase:
			if len(args) != 0 {
				return false
			}
			st.out = append(st.out, prefix...)
			start := len(st.out)
			if m.method == mToLowerCase {
				st.out = jre.AppendLower(st.out, v.s())
			} else {
				st.out = jre.AppendUpper(st.out, v.s())
			}
			if !st.wtf8 {
				st.wtf8 = edgeSurrogate(st.out[start:]) // as callMethod checks String results
			}
			return true
		case mTrim:
			if len(args) != 0 {
				return false
			}
			st.out = append(st.out, prefix...)
			start := len(st.out)
			st.out = append(st.out, jre.Trim(v.s())...)
			if !st.wtf8 {
				st.wtf8 = edgeSurrogate(st.out[start:]) // as callMethod checks String results
			}
			return true
		case mReplace, mReplaceAll, mReplaceFirst:
			return st.appendReplace(v.s(), m.method, args, prefix)
		}
		return false
	case ObjectKind:
		a, ok := v.ref.(CallAppender)
		if !ok {
			return false
		}
		mark := len(st.out)
		buf := append(st.out, prefix...)
		out, handled, err := a.AppendCall(buf, m.name, args)
		switch {
		case err != nil:
			st.out = buf[:mark]
			st.fail(m.pos, err)
			return true
		case !handled:
			st.out = buf[:mark]
			return false
		}
		st.out = out
		return true
	}
	return false
}

// appendReplace is appendCall for a String's replace of one non-empty String (or char) by
// another, and replaceAll or replaceFirst of a literal pattern by a literal replacement: the
// result is appended without being built.
func (st *state) appendReplace(s string, id method, args []Value, prefix string) bool {
	if len(args) != 2 {
		return false
	}
	a, b := args[0], args[1]
	if !(a.kind == String && b.kind == String || id == mReplace && a.kind == Char && b.kind == Char) {
		return false
	}
	x, y := a.s(), b.s()
	if x == "" || id != mReplace && (!literalPattern(x) || containsAnyASCII(y, `$\`)) {
		return false
	}
	st.out = append(st.out, prefix...)
	start := len(st.out)
	if id != mReplaceFirst {
		st.out = jre.AppendReplace(st.out, s, x, y)
	} else if i := strings.Index(s, x); i >= 0 {
		st.out = append(append(append(st.out, s[:i]...), y...), s[i+len(x):]...)
	} else {
		st.out = append(st.out, s...)
	}
	if !st.wtf8 { // as callMethod checks String results
		if id == mReplace {
			st.wtf8 = edgeSurrogate(st.out[start:])
		} else {
			st.wtf8 = bytes.IndexByte(st.out[start:], 0xED) >= 0
		}
	}
	return true
}

// appendValue writes a value as a reference prints it: null as nothing (API Gateway's rule), a
// #define block by rendering it, anything else by Java's toString.
func (st *state) appendValue(v Value, pos int) {
	switch v.kind {
	case Null:
	case String, Char:
		st.out = append(st.out, v.s()...)
	case ObjectKind:
		if d, ok := v.ref.(*defineBlock); ok && d.st == st && d.gen == st.gen {
			st.renderBlock(d.body, pos)
			return
		}
		st.out = append(st.out, v.obj().String()...)
	default:
		st.out = appendJava(st.out, v, 0, st.t.opts.MaxOutput)
	}
}

// renderBlock renders a #define body or a block macro's body in place.
func (st *state) renderBlock(body []node, pos int) {
	if st.depth >= st.t.opts.MaxDepth {
		st.fail(pos, fmt.Errorf("%w: limit %d", ErrTooDeep, st.t.opts.MaxDepth))
		return
	}
	st.depth++
	c := st.renderNodes(body)
	st.depth--
	// #break ends the define (its own scope) unless it names an outer loop; #stop ends all
	if c == ctlStop || c == ctlBreak && st.breakTo != nil {
		st.pending = c
	}
}

func (st *state) execSet(n *setNode) {
	var v Value
	if n.splitSep != 0 {
		v = st.evalTempSplit(n)
	} else {
		v = st.eval(n.value)
	}
	if st.err != nil || st.pending != ctlNone || v.kind == Null {
		return // Velocity 1.7 leaves the target unchanged when the value is null
	}
	r := n.lhs
	if len(r.mods) == 0 {
		st.setSlot(r.slot, v)
		if len(st.frames) > 0 {
			st.writeThrough(r.slot, v)
		}
		return
	}
	target := st.lookup(r.slot)
	for i := 0; i < len(r.mods)-1 && target.kind != Null; i++ {
		target = st.applyMod(target, &r.mods[i])
	}
	if target.kind == Null || st.err != nil {
		return
	}
	last := &r.mods[len(r.mods)-1]
	switch last.kind {
	case modProperty:
		st.setProperty(target, last.name, v, last.pos)
	case modIndex:
		st.setIndex(target, st.eval(last.idx), v, last.pos)
	}
}

// maxTempLists bounds the lists one render borrows from its state (see tempList); past it,
// #set allocates them.
const maxTempLists = 64

// evalTempSplit evaluates the value of #set($var = $ref....split("c")) for a contained $var:
// the pieces go into a list the render state lends.
func (st *state) evalTempSplit(n *setNode) Value {
	r := n.value.(*refExpr)
	recv := st.evalRefPrefix(r, len(r.mods)-1)
	switch {
	case st.err != nil || st.pending != ctlNone || recv.kind == Null:
		return NullValue
	case recv.kind != String || st.tempUsed == maxTempLists:
		return st.applyMod(*recv, &r.mods[len(r.mods)-1])
	}
	l := st.tempList()
	l.items = appendSplitByte(l.items, recv.s(), n.splitSep)
	v := ListValue(l)
	if !st.wtf8 { // as callMethod checks String results
		st.wtf8 = holdsSurrogate(v)
	}
	return v
}

// tempList returns an empty list for a contained variable, kept by the state for later renders
// (release empties it).
func (st *state) tempList() *List {
	if st.tempUsed == len(st.temp) {
		st.temp = append(st.temp, &List{})
	}
	l := st.temp[st.tempUsed]
	st.tempUsed++
	return l
}

// foreachScope is $foreach: index, count, hasNext, first, last, parent.
type foreachScope struct {
	index   int
	hasNext bool
	parent  Value
}

// scopeProps numbers $foreach's properties, so references resolve them once, at parse time.
var scopeProps = map[string]uint8{"index": 1, "count": 2, "hasNext": 3, "first": 4, "last": 5, "parent": 6, "topmost": 7}

// scopeGetters maps $foreach's getter methods to its properties.
var scopeGetters = map[string]string{"getIndex": "index", "getCount": "count", "getHasNext": "hasNext",
	"getParent": "parent", "getTopmost": "topmost", "isFirst": "first", "isLast": "last"}

// Property implements Object.
func (f *foreachScope) Property(name string) (Value, bool) {
	if id, ok := scopeProps[name]; ok {
		return f.prop(id), true
	}
	return NullValue, false
}

// prop returns the property numbered id in scopeProps.
func (f *foreachScope) prop(id uint8) Value {
	switch id {
	case 1:
		return IntValue(int32(f.index))
	case 2:
		return IntValue(int32(f.index + 1))
	case 3:
		return BoolValue(f.hasNext)
	case 4:
		return BoolValue(f.index == 0)
	case 5:
		return BoolValue(!f.hasNext)
	case 6:
		return f.parent
	case 7:
		top := ObjectValue(f)
		for {
			p, ok := top.ref.(*foreachScope)
			if !ok || p.parent.kind != ObjectKind {
				return top
			}
			if _, ok := p.parent.ref.(*foreachScope); !ok {
				return top
			}
			top = p.parent
		}
	}
	return NullValue
}

func (f *foreachScope) Call(name string, args []Value) (Value, error) {
	if len(args) == 0 {
		if prop, ok := scopeGetters[name]; ok {
			name = prop
		}
		if id, ok := scopeProps[name]; ok { // hasNext() is a method too
			return f.prop(id), nil
		}
	}
	return NullValue, ErrNoMethod
}

// truth is the condition #if($foreach.name) tests, for the property numbered id: false for a
// false Boolean, true for any other value (only parent, outside nested loops, can be null).
func (f *foreachScope) truth(id uint8) bool {
	switch id {
	case 3:
		return f.hasNext
	case 4:
		return f.index == 0
	case 5:
		return !f.hasNext
	case 6:
		return f.parent.kind != Null && !(f.parent.kind == Bool && f.parent.num == 0)
	}
	return true // index, count, topmost
}

// String prints $foreach as Velocity 1.7's Scope, an empty map, does.
func (f *foreachScope) String() string { return "{}" }

func (st *state) renderForeach(n *foreachNode) ctl {
	var src Value
	if n.iterCall != 0 {
		// #foreach($x in $s.split(",")) and #foreach($k in $m.keySet()): the template never
		// sees the collection, so the loop walks the map's keys or values, or split pieces on
		// a stack in the render state, instead of a new collection
		r := n.iter.(*refExpr)
		recv := st.evalRefPrefix(r, len(r.mods)-1)
		switch {
		case st.err != nil || st.pending != ctlNone:
			return ctlNone // renderNodes reports it
		case recv.kind == String && n.iterCall == mSplit:
			return st.loopSplit(n, recv.s())
		case recv.kind == MapKind && n.iterCall == mKeySet:
			m := recv.mapv()
			return st.loop(n, m.keys, nil, m, m.mods)
		case recv.kind == MapKind && n.iterCall == mValues:
			m := recv.mapv()
			return st.loop(n, m.vals, nil, m, m.mods)
		case recv.kind != Null:
			src = st.applyMod(*recv, &r.mods[len(r.mods)-1])
		}
	} else {
		src = st.eval(n.iter)
	}
	if st.err != nil || st.pending != ctlNone {
		return ctlNone // renderNodes reports it
	}
	switch src.kind {
	case ListKind:
		list := src.list()
		return st.loop(n, list.items, list, nil, 0)
	case MapKind: // its values
		m := src.mapv()
		return st.loop(n, m.vals, nil, m, m.mods)
	case ObjectKind:
		if v, ok := src.ref.(*mapView); ok { // keySet(), values(), entrySet()
			return st.loop(n, v.snapshot(), nil, v.m, v.m.mods)
		}
	}
	return ctlNone // null, strings, numbers: Velocity renders nothing
}

// loopSplit runs a #foreach over the pieces of s.split(n.splitSep), kept on st.pieces.
func (st *state) loopSplit(n *foreachNode, s string) ctl {
	base := len(st.pieces)
	st.pieces = appendSplitByte(st.pieces, s, n.splitSep)
	items := st.pieces[base:]
	if !st.wtf8 { // as callMethod checks String results
		for i := range items {
			if edgeSurrogate(items[i].s()) {
				st.wtf8 = true
				break
			}
		}
	}
	c := st.loop(n, items, nil, nil, 0)
	clear(st.pieces[base:])
	st.pieces = st.pieces[:base]
	return c
}

// loop runs a #foreach over items, which come from list or from m (both checked for
// concurrent modification at each step; mods is m's modification count) or from neither.
func (st *state) loop(n *foreachNode, items []Value, list *List, m *Map, mods uint32) ctl {
	if len(items) == 0 {
		return ctlNone
	}
	countSlot, scopeSlot, hasNextSlot := st.t.countSlot, st.t.scopeSlot, st.t.hasNextSlot
	savedElem := st.save(n.slot)
	var savedCount, savedScope, savedHasNext saved
	if countSlot >= 0 {
		savedCount = st.save(countSlot)
	}
	if hasNextSlot >= 0 {
		savedHasNext = st.save(hasNextSlot)
	}
	var fs *foreachScope
	if scopeSlot >= 0 {
		savedScope = st.save(scopeSlot)
		fs = st.newScope()
		fs.parent = st.lookup(scopeSlot)
		fs.index = -1
		st.setSlot(scopeSlot, ObjectValue(fs))
	}
	result := ctlNone
	size := len(items)
	limit := st.t.opts.MaxIterations
	for i := 0; i < size && i < limit; i++ {
		if st.steps++; st.steps > st.t.opts.MaxTotalIterations {
			st.fail(n.pos, fmt.Errorf("%w: more than %d #foreach iterations in one render", ErrTooManyIterations, st.t.opts.MaxTotalIterations))
			result = ctlStop
			break
		}
		if (list != nil && len(list.items) != size) || (m != nil && m.mods != mods) {
			st.fail(n.pos, errConcurrentModification())
			result = ctlStop
			break
		}
		hasNext := i+1 < size
		if countSlot >= 0 {
			st.setSlot(countSlot, IntValue(int32(i+1)))
		}
		if hasNextSlot >= 0 {
			st.setSlot(hasNextSlot, BoolValue(hasNext))
		}
		st.setSlot(n.slot, items[i])
		if fs != nil {
			fs.index = i
			fs.hasNext = hasNext
		}
		if c := st.renderNodes(n.body); c != ctlNone {
			switch {
			case c == ctlStop:
				result = ctlStop
			case st.breakTo != nil && st.breakTo != fs:
				result = ctlBreak // an outer loop's #break
			default:
				st.breakTo = nil
			}
			break
		}
	}
	st.restore(n.slot, restoredOrRemoved(savedElem))
	if countSlot >= 0 {
		st.restore(countSlot, restoredOrRemoved(savedCount))
	}
	if hasNextSlot >= 0 {
		st.restore(hasNextSlot, restoredOrRemoved(savedHasNext))
	}
	if scopeSlot >= 0 {
		st.restore(scopeSlot, savedScope)
		st.freeScope(fs)
	}
	return result
}

// restoredOrRemoved mirrors Foreach.clean: a variable that held a value gets it back; one that
// was not set is removed from the context.
func restoredOrRemoved(s saved) saved {
	if s.flag == slotSet && s.v.kind != Null {
		return s
	}
	if s.flag == slotUnresolved || s.flag == slotCached {
		return s
	}
	return saved{flag: slotRemoved}
}

func (st *state) newScope() *foreachScope {
	if n := len(st.spares); n > 0 {
		f := st.spares[n-1]
		st.spares = st.spares[:n-1]
		*f = foreachScope{}
		return f
	}
	return &foreachScope{}
}

func (st *state) freeScope(f *foreachScope) { st.spares = append(st.spares, f) }

func (st *state) renderMacro(n *macroCall) ctl {
	def := st.t.macros[n.name]
	if def == nil {
		st.write(n.literal)
		return ctlNone
	}
	if st.depth >= st.t.opts.MaxDepth {
		st.fail(n.pos, fmt.Errorf("%w: macro #%s exceeds the calling depth of %d", ErrTooDeep, n.name, st.t.opts.MaxDepth))
		return ctlStop
	}
	// Arguments bind by name, as Velocity's ProxyVMContext does: a reference is read when the
	// call starts; any other expression is evaluated each time the macro reads its parameter.
	// A parameter without an argument stays unbound, so it sees the caller's variable.
	var buf [8]saved
	bound := buf[:0]
	for i, a := range n.args {
		if i >= len(def.params) || def.params[i] < 0 {
			continue
		}
		switch a := a.(type) {
		case *litExpr:
			bound = append(bound, saved{v: a.val, flag: slotSet})
		case *refExpr:
			if len(a.mods) > 0 {
				bound = append(bound, saved{flag: slotThunk}) // $l.add(1) runs at each read
				continue
			}
			if st.flags[a.slot] == slotThunk {
				bound = append(bound, saved{flag: slotThunk, v: Value{num: uint64(a.slot)}})
				continue
			}
			bound = append(bound, saved{v: st.evalRef(a), flag: slotSet})
		default:
			bound = append(bound, saved{flag: slotThunk})
		}
	}
	if st.err != nil || st.pending != ctlNone {
		return ctlNone // renderNodes reports it
	}
	// the caller's state of every parameter, restored when the call ends; a #set of a
	// parameter inside the call updates it (see writeThrough)
	base := len(st.frames)
	for _, slot := range def.params {
		if slot >= 0 {
			st.frames = append(st.frames, paramSave{slot: slot, s: st.save(slot), thunk: st.thunks[slot]})
		}
	}
	bi := 0
	for i, a := range n.args {
		if i >= len(def.params) || def.params[i] < 0 {
			continue
		}
		slot, b := def.params[i], bound[bi]
		bi++
		switch {
		case b.flag == slotThunk && b.v.num != 0 || b.flag == slotThunk && isRef(a):
			st.thunks[slot] = st.thunks[int(b.v.num)] // pass a by-name argument along
			st.vals[slot], st.flags[slot] = NullValue, slotThunk
		case b.flag == slotThunk:
			st.thunks[slot] = a
			st.vals[slot], st.flags[slot] = NullValue, slotThunk
		default:
			st.setSlot(slot, b.v)
		}
	}
	var savedBody saved
	if n.block && st.t.bodySlot >= 0 {
		savedBody = st.save(st.t.bodySlot)
		st.setSlot(st.t.bodySlot, ObjectValue(&defineBlock{st: st, gen: st.gen, body: n.body}))
	}
	st.depth++
	c := st.renderNodes(def.body)
	st.depth--
	if n.block && st.t.bodySlot >= 0 {
		st.restore(st.t.bodySlot, savedBody)
	}
	for i := len(st.frames) - 1; i >= base; i-- {
		f := &st.frames[i]
		st.restore(f.slot, f.s)
		st.thunks[f.slot] = f.thunk
	}
	st.frames = st.frames[:base]
	if c == ctlBreak && st.breakTo == nil {
		c = ctlNone // #break leaves the macro
	}
	return c
}

// paramSave is a macro parameter's state in the caller, restored when the call returns.
type paramSave struct {
	slot  int
	s     saved
	thunk expr
}

// writeThrough makes #set of a macro parameter assign the caller's variable too, as Velocity
// 1.7's ProxyVMContext puts it in the global context: the value survives the call.
func (st *state) writeThrough(slot int, v Value) {
	for i := range st.frames {
		if st.frames[i].slot == slot {
			st.frames[i].s = saved{v: v, flag: slotSet}
			st.frames[i].thunk = nil
		}
	}
}

// defineBlock is the value of a #define: it renders its body when printed.
type defineBlock struct {
	st   *state
	gen  uint64
	body []node
}

func (d *defineBlock) Property(string) (Value, bool) { return NullValue, false }

func (d *defineBlock) Call(name string, args []Value) (Value, error) {
	if name == "toString" && len(args) == 0 {
		return StringValue(d.String()), nil
	}
	return NullValue, ErrNoMethod
}

// String renders the block; outside the render that defined it, it is empty.
func (d *defineBlock) String() string {
	st := d.st
	if st.gen != d.gen {
		return ""
	}
	mark := len(st.out)
	st.renderBlock(d.body, 0)
	s := string(st.out[mark:])
	st.out = st.out[:mark]
	return s
}
