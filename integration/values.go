package integration

import "slices"

// headerVals hands out header values from an array, so that the values a request adds take one
// allocation (or none, for an array inside a per-request struct) rather than one each. The
// slices it returns have no spare capacity, so that an append copies them.
type headerVals struct{ free []string }

// clone returns a copy of vs.
func (v *headerVals) clone(vs []string) []string {
	if len(vs) > len(v.free) {
		return slices.Clip(slices.Clone(vs))
	}
	out := v.free[:len(vs):len(vs)]
	copy(out, vs)
	v.free = v.free[len(vs):]
	return out
}

// one returns []string{s}, with no spare capacity so that an Add copies it.
func (v *headerVals) one(s string) []string {
	if len(v.free) == 0 {
		return []string{s}
	}
	v.free[0] = s
	out := v.free[:1:1]
	v.free = v.free[1:]
	return out
}
