// Command vtl renders an API Gateway mapping template against a sample request: the local twin
// of the console's "Test" button for integration request and response templates.
//
// One-off use:
//
//	vtl -template-file testdata/pets.vtl -body-file testdata/pets.json \
//	    -param path.id=42 -query sort=asc -header 'Accept=application/json' \
//	    -stage-var env=prod -context '{"stage":"prod","identity":{"sourceIp":"203.0.113.1"}}'
//
// prints the rendered output; overrides the template set ($context.responseOverride.status, ...)
// are reported on standard error.
//
// With -jsonl it reads JSON Lines from standard input, one request per line,
//
//	{"template": "...", "body": "...", "params": {"path": {}, "querystring": {}, "header": {}},
//	 "context": {}, "stageVariables": {}, "vars": {}}
//
// and writes {"output": "..."} or {"error": "..."} per line, the format of the Velocity oracle
// (vars are extra variables, typed as JSON values are), so that outputs can be compared line by
// line.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/apigate/apigate/mapping"
	"github.com/apigate/apigate/mapping/vtl"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// pairs is a repeatable name=value flag.
type pairs []string

func (p *pairs) String() string     { return strings.Join(*p, ",") }
func (p *pairs) Set(v string) error { *p = append(*p, v); return nil }

// run is the command: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vtl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		tplText  = fs.String("template", "", "the mapping template")
		tplFile  = fs.String("template-file", "", "read the mapping template from this file")
		body     = fs.String("body", "", "the payload $input reads")
		bodyFile = fs.String("body-file", "", "read the payload from this file")
		ctxJSON  = fs.String("context", "", `$context as JSON, with AWS's names: {"stage":"prod","identity":{"sourceIp":"..."}}`)
		jsonl    = fs.Bool("jsonl", false, "read JSON Lines requests from standard input, write one result per line")
		params   pairs
		headers  pairs
		queries  pairs
		stage    pairs
	)
	fs.Var(&params, "param", "a parameter as path.NAME=V, querystring.NAME=V or header.NAME=V (repeatable)")
	fs.Var(&headers, "header", "a header as NAME=VALUE (repeatable)")
	fs.Var(&queries, "query", "a query string parameter as NAME=VALUE (repeatable)")
	fs.Var(&stage, "stage-var", "a stage variable as NAME=VALUE (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *jsonl {
		return runJSONL(stdin, stdout, stderr)
	}

	src := *tplText
	if *tplFile != "" {
		b, err := os.ReadFile(*tplFile)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		src = string(b)
	}
	payload := []byte(*body)
	if *bodyFile != "" {
		b, err := os.ReadFile(*bodyFile)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		payload = b
	}
	in := jsonRequest{Template: src, Params: map[string]map[string]string{}, StageVariables: map[string]string{}}
	add := func(kind, kv string) error {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("%q: want NAME=VALUE", kv)
		}
		if in.Params[kind] == nil {
			in.Params[kind] = map[string]string{}
		}
		in.Params[kind][name] = value
		return nil
	}
	for _, p := range params {
		kind, kv, ok := strings.Cut(p, ".")
		if !ok || (kind != "path" && kind != "querystring" && kind != "header") {
			fmt.Fprintf(stderr, "-param %q: want path.NAME=V, querystring.NAME=V or header.NAME=V\n", p)
			return 2
		}
		if err := add(kind, kv); err != nil {
			fmt.Fprintln(stderr, "-param", err)
			return 2
		}
	}
	for _, h := range headers {
		if err := add("header", h); err != nil {
			fmt.Fprintln(stderr, "-header", err)
			return 2
		}
	}
	for _, q := range queries {
		if err := add("querystring", q); err != nil {
			fmt.Fprintln(stderr, "-query", err)
			return 2
		}
	}
	for _, s := range stage {
		name, value, ok := strings.Cut(s, "=")
		if !ok {
			fmt.Fprintf(stderr, "-stage-var %q: want NAME=VALUE\n", s)
			return 2
		}
		in.StageVariables[name] = value
	}
	if *ctxJSON != "" {
		in.Context = json.RawMessage(*ctxJSON)
	}
	req, err := in.request(payload)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	out, err := render(in.Template, req)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	stdout.Write(out)
	reportOverrides(stderr, req.Overrides)
	return 0
}

// jsonRequest is one line of -jsonl input.
type jsonRequest struct {
	Template       string                       `json:"template"`
	Body           string                       `json:"body"`
	Params         map[string]map[string]string `json:"params"`
	Context        json.RawMessage              `json:"context"`
	StageVariables map[string]string            `json:"stageVariables"`
	Vars           map[string]json.RawMessage   `json:"vars"`
}

// request builds the mapping request a line describes.
func (in *jsonRequest) request(body []byte) (*mapping.Request, error) {
	multi := func(m map[string]string) map[string][]string {
		out := make(map[string][]string, len(m))
		for k, v := range m {
			out[k] = []string{v}
		}
		return out
	}
	req := &mapping.Request{
		Body:           body,
		Params:         mapping.NewParams(in.Params["path"], multi(in.Params["querystring"]), multi(in.Params["header"])),
		StageVariables: in.StageVariables,
		Overrides:      new(mapping.Overrides),
	}
	if len(in.Context) > 0 && string(in.Context) != "null" {
		c, err := parseContext(in.Context)
		if err != nil {
			return nil, err
		}
		req.Context = c
	}
	if len(in.Vars) > 0 {
		req.Vars = make(vtl.Vars, len(in.Vars))
		for name, raw := range in.Vars {
			v, err := vtl.ParseJSON(raw)
			if err != nil {
				return nil, fmt.Errorf("vars.%s: %w", name, err)
			}
			req.Vars[name] = v
		}
	}
	return req, nil
}

// render compiles and renders; a body the template cannot parse gives API Gateway's 400 body.
func render(src string, req *mapping.Request) ([]byte, error) {
	tpl, err := mapping.Compile(src)
	if err != nil {
		return nil, err
	}
	out, err := tpl.Render(nil, req)
	var pe *mapping.PayloadError
	if errors.As(err, &pe) {
		msg, _ := json.Marshal(pe.Error())
		return nil, fmt.Errorf(`400 {"message": %s}`, msg)
	}
	return out, err
}

func runJSONL(stdin io.Reader, stdout, stderr io.Writer) int {
	sc := bufio.NewScanner(stdin)
	sc.Buffer(nil, 16<<20)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var result struct {
			Output *string `json:"output,omitempty"`
			Error  string  `json:"error,omitempty"`
		}
		var in jsonRequest
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			result.Error = "bad input line: " + err.Error()
		} else if req, err := in.request([]byte(in.Body)); err != nil {
			result.Error = err.Error()
		} else if out, err := render(in.Template, req); err != nil {
			result.Error = err.Error()
		} else {
			s := string(out)
			result.Output = &s
		}
		if err := enc.Encode(result); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func reportOverrides(w io.Writer, ov *mapping.Overrides) {
	if s, ok := ov.ResponseStatus(); ok {
		fmt.Fprintf(w, "\nresponseOverride.status: %d\n", s)
	}
	for _, g := range []struct {
		name string
		ps   []mapping.Param
	}{
		{"requestOverride.header", ov.RequestHeaders()},
		{"requestOverride.path", ov.RequestPaths()},
		{"requestOverride.querystring", ov.RequestQueryStrings()},
		{"responseOverride.header", ov.ResponseHeaders()},
	} {
		for _, p := range g.ps {
			fmt.Fprintf(w, "%s.%s: %s\n", g.name, p.Name, strings.Join(p.Values, ","))
		}
	}
}
