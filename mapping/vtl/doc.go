// Package vtl is a Velocity Template Language engine exact to Apache Velocity 1.7, the engine
// behind Amazon API Gateway's mapping templates.
//
// In apigate's request path, vtl is the bottom of the mapping stage: package mapping compiles
// integration request and response templates with it and supplies API Gateway's variables
// ($input, $util, $context) as host objects. vtl itself knows nothing of API Gateway; in this
// module it depends only on internal/jre (Java's String, regex and Double.toString semantics)
// and internal/jsonstr (the JSON string writer).
//
// Compile a template once and render it many times; a *Template is safe for concurrent use and
// keeps its per-render state in a pool:
//
//	t, err := vtl.Compile(`#foreach($p in $pets)$p.name#if($foreach.hasNext), #end#end`, nil)
//	...
//	out, err := t.Render(buf[:0], vtl.Vars{"pets": pets})
//
// # Exactness
//
// The lexer reproduces Velocity 1.7's JavaCC token manager state by state (Parser.jjt's lexical
// states, token precedence, MORE prefixes and special tokens), so whitespace and escaping match
// Velocity byte for byte: a directive's closing parenthesis, #else and #end eat the spaces and
// one newline after them; #set eats the spaces before it when they start a token; \$x renders
// $x when $x is defined and \$x when not; "##" comments run to the end of the line, except
// right after a property or inside method arguments, where "##" is text. The parser follows the
// grammar's productions, including the quirks they imply: literals in #if are false, a
// reference followed by " #set(" leaves the lexer in reference state, #stop is an ordinary
// directive, an undefined macro call prints its tokens.
// Values carry their Java type (Integer, Long, BigInteger, Double, BigDecimal, String, Character,
// List, Map) so arithmetic (MathUtils: integer division, overflow to Long and BigInteger,
// BigDecimal when a Double meets a BigInteger), comparisons
// (numbers by value, same classes by equals, others by toString) and printing (1.0, 1.0E10,
// [a, b], {k=v}) are Java's. String methods use Java's UTF-16 indices and java.util.regex
// semantics (see internal/jre); a lone UTF-16 surrogate, which Java strings can hold, leaves
// Render as '?' as Java's UTF-8 encoder writes it. Macro arguments bind by name and #set of a
// parameter writes the caller's variable, as Velocity's ProxyVMContext does.
//
// A differential corpus of over 1,600 templates, with outputs recorded from Apache Velocity 1.7
// on JDK 17, is in testdata/corpus: TestCorpus checks this engine against it without Java, and
// when Java is present TestOracle re-renders it with the real engine and TestOracleFuzz
// (-oracle-fuzz N) compares random templates.
//
// Choices where this engine follows API Gateway rather than a default Velocity install:
//   - A reference that resolves to nothing renders as the empty string (never as its source).
//   - #include, #parse and #evaluate fail with ErrUnsupported.
//   - Options.NullEqualsEmpty (set by package mapping) makes == and != compare null as "",
//     as API Gateway was recorded to (see Options).
//   - Limits: 300 KB of template, 1000 iterations per #foreach (the loop stops there, as
//     Velocity's directive.foreach.maxloops does), 10 MB of output, macro depth 20. Beyond
//     API Gateway's limits, so no template can exhaust the process: one render runs at most
//     a million #foreach iterations in all, and no string a template builds may exceed the
//     output limit nor any list or map 262,144 elements (ErrOutputTooLarge).
//
// # Host objects and speed
//
// Values carry their payload in an interface field (the *List, *Map, host Object, ...); a
// String or Character keeps the address of its bytes there and its length beside it, turned
// back into a string with unsafe.String, so a Value stays four words (TestValueLayout guards
// this, the package's one use of unsafe). Host objects compare by identity with Go's ==; one
// whose dynamic type Go cannot compare equals nothing, itself included. A host object may
// implement CallAppender so that a call a template prints ("$util.escapeJavaScript($x)")
// writes its text straight into the output; String's toLowerCase, toUpperCase, replace and
// literal replaceAll and replaceFirst do the same when printed. A call whose arguments are all
// literals ($input.params('id')) gets the values Compile made of them, shared by every render,
// rather than a fresh copy per call; so a host's Call and AppendCall read args and never change
// or keep it.
//
// Collections a template never sees or never lets out cost no allocation: #foreach over
// $s.split(","), $m.keySet(), $m.values() or $m walks the pieces or the map in place, and
// #set($v = $s.split(",")) borrows its list from the render state when Compile's walk of the
// template finds that $v is contained (only printed, tested, compared, iterated, indexed, or
// asked size, get, isEmpty, contains, indexOf, lastIndexOf, toString or hashCode; see
// contain.go). Allocation is most of what a render costs beyond its own work: what it allocates
// the garbage collector must later mark and sweep, with write barriers on while it marks.
//
// Known differences from Velocity 1.7, each rare in mapping templates: the arrays some String
// methods return (split, getBytes, toCharArray) are lists here, so printing one directly shows
// its elements where Java prints an identity hash such as [Ljava.lang.String;@1b6d3586 (size(),
// indexing and #foreach behave the same); lists and maps used as map keys compare by identity.
package vtl
