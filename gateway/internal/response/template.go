package response

import (
	"strings"

	"github.com/apigate/apigate/internal/media"

	"github.com/apigate/apigate/mapping"
)

// template is a compiled gateway response template: literal text and variables in order.
type template struct {
	contentType string   // the content type it is for, as written
	header      []string // the Content-Type header's value, shared between responses
	pieces      []piece
	size        int // the length of the literal text, a hint for the output's size
}

// piece is literal text (src nil) or a variable.
type piece struct {
	text string
	src  *source
}

// compileTemplate splits a template into literal text and variables. It never fails: text that
// does not form a variable is literal.
func compileTemplate(contentType, text string) template {
	t := template{contentType: contentType, header: []string{contentType}}
	lit := 0 // where the pending literal text starts
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '$')
		if j < 0 {
			break
		}
		i += j
		n, src := parseVariable(text[i:])
		if n == 0 {
			i++
			continue
		}
		t.addText(text[lit:i])
		if src.kind != srcNone {
			t.pieces = append(t.pieces, piece{src: src})
		}
		i += n
		lit = i
	}
	t.addText(text[lit:])
	return t
}

func (t *template) addText(s string) {
	if s == "" {
		return
	}
	t.size += len(s)
	if k := len(t.pieces) - 1; k >= 0 && t.pieces[k].src == nil {
		t.pieces[k].text += s
		return
	}
	t.pieces = append(t.pieces, piece{text: s})
}

// render appends the template's output for v to a new slice, cut at mapping.MaxOutput.
func (t *template) render(v *env) []byte {
	dst := make([]byte, 0, min(t.size+16*len(t.pieces), mapping.MaxOutput))
	for i := range t.pieces {
		p := &t.pieces[i]
		if p.src == nil {
			dst = append(dst, p.text...)
		} else {
			dst, _ = p.src.append(dst, v)
		}
		if len(dst) >= mapping.MaxOutput {
			return dst[:mapping.MaxOutput]
		}
	}
	return dst
}

// parseVariable reads the variable at the start of s, which starts with $: $name or ${name}.
// It returns how many bytes the variable takes (0 when s does not start one) and its source.
func parseVariable(s string) (int, *source) {
	if len(s) > 1 && s[1] == '{' {
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return 0, nil
		}
		n, src := parseReference(s[2:end])
		if n == 0 || n != end-2 {
			return 0, nil
		}
		return end + 1, src
	}
	n, src := parseReference(s[1:])
	if n == 0 {
		return 0, nil
	}
	return n + 1, src
}

// parseReference reads a reference without its $: context.x, stageVariables.x,
// method.request.<where>.x or input.params('x'). It returns how many bytes it takes (0 when s
// does not start with one of these roots) and its source; a reference under a known root that
// names nothing has source kind srcNone.
func parseReference(s string) (int, *source) {
	root := identifier(s)
	switch root {
	case "context":
		n := len(root) + dotted(s[len(root):], isNameChar)
		name, _ := strings.CutPrefix(s[:n], "context.")
		if field, ok := strings.CutPrefix(name, "error."); ok {
			return n, errorSource(field)
		}
		return n, exprSource(s[:n], false)
	case "stageVariables":
		n := len(root) + dotted(s[len(root):], isNameChar)
		return n, exprSource(s[:n], false)
	case "method":
		n := len(root) + dotted(s[len(root):], isParamChar)
		ref := s[:n]
		for _, p := range requestParamPrefixes {
			if name, ok := strings.CutPrefix(ref, p.prefix); ok && name != "" {
				return n, exprSource(ref, p.multi)
			}
		}
		return n, &source{kind: srcNone}
	case "input":
		if n, src := parseInputParams(s); n > 0 {
			return n, src
		}
		return len(root) + dotted(s[len(root):], isNameChar), &source{kind: srcNone}
	}
	return 0, nil
}

// parseInputParams reads input.params('name') or input.params("name").
func parseInputParams(s string) (int, *source) {
	const prefix = "input.params("
	if !strings.HasPrefix(s, prefix) || len(s) < len(prefix)+3 {
		return 0, nil
	}
	q := s[len(prefix)]
	if q != '\'' && q != '"' {
		return 0, nil
	}
	rest := s[len(prefix)+1:]
	end := strings.IndexByte(rest, q)
	if end < 0 || end+1 >= len(rest) || rest[end+1] != ')' {
		return 0, nil
	}
	n := len(prefix) + 1 + end + 2
	name := rest[:end]
	src := &source{kind: srcInputParam}
	for _, where := range [...]string{"path", "querystring", "header"} {
		e, err := mapping.ParseExpr("method.request." + where + "." + name)
		if err != nil {
			return n, &source{kind: srcNone}
		}
		src.exprs = append(src.exprs, e)
	}
	return n, src
}

// exprSource compiles a mapping expression, or gives srcNone if it does not parse.
func exprSource(expr string, multi bool) *source {
	e, err := mapping.ParseExpr(expr)
	if err != nil {
		return &source{kind: srcNone}
	}
	return &source{kind: srcExpr, multi: multi, exprs: []mapping.Expr{e}}
}

// identifier returns the letters, digits and underscores at the start of s, if it starts with
// a letter.
func identifier(s string) string {
	if s == "" || !isLetter(s[0]) {
		return ""
	}
	i := 1
	for i < len(s) && isNameChar(s[i]) {
		i++
	}
	return s[:i]
}

// dotted returns the length of the run of .segment at the start of s, each segment made of
// ok characters. A dot not followed by one is not part of it.
func dotted(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && s[n] == '.' {
		i := n + 1
		for i < len(s) && ok(s[i]) {
			i++
		}
		if i == n+1 {
			break
		}
		n = i
	}
	return n
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameChar(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }

func isParamChar(c byte) bool { return isNameChar(c) || c == '-' }

// pick chooses the template for a request's Accept header: its first media type, then
// application/json, then the first by content type.
func pick(templates []template, accept string) *template {
	if mt := media.Type(accept); mt != "" {
		for i := range templates {
			if strings.EqualFold(templates[i].contentType, mt) {
				return &templates[i]
			}
		}
	}
	for i := range templates {
		if strings.EqualFold(templates[i].contentType, "application/json") {
			return &templates[i]
		}
	}
	return &templates[0]
}
