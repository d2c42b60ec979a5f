package vtl

// A contained variable is one whose value nothing else can get hold of: wherever the template
// uses it, it prints it, tests it, compares it, iterates it, indexes it, reads a property or calls
// a method that does not let the receiver out (size, get, isEmpty, contains, indexOf,
// lastIndexOf, toString, hashCode). No other variable, collection, macro or host object sees it.
// A list that #set stores in a contained variable cannot outlive the render, so the render state
// lends one (see state.tempList) instead of allocating it.

// markContained sets splitSep on the #set statements of nodes and of the macros that store
// $ref....split("c") (with a separator splitByte handles) in a contained variable.
func markContained(nodes []node, macros map[string]*macroDef, nslots int) {
	c := containment{escaped: make([]bool, nslots)}
	c.nodes(nodes)
	for _, m := range macros {
		c.nodes(m.body)
	}
	for _, n := range c.sets {
		if call, sep := iterCall(n.value); call == mSplit && !c.escaped[n.lhs.slot] {
			n.splitSep = sep
		}
	}
}

// containment walks a template and records the variables that escape.
type containment struct {
	escaped []bool     // by slot
	sets    []*setNode // #set($var = ...) statements
}

func (c *containment) nodes(ns []node) {
	for _, n := range ns {
		switch n := n.(type) {
		case *refNode:
			c.ref(n.ref, true)
		case *setNode:
			if len(n.lhs.mods) == 0 {
				c.sets = append(c.sets, n)
			} else {
				c.ref(n.lhs, true) // #set($v[0] = x) stores into $v, not $v anywhere
			}
			c.expr(n.value, false) // #set($w = $v) lets $v out
		case *ifNode:
			for i := range n.branches {
				c.expr(n.branches[i].cond, true)
				c.nodes(n.branches[i].body)
			}
			c.nodes(n.els)
		case *foreachNode:
			c.expr(n.iter, true)
			c.nodes(n.body)
		case *macroCall:
			for _, a := range n.args {
				c.expr(a, false)
			}
			c.nodes(n.body)
		case *defineNode:
			c.nodes(n.body)
		case *breakNode:
			if n.scope != nil {
				c.expr(n.scope, false)
			}
		}
	}
}

// expr walks e; safe says whether a bare reference in e's place keeps its value where it is: a
// condition, an operand of a comparison, arithmetic or concatenation, a #foreach source.
func (c *containment) expr(e expr, safe bool) {
	switch e := e.(type) {
	case *refExpr:
		c.ref(e, safe)
	case *strExpr:
		c.nodes(e.body)
	case *binExpr:
		c.expr(e.l, true)
		c.expr(e.r, true)
	case *notExpr:
		c.expr(e.x, true)
	case *parenExpr:
		c.expr(e.x, safe)
	case *listExpr:
		for _, it := range e.items {
			c.expr(it, false)
		}
	case *mapExpr:
		for i := range e.keys {
			c.expr(e.keys[i], false)
			c.expr(e.vals[i], false)
		}
	case *rangeExpr:
		c.expr(e.from, true)
		c.expr(e.to, true)
	}
}

func (c *containment) ref(r *refExpr, safe bool) {
	if len(r.mods) == 0 && !safe || len(r.mods) > 0 && !readsReceiver(&r.mods[0]) {
		c.escaped[r.slot] = true
	}
	for i := range r.mods {
		m := &r.mods[i]
		for _, a := range m.args {
			c.expr(a, false)
		}
		if m.idx != nil {
			c.expr(m.idx, false)
		}
	}
}

// readsReceiver reports whether m only reads the value it is applied to, letting out at most
// an element, a property or a new value.
func readsReceiver(m *modifier) bool {
	if m.kind != modMethod {
		return true // a property or an index
	}
	switch m.method {
	case mSize, mGet, mIsEmpty, mContains, mIndexOf, mLastIndexOf, mToString, mHashCode:
		return true
	}
	return false
}
