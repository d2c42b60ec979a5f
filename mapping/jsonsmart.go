package mapping

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/apigate/apigate/mapping/vtl"
)

// JSONError is the failure of API Gateway's JSON parser (json-smart in permissive mode) on a
// text: the body read by $input.path and $input.json, or the argument of $util.parseJson. Its
// message is json-smart's ParseException message, positions counted in UTF-16 code units as Java
// counts them.
type JSONError struct {
	// Position is the offset json-smart reports, in UTF-16 code units from the start of the text.
	Position int
	// Message is json-smart's message, for example "Unexpected End Of File position 1: null".
	Message string
}

// Error returns the message as Java prints the exception: its class name, a colon and the
// message.
func (e *JSONError) Error() string {
	return "net.minidev.json.parser.ParseException: " + e.Message
}

// The maxima json-smart applies in permissive mode.
const (
	jsonMaxDepth        = 400  // nested objects and arrays (JSONParserBase.MAX_DEPTH)
	jsonMaxNumberLength = 1000 // characters of one number literal (JSONParserBase.MAX_NUMBER_LENGTH)
)

// jsonEOI is json-smart's end-of-input marker; a literal U+001A in the text ends it too.
const jsonEOI = 0x1A

// Character classes of json-smart's stop tables.
type jsonStop uint8

const (
	stopX     jsonStop = iota // only the end of input (top-level unquoted text)
	stopKey                   // ':' (an unquoted key)
	stopValue                 // ',' and '}' (an unquoted value in an object)
	stopArray                 // ',' and ']' (an unquoted value in an array)
)

func (s jsonStop) stops(c byte) bool {
	switch s {
	case stopKey:
		return c == ':'
	case stopValue:
		return c == ',' || c == '}'
	case stopArray:
		return c == ',' || c == ']'
	}
	return false
}

// parseJSONSmart parses text as json-smart's JSONParser in MODE_PERMISSIVE does with the ordered
// mapper Jayway JsonPath uses: objects become Java-style maps in key order (LinkedHashMap),
// arrays become lists printing as compact JSON (JSONArray), integers Integer, Long or BigInteger
// by size, decimals Double, and unquoted words strings. Text after the first value is ignored, as
// permissive mode does.
func parseJSONSmart(text string) (vtl.Value, error) {
	var p jsonParser
	return p.parse(text)
}

// parse reads text, reusing the parser's scratch space from earlier parses.
func (p *jsonParser) parse(text string) (vtl.Value, error) {
	p.in, p.pos, p.c, p.depth = text, -1, 0, 0
	p.keys, p.vals, p.items = p.keys[:0], p.vals[:0], p.items[:0] // left empty by a parse that failed too
	p.read()
	v, err := p.readValue(stopX, true)
	clear(p.keys[:cap(p.keys)])
	clear(p.vals[:cap(p.vals)])
	clear(p.items[:cap(p.items)])
	p.in = ""
	return v, err
}

// jsonParser holds the state of one parse. Positions are byte offsets into in; they are turned
// into UTF-16 offsets only when an error is reported. pos may run past the end, as json-smart's
// does, and c is then jsonEOI.
type jsonParser struct {
	in    string
	pos   int
	c     byte
	depth int
	sb    []byte // scratch for strings with escapes
	// keys, vals and items are stacks of the members of the objects and arrays being read, so
	// each map or list is allocated once, at its final size
	keys, vals, items []vtl.Value
}

func (p *jsonParser) read() {
	p.pos++
	if p.pos >= len(p.in) {
		p.c = jsonEOI
		return
	}
	p.c = p.in[p.pos]
}

func (p *jsonParser) readNoEnd() error {
	p.read()
	if p.pos >= len(p.in) {
		return p.errEOF(p.pos-1, "EOF")
	}
	return nil
}

func (p *jsonParser) skipSpace() {
	for p.c <= ' ' && p.c != jsonEOI {
		p.read()
	}
}

func (p *jsonParser) skipDigits() {
	for p.c >= '0' && p.c <= '9' {
		p.read()
	}
}

func (p *jsonParser) skipNQString(stop jsonStop) {
	for p.c != jsonEOI && !stop.stops(p.c) {
		p.read()
	}
}

// readValue reads one value. At the top level (top) the end of input reads as an empty unquoted
// string, as json-smart's readFirst does; inside an object or array it is an error.
func (p *jsonParser) readValue(stop jsonStop, top bool) (vtl.Value, error) {
	for {
		switch p.c {
		case ' ', '\r', '\n', '\t':
			p.read()
			continue
		case ':', '}', ']':
			return vtl.NullValue, p.errChar(p.pos, p.charAt(p.pos))
		case '{':
			return p.readObject()
		case '[':
			return p.readArray()
		case '"', '\'':
			s, err := p.readString()
			return vtl.StringValue(s), err
		case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-':
			return p.readNumber(stop)
		case jsonEOI:
			if !top {
				return vtl.NullValue, p.errEOF(p.pos-1, "EOF")
			}
		}
		return p.readWord(stop), nil
	}
}

// readWord reads unquoted text up to a stop character: the words null, true, false and NaN are
// values, anything else is a string (permissive mode accepts unquoted strings).
func (p *jsonParser) readWord(stop jsonStop) vtl.Value {
	s := p.readNQString(stop)
	switch s {
	case "null":
		return vtl.NullValue
	case "true":
		return vtl.BoolValue(true)
	case "false":
		return vtl.BoolValue(false)
	case "NaN":
		return vtl.DoubleValue(math.NaN())
	}
	return vtl.StringValue(s)
}

func (p *jsonParser) readNQString(stop jsonStop) string {
	start := p.pos
	p.skipNQString(stop)
	return p.extractTrim(start, p.pos)
}

// extractTrim returns in[start:stop] without leading and trailing Java whitespace, keeping at
// least one character as json-smart's extractStringTrim does.
func (p *jsonParser) extractTrim(start, stop int) string {
	stop = min(stop, len(p.in))
	start = min(start, stop)
	for start < stop {
		r, n := utf8.DecodeRuneInString(p.in[start:stop])
		if start+n >= stop || !isJavaWhitespace(r) {
			break
		}
		start += n
	}
	for stop > start {
		r, n := utf8.DecodeLastRuneInString(p.in[start:stop])
		if stop-n <= start || !isJavaWhitespace(r) {
			break
		}
		stop -= n
	}
	return p.in[start:stop]
}

// isJavaWhitespace reports Java's Character.isWhitespace.
func isJavaWhitespace(r rune) bool {
	switch {
	case r == ' ', r >= '\t' && r <= '\r', r >= 0x1C && r <= 0x1F:
		return true
	case r == 0x1680, r >= 0x2000 && r <= 0x2006, r >= 0x2008 && r <= 0x200A,
		r == 0x2028, r == 0x2029, r == 0x205F, r == 0x3000:
		return true
	}
	return false
}

func (p *jsonParser) readObject() (vtl.Value, error) {
	p.depth++
	if p.depth > jsonMaxDepth {
		return vtl.NullValue, p.errf(p.pos, "Malicious payload, having non natural depths, parsing stoped on { at position %d.")
	}
	base := len(p.keys)
	for { // permissive mode accepts useless commas, so none is an error
		p.read()
		switch p.c {
		case ' ', '\r', '\t', '\n':
			continue
		case ':', ']', '[', '{':
			return vtl.NullValue, p.errChar(p.pos, p.charAt(p.pos))
		case '}':
			p.depth--
			p.read()
			return p.endObject(base), nil
		case ',':
			continue
		}
		var key string
		if p.c == '"' || p.c == '\'' {
			s, err := p.readString()
			if err != nil {
				return vtl.NullValue, err
			}
			key = s
		} else {
			key = p.readNQString(stopKey)
		}
		p.skipSpace()
		if p.c != ':' {
			if p.c == jsonEOI {
				return vtl.NullValue, p.errEOF(p.pos-1, "null")
			}
			return vtl.NullValue, p.errChar(p.pos-1, p.charAt(p.pos))
		}
		if err := p.readNoEnd(); err != nil {
			return vtl.NullValue, err
		}
		v, err := p.readValue(stopValue, false)
		if err != nil {
			return vtl.NullValue, err
		}
		p.keys, p.vals = append(p.keys, vtl.StringValue(key)), append(p.vals, v)
		p.skipSpace()
		switch p.c {
		case '}':
			p.depth--
			p.read()
			return p.endObject(base), nil
		case jsonEOI:
			return vtl.NullValue, p.errEOF(p.pos-1, "null")
		case ',':
		default:
			return vtl.NullValue, p.errToken(p.pos-1, p.charAt(p.pos))
		}
	}
}

// endObject makes the map of the members read since base and pops them.
func (p *jsonParser) endObject(base int) vtl.Value {
	m := vtl.NewMapOf(p.keys[base:], p.vals[base:])
	clear(p.keys[base:])
	clear(p.vals[base:])
	p.keys, p.vals = p.keys[:base], p.vals[:base]
	return vtl.MapValue(m)
}

func (p *jsonParser) readArray() (vtl.Value, error) {
	p.depth++
	if p.depth > jsonMaxDepth {
		return vtl.NullValue, p.errf(p.pos, "Malicious payload, having non natural depths, parsing stoped on [ at position %d.")
	}
	base := len(p.items)
	p.read()
	for {
		switch p.c {
		case ' ', '\r', '\n', '\t', ',': // permissive mode accepts useless commas
			p.read()
			continue
		case ']':
			p.depth--
			p.read()
			l := vtl.NewJSONList(append([]vtl.Value(nil), p.items[base:]...)...)
			clear(p.items[base:])
			p.items = p.items[:base]
			return vtl.ListValue(l), nil
		case ':', '}':
			return vtl.NullValue, p.errChar(p.pos, p.charAt(p.pos))
		case jsonEOI:
			return vtl.NullValue, p.errEOF(p.pos-1, "EOF")
		}
		v, err := p.readValue(stopArray, false)
		if err != nil {
			return vtl.NullValue, err
		}
		p.items = append(p.items, v)
	}
}

// readString reads a string quoted with c (" or '). Without backslashes the text between the
// quotes is taken as is; with them json-smart re-reads it, decoding escapes, dropping unknown
// escapes and control characters.
func (p *jsonParser) readString() (string, error) {
	quote := p.c
	end := strings.IndexByte(p.in[p.pos+1:], quote)
	if end < 0 {
		return "", p.errEOF(len(p.in), "null")
	}
	end += p.pos + 1
	s := p.in[p.pos+1 : end]
	if strings.IndexByte(s, '\\') < 0 {
		p.pos = end
		p.read()
		return s, nil
	}
	return p.readEscapedString(quote)
}

func (p *jsonParser) readEscapedString(quote byte) (string, error) {
	p.sb = p.sb[:0]
	var high rune // a pending UTF-16 high surrogate from a \u escape
	for {
		p.read()
		c := p.c
		if c == jsonEOI {
			return "", p.errEOF(p.pos-1, "null")
		}
		if c == quote {
			p.read()
			p.sb = flushSurrogate(p.sb, &high)
			return string(p.sb), nil
		}
		if c < 0x20 || c == 0x7F { // control characters are dropped in permissive mode
			continue
		}
		if c != '\\' {
			p.sb = flushSurrogate(p.sb, &high)
			p.sb = append(p.sb, c)
			continue
		}
		p.read()
		var r rune = -1
		switch p.c {
		case 't':
			r = '\t'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 'f':
			r = '\f'
		case 'b':
			r = '\b'
		case '\\', '/', '\'', '"':
			r = rune(p.c)
		case 'u', 'x':
			n := 4
			if p.c == 'x' {
				n = 2
			}
			u, err := p.readUnicode(n)
			if err != nil {
				return "", err
			}
			r = u
		}
		if r < 0 { // an unknown escape is dropped with its backslash, a whole character
			if p.c >= utf8.RuneSelf && p.pos < len(p.in) {
				_, n := utf8.DecodeRuneInString(p.in[p.pos:])
				p.pos += n - 1
			}
			continue
		}
		switch {
		case utf16.IsSurrogate(r) && r < 0xDC00:
			p.sb = flushSurrogate(p.sb, &high)
			high = r
		case utf16.IsSurrogate(r) && high != 0:
			p.sb = utf8.AppendRune(p.sb, utf16.DecodeRune(high, r))
			high = 0
		default:
			p.sb = flushSurrogate(p.sb, &high)
			p.sb = utf8.AppendRune(p.sb, r) // a lone low surrogate becomes U+FFFD
		}
	}
}

// flushSurrogate writes a pending lone high surrogate as U+FFFD: Go strings hold UTF-8 and
// cannot carry half a pair, where a Java string can.
func flushSurrogate(b []byte, high *rune) []byte {
	if *high != 0 {
		b = utf8.AppendRune(b, utf8.RuneError)
		*high = 0
	}
	return b
}

func (p *jsonParser) readUnicode(n int) (rune, error) {
	var v rune
	for range n {
		v *= 16
		p.read()
		switch c := p.c; {
		case c >= '0' && c <= '9':
			v += rune(c - '0')
		case c >= 'A' && c <= 'F':
			v += rune(c-'A') + 10
		case c >= 'a' && c <= 'f':
			v += rune(c-'a') + 10
		case c == jsonEOI:
			return 0, p.errEOF(p.pos, "EOF")
		default:
			return 0, p.errf(p.pos, "Unexpected unicode escape sequence "+p.charAt(p.pos)+" at position %d.")
		}
	}
	return v, nil
}

// readNumber reads a number, or an unquoted string that starts like one (permissive mode).
func (p *jsonParser) readNumber(stop jsonStop) (vtl.Value, error) {
	start := p.pos
	p.read()
	p.skipDigits()
	isFloat := p.c == '.' || p.c == 'E' || p.c == 'e'
	if p.c == '.' {
		p.read()
		p.skipDigits()
	}
	if p.c == 'E' || p.c == 'e' {
		p.read()
		if p.c != '+' && p.c != '-' && (p.c < '0' || p.c > '9') {
			p.skipNQString(stop)
			return vtl.StringValue(p.extractTrim(start, p.pos)), nil
		}
		p.read()
		p.skipDigits()
	}
	p.skipSpace()
	if p.c < 126 && !stop.stops(p.c) && p.c != jsonEOI {
		p.skipNQString(stop)
		return vtl.StringValue(p.extractTrim(start, p.pos)), nil
	}
	text := p.extractTrim(start, p.pos)
	if isFloat {
		return p.parseFloat(text)
	}
	return p.parseInteger(text)
}

// parseInteger converts as json-smart's parseNumber: Integer, Long, or BigInteger past 64 bits.
// A lone "-" is 0.
func (p *jsonParser) parseInteger(text string) (vtl.Value, error) {
	if text == "-" {
		return vtl.IntValue(0), nil
	}
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		return vtl.IntegerValue(i), nil
	}
	if len(text) > jsonMaxNumberLength {
		return vtl.NullValue, p.errNumberLength(len(text))
	}
	b, ok := new(big.Int).SetString(text, 10)
	if !ok {
		return vtl.NullValue, p.errToken(p.pos, text)
	}
	return vtl.BigIntValue(b), nil
}

// parseFloat converts as json-smart's extractFloat with high precision: a literal longer than
// 18 characters becomes a BigDecimal (exact), any other a Double.
func (p *jsonParser) parseFloat(text string) (vtl.Value, error) {
	if len(text) > jsonMaxNumberLength {
		return vtl.NullValue, p.errNumberLength(len(text))
	}
	if len(text) > 18 {
		if v, ok := vtl.ParseDecimal(text); ok {
			return v, nil
		}
		return vtl.NullValue, p.errToken(p.pos, text)
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !isRangeError(err) {
		return vtl.NullValue, p.errToken(p.pos, text)
	}
	return vtl.DoubleValue(f), nil
}

func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// charAt returns the character at byte offset i as Java would print it.
func (p *jsonParser) charAt(i int) string {
	if i < 0 || i >= len(p.in) {
		return string(rune(jsonEOI))
	}
	r, _ := utf8.DecodeRuneInString(p.in[i:])
	return string(r)
}

// utf16Pos turns a byte offset (possibly past the end) into json-smart's UTF-16 position.
func (p *jsonParser) utf16Pos(i int) int {
	if i < 0 {
		return i
	}
	n := 0
	end := min(i, len(p.in))
	for _, r := range p.in[:end] {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n + (i - end)
}

// errf builds a JSONError whose message is format with the UTF-16 position in place of %d.
func (p *jsonParser) errf(pos int, format string) error {
	u := p.utf16Pos(pos)
	return &JSONError{Position: u, Message: strings.Replace(format, "%d", strconv.Itoa(u), 1)}
}

func (p *jsonParser) errChar(pos int, c string) error {
	return p.errf(pos, "Unexpected character ("+c+") at position %d.")
}

func (p *jsonParser) errToken(pos int, token string) error {
	return p.errf(pos, "Unexpected token "+token+" at position %d.")
}

func (p *jsonParser) errEOF(pos int, what string) error {
	u := p.utf16Pos(pos)
	return &JSONError{Position: u, Message: "Unexpected End Of File position " + strconv.Itoa(u) + ": " + what}
}

func (p *jsonParser) errNumberLength(n int) error {
	return p.errf(p.pos, "Malicious payload, number literal of "+strconv.Itoa(n)+
		" chars exceeds the maximum of "+strconv.Itoa(jsonMaxNumberLength)+", parsing stoped at position %d.")
}
