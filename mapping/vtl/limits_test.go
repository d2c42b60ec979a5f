package vtl_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

// TestLimits checks every bound a template can run into, with the error each one reports.
func TestLimits(t *testing.T) {
	small := &vtl.Options{MaxOutput: 1 << 12, MaxTotalIterations: 5000}
	cases := []struct {
		name string
		tpl  string
		opts *vtl.Options
		want error  // nil: must render
		out  string // expected output when want is nil ("" = not checked)
	}{
		{"foreach stops at 1000", `#foreach($i in [1..1500])#set($n = $i)#end$n`, nil, nil, "1000"},
		{"output limit", `#foreach($i in [1..1000])xxxxxxxxxx#end`, small, vtl.ErrOutputTooLarge, ""},
		{"concat doubling", `#set($s = "ab")#foreach($i in [1..40])#set($s = $s.concat($s))#end`, small, vtl.ErrOutputTooLarge, ""},
		{"plus doubling", `#set($s = "ab")#foreach($i in [1..40])#set($s = $s + $s)#end`, small, vtl.ErrOutputTooLarge, ""},
		{"interpolation doubling", `#set($s = "ab")#foreach($i in [1..40])#set($s = "$s$s")#end`, small, vtl.ErrOutputTooLarge, ""},
		{"addAll doubling", `#set($l = [1])#foreach($i in [1..40])#set($d = $l.addAll($l))#end`, nil, vtl.ErrOutputTooLarge, ""},
		{"huge range", `#set($r = [1..100000000])`, nil, vtl.ErrOutputTooLarge, ""},
		{"nested loops", `#foreach($a in [1..100])#foreach($b in [1..100])#set($x = 1)#end#end`, small, vtl.ErrTooManyIterations, ""},
		{"macro recursion", `#macro(r $n)#r($n)#end#r(1)`, nil, vtl.ErrTooDeep, ""},
		{"include", `#include("x")`, nil, vtl.ErrUnsupported, ""},
		{"parse", `#parse("x")`, nil, vtl.ErrUnsupported, ""},
		{"evaluate", `#evaluate('$x')`, nil, vtl.ErrUnsupported, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := vtl.Compile(c.tpl, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			out, err := tpl.RenderString(nil)
			if c.want == nil {
				if err != nil || (c.out != "" && out != c.out) {
					t.Fatalf("got %q, %v; want %q", out, err, c.out)
				}
				return
			}
			var re *vtl.RenderError
			if !errors.Is(err, c.want) || !errors.As(err, &re) {
				t.Fatalf("got %v, want a RenderError matching %v", err, c.want)
			}
		})
	}
}

func TestTemplateTooLarge(t *testing.T) {
	_, err := vtl.Compile(strings.Repeat("x", vtl.DefaultMaxTemplateSize+1), nil)
	if !errors.Is(err, vtl.ErrTemplateTooLarge) {
		t.Fatalf("got %v, want ErrTemplateTooLarge", err)
	}
	if _, err := vtl.Compile(strings.Repeat("x", vtl.DefaultMaxTemplateSize), nil); err != nil {
		t.Fatalf("a template of exactly the limit: %v", err)
	}
}
