package vtl_test

import (
	"errors"
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

// TestVelocityQuirks pins lexer corners whose outputs were taken from Apache Velocity 1.7 (the
// oracle): runt references, dots after '$', escapes and #set's whitespace handling.
func TestVelocityQuirks(t *testing.T) {
	vars := vtl.Vars{"s": vtl.StringValue("hello"), "idx": vtl.IntValue(2)}
	cases := []struct{ tpl, want string }{
		{`[$.a][$!.a][$_a][$a.b.c][$!{.a}]`, `[$.a][.a][][][$!{.a}]`},
		{`#set($x = "$.json")[$x]`, `[$.json]`},
		{`#set($x = "$.a[0].b")[$x]`, `[$.a[0].b]`},
		{`#set($x = "$.a.b()")[$x]`, `[$.a.b()]`},
		{`#set($x = "$.records[${idx}]")[$x]`, `[$.records[2]]`},
		{`\$s|\$undef|\\$s|\\$undef|\\\$s|\\\$undef`, `$s|\$undef|\hello|\|\$s|\\$undef`},
		{`$!s|$!undef|$!{s}|\$!s|\$!undef`, `hello||hello|$!s|\$!undef`},
		{"a #set($x=1) b", "a  b"},
		{"a\n  #set($x=1)\n  b", "a\n    b"},
		{"  #if(true)  \n  x\n  #end  \n  y", "    x\n    y"},
		{`$ 5 $1 $. $ #x #5 # $s.`, `$ 5 $1 $. $ #x #5 # hello.`},
		{`#if("abc")T#{else}F#end|#if(1)T#{else}F#end|#if($s.length())T#{else}F#end`, `F|F|T`},
	}
	for _, c := range cases {
		tpl, err := vtl.Compile(c.tpl, nil)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.tpl, err)
			continue
		}
		got, err := tpl.RenderString(vars)
		if err != nil || got != c.want {
			t.Errorf("%q renders %q, %v; want %q", c.tpl, got, err, c.want)
		}
	}
}

// TestRenderErrorPosition checks that errors name the line and column of the failing
// construct, including inside an interpolated string literal.
func TestRenderErrorPosition(t *testing.T) {
	cases := []struct {
		tpl       string
		line, col int
	}{
		{"ab\ncd $s.substring(9)", 2, 7},
		{"x\n#set($a = \"in $s.substring(9)\")", 2, 18},
	}
	for _, c := range cases {
		tpl, err := vtl.Compile(c.tpl, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tpl.RenderString(vtl.Vars{"s": vtl.StringValue("hello")})
		var re *vtl.RenderError
		if !errors.As(err, &re) || !errors.Is(err, vtl.ErrMethodException) {
			t.Fatalf("%q: got %v, want a RenderError wrapping ErrMethodException", c.tpl, err)
		}
		if re.Line != c.line || re.Column != c.col {
			t.Errorf("%q: error at %d:%d, want %d:%d (%v)", c.tpl, re.Line, re.Column, c.line, c.col, err)
		}
	}
}
