package vtl_test

import (
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
