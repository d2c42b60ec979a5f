package vtl

// Limits applied when Options leaves a field zero. The iteration and size limits are API
// Gateway's; the output and depth limits keep a template from exhausting the process.
const (
	DefaultMaxTemplateSize = 300 * 1024       // bytes of template source (API Gateway's limit)
	DefaultMaxIterations   = 1000             // iterations of one #foreach (API Gateway's limit)
	DefaultMaxTotalIter    = 1_000_000        // #foreach iterations in one render, all loops together
	DefaultMaxOutput       = 10 * 1024 * 1024 // bytes of rendered output
	DefaultMaxDepth        = 20               // nested macro calls (Velocity's velocimacro.max.depth)
)

// Options bounds what a template may do. The zero value means the defaults above.
type Options struct {
	MaxTemplateSize int // largest template source accepted by Compile, in bytes
	MaxIterations   int // most iterations of one #foreach; the loop ends there, as Velocity's directive.foreach.maxloops does
	// MaxTotalIterations bounds the iterations of all loops of one render together (nested
	// loops multiply); past it Render fails with ErrTooManyIterations.
	MaxTotalIterations int
	MaxOutput          int // most bytes one Render may produce before it fails
	MaxDepth           int // deepest nesting of macro calls before Render fails

	// NullEqualsEmpty makes == and != compare null, on either side, as the empty string, as
	// API Gateway does (recorded on AWS: a missing $input.path value is both == $null and
	// == "", and an undefined reference is not != an empty string; see package mapping);
	// Velocity 1.7 compares null unequal to every value but null. Only == and != change:
	// #if($x) on null stays false and <, >, <= and >= still need two numbers.
	NullEqualsEmpty bool
}

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.MaxTemplateSize <= 0 {
		r.MaxTemplateSize = DefaultMaxTemplateSize
	}
	if r.MaxIterations <= 0 {
		r.MaxIterations = DefaultMaxIterations
	}
	if r.MaxTotalIterations <= 0 {
		r.MaxTotalIterations = DefaultMaxTotalIter
	}
	if r.MaxOutput <= 0 {
		r.MaxOutput = DefaultMaxOutput
	}
	if r.MaxDepth <= 0 {
		r.MaxDepth = DefaultMaxDepth
	}
	return r
}

// Scope supplies the variables a template reads that it did not #set itself.
type Scope interface {
	// Lookup returns the value of $name and whether the name is defined.
	Lookup(name string) (Value, bool)
}

// Vars is a Scope backed by a Go map.
type Vars map[string]Value

// Lookup implements Scope.
func (v Vars) Lookup(name string) (Value, bool) {
	val, ok := v[name]
	return val, ok
}
