package vtl_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

// recorder is a host object whose calls say how they were made: shout(s) upper-cases s through
// AppendCall when printed, through Call otherwise; quiet(s) is declined by AppendCall; fail(s)
// fails in both.
type recorder struct{ appended, called int }

var errBoom = errors.New("boom")

func (r *recorder) Property(string) (vtl.Value, bool) { return vtl.NullValue, false }
func (r *recorder) String() string                    { return "rec" }

func (r *recorder) Call(name string, args []vtl.Value) (vtl.Value, error) {
	r.called++
	switch {
	case len(args) != 1:
	case name == "shout" || name == "quiet":
		if args[0].IsNull() {
			return vtl.NullValue, nil
		}
		return vtl.StringValue(strings.ToUpper(args[0].String())), nil
	case name == "fail":
		return vtl.NullValue, errBoom
	}
	return vtl.NullValue, vtl.ErrNoMethod
}

func (r *recorder) AppendCall(dst []byte, name string, args []vtl.Value) ([]byte, bool, error) {
	switch {
	case len(args) != 1 || args[0].IsNull():
	case name == "shout":
		r.appended++
		return append(dst, strings.ToUpper(args[0].String())...), true, nil
	case name == "fail":
		return append(dst, "partial"...), true, errBoom
	}
	return dst, false, nil
}

// TestCallAppender checks that a printed call goes through AppendCall and renders what Call
// would have rendered, that every other use goes through Call, that a declined call falls back
// to Call with its arguments evaluated once, and that errors stop the render without partial
// output from the failed call.
func TestCallAppender(t *testing.T) {
	cases := []struct {
		tpl, want        string
		appended, called int
		wantErr          bool
	}{
		{`<$r.shout("a")>`, `<A>`, 1, 0, false},
		{`<$!r.shout("a")>`, `<A>`, 1, 0, false},
		{`<${r.shout("a")}>`, `<A>`, 1, 0, false},
		{`<\$r.shout("a")>`, `<$r.shout("a")>`, 0, 1, false}, // evaluated, to know it is not null
		{`<\\$r.shout("a")>`, `<\A>`, 1, 0, false},
		{`<#$r.shout("a")>`, `<#A>`, 1, 0, false},
		{`#set($x = $r.shout("a"))<$x>`, `<A>`, 0, 1, false},
		{`<"$r.shout('a')">`, `<"A">`, 1, 0, false},
		{`#set($x = "$r.shout('a')")<$x>`, `<A>`, 1, 0, false},
		{`<$r.shout($null)>`, `<>`, 0, 1, false},
		{`<$r.quiet("b")>`, `<B>`, 0, 1, false},
		{`<$nothing.shout("a")>`, `<>`, 0, 0, false},
		{`<$r.shout($l.add(1))>[$l.size()]`, `<TRUE>[1]`, 1, 0, false},
		{`<$r.quiet($l.add(1))>[$l.size()]`, `<TRUE>[1]`, 0, 1, false},
		{`<$r.nope("a")>`, `<>`, 0, 1, false},
		{`<$r.fail("a")>`, `<`, 0, 0, true},
		{`<$s.toLowerCase()|$s.toUpperCase()|$g.toLowerCase()|$g.toUpperCase()>`, `<mixed case|MIXED CASE|grüße σας|GRÜSSE ΣΑΣ>`, 0, 0, false},
	}
	for _, c := range cases {
		tpl, err := vtl.Compile(c.tpl, nil)
		if err != nil {
			t.Fatalf("Compile(%q): %v", c.tpl, err)
		}
		r := &recorder{}
		vars := vtl.Vars{"r": vtl.ObjectValue(r), "l": vtl.ListValue(vtl.NewList()),
			"s": vtl.StringValue("Mixed Case"), "g": vtl.StringValue("Grüße ΣΑΣ")}
		got, err := tpl.RenderString(vars)
		if (err != nil) != c.wantErr || got != c.want || r.appended != c.appended || r.called != c.called {
			t.Errorf("%s: %q, %v (appended %d, called %d); want %q, error %v (appended %d, called %d)",
				c.tpl, got, err, r.appended, r.called, c.want, c.wantErr, c.appended, c.called)
		}
		if c.wantErr && !errors.Is(err, errBoom) {
			t.Errorf("%s: error %v does not wrap the call's", c.tpl, err)
		}
	}
}

// TestPrintedStringCallsMatchCall checks that printing the String methods that append straight
// into the output (toLowerCase, toUpperCase, trim, replace, literal replaceAll and replaceFirst)
// renders what the String they return prints, lone surrogate halves included (Java's UTF-8
// encoder writes each as '?').
func TestPrintedStringCallsMatchCall(t *testing.T) {
	methods := []string{"toLowerCase()", "toUpperCase()", "substring(1).toLowerCase()",
		"charAt(0).toString().toUpperCase()", `replace("o", "0")`, `replace("", "-")`,
		`replace("😀", "")`, `replace($s.charAt(0), $s.charAt(1))`, `replaceAll("o", "0")`,
		`replaceAll("o", "$0$0")`, `replaceAll("\\.", "_")`, `replaceFirst("o", "0")`,
		`replaceAll("", "-")`, `substring(1).replace("o", "0")`, `replace($null, "x")`, `replaceAll("o", $null)`,
		"trim()", "substring(1).trim()", "substring(0, 2).trim()", `trim("x")`}
	for _, s := range []string{"", "ABC def", "İSTANBUL", "ΟΔΟΣ ΟΔΟΣ.", "straße ﬁ", "x😀y", "😀o.o😀", "foo.boo",
		" \t padded \n", "\u0000\u0001", " 😀 ", "😀 "} {
		for _, method := range methods {
			printed := "$s." + method
			set := "#set($r = $s." + method + ")$r"
			vars := vtl.Vars{"s": vtl.StringValue(s)}
			a, errA := mustCompile(t, printed).RenderString(vars)
			b, errB := mustCompile(t, set).RenderString(vars)
			if a != b || (errA == nil) != (errB == nil) {
				t.Errorf("s=%q: %s renders %q, %v; %s renders %q, %v", s, printed, a, errA, set, b, errB)
			}
		}
	}
}

func mustCompile(t *testing.T, src string) *vtl.Template {
	t.Helper()
	tpl, err := vtl.Compile(src, nil)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	return tpl
}

// appender is a host object whose join(a, b) appends to its arguments before joining them, as
// a careless host might: the literal arguments a template passes must not change for it.
type appender struct{}

func (appender) Property(string) (vtl.Value, bool) { return vtl.NullValue, false }
func (appender) String() string                    { return "app" }

func (appender) Call(name string, args []vtl.Value) (vtl.Value, error) {
	if name != "join" || len(args) != 2 {
		return vtl.NullValue, vtl.ErrNoMethod
	}
	all := append(args, vtl.StringValue("!")) // must copy: args is full
	return vtl.StringValue(all[0].String() + all[1].String() + all[2].String()), nil
}

// TestLiteralArgsShared checks that calls with literal arguments, which share the template's
// values between calls and renders, see the same arguments every time, in a printed call and in
// an expression.
func TestLiteralArgsShared(t *testing.T) {
	tmpl, err := vtl.Compile(`$a.join('x', 'y') #set($v = $a.join('x', 'y'))$v #foreach($i in [1..2])$a.join('x', 'y')#end`, nil)
	if err != nil {
		t.Fatal(err)
	}
	const want = "xy!xy! xy!xy!" // #set takes the space before it, as in Velocity
	for range 3 {
		got, err := tmpl.RenderString(vtl.Vars{"a": vtl.ObjectValue(appender{})})
		if err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
}
