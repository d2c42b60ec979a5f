package vtl_test

import (
	"errors"
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

// fuzzSeeds adds every corpus template as a seed.
func fuzzSeeds(f *testing.F) {
	for _, file := range loadCorpus(f, true) {
		for _, c := range file.Cases {
			f.Add(c.Template)
		}
	}
}

// FuzzCompile checks that the parser never panics and reports failures as *ParseError.
func FuzzCompile(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		_, err := vtl.Compile(src, nil)
		var pe *vtl.ParseError
		if err != nil && !errors.As(err, &pe) && !errors.Is(err, vtl.ErrTemplateTooLarge) {
			t.Fatalf("Compile(%q) returned %T %v, want a *ParseError", src, err, err)
		}
	})
}

// FuzzRender renders whatever compiles against a fixed set of variables: it must not panic,
// must fail only with a *RenderError, and must respect the output limit.
func FuzzRender(f *testing.F) {
	fuzzSeeds(f)
	vars, err := vtl.ParseJSON([]byte(`{"s":"héllo wörld","n":5,"d":2.5,"big":12345678901234567890,
		"l":[1,"two",3.0,null,[4]],"m":{"a":1,"b":"x","c":{"d":[1,2]}},"e":"","z":0,"f":false,"nul":null}`))
	if err != nil {
		f.Fatal(err)
	}
	scope := vtl.Vars{}
	m := vars.AsMap()
	for i, k := range m.Keys() {
		scope[k.AsString()] = m.Values()[i]
	}
	const maxOutput = 1 << 16
	opts := &vtl.Options{MaxOutput: maxOutput, MaxIterations: 100}
	f.Fuzz(func(t *testing.T, src string) {
		tpl, err := vtl.Compile(src, opts)
		if err != nil {
			return
		}
		out, err := tpl.Render(nil, scope)
		var re *vtl.RenderError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("Render(%q) returned %T %v, want a *RenderError", src, err, err)
		}
		// one node may overshoot the limit before the check stops the render
		if err == nil && len(out) > maxOutput {
			t.Fatalf("Render(%q) produced %d bytes, over the %d limit without an error", src, len(out), maxOutput)
		}
	})
}
