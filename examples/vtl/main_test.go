package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestRunTemplateFile(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-template-file", "testdata/pets.vtl", "-body-file", "testdata/pets.json",
		"-param", "path.id=42", "-context", `{"stage":"prod"}`}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	want := `{
  "stage": "prod",
  "requested": "42",
  "pets": [
    {"id": 1, "name": "Rex \"the dog\"", "price": 249.99},
    {"id": 2, "name": "Tom", "price": 124.99}
  ]
}
`
	if out.String() != want {
		t.Errorf("output\n%s\nwant\n%s", out.String(), want)
	}
}

func TestRunOverridesReported(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-template-file", "testdata/pets.vtl", "-body", `{"pets": []}`}, nil, &out, &errOut)
	if code != 0 || !strings.Contains(errOut.String(), "responseOverride.status: 404") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestRunJSONL(t *testing.T) {
	in, err := os.Open("testdata/requests.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out, errOut bytes.Buffer
	if code := run([]string{"-jsonl"}, in, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	want := `{"output":"{b=[1,2]}"}
{"output":"42 prod dev"}
{"output":"1two3.5 7"}
{"error":"400 {\"message\": \"Could not process payloadnet.minidev.json.parser.ParseException: Unexpected End Of File position 1: null\"}"}
`
	got := out.String()
	last := strings.LastIndex(strings.TrimSuffix(got, "\n"), "\n") + 1
	if got[:last] != want {
		t.Errorf("output\n%s\nwant\n%s", got[:last], want)
	}
	if !strings.HasPrefix(got[last:], `{"error":"vtl: parse error at line 1`) {
		t.Errorf("last line %q, want a parse error", got[last:])
	}
}

func TestRunBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-param", "cookie.a=1"}, {"-header", "novalue"}, {"-context", "{bad"}, {"-stage-var", "x"}} {
		var out, errOut bytes.Buffer
		if code := run(args, nil, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
