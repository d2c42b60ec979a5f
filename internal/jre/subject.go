package jre

import (
	"errors"
	"time"

	"github.com/dlclark/regexp2"
)

// subject is an input string prepared for regexp2, which matches on runes: surrogate halves
// stored as WTF-8 become surrogate runes, invalid bytes become U+FFFD. offsets maps rune
// indices back to byte offsets (nil for ASCII, where they are equal).
type subject struct {
	s       string
	runes   []rune
	offsets []int
}

func newSubject(s string) subject {
	sub := subject{s: s, runes: make([]rune, 0, len(s))}
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			sub.runes = append(sub.runes, rune(s[i]))
		}
		return sub
	}
	sub.offsets = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, size := decodeUnit(s, i)
		sub.runes = append(sub.runes, r)
		sub.offsets = append(sub.offsets, i)
		i += size
	}
	sub.offsets = append(sub.offsets, len(s))
	return sub
}

// position is a place in the subject: before rune index idx or, when mid is set, between the
// two surrogates of the supplementary rune at idx. Java's matcher works on UTF-16 code units
// and can stop between them; regexp2 cannot, so such positions are tracked here.
type position struct {
	idx int
	mid bool
}

// end is the position after the last rune.
func (sub subject) end() position { return position{idx: len(sub.runes)} }

// offset converts a rune index to a byte offset.
func (sub subject) offset(i int) int {
	if sub.offsets == nil {
		return i
	}
	return sub.offsets[i]
}

// text returns the input between two positions; a position between surrogates contributes
// the cut half as a lone surrogate.
func (sub subject) text(from, to position) string {
	if !from.mid && !to.mid {
		return sub.s[sub.offset(from.idx):sub.offset(to.idx)]
	}
	if from == to {
		return ""
	}
	var b []byte
	start := sub.offset(from.idx)
	if from.mid {
		_, lo := surrogates(sub.runes[from.idx])
		b = appendUnit(b, lo)
		start = sub.offset(from.idx + 1)
	}
	b = append(b, sub.s[start:sub.offset(to.idx)]...)
	if to.mid {
		hi, _ := surrogates(sub.runes[to.idx])
		b = appendUnit(b, hi)
	}
	return string(b)
}

// match is one match found in a subject, with access to its groups.
type match struct {
	start, end position
	m          *regexp2.Match
	split      int // -1, or the rune index whose surrogates m's indices count separately
}

// position converts an index of m's text into a position of the subject.
func (f match) position(i int) position {
	switch {
	case f.split < 0 || i <= f.split:
		return position{idx: i}
	case i == f.split+1:
		return position{idx: f.split, mid: true}
	}
	return position{idx: i - 1}
}

// group returns where group n matched; ok is false if it did not take part in the match.
func (f match) group(n int) (start, end position, ok bool) {
	g := f.m.GroupByNumber(n)
	if g == nil || len(g.Captures) == 0 {
		return position{}, position{}, false
	}
	return f.position(g.Index), f.position(g.Index + g.Length), true
}

func newMatch(m *regexp2.Match, split int) match {
	f := match{m: m, split: split}
	f.start, f.end = f.position(m.Index), f.position(m.Index+m.Length)
	return f
}

// forEachMatch calls fn for every match of p in sub, left to right as Matcher.find does, until
// fn returns false. Java searches UTF-16 positions, so it can also find a match between the two
// surrogates of a supplementary character: after an empty match just before one (as
// "a😀b".split("") shows), and, for a pattern searched unit by unit (unitSteps), after failing
// at one (as \B does). Each such attempt copies the runes; together they copy at most
// maxBetweenSurrogatesWork runes per operation, later attempts are skipped. The
// whole operation, not only each find, is bounded: once OperationTimeout has passed no further
// find starts.
func (p *Pattern) forEachMatch(sub subject, fn func(m match) bool) error {
	deadline := time.Now().Add(OperationTimeout)
	budget := maxBetweenSurrogatesWork
	next := 0
	for {
		m, err := p.find.FindRunesMatchStartingAt(sub.runes, next)
		if err != nil {
			return p.matchError(err)
		}
		var f match
		if p.unitSteps {
			end := len(sub.runes)
			if m != nil {
				end = m.Index
			}
			mid, err := p.firstBetweenSurrogates(sub, next, end, &budget)
			if err != nil {
				return err
			}
			if mid != nil {
				f = *mid
				m = nil
			}
		}
		switch {
		case m != nil:
			f = newMatch(m, -1)
		case f.m == nil:
			return nil
		}
		if !fn(f) {
			return nil
		}
		if next, err = p.resume(sub, f, fn, &budget); err != nil || next < 0 {
			return err
		}
		if time.Now().After(deadline) {
			return p.matchError(errors.New("operation exceeded " + OperationTimeout.String()))
		}
	}
}

// maxBetweenSurrogatesWork bounds the runes copied to match between surrogates in one
// operation.
const maxBetweenSurrogatesWork = 1 << 22

// resume returns the rune index the search continues from after match f, or -1 when the
// search is over. After an empty match before a supplementary character, Java's next search
// starts between its surrogates; a match found there is passed to fn first.
func (p *Pattern) resume(sub subject, f match, fn func(m match) bool, budget *int) (int, error) {
	if f.end.mid {
		// Only an empty match ends between surrogates; the next search starts after them.
		return f.end.idx + 1, nil
	}
	next := f.end.idx
	if f.start != f.end {
		return next, nil
	}
	if next >= len(sub.runes) {
		return -1, nil
	}
	if sub.runes[next] < 0x10000 || *budget < len(sub.runes) {
		return next + 1, nil
	}
	*budget -= len(sub.runes)
	mid, err := p.matchBetweenSurrogates(sub, next)
	if err != nil || mid == nil {
		return next + 1, err
	}
	g := newMatch(mid, next)
	if !fn(g) {
		return -1, nil
	}
	return p.resume(sub, g, fn, budget)
}

// firstBetweenSurrogates returns the first match between the surrogates of a supplementary
// character at rune indices from to end-1, or nil.
func (p *Pattern) firstBetweenSurrogates(sub subject, from, end int, budget *int) (*match, error) {
	for q := from; q < end && *budget >= len(sub.runes); q++ {
		if sub.runes[q] < 0x10000 {
			continue
		}
		*budget -= len(sub.runes)
		mid, err := p.matchBetweenSurrogates(sub, q)
		if err != nil {
			return nil, err
		}
		if mid != nil {
			f := newMatch(mid, q)
			return &f, nil
		}
	}
	return nil, nil
}

// matchBetweenSurrogates tries to match p exactly between the surrogates of the supplementary
// rune at index i, on a copy of the runes where that rune is split into its two surrogates.
func (p *Pattern) matchBetweenSurrogates(sub subject, i int) (*regexp2.Match, error) {
	p.anchoredOnce.Do(func() {
		p.anchored, p.anchoredErr = compileNET(`\G(?:`+p.expr+`)`, p.source)
	})
	if p.anchoredErr != nil {
		return nil, p.anchoredErr
	}
	hi, lo := surrogates(sub.runes[i])
	split := make([]rune, 0, len(sub.runes)+1)
	split = append(split, sub.runes[:i]...)
	split = append(split, hi, lo)
	split = append(split, sub.runes[i+1:]...)
	m, err := p.anchored.FindRunesMatchStartingAt(split, i+1)
	if err != nil {
		return nil, p.matchError(err)
	}
	return m, nil
}
