package jre

import "math"

// Java compiles a look-behind only if its length analysis (Pattern's TreeInfo "study") finds a
// maximum length, and then tries the look-behind only at start positions between that minimum
// and maximum. The analysis has quirks: each '*' or '+' on a single character adds 2^31-1 to
// the maximum without an overflow check, so two of them wrap it to a negative number and the
// look-behind can never match. The translator records the shape of every parsed element so
// that this analysis can be replayed, in 32-bit arithmetic, for each look-behind.

// shapeKind is what Java's study sees of a parsed element.
type shapeKind uint8

const (
	shapeChar        shapeKind = iota // one character: literal, escape, class, '.'
	shapeEmpty                        // the empty atom Java quantifies in "{2}"
	shapeZeroWidth                    // anchors, boundaries, look-arounds
	shapeLineEnding                   // \R: one or two characters
	shapeGrapheme                     // \X: Java counts its minimum only
	shapeBackref                      // no maximum length
	shapeGroup                        // (...), (?:...), (?<name>...), (?flags:...)
	shapeAtomic                       // (?>...)
	shapeAlternation                  // a|b
	shapeQuantified                   // atom with a quantifier
)

// shape is the length-relevant structure of a parsed element.
type shape struct {
	kind      shapeKind
	body      []*shape   // group and atomic group contents
	alts      [][]*shape // alternatives
	atom      *shape     // the quantified element
	min, max  int32      // quantifier bounds; max is math.MaxInt32 for '*', '+' and {n,}
	open      bool       // written '*', '+' or {n,}
	lazy      bool       // reluctant quantifier
	possesive bool       // possessive quantifier
}

// treeInfo is Java's Pattern.TreeInfo.
type treeInfo struct {
	min, max      int32
	maxValid      bool
	deterministic bool
}

func (i *treeInfo) reset() { *i = treeInfo{maxValid: true, deterministic: true} }

// study replays Java's study of the elements nodes followed by the continuation rest (nil for
// none), accumulating into info.
func study(nodes []*shape, info *treeInfo, rest func(*treeInfo)) {
	if len(nodes) == 0 {
		if rest != nil {
			rest(info)
		}
		return
	}
	n := nodes[0]
	next := func(i *treeInfo) { study(nodes[1:], i, rest) }
	switch n.kind {
	case shapeChar:
		info.min++
		info.max++
		next(info)
	case shapeLineEnding:
		info.min++
		info.max += 2
		next(info)
	case shapeGrapheme:
		info.min++
		info.deterministic = false
		next(info)
	case shapeBackref:
		info.maxValid = false
		next(info)
	case shapeGroup, shapeAtomic:
		study(n.body, info, next)
	case shapeAlternation:
		studyBranch(n.alts, info, next)
	case shapeQuantified:
		studyQuantified(n, info, next)
	default: // shapeEmpty, shapeZeroWidth
		next(info)
	}
}

// studyBranch is Java's Branch.study: the alternatives are studied apart, the continuation
// from a reset state, and the lengths added at the end.
func studyBranch(alts [][]*shape, info *treeInfo, next func(*treeInfo)) {
	minL, maxL, maxV := info.min, info.max, info.maxValid
	minL2, maxL2 := int32(math.MaxInt32), int32(-1)
	for _, alt := range alts {
		var a treeInfo
		a.reset()
		study(alt, &a, nil)
		minL2 = min(minL2, a.min)
		maxL2 = max(maxL2, a.max)
		maxV = maxV && a.maxValid
	}
	minL += minL2
	maxL += maxL2
	info.reset()
	next(info)
	info.min += minL
	info.max += maxL
	info.maxValid = info.maxValid && maxV
	info.deterministic = false
}

// studyQuantified follows the node Java builds for a quantifier: Ques for '?', a Branch for
// '?' on a group, CharPropertyGreedy for a greedy '*', '+' or {n,} on one character,
// GroupCurly or Loop for other quantifiers on a group (by whether the group has a fixed
// length), Curly otherwise.
func studyQuantified(n *shape, info *treeInfo, next func(*treeInfo)) {
	atom := []*shape{n.atom}
	group := n.atom.kind == shapeGroup
	switch {
	case n.min == 0 && n.max == 1 && !n.open:
		if group && !n.possesive {
			studyBranch([][]*shape{atom, nil}, info, next)
			return
		}
		minL := info.min
		study(atom, info, nil)
		info.min = minL
		info.deterministic = false
		next(info)
		return
	case group && !n.possesive:
		var body treeInfo
		body.reset()
		study(n.atom.body, &body, nil)
		if !body.deterministic {
			// Loop: Java gives up on the length, and studies nothing after it.
			info.maxValid = false
			info.deterministic = false
			return
		}
	case n.open && !n.lazy && !n.possesive && n.atom.kind == shapeChar:
		info.min += n.min
		if info.maxValid {
			info.max += math.MaxInt32
		}
		info.deterministic = false
		next(info)
		return
	}
	minL, maxL, maxV, detm := info.min, info.max, info.maxValid, info.deterministic
	info.reset()
	study(atom, info, nil)
	temp := info.min*n.min + minL
	if temp < minL {
		temp = 0xFFFFFFF
	}
	info.min = temp
	if maxV && info.maxValid {
		temp = info.max*n.max + maxL
		info.max = temp
		if temp < maxL {
			info.maxValid = false
		}
	} else {
		info.maxValid = false
	}
	if info.deterministic && n.min == n.max {
		info.deterministic = detm
	} else {
		info.deterministic = false
	}
	next(info)
}

// lookbehindWindow is what Java makes of a look-behind of the given contents.
type lookbehindWindow uint8

const (
	windowExact     lookbehindWindow = iota // the usual case: regexp2's look-behind is the same
	windowNever                             // the window is empty: the look-behind never holds
	windowFrom                              // it holds only from a position on (see below)
	windowUnbounded                         // no obvious maximum: a PatternSyntaxException
)

// maxWindowStart bounds the positions windowFrom is emulated for; past it the look-behind is
// taken never to hold.
const maxWindowStart = 4096

// studyLookbehind classifies a look-behind by Java's length analysis of its contents. Java tries
// the start positions from i-min down to max(i-max, 0), in 32-bit arithmetic. A maximum that
// wrapped to a negative number leaves that range empty unless i-max overflows too, which
// happens from position from on; then every start position is tried.
func studyLookbehind(body []*shape) (window lookbehindWindow, from int) {
	var info treeInfo
	info.reset()
	study(body, &info, nil)
	switch {
	case !info.maxValid:
		return windowUnbounded, 0
	case info.min < 0 || info.min >= 1<<27 || info.max >= 0 && info.min > info.max:
		return windowNever, 0
	case info.max < 0:
		from := int(int64(math.MaxInt32) + int64(info.max) + 1)
		if from > maxWindowStart {
			return windowNever, 0
		}
		return windowFrom, from
	}
	return windowExact, 0
}
