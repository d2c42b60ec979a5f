package mapping

import (
	"sync"

	"github.com/apigate/apigate/mapping/vtl"
)

// API Gateway's limits on mapping templates.
const (
	MaxTemplateSize = 300 * 1024       // bytes of template source
	MaxIterations   = 1000             // iterations of one #foreach
	MaxOutput       = 10 * 1024 * 1024 // bytes of rendered output (the payload limit)
)

// Template is a compiled mapping template. It is immutable and safe for concurrent use.
type Template struct {
	vt    *vtl.Template
	paths *pathCache
	pool  sync.Pool
}

// Compile compiles a mapping template with API Gateway's limits and comparison rule (null equals
// the empty string). Errors are vtl's: *vtl.ParseError for bad syntax, one matching
// vtl.ErrTemplateTooLarge past MaxTemplateSize. The JSONPath literals the template passes to
// $input.path and $input.json are compiled here too.
func Compile(src string) (*Template, error) {
	vt, err := vtl.Compile(src, &vtl.Options{
		MaxTemplateSize: MaxTemplateSize,
		MaxIterations:   MaxIterations,
		MaxOutput:       MaxOutput,
		NullEqualsEmpty: true,
	})
	if err != nil {
		return nil, err
	}
	t := &Template{vt: vt, paths: newPathCache(src)}
	t.pool.New = func() any { return new(renderState) }
	return t, nil
}

// Render appends the template's output for req to dst and returns the extended slice. req may be
// nil for an empty request. Errors are *vtl.RenderError wrapping the cause: a *PayloadError when
// the body is not JSON but starts like it (API Gateway answers 400), a *UtilError or
// *JSONPathError for a bad argument, or the engine's own. The template's writes to the override
// maps land in req.Overrides.
func (t *Template) Render(dst []byte, req *Request) ([]byte, error) {
	if req == nil {
		req = &Request{}
	}
	st := t.pool.Get().(*renderState)
	st.reset(t, req)
	out, err := t.vt.Render(dst, st)
	st.reset(nil, nil) // drop references to the request before pooling
	t.pool.Put(st)
	return out, err
}

// RenderString renders the template and returns the output as a string.
func (t *Template) RenderString(req *Request) (string, error) {
	out, err := t.Render(nil, req)
	return string(out), err
}

// renderState is the per-render variable scope: the built-in objects, built on first use.
type renderState struct {
	req       *Request
	input     inputObject
	overrides Overrides // used when the request brings none
	context   vtl.Value
	stageVars vtl.Value
}

func (s *renderState) reset(t *Template, req *Request) {
	s.req = req
	s.input.reset(t, req)
	s.overrides = Overrides{}
	s.context = vtl.NullValue
	s.stageVars = vtl.NullValue
}

// Lookup implements vtl.Scope.
func (s *renderState) Lookup(name string) (vtl.Value, bool) {
	switch name {
	case "input":
		return vtl.ObjectValue(&s.input), true
	case "util":
		return vtl.ObjectValue(utilObject{}), true
	case "context":
		if s.context.IsNull() {
			ov := s.req.Overrides
			if ov == nil {
				ov = &s.overrides
			}
			s.context = contextValue(&s.req.Context, ov)
		}
		return s.context, true
	case "stageVariables":
		if s.stageVars.IsNull() {
			s.stageVars = vtl.MapValue(mapOfStrings(s.req.StageVariables, false))
		}
		return s.stageVars, true
	}
	v, ok := s.req.Vars[name]
	return v, ok
}
