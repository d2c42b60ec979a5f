package vtl

import (
	"fmt"
	"math"
)

// eval returns the value of an expression (Velocity's Node.value).
func (st *state) eval(e expr) Value {
	switch e := e.(type) {
	case *litExpr:
		return e.val
	case *refExpr:
		return st.evalRef(e)
	case *strExpr:
		return st.evalString(e)
	case *binExpr:
		return st.evalBinary(e)
	case *notExpr:
		return BoolValue(!st.cond(e.x))
	case *parenExpr:
		return st.eval(e.x)
	case *listExpr:
		items := make([]Value, len(e.items))
		for i, it := range e.items {
			items[i] = st.eval(it)
		}
		return ListValue(NewList(items...))
	case *mapExpr:
		m := NewMap(len(e.keys))
		for i := range e.keys {
			m.Put(st.eval(e.keys[i]), st.eval(e.vals[i]))
		}
		return MapValue(m)
	case *rangeExpr:
		return st.evalRange(e)
	}
	return NullValue
}

// cond is Velocity's Node.evaluate: the truth of a node in #if. References are true unless
// null or false; literals other than true, and arithmetic, are false, as in Velocity 1.7.
func (st *state) cond(e expr) bool {
	switch e := e.(type) {
	case *refExpr:
		if e.scopeProp != 0 && st.flags[e.slot] == slotSet { // #if($foreach.hasNext) and the like
			if fs, ok := st.vals[e.slot].ref.(*foreachScope); ok {
				return fs.truth(e.scopeProp)
			}
		}
		v := st.evalRefPtr(e)
		if v.kind == Bool {
			return v.num != 0
		}
		return v.kind != Null
	case *litExpr:
		return e.val.kind == Bool && e.val.num != 0
	case *notExpr:
		return !st.cond(e.x)
	case *parenExpr:
		return st.cond(e.x)
	case *binExpr:
		switch e.op {
		case opOr:
			return st.cond(e.l) || st.cond(e.r)
		case opAnd:
			return st.cond(e.l) && st.cond(e.r)
		case opEQ, opNE, opLT, opGT, opLE, opGE:
			return st.compare(e)
		}
	}
	return false
}

func (st *state) compare(e *binExpr) bool {
	a, b := st.eval(e.l), st.eval(e.r)
	if a.kind == b.kind { // the common cases: two Strings, two Integers, two Doubles
		switch a.kind {
		case String:
			switch e.op {
			case opEQ:
				return a.num == b.num && a.s() == b.s()
			case opNE:
				return a.num != b.num || a.s() != b.s()
			}
			return false // < and the like need numbers
		case Int:
			return compareOrdered(e.op, int32(a.num), int32(b.num))
		case Double:
			return compareOrdered(e.op, math.Float64frombits(a.num), math.Float64frombits(b.num))
		}
	}
	switch e.op {
	case opEQ:
		return valuesEqual(a, b, st.t.opts.NullEqualsEmpty)
	case opNE:
		return !valuesEqual(a, b, st.t.opts.NullEqualsEmpty)
	}
	if !a.isNumber() || !b.isNumber() {
		return false
	}
	return holds(e.op, compareNumbers(a, b))
}

// compareOrdered applies a comparison operator to two numbers of one type as compareNumbers
// and compare do: x and y are equal unless one is greater (so NaN equals everything).
func compareOrdered[T int32 | float64](op opKind, x, y T) bool {
	c := 0
	if x > y {
		c = 1
	} else if x < y {
		c = -1
	}
	return holds(op, c)
}

// holds reports whether a comparison operator holds for c, the sign of the comparison.
func holds(op opKind, c int) bool {
	switch op {
	case opEQ:
		return c == 0
	case opNE:
		return c != 0
	case opLT:
		return c < 0
	case opGT:
		return c > 0
	case opLE:
		return c <= 0
	}
	return c >= 0
}

func (st *state) evalBinary(e *binExpr) Value {
	switch e.op {
	case opOr, opAnd, opEQ, opNE, opLT, opGT, opLE, opGE:
		return BoolValue(st.cond(e))
	}
	a, b := st.eval(e.l), st.eval(e.r)
	if e.op == opAdd && (a.kind == String || b.kind == String) {
		// ASTAddNode: string concatenation; a null side contributes its source text
		as, bs := a.String(), b.String()
		if a.kind == Null {
			as = e.llit
		}
		if b.kind == Null {
			bs = e.rlit
		}
		if len(as)+len(bs) > st.t.opts.MaxOutput {
			st.fail(e.pos, fmt.Errorf("%w: a string of %d bytes", ErrOutputTooLarge, len(as)+len(bs)))
			return NullValue
		}
		return StringValue(as + bs)
	}
	if !a.isNumber() || !b.isNumber() {
		return NullValue
	}
	r, err := arith(e.op, a, b)
	if err != nil {
		st.fail(e.pos, err)
	}
	return r
}

// maxCollection bounds the elements of one list or map a template builds ([a..b] ranges,
// add, addAll, put): past it the render fails with ErrOutputTooLarge.
const maxCollection = 1 << 18

func (st *state) evalRange(e *rangeExpr) Value {
	from, to := st.eval(e.from), st.eval(e.to)
	if !from.isNumber() || !to.isNumber() {
		return NullValue // Velocity 1.7: both bounds must be numbers
	}
	a, b := int64(int32(from.AsInt64())), int64(int32(to.AsInt64())) // Number.intValue()
	n := b - a
	if n < 0 {
		n = -n
	}
	if n >= maxCollection {
		st.fail(e.pos, fmt.Errorf("%w: range [%d..%d] too large", ErrOutputTooLarge, a, b))
		return NullValue
	}
	items := make([]Value, 0, n+1)
	step := int64(1)
	if b < a {
		step = -1
	}
	for i := a; ; i += step {
		items = append(items, IntegerValue(i))
		if i == b {
			break
		}
	}
	return ListValue(NewList(items...))
}

func (st *state) evalString(e *strExpr) Value {
	if st.depth >= st.t.opts.MaxDepth {
		st.fail(e.pos, fmt.Errorf("%w: limit %d", ErrTooDeep, st.t.opts.MaxDepth))
		return NullValue
	}
	mark := len(st.out)
	base := st.base
	st.base += e.pos + 1 // the literal's nodes count positions from its first character
	st.depth++
	c := st.renderNodes(e.body)
	st.depth--
	st.base = base
	if c != ctlNone { // a #break or #stop inside the string acts where the string is used
		st.pending = c
		st.out = st.out[:mark]
		return NullValue
	}
	out := st.out[mark:]
	if e.trimLastSpace && len(out) > 0 {
		out = out[:len(out)-1]
	}
	s := string(out)
	st.out = st.out[:mark]
	return StringValue(s)
}

// evalRef evaluates a reference chain; any null link makes the whole reference null.
func (st *state) evalRef(r *refExpr) Value { return *st.evalRefPtr(r) }

var nullValue = NullValue // what evalRefPtr points at for null; never written

// evalRefPtr evaluates a reference chain without copying values along it: the result points
// into the variable slots, into a map's storage, or at st.scratch. The caller must read it
// before evaluating anything else, which may reuse st.scratch.
func (st *state) evalRefPtr(r *refExpr) *Value { return st.evalRefPrefix(r, len(r.mods)) }

// evalRefPrefix is evalRefPtr for the variable and its first n modifiers.
func (st *state) evalRefPrefix(r *refExpr, n int) *Value {
	tmp := &st.scratch
	var v *Value
	switch st.flags[r.slot] {
	case slotSet, slotCached:
		v = &st.vals[r.slot]
	default:
		*tmp = st.lookup(r.slot)
		v = tmp
	}
	for i := range r.mods[:n] {
		m := &r.mods[i]
		switch {
		case v.kind == MapKind && m.kind == modProperty && !m.getClass:
			// $m.key: try where the key was last found before searching (an inline cache)
			mp := v.mapv()
			hint := int(m.hint.Load())
			if hint >= len(mp.keys) || !mp.keys[hint].isString(m.name) {
				j := mp.find(StringValue(m.name))
				if j < 0 {
					return &nullValue
				}
				m.hint.Store(int32(j)) // stores are rare: a hit leaves the cache alone
				hint = j
			}
			v = &mp.vals[hint]
		case v.kind == Null:
			return &nullValue
		case v.kind == ObjectKind && m.kind == modProperty && m.scopeProp != 0:
			if fs, ok := v.ref.(*foreachScope); ok { // $foreach.hasNext and the like
				*tmp = fs.prop(m.scopeProp)
			} else {
				*tmp = getProperty(*v, m.name)
			}
			v = tmp
		case v.kind == ListKind && m.kind == modIndex && m.litIndex >= 0 && m.litIndex < len(v.list().items):
			v = &v.list().items[m.litIndex] // $a[0]: in range, no copy
		case v.kind == MapKind && m.method == mGet && len(m.args) == 1:
			if v = st.mapGet(v.mapv(), m); st.err != nil || st.pending != ctlNone {
				return &nullValue
			}
		default:
			*tmp = st.applyMod(*v, m)
			if st.err != nil {
				return &nullValue
			}
			v = tmp
		}
	}
	return v
}

// mapGet is $map.get(key) with a String key, through the call site's inline cache (as for
// properties): the key is looked for where the site last found one, then just after it, where a
// loop over $map.keySet() finds the next key. The result points into the map's storage.
func (st *state) mapGet(mp *Map, m *modifier) *Value {
	var k Value
	if m.litArgs != nil {
		k = m.litArgs[0]
	} else if k = st.eval(m.args[0]); st.err != nil || st.pending != ctlNone {
		return &nullValue
	}
	// checkSize's two checks, written out here: calling it measured +3.9% on things and +2.8% on
	// aws-passthrough (bench/vtl gobench, n=6, p=0.002)
	if len(mp.keys) > maxCollection {
		st.fail(m.pos, fmt.Errorf("%w: a collection of %d elements", ErrOutputTooLarge, len(mp.keys)))
		return &nullValue
	}
	i := -1
	if k.kind == String {
		h := int(m.hint.Load())
		switch ks := k.s(); {
		case h < len(mp.keys) && mp.keys[h].isString(ks):
			i = h
		case h+1 < len(mp.keys) && mp.keys[h+1].isString(ks):
			i = h + 1
		default:
			i = mp.find(k)
		}
		if i >= 0 && i != h {
			m.hint.Store(int32(i))
		}
	} else {
		i = mp.find(k)
	}
	if i < 0 {
		return &nullValue
	}
	if r := &mp.vals[i]; r.kind != String || r.num <= uint64(st.maxOut) {
		return r
	}
	st.fail(m.pos, fmt.Errorf("%w: a string of %d bytes", ErrOutputTooLarge, mp.vals[i].num))
	return &nullValue
}

func (st *state) applyMod(v Value, m *modifier) Value {
	switch m.kind {
	case modProperty:
		if v.kind == ObjectKind {
			if f, ok := v.ref.(*foreachScope); ok {
				return f.prop(m.scopeProp)
			}
		}
		return getProperty(v, m.name)
	case modMethod:
		base := len(st.args)
		args := m.litArgs // evalArgs's first step, inlined
		if args == nil {
			var ok bool
			if args, ok = st.evalArgs(m); !ok {
				return NullValue
			}
		}
		r := st.call(v, m, args)
		st.args = st.args[:base]
		return r
	case modIndex:
		idx := st.eval(m.idx)
		r, err := indexValue(v, idx)
		if err != nil {
			st.fail(m.pos, err)
			return NullValue
		}
		return r
	}
	return NullValue
}

// evalArgs evaluates a call's arguments onto st.args, a per-render stack, so calls through
// interfaces do not allocate. The caller notes len(st.args) before and truncates st.args back
// to it after the call; when evaluation fails, evalArgs has popped them and reports false.
// Arguments that are all literals are not evaluated: the call gets the template's own values
// (m.litArgs), which the methods only read.
func (st *state) evalArgs(m *modifier) ([]Value, bool) {
	if m.litArgs != nil {
		return m.litArgs, true
	}
	base := len(st.args)
	for _, a := range m.args {
		av := st.eval(a)
		st.args = append(st.args, av)
	}
	st.argsHigh = max(st.argsHigh, len(st.args))
	if st.err != nil || st.pending != ctlNone {
		st.args = st.args[:base]
		return nil, false
	}
	return st.args[base:len(st.args):len(st.args)], true
}

// call invokes the method m on v with args, failing the render on an error.
func (st *state) call(v Value, m *modifier, args []Value) Value {
	var r Value
	var err error
	if v.kind == ObjectKind { // a host object's method: callMethod's commonest case, inlined
		r, err = callObject(v, m.name, args)
	} else {
		r, err = callMethod(st, v, m.name, m.method, args)
	}
	// checkSize's cases, tested here first: most calls return a short value from a receiver
	// other than a collection
	if err == nil && (r.kind == String && r.num > uint64(st.maxOut) || v.kind == ListKind || v.kind == MapKind) {
		err = st.checkSize(r, v)
	}
	if err != nil {
		st.fail(m.pos, err)
		return NullValue
	}
	return r
}

// checkSize bounds what a method call can grow: the string it returns and the collection it
// was called on (add, addAll, put), so a loop cannot double a value past the output limit.
func (st *state) checkSize(result, receiver Value) error {
	if result.kind == String && result.num > uint64(st.t.opts.MaxOutput) { // num: the length
		return fmt.Errorf("%w: a string of %d bytes", ErrOutputTooLarge, result.num)
	}
	if n, ok := sizeOf(receiver); ok && n > maxCollection {
		return fmt.Errorf("%w: a collection of %d elements", ErrOutputTooLarge, n)
	}
	return nil
}

func (st *state) setProperty(target Value, name string, v Value, pos int) {
	switch target.kind {
	case MapKind:
		target.mapv().PutString(name, v)
	case ObjectKind:
		if s, ok := target.obj().(Setter); ok {
			if err := s.SetProperty(name, v); err != nil {
				st.fail(pos, err)
			}
		}
	}
}

func (st *state) setIndex(target, idx, v Value, pos int) {
	switch target.kind {
	case MapKind:
		target.mapv().Put(idx, v)
	case ListKind:
		l := target.list()
		if idx.kind != Int {
			return
		}
		i := int(int32(idx.num))
		if i < 0 {
			i += len(l.items)
		}
		if !l.Set(i, v) {
			st.fail(pos, fmt.Errorf("%w: java.lang.IndexOutOfBoundsException: Index %d out of bounds for length %d", ErrMethodException, int32(idx.num), len(l.items)))
		}
	case ObjectKind:
		if s, ok := target.obj().(Setter); ok && idx.kind == String {
			if err := s.SetProperty(idx.s(), v); err != nil {
				st.fail(pos, err)
			}
		}
	}
}

// Setter is implemented by host objects whose properties templates may assign with
// #set($obj.name = value).
type Setter interface {
	SetProperty(name string, v Value) error
}

// literalArgs returns the values of a call's arguments when every one is a literal, for
// modifier.litArgs, and nil otherwise (and for no arguments). The slice is full (len = cap), so
// a method that appended to its arguments would copy them rather than write past them.
func literalArgs(args []expr) []Value {
	if len(args) == 0 {
		return nil
	}
	vals := make([]Value, len(args))
	for i, a := range args {
		l, ok := a.(*litExpr)
		if !ok {
			return nil
		}
		vals[i] = l.val
	}
	return vals
}
