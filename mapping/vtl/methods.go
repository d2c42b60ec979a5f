package vtl

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/apigate/apigate/internal/jre"
)

// The Java methods templates may call, with Velocity 1.7's resolution rules: arguments must have
// the parameter's type (an Integer for an int, a String for a String; there is no conversion),
// a method that does not exist for the arguments makes the reference null, and a method that
// throws fails the render with ErrMethodException.

// voidResult is what a void Java method returns to a template: ASTMethod turns the null result of
// a void method into the empty string, so "$list.clear()" prints nothing and #set accepts it.
var voidResult = StringValue("")

func methodErr(err error) error {
	return fmt.Errorf("%w: %w", ErrMethodException, err)
}

func npe() error {
	return methodErr(&jre.Exception{Class: "java.lang.NullPointerException"})
}

// intArg accepts what Java's method invocation conversion accepts for an int parameter.
func intArg(v Value) (int, bool) {
	if v.kind == Int {
		return int(int32(v.num)), true
	}
	return 0, false
}

// strArg accepts a String (or null, which Java passes and the method then rejects).
func strArg(v Value) (s string, isNull, ok bool) {
	switch v.kind {
	case String:
		return v.s(), false, true
	case Null:
		return "", true, true
	}
	return "", false, false
}

// getProperty resolves $v.name: a getter, a Map key, get("name"), or isName(), in Velocity's order.
func getProperty(v Value, name string) Value {
	switch v.kind {
	case MapKind:
		if name == "class" {
			return StringValue("class java.util.LinkedHashMap")
		}
		r, _ := v.mapv().GetString(name)
		return r
	case ObjectKind:
		r, _ := v.obj().Property(name)
		return r
	case String:
		switch name {
		case "empty":
			return BoolValue(v.s() == "")
		case "bytes":
			return bytesList(v.s())
		case "blank":
			return BoolValue(strings.TrimLeft(v.s(), " \t\n\r\f\v\u001c\u001d\u001e\u001f") == "" || isJavaBlank(v.s()))
		case "class":
			return StringValue("class java.lang.String")
		}
	case ListKind:
		switch name {
		case "empty":
			return BoolValue(len(v.list().items) == 0)
		case "class":
			if v.list().style == ListJSON {
				return StringValue("class net.minidev.json.JSONArray")
			}
			return StringValue("class java.util.ArrayList")
		}
	}
	return NullValue
}

func isJavaBlank(s string) bool {
	for _, r := range s {
		if !isJavaWhitespace(r) {
			return false
		}
	}
	return true
}

// isJavaWhitespace is Character.isWhitespace.
func isJavaWhitespace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f:
		return true
	case 0xa0, 0x2007, 0x202f:
		return false
	}
	return r == 0x1680 || (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x205f || r == 0x3000
}

// indexValue is $v[idx]: get(idx), with a negative Integer index counted from the end.
func indexValue(v, idx Value) (Value, error) {
	if idx.kind == Int && int32(idx.num) < 0 {
		n, ok := sizeOf(v)
		if !ok {
			return NullValue, methodErr(&jre.Exception{Class: "org.apache.velocity.exception.VelocityException",
				Message: "A 'size()' method required for negative value " + idx.String()})
		}
		idx = IntValue(int32(n) + int32(idx.num))
	}
	switch v.kind {
	case ListKind:
		i, ok := intArg(idx)
		if !ok {
			return NullValue, nil
		}
		l := v.list()
		if i < 0 || i >= len(l.items) {
			return NullValue, methodErr(&jre.Exception{Class: "java.lang.IndexOutOfBoundsException",
				Message: fmt.Sprintf("Index %d out of bounds for length %d", i, len(l.items))})
		}
		return l.items[i], nil
	case MapKind:
		r, _ := v.mapv().Get(idx)
		return r, nil
	case ObjectKind:
		r, err := v.obj().Call("get", []Value{idx})
		if errors.Is(err, ErrNoMethod) {
			return NullValue, nil
		}
		return r, err
	}
	return NullValue, nil
}

func sizeOf(v Value) (int, bool) {
	switch v.kind {
	case ListKind:
		return len(v.list().items), true
	case MapKind:
		return len(v.mapv().keys), true
	}
	return 0, false
}

// callMethod invokes $v.name(args).
func callMethod(st *state, v Value, name string, id method, args []Value) (Value, error) {
	var r Value
	var err error
	switch v.kind {
	case String:
		r, err = stringMethod(st, v.s(), id, args)
		if !st.wtf8 && err == nil {
			if id == mReplaceAll || id == mReplaceFirst { // a regex may match between two halves
				st.wtf8 = r.kind == String && strings.IndexByte(r.s(), 0xED) >= 0
			} else {
				st.wtf8 = holdsSurrogate(r)
			}
		}
	case ListKind:
		r, err = listMethod(v, id, args)
	case MapKind:
		r, err = mapMethod(v, id, args)
	case ObjectKind:
		return callObject(v, name, args)
	default:
		err = ErrNoMethod
	}
	if err != nil && errors.Is(err, ErrNoMethod) {
		r, err = objectMethod(v, name, args)
		if err == nil && r.kind == Null && len(args) > 0 && v.kind != ObjectKind && zeroArgMethod(v.kind, name) {
			return NullValue, methodErr(&jre.Exception{Class: "java.lang.IllegalArgumentException", Message: "wrong number of arguments"})
		}
		return r, err
	}
	return r, err
}

// callObject is callMethod for a host object: its Call, then the methods of java.lang.Object
// for a name it does not have.
func callObject(v Value, name string, args []Value) (Value, error) {
	r, err := v.obj().Call(name, args)
	if err != nil && errors.Is(err, ErrNoMethod) {
		return objectMethod(v, name, args)
	}
	return r, err
}

// zeroArgMethod reports whether the Java class behind k has a method of that name without
// parameters. Velocity 1.7's MethodMap wrongly finds such a method applicable to any arguments,
// so when no other overload fits, the call reaches Java and fails with IllegalArgumentException.
func zeroArgMethod(k Kind, name string) bool {
	switch name {
	case "toString", "hashCode", "getClass", "notify", "notifyAll", "wait":
		return true
	}
	switch k {
	case String:
		switch name {
		case "length", "isEmpty", "trim", "strip", "stripLeading", "stripTrailing", "isBlank",
			"toCharArray", "intern", "toUpperCase", "toLowerCase", "getBytes", "chars",
			"codePoints", "lines", "stripIndent", "translateEscapes", "describeConstable":
			return true
		}
	case ListKind:
		switch name {
		case "size", "isEmpty", "clear", "iterator", "listIterator", "toArray", "clone",
			"trimToSize", "stream", "parallelStream", "spliterator":
			return true
		}
	case MapKind:
		switch name {
		case "size", "isEmpty", "clear", "keySet", "values", "entrySet", "clone":
			return true
		}
	case Int, Long, Double, BigInt, Decimal:
		switch name {
		case "intValue", "longValue", "doubleValue", "floatValue", "byteValue", "shortValue":
			return true
		}
	case Bool:
		return name == "booleanValue"
	}
	return false
}

// holdsSurrogate reports whether a String method's result may hold a lone UTF-16 surrogate
// (kept WTF-8 encoded: 0xED 0xA0–0xBF xx), which Render must print as '?'. Methods other than
// the regex replacements only split a surrogate pair where they cut a string, so the half is at
// the start or the end of a piece.
func holdsSurrogate(r Value) bool {
	switch r.kind {
	case String, Char:
		return edgeSurrogate(r.s())
	case ListKind:
		for _, e := range r.list().items {
			if (e.kind == String || e.kind == Char) && edgeSurrogate(e.s()) {
				return true
			}
		}
	}
	return false
}

func edgeSurrogate[T ~string | ~[]byte](s T) bool {
	isHalf := func(i int) bool { return s[i] == 0xED && s[i+1] >= 0xA0 }
	return len(s) >= 3 && (isHalf(0) || isHalf(len(s)-3))
}

// objectMethod covers the java.lang.Object and boxed-type methods every value has.
func objectMethod(v Value, name string, args []Value) (Value, error) {
	switch {
	case name == "toString" && len(args) == 0:
		return StringValue(v.String()), nil
	case name == "hashCode" && len(args) == 0:
		return IntValue(javaHashCode(v)), nil
	case name == "equals" && len(args) == 1:
		return BoolValue(javaEquals(v, args[0])), nil
	}
	if len(args) == 0 && v.isNumber() {
		switch name {
		case "intValue":
			return IntValue(int32(v.AsInt64())), nil
		case "longValue":
			return LongValue(v.AsInt64()), nil
		case "doubleValue":
			return DoubleValue(v.AsFloat64()), nil
		}
	}
	if len(args) == 1 && name == "compareTo" && v.kind == args[0].kind {
		switch {
		case v.isNumber():
			return IntValue(int32(compareNumbers(v, args[0]))), nil
		case v.kind == Bool:
			return IntValue(int32(v.num) - int32(args[0].num)), nil
		}
	}
	if len(args) == 0 && v.kind == Bool && name == "booleanValue" {
		return v, nil
	}
	return NullValue, nil
}

func stringMethod(st *state, s string, id method, args []Value) (Value, error) {
	switch len(args) {
	case 0:
		switch id {
		case mLength:
			return IntValue(int32(jre.Len(s))), nil
		case mToLowerCase:
			return StringValue(jre.ToLower(s)), nil
		case mToUpperCase:
			return StringValue(jre.ToUpper(s)), nil
		case mTrim:
			return StringValue(jre.Trim(s)), nil
		case mIsEmpty:
			return BoolValue(s == ""), nil
		case mIsBlank:
			return BoolValue(isJavaBlank(s)), nil
		case mToString, mIntern:
			return StringValue(s), nil
		case mHashCode:
			return IntValue(jre.HashCode(s)), nil
		case mGetBytes:
			return bytesList(s), nil
		case mToCharArray:
			n := jre.Len(s)
			items := make([]Value, n)
			for i := range items {
				c, _ := jre.CharAt(s, i)
				items[i] = CharValue(c)
			}
			return ListValue(NewList(items...)), nil
		}
	case 1:
		a := args[0]
		switch id {
		case mSubstring:
			if i, ok := intArg(a); ok {
				r, err := jre.Substring(s, i, jre.Len(s))
				return wrapStr(r, err)
			}
		case mCharAt:
			if i, ok := intArg(a); ok {
				r, err := jre.CharAt(s, i)
				if err != nil {
					return NullValue, methodErr(err)
				}
				return CharValue(r), nil
			}
		case mGetBytes:
			cs, isNull, ok := strArg(a)
			if !ok {
				break
			}
			if isNull { // getBytes(String) and getBytes(Charset) both fit null: ambiguous, no call
				return NullValue, nil
			}
			n, err := encodedLength(s, cs)
			if err != nil {
				return NullValue, methodErr(err)
			}
			items := make([]Value, n)
			for i := range items {
				items[i] = IntValue(0) // the length is what templates use; the bytes are not kept
			}
			return ListValue(NewList(items...)), nil
		case mCodePointAt:
			if i, ok := intArg(a); ok {
				return codePointAt(s, i)
			}
		case mIndexOf, mLastIndexOf:
			if c, ok := intArg(a); ok {
				sub, valid := charString(c)
				if !valid {
					return IntValue(-1), nil
				}
				if id == mIndexOf {
					return IntValue(int32(jre.IndexOf(s, sub, 0))), nil
				}
				return IntValue(int32(jre.LastIndexOf(s, sub, jre.Len(s)))), nil
			}
			if sub, isNull, ok := strArg(a); ok {
				if isNull {
					return NullValue, npe()
				}
				if id == mIndexOf {
					return IntValue(int32(jre.IndexOf(s, sub, 0))), nil
				}
				return IntValue(int32(jre.LastIndexOf(s, sub, jre.Len(s)))), nil
			}
		case mContains, mStartsWith, mEndsWith, mConcat, mEqualsIgnoreCase, mMatches, mSplit, mCompareTo, mCompareToIgnoreCase:
			x, isNull, ok := strArg(a)
			if !ok {
				if id == mCompareTo { // String.compareTo(Object), the bridge, casts
					return NullValue, methodErr(&jre.Exception{Class: "java.lang.ClassCastException",
						Message: "class java.lang." + a.kind.String() + " cannot be cast to class java.lang.String"})
				}
				break
			}
			if isNull {
				if id == mEqualsIgnoreCase {
					return BoolValue(false), nil
				}
				return NullValue, npe()
			}
			switch id {
			case mContains:
				return BoolValue(strings.Contains(s, x)), nil
			case mStartsWith:
				return BoolValue(strings.HasPrefix(s, x)), nil
			case mEndsWith:
				return BoolValue(strings.HasSuffix(s, x)), nil
			case mConcat:
				return StringValue(s + x), nil
			case mEqualsIgnoreCase:
				return BoolValue(jre.EqualsIgnoreCase(s, x)), nil
			case mCompareTo:
				return IntValue(int32(compareUTF16(s, x))), nil
			case mCompareToIgnoreCase:
				return IntValue(int32(compareIgnoreCase(s, x))), nil
			case mMatches:
				if literalPattern(x) {
					return BoolValue(s == x), nil
				}
				p, err := st.t.regex.Compile(x)
				if err != nil {
					return NullValue, methodErr(err)
				}
				ok, err := p.Matches(s)
				if err != nil {
					return NullValue, methodErr(err)
				}
				return BoolValue(ok), nil
			case mSplit:
				if sep := splitSep(x); sep != 0 {
					return splitByte(s, sep), nil
				}
				parts, err := jre.SplitString(s, x, 0, &st.t.regex)
				if err != nil {
					return NullValue, methodErr(err)
				}
				return stringList(parts), nil
			}
		}
	case 5:
		if id == mRegionMatches && args[0].kind == Bool {
			return regionMatches(s, args[0].AsBool(), args[1:])
		}
	case 4:
		if id == mRegionMatches {
			return regionMatches(s, false, args)
		}
	case 2:
		a, b := args[0], args[1]
		switch id {
		case mSubstring:
			i, ok1 := intArg(a)
			j, ok2 := intArg(b)
			if ok1 && ok2 {
				r, err := jre.Substring(s, i, j)
				return wrapStr(r, err)
			}
		case mIndexOf, mLastIndexOf:
			from, ok := intArg(b)
			if !ok {
				break
			}
			sub, isNull, ok := strArg(a)
			if c, isInt := intArg(a); isInt {
				var valid bool
				if sub, valid = charString(c); !valid {
					return IntValue(-1), nil
				}
				isNull, ok = false, true
			}
			if !ok {
				break
			}
			if isNull {
				return NullValue, npe()
			}
			if id == mIndexOf {
				return IntValue(int32(jre.IndexOf(s, sub, from))), nil
			}
			return IntValue(int32(jre.LastIndexOf(s, sub, from))), nil
		case mCodePointCount:
			i, ok1 := intArg(a)
			j, ok2 := intArg(b)
			if ok1 && ok2 {
				sub, err := jre.Substring(s, i, j)
				if err != nil {
					return NullValue, methodErr(err)
				}
				n := 0
				for k := 0; k < jre.Len(sub); k++ {
					if cp, _ := codePointAt(sub, k); cp.num >= 0x10000 {
						k++
					}
					n++
				}
				return IntValue(int32(n)), nil
			}
		case mStartsWith:
			p, isNull, ok1 := strArg(a)
			off, ok2 := intArg(b)
			if ok1 && ok2 {
				if isNull {
					return NullValue, npe()
				}
				if off < 0 || off > jre.Len(s) {
					return BoolValue(false), nil
				}
				rest, _ := jre.Substring(s, off, jre.Len(s))
				return BoolValue(strings.HasPrefix(rest, p)), nil
			}
		case mReplace, mReplaceAll, mReplaceFirst, mSplit:
			if id == mSplit {
				re, isNull, ok1 := strArg(a)
				limit, ok2 := intArg(b)
				if !ok1 || !ok2 {
					break
				}
				if isNull {
					return NullValue, npe()
				}
				parts, err := jre.SplitString(s, re, limit, &st.t.regex)
				if err != nil {
					return NullValue, methodErr(err)
				}
				return stringList(parts), nil
			}
			if id == mReplace && a.kind == Char && b.kind == Char { // replace(char, char)
				return StringValue(jre.Replace(s, a.s(), b.s())), nil
			}
			x, xNull, ok1 := strArg(a)
			y, yNull, ok2 := strArg(b)
			if !ok1 || !ok2 {
				break
			}
			if xNull || yNull && id != mReplaceAll { // only Matcher.replaceAll tolerates it
				return NullValue, npe()
			}
			if yNull { // replaceAll(null) fails only once something matches
				found, err := regexFinds(st, s, x)
				if err != nil || found {
					return NullValue, cmpErr(err, npe())
				}
				return StringValue(s), nil
			}
			if id == mReplace {
				return StringValue(jre.Replace(s, x, y)), nil
			}
			if literalPattern(x) && !containsAnyASCII(y, `$\`) {
				// a pattern without metacharacters matches itself: no regex needed
				if id == mReplaceAll {
					return StringValue(jre.Replace(s, x, y)), nil
				}
				return StringValue(strings.Replace(s, x, y, 1)), nil
			}
			p, err := st.t.regex.Compile(x)
			if err != nil {
				return NullValue, methodErr(err)
			}
			var r string
			if id == mReplaceAll {
				r, err = p.ReplaceAll(s, y)
			} else {
				r, err = p.ReplaceFirst(s, y)
			}
			if err != nil {
				return NullValue, methodErr(err)
			}
			return StringValue(r), nil
		}
	}
	return NullValue, ErrNoMethod
}

// codePointAt is String.codePointAt: the code point at UTF-16 index i, joining a surrogate pair.
func codePointAt(s string, i int) (Value, error) {
	unit, err := jre.Substring(s, i, i+1)
	if err != nil {
		return NullValue, methodErr(err)
	}
	if pair, err := jre.Substring(s, i, i+2); err == nil {
		if r, size := utf8.DecodeRuneInString(pair); size == len(pair) && r >= 0x10000 {
			return IntValue(int32(r)), nil
		}
	}
	if r, size := utf8.DecodeRuneInString(unit); r != utf8.RuneError || size > 1 {
		return IntValue(int32(r)), nil
	}
	if len(unit) == 3 { // a lone surrogate, held WTF-8 encoded
		return IntValue(int32(unit[0]&0x0F)<<12 | int32(unit[1]&0x3F)<<6 | int32(unit[2]&0x3F)), nil
	}
	return IntValue(0xFFFD), nil
}

// bytesList stands in for the byte[] of String.getBytes(): a list of the UTF-8 bytes as signed
// Java bytes (Velocity lets templates call size() and index an array like a list).
func bytesList(s string) Value {
	items := make([]Value, len(s))
	for i := 0; i < len(s); i++ {
		items[i] = IntValue(int32(int8(s[i])))
	}
	return ListValue(NewList(items...))
}

// regionMatches is String.regionMatches([ignoreCase,] toffset, other, ooffset, len).
func regionMatches(s string, ignoreCase bool, args []Value) (Value, error) {
	to, ok1 := intArg(args[0])
	other, isNull, ok2 := strArg(args[1])
	oo, ok3 := intArg(args[2])
	n, ok4 := intArg(args[3])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return NullValue, ErrNoMethod
	}
	if isNull {
		return NullValue, npe()
	}
	if to < 0 || oo < 0 || to > jre.Len(s)-n || oo > jre.Len(other)-n {
		return BoolValue(false), nil
	}
	if n <= 0 {
		return BoolValue(true), nil
	}
	a, _ := jre.Substring(s, to, to+n)
	b, _ := jre.Substring(other, oo, oo+n)
	if ignoreCase {
		return BoolValue(jre.EqualsIgnoreCase(a, b)), nil
	}
	return BoolValue(a == b), nil
}

// splitByte is String.split for a one-character ASCII separator that is no regex
// metacharacter (Java's own fast path; see splitSep): trailing empty strings are dropped, and a
// string without the separator is its own only element. The pieces share s's bytes.
func splitByte(s string, sep byte) Value {
	n := strings.Count(s, string(sep))
	if n == 0 {
		return ListValue(NewList(StringValue(s)))
	}
	l := newListCap(n + 1)
	l.items = appendSplitByte(l.items, s, sep)
	return ListValue(l)
}

// appendSplitByte appends the pieces of splitByte(s, sep) to dst.
func appendSplitByte(dst []Value, s string, sep byte) []Value {
	base := len(dst)
	i := strings.IndexByte(s, sep)
	if i < 0 {
		return append(dst, StringValue(s))
	}
	for ; i >= 0; i = strings.IndexByte(s, sep) {
		dst = append(dst, StringValue(s[:i]))
		s = s[i+1:]
	}
	dst = append(dst, StringValue(s))
	for len(dst) > base && dst[len(dst)-1].num == 0 { // trailing empty strings
		dst = dst[:len(dst)-1]
	}
	return dst
}

// splitSep returns the separator of split(x) when splitByte handles it, else 0.
func splitSep(x string) byte {
	if len(x) == 1 && x[0] < utf8.RuneSelf && x[0] != 0 && !strings.ContainsRune(".$|()[{^?*+\\", rune(x[0])) {
		return x[0]
	}
	return 0
}

// iterCall returns the method of an expression $ref....split("c") with a literal separator
// splitByte handles (and the separator), $ref....keySet() or $ref....values(), which #foreach
// can walk without building the collection; 0 for any other expression.
func iterCall(e expr) (method, byte) {
	r, ok := e.(*refExpr)
	if !ok || len(r.mods) == 0 {
		return 0, 0
	}
	m := &r.mods[len(r.mods)-1]
	switch {
	case m.kind != modMethod:
	case (m.method == mKeySet || m.method == mValues) && len(m.args) == 0:
		return m.method, 0
	case m.method == mSplit && len(m.args) == 1:
		if lit, ok := m.args[0].(*litExpr); ok && lit.val.kind == String {
			if sep := splitSep(lit.val.s()); sep != 0 {
				return mSplit, sep
			}
		}
	}
	return 0, 0
}

// literalPattern reports whether a Java regex matches only its own text: it is not empty and
// has no metacharacter (an empty pattern matches between every pair of characters).
func literalPattern(re string) bool {
	return re != "" && !containsAnyASCII(re, `\^$.|?*+()[]{}`)
}

// containsAnyASCII is strings.ContainsAny for an ASCII set, without its setup cost for the
// short strings templates pass as patterns and replacements.
func containsAnyASCII(s, set string) bool {
	if len(s) > 16 {
		return strings.ContainsAny(s, set)
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) >= 0 {
			return true
		}
	}
	return false
}

// compareIgnoreCase is String.compareToIgnoreCase: char by char after upper- then lower-casing.
func compareIgnoreCase(a, b string) int {
	ua, ub := utf16Units([]rune(a)), utf16Units([]rune(b))
	for i := 0; i < min(len(ua), len(ub)); i++ {
		ca, cb := ua[i], ub[i]
		if ca == cb {
			continue
		}
		ca, cb = foldUnit(ca), foldUnit(cb)
		if ca != cb {
			return int(ca) - int(cb)
		}
	}
	return len(ua) - len(ub)
}

// foldUnit is Character.toLowerCase(Character.toUpperCase(c)) on one UTF-16 unit.
func foldUnit(c uint16) uint16 {
	if c >= 0xD800 && c <= 0xDFFF {
		return c
	}
	u := []rune(jre.ToUpper(string(rune(c))))
	if len(u) != 1 {
		u = []rune{rune(c)} // a full mapping ("ß" to "SS") is not a char mapping
	}
	l := []rune(jre.ToLower(string(u[0])))
	if len(l) != 1 || l[0] > 0xFFFF {
		return c
	}
	return uint16(l[0])
}

// encodedLength is len(s.getBytes(charset)) for the charsets every JVM has; others fail with
// UnsupportedEncodingException, as Java does for a name it does not know.
func encodedLength(s, charset string) (int, error) {
	units := jre.Len(s)
	switch strings.ToUpper(charset) {
	case "UTF-8", "UTF8":
		return len(s), nil
	case "UTF-16":
		if units == 0 {
			return 0, nil
		}
		return 2 + 2*units, nil // with a byte-order mark
	case "UTF-16BE", "UTF-16LE", "UTF_16BE", "UTF_16LE", "UNICODEBIGUNMARKED", "UNICODELITTLEUNMARKED":
		return 2 * units, nil
	case "ISO-8859-1", "ISO8859_1", "LATIN1", "ISO-LATIN-1", "US-ASCII", "ASCII", "ASCII7":
		return utf8.RuneCountInString(s), nil // one byte, or '?', per character
	}
	return 0, &jre.Exception{Class: "java.io.UnsupportedEncodingException", Message: charset}
}

// regexFinds reports whether the Java regex re matches somewhere in s.
func regexFinds(st *state, s, re string) (bool, error) {
	if literalPattern(re) {
		return strings.Contains(s, re), nil
	}
	p, err := st.t.regex.Compile(re)
	if err != nil {
		return false, methodErr(err)
	}
	const mark = "\x00\x01" // any non-empty text: a match, even an empty one, changes s
	r, err := p.ReplaceFirst(s, mark)
	if err != nil {
		return false, methodErr(err)
	}
	return r != s, nil
}

// cmpErr returns err if set, else alt.
func cmpErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// charString is the String of the char or code point c, as indexOf(int ch) searches for it:
// a surrogate alone is kept as one UTF-16 unit (WTF-8 encoded, as package jre holds them).
// ok is false for a value that is no code point, which no string contains.
func charString(c int) (s string, ok bool) {
	switch {
	case c >= 0xD800 && c <= 0xDFFF:
		return string([]byte{0xED, byte(0xA0 | (c>>6)&0x1F), byte(0x80 | c&0x3F)}), true
	case c < 0 || c > 0x10FFFF:
		return "", false
	}
	return string(rune(c)), true
}

func wrapStr(s string, err error) (Value, error) {
	if err != nil {
		return NullValue, methodErr(err)
	}
	return StringValue(s), nil
}

func stringList(parts []string) Value {
	l := newListCap(len(parts))
	for _, p := range parts {
		l.items = append(l.items, StringValue(p))
	}
	return ListValue(l)
}

// compareUTF16 is String.compareTo: by UTF-16 code units.
func compareUTF16(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	ua, ub := utf16Units(ra), utf16Units(rb)
	n := min(len(ua), len(ub))
	for i := 0; i < n; i++ {
		if ua[i] != ub[i] {
			return int(ua[i]) - int(ub[i])
		}
	}
	return len(ua) - len(ub)
}

func utf16Units(rs []rune) []uint16 {
	out := make([]uint16, 0, len(rs))
	for _, r := range rs {
		if r >= 0x10000 {
			r -= 0x10000
			out = append(out, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
			continue
		}
		out = append(out, uint16(r))
	}
	return out
}

func indexErr(i, n int) error {
	return methodErr(&jre.Exception{Class: "java.lang.IndexOutOfBoundsException",
		Message: fmt.Sprintf("Index %d out of bounds for length %d", i, n)})
}

func listMethod(v Value, id method, args []Value) (Value, error) {
	l := v.list()
	switch len(args) {
	case 0:
		switch id {
		case mSize:
			return IntValue(int32(len(l.items))), nil
		case mIsEmpty:
			return BoolValue(len(l.items) == 0), nil
		case mClear:
			l.items = l.items[:0]
			return voidResult, nil
		case mToString:
			return StringValue(v.String()), nil
		case mIterator:
			return ObjectValue(&listIterator{l: l, size: len(l.items)}), nil
		}
	case 1:
		a := args[0]
		switch id {
		case mGet:
			if i, ok := intArg(a); ok {
				if i < 0 || i >= len(l.items) {
					return NullValue, indexErr(i, len(l.items))
				}
				return l.items[i], nil
			}
		case mContains:
			return BoolValue(listIndex(l, a) >= 0), nil
		case mIndexOf:
			return IntValue(int32(listIndex(l, a))), nil
		case mLastIndexOf:
			for i := len(l.items) - 1; i >= 0; i-- {
				if javaEquals(l.items[i], a) {
					return IntValue(int32(i)), nil
				}
			}
			return IntValue(-1), nil
		case mAdd:
			l.items = append(l.items, a)
			return BoolValue(true), nil
		case mContainsAll:
			if a.kind == Null {
				return NullValue, npe()
			}
			if o := a.AsList(); o != nil {
				for _, x := range o.items {
					if listIndex(l, x) < 0 {
						return BoolValue(false), nil
					}
				}
				return BoolValue(true), nil
			}
		case mAddAll:
			if o := a.AsList(); o != nil {
				l.items = append(l.items, o.items...)
				return BoolValue(len(o.items) > 0), nil
			}
		case mRemove:
			if i, ok := intArg(a); ok {
				if i < 0 || i >= len(l.items) {
					return NullValue, indexErr(i, len(l.items))
				}
				old := l.items[i]
				l.items = append(l.items[:i], l.items[i+1:]...)
				return old, nil
			}
			if i := listIndex(l, a); i >= 0 {
				l.items = append(l.items[:i], l.items[i+1:]...)
				return BoolValue(true), nil
			}
			return BoolValue(false), nil
		}
	case 2:
		switch id {
		case mSubList:
			from, ok1 := intArg(args[0])
			to, ok2 := intArg(args[1])
			if ok1 && ok2 {
				switch {
				case from < 0 || to > len(l.items):
					return NullValue, methodErr(&jre.Exception{Class: "java.lang.IndexOutOfBoundsException",
						Message: fmt.Sprintf("fromIndex = %d, toIndex = %d, size = %d", from, to, len(l.items))})
				case from > to:
					return NullValue, methodErr(&jre.Exception{Class: "java.lang.IllegalArgumentException",
						Message: fmt.Sprintf("fromIndex(%d) > toIndex(%d)", from, to)})
				}
				return ListValue(NewList(append([]Value(nil), l.items[from:to]...)...)), nil
			}
		case mSet:
			if i, ok := intArg(args[0]); ok {
				if i < 0 || i >= len(l.items) {
					return NullValue, indexErr(i, len(l.items))
				}
				old := l.items[i]
				l.items[i] = args[1]
				return old, nil
			}
		case mAdd:
			if i, ok := intArg(args[0]); ok {
				if i < 0 || i > len(l.items) {
					return NullValue, indexErr(i, len(l.items))
				}
				l.items = append(l.items, NullValue)
				copy(l.items[i+1:], l.items[i:])
				l.items[i] = args[1]
				return voidResult, nil
			}
		}
	}
	return NullValue, ErrNoMethod
}

func listIndex(l *List, x Value) int {
	for i, e := range l.items {
		if javaEquals(e, x) {
			return i
		}
	}
	return -1
}

func mapMethod(v Value, id method, args []Value) (Value, error) {
	m := v.mapv()
	switch len(args) {
	case 0:
		switch id {
		case mSize:
			return IntValue(int32(len(m.keys))), nil
		case mIsEmpty:
			return BoolValue(len(m.keys) == 0), nil
		case mKeySet:
			return ObjectValue(&mapView{m: m, kind: viewKeys}), nil
		case mValues:
			return ObjectValue(&mapView{m: m, kind: viewValues}), nil
		case mEntrySet:
			return ObjectValue(&mapView{m: m, kind: viewEntries}), nil
		case mClear:
			m.Clear()
			return voidResult, nil
		case mToString:
			return StringValue(v.String()), nil
		}
	case 1:
		a := args[0]
		switch id {
		case mGet:
			r, _ := m.Get(a)
			return r, nil
		case mContainsKey:
			_, ok := m.Get(a)
			return BoolValue(ok), nil
		case mContainsValue:
			for _, x := range m.vals {
				if javaEquals(x, a) {
					return BoolValue(true), nil
				}
			}
			return BoolValue(false), nil
		case mRemove:
			return m.Remove(a), nil
		case mPutAll:
			if o := a.AsMap(); o != nil {
				for i := range o.keys {
					m.Put(o.keys[i], o.vals[i])
				}
				return voidResult, nil
			}
		}
	case 2:
		switch id {
		case mPut:
			return m.Put(args[0], args[1]), nil
		case mGetOrDefault:
			if r, ok := m.Get(args[0]); ok {
				return r, nil
			}
			return args[1], nil
		case mPutIfAbsent:
			if r, ok := m.Get(args[0]); ok && r.kind != Null {
				return r, nil
			}
			m.Put(args[0], args[1])
			return NullValue, nil
		}
	}
	return NullValue, ErrNoMethod
}

// listIterator is the java.util.Iterator of List.iterator().
type listIterator struct {
	l    *List
	next int
	size int      // the list's size when iteration began, to detect concurrent modification
	view *mapView // set when iterating a map view: its map's changes are detected instead
	mods uint32
}

// Property finds nothing: an Iterator has no getters.
func (it *listIterator) Property(string) (Value, bool) { return NullValue, false }

func (it *listIterator) Call(name string, args []Value) (Value, error) {
	if len(args) != 0 {
		return NullValue, ErrNoMethod
	}
	switch name {
	case "hasNext":
		return BoolValue(it.next < len(it.l.items)), nil
	case "next":
		if len(it.l.items) != it.size || (it.view != nil && it.view.m.mods != it.mods) {
			return NullValue, errConcurrentModification()
		}
		if it.next >= len(it.l.items) {
			return NullValue, methodErr(&jre.Exception{Class: "java.util.NoSuchElementException"})
		}
		it.next++
		return it.l.items[it.next-1], nil
	}
	return NullValue, ErrNoMethod
}

func (it *listIterator) String() string { return "java.util.ArrayList$Itr" }

// mapEntry is a java.util.Map.Entry from entrySet(): it reads through to its map.
type mapEntry struct {
	m   *Map
	key Value
}

func (e *mapEntry) value() Value {
	v, _ := e.m.Get(e.key)
	return v
}

func (e *mapEntry) Property(name string) (Value, bool) {
	switch name {
	case "key":
		return e.key, true
	case "value":
		return e.value(), true
	}
	return NullValue, false
}

func (e *mapEntry) Call(name string, args []Value) (Value, error) {
	switch {
	case name == "getKey" && len(args) == 0:
		return e.key, nil
	case name == "getValue" && len(args) == 0:
		return e.value(), nil
	case name == "setValue" && len(args) == 1:
		return e.m.Put(e.key, args[0]), nil
	}
	return NullValue, ErrNoMethod
}

func (e *mapEntry) String() string { return e.key.String() + "=" + e.value().String() }
