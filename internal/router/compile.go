package router

import (
	"sort"
	"strconv"
	"strings"
)

// Compile builds a router over routes, checking them as API Gateway's CreateResource and
// PutMethod would. A route's parent resources need not be listed: "/a/b" alone implies "/a",
// with no methods. Every error is a *CompileError wrapping one of the package's sentinel
// errors. The router keeps no reference to routes.
func Compile(routes []Route) (*Router, error) {
	r := &Router{root: node{route: -1}}
	for i, rt := range routes {
		parts, err := parsePath(i, rt.Path)
		if err != nil {
			return nil, err
		}
		methods, err := parseMethods(i, rt)
		if err != nil {
			return nil, err
		}
		n := &r.root
		for j, p := range parts {
			if n.kind == greedyPart {
				return nil, greedyChildError(i, rt.Path, n.part)
			}
			child := n.child(p)
			if child == nil {
				if p.kind != literalPart {
					if sib := n.variable(); sib != nil {
						return nil, variableSiblingError(i, rt.Path, sib.part)
					}
				}
				child = n.add(p)
			} else if j == len(parts)-1 && child.route >= 0 {
				return nil, duplicateError(i, rt.Path, p.part)
			}
			n = child
		}
		if len(parts) == 0 && r.root.route >= 0 {
			return nil, duplicateError(i, rt.Path, "")
		}
		n.route = i
		n.methods = methods
	}
	r.root.summarize()
	return r, nil
}

// child returns n's existing child for p: the literal of the same text, or the variable written
// the same way.
func (n *node) child(p node) *node {
	switch p.kind {
	case literalPart:
		return n.literal(p.part)
	case paramPart:
		if n.param != nil && n.param.part == p.part {
			return n.param
		}
	case greedyPart:
		if n.greedy != nil && n.greedy.part == p.part {
			return n.greedy
		}
	}
	return nil
}

// variable returns n's variable child, plain or greedy, if it has one.
func (n *node) variable() *node {
	if n.param != nil {
		return n.param
	}
	return n.greedy
}

// add adds p as a new child of n, with no route and no methods, and returns it.
func (n *node) add(p node) *node {
	c := &node{part: p.part, name: p.name, kind: p.kind, route: -1}
	switch p.kind {
	case paramPart:
		n.param = c
	case greedyPart:
		n.greedy = c
	default:
		i := sort.Search(len(n.literals), func(i int) bool { return n.literals[i].part >= c.part })
		n.literals = append(n.literals, nil)
		copy(n.literals[i+1:], n.literals[i:])
		n.literals[i] = c
	}
	return c
}

// summarize sets the subtree method sets of n and its descendants and returns n's.
func (n *node) summarize() methodSet {
	n.subtree = n.methods
	for _, c := range n.literals {
		n.subtree |= c.summarize()
	}
	if n.param != nil {
		n.subtree |= n.param.summarize()
	}
	if n.greedy != nil {
		n.subtree |= n.greedy.summarize()
	}
	return n.subtree
}

// parseMethods returns the set of a route's methods.
func parseMethods(i int, rt Route) (methodSet, error) {
	var set methodSet
	for _, m := range rt.Methods {
		b := methodBit(m)
		if b == 0 {
			return 0, methodError(i, rt.Path, ErrInvalidMethod, "invalid method "+strconv.Quote(m)+
				"; valid methods are ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST and PUT")
		}
		if set&b != 0 {
			return 0, methodError(i, rt.Path, ErrDuplicateMethod, "method "+m+" is listed twice")
		}
		set |= b
	}
	return set, nil
}

// parsePath splits a path template into its parts (none for the root), as nodes carrying part,
// name and kind.
func parsePath(i int, path string) ([]node, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, pathError(i, path, `a path must start with "/"`)
	}
	if path == "/" {
		return nil, nil
	}
	segs := strings.Split(path[1:], "/")
	parts := make([]node, 0, len(segs))
	for _, s := range segs {
		p, why := parsePart(s)
		if why != "" {
			return nil, pathError(i, path, why)
		}
		if p.kind != literalPart {
			for _, q := range parts {
				if q.kind != literalPart && q.name == p.name {
					return nil, pathError(i, path, "path parameter "+strconv.Quote(p.name)+" appears twice")
				}
			}
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// parsePart parses one path part, or says why it is malformed.
func parsePart(s string) (node, string) {
	if s == "" {
		return node{}, "empty path part"
	}
	if s[0] == '{' {
		if len(s) < 2 || s[len(s)-1] != '}' {
			return node{}, "unbalanced brace in path part " + strconv.Quote(s)
		}
		name, kind := s[1:len(s)-1], paramPart
		if strings.HasSuffix(name, "+") {
			name, kind = name[:len(name)-1], greedyPart
		}
		if name == "" {
			return node{}, "empty variable name in path part " + strconv.Quote(s)
		}
		for j := 0; j < len(name); j++ {
			if !nameByte(name[j]) {
				return node{}, "variable name in path part " + strconv.Quote(s) +
					" may hold only A-Z a-z 0-9 . _ -"
			}
		}
		return node{part: s, name: name, kind: kind}, ""
	}
	for j := 0; j < len(s); j++ {
		switch c := s[j]; {
		case c == '{' || c == '}':
			return node{}, "misplaced brace in path part " + strconv.Quote(s) +
				"; a variable is a whole path part, {name} or {name+}"
		case c <= ' ' || c == 0x7f || c == '?' || c == '#':
			return node{}, "invalid character " + strconv.QuoteRune(rune(c)) + " in path part " + strconv.Quote(s)
		}
	}
	return node{part: s, kind: literalPart}, ""
}

// nameByte reports whether c may appear in a variable's name.
func nameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '_' || c == '-'
}
