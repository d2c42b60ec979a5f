package router

import "strings"

// linearLiterals is the fan-out up to which literal children are scanned rather than
// binary-searched.
const linearLiterals = 8

// Match routes a request. path is the request path without the stage, raw (as received, still
// percent-encoded, no query). params is appended to (pass a reused slice to avoid allocating)
// and returned. ok is false when no resource matches the path or no matching resource has the
// method or ANY: API Gateway answers both with 403 Missing Authentication Token, so callers
// need not tell them apart. When ok is false, out is params as given.
//
// The parameters are appended in path order, each value a substring of path.
func (r *Router) Match(method, path string, params []Param) (m Match, out []Param, ok bool) {
	bit := methodBit(method)
	if bit == 0 || bit == methodAny {
		return Match{}, params, false
	}
	want := bit | methodAny
	for len(path) > 0 && path[0] == '/' {
		path = path[1:]
	}
	for len(path) > 0 && path[len(path)-1] == '/' {
		path = path[:len(path)-1]
	}
	n, out := &r.root, params
	if path != "" {
		n, out = r.root.match(path, want, params)
	} else if n.methods&want == 0 {
		n = nil
	}
	if n == nil {
		return Match{}, params, false
	}
	key := "ANY"
	if n.methods&bit != 0 {
		key = methodKey(bit)
	}
	return Match{Route: n.route, Method: key}, out, true
}

// match searches n's descendants for the resource of rest, a non-empty path relative to n that
// does not end with a slash, in AWS's order: the literal child, then the {param} child, then the
// {greedy+} child, depth first, skipping any resource that defines none of want. It returns the
// resource, or nil, and params with the path parameters appended (as given when nil).
func (n *node) match(rest string, want methodSet, params []Param) (*node, []Param) {
	seg, tail, last := rest, "", true
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		// tail is never empty: rest does not end with a slash.
		seg, tail, last = rest[:i], rest[i+1:], false
	}
	if c := n.literal(seg); c != nil && c.subtree&want != 0 {
		if last {
			if c.methods&want != 0 {
				return c, params
			}
		} else if found, out := c.match(tail, want, params); found != nil {
			return found, out
		}
	}
	if c := n.param; c != nil && seg != "" && c.subtree&want != 0 {
		with := append(params, Param{Name: c.name, Value: seg})
		if last {
			if c.methods&want != 0 {
				return c, with
			}
		} else if found, out := c.match(tail, want, with); found != nil {
			return found, out
		}
	}
	if c := n.greedy; c != nil && c.methods&want != 0 {
		return c, append(params, Param{Name: c.name, Value: rest})
	}
	return nil, params
}

// literal returns n's literal child named seg, or nil.
func (n *node) literal(seg string) *node {
	ls := n.literals
	if len(ls) <= linearLiterals {
		for _, c := range ls {
			if c.part == seg {
				return c
			}
		}
		return nil
	}
	lo, hi := 0, len(ls)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ls[mid].part < seg {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(ls) && ls[lo].part == seg {
		return ls[lo]
	}
	return nil
}
