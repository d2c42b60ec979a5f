package vtl

import (
	"fmt"
	"testing"
)

// TestContained checks which #set($p = $s.split(...)) statements markContained lets borrow a
// list: only those whose variable the template never lets out.
func TestContained(t *testing.T) {
	cases := []struct {
		tpl  string
		lent bool
	}{
		{`#set($p = $s.split(","))$p[0]$p.size()$p.get(1)#if($p.isEmpty())#end$p.contains("a")$p`, true},
		{`#set($p = $s.split(","))#foreach($x in $p)$x#end#if($p == $q)#end"$p" $p.toString()`, true},
		{`#set($p = $s.split(","))#set($p[0] = "z")#set($n = $p.size() + 1)`, true},
		{`#macro(m $a)$p[0]#end#set($p = $s.split(","))#m(1)`, true},
		{`#set($p = $s.split(","))#set($x = $l.add($p))`, false},
		{`#set($p = $s.split(","))#set($r = $p)`, false},
		{`#set($p = $s.split(","))#set($r = [$p])`, false},
		{`#set($p = $s.split(","))#set($r = {"k": $p})`, false},
		{`#macro(m $a)$a#end#set($p = $s.split(","))#m($p)`, false},
		{`#set($p = $s.split(","))$p.iterator()`, false},
		{`#set($p = $s.split(","))$p.subList(0, 1)`, false},
		{`#set($p = $s.split(","))$h.keep($p)`, false},
		{`#set($p = $s.split(","))$m[$p]`, false},
		{`#macro(m)$h.keep($p)#end#set($p = $s.split(","))`, false},
		{`#set($p = $s.split("."))$p[0]`, false}, // a regex
		{`#set($p = $s.split(",", 2))$p[0]`, false},
	}
	for _, c := range cases {
		tpl, err := Compile(c.tpl, nil)
		if err != nil {
			t.Fatalf("Compile(%q): %v", c.tpl, err)
		}
		var set *setNode
		for _, n := range tpl.nodes {
			if s, ok := n.(*setNode); ok && s.lhs.name == "p" {
				set = s
				break
			}
		}
		if set == nil {
			t.Fatalf("%q: no #set($p = ...)", c.tpl)
		}
		if lent := set.splitSep != 0; lent != c.lent {
			t.Errorf("%q: list lent %v, want %v", c.tpl, lent, c.lent)
		}
	}
}

// keeper is a host object that keeps what it is given.
type keeper struct{ kept []Value }

func (k *keeper) Property(string) (Value, bool) { return NullValue, false }

func (k *keeper) Call(name string, args []Value) (Value, error) {
	if name == "keep" && len(args) == 1 {
		k.kept = append(k.kept, args[0])
		return StringValue(""), nil
	}
	return NullValue, ErrNoMethod
}

func (k *keeper) String() string { return "keeper" }

// TestContainedAcrossRenders renders templates that borrow lists and that let them out many
// times, and checks that no render sees another's list and that kept lists keep their contents.
func TestContainedAcrossRenders(t *testing.T) {
	lent, err := Compile(`#set($p = $s.split(","))$p[0]-$p[1]-$p.size()#foreach($x in $p)#set($p = $x.split(":"))[$p[0]]#end`, nil)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := Compile(`#set($p = $s.split(","))$h.keep($p)$p[0]`, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &keeper{}
	var buf []byte
	for i := range 200 {
		s := fmt.Sprintf("a%d:x,b%d:y,c", i, i)
		vars := Vars{"s": StringValue(s), "h": ObjectValue(h)}
		buf, err = lent.Render(buf[:0], vars)
		want := fmt.Sprintf("a%d:x-b%d:y-3[a%d][b%d][c]", i, i, i, i)
		if err != nil || string(buf) != want {
			t.Fatalf("render %d: %q, %v; want %q", i, buf, err, want)
		}
		if out, err := kept.RenderString(vars); err != nil || out != fmt.Sprintf("a%d:x", i) {
			t.Fatalf("render %d of the keeping template: %q, %v", i, out, err)
		}
	}
	for i, v := range h.kept {
		if got, want := v.String(), fmt.Sprintf("[a%d:x, b%d:y, c]", i, i); got != want {
			t.Errorf("kept list %d is %s, want %s", i, got, want)
		}
	}
}
