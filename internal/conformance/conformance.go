// Package conformance holds the conformance cases recorded outside this project (from AWS, the
// AWS documentation and other emulators) that the tests of mapping and of the integration
// packages run against (policy.jsonl: packages auth and auth/policy): copies of the project's shared conformance folder, kept in the
// repository so that a clone runs them, and checked against the shared folder by
// TestCopiesAreCurrent where it is present. Only tests import it.
package conformance

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
)

//go:embed testdata/*.jsonl
var files embed.FS

// Files are the case files: policy.jsonl (Lambda authorizer policies), proxy.jsonl (Lambda
// proxy answers), selection.jsonl (integration response selection) and vtl.jsonl (mapping
// templates).
var Files = []string{"policy.jsonl", "proxy.jsonl", "selection.jsonl", "vtl.jsonl"}

// Read returns a case file whole.
func Read(name string) ([]byte, error) { return files.ReadFile("testdata/" + name) }

// Lines returns the cases of a file, one JSON object a line, without blank lines.
func Lines(name string) ([][]byte, error) {
	data, err := Read(name)
	if err != nil {
		return nil, err
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 {
			lines = append(lines, bytes.Clone(l))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", name, err)
	}
	return lines, nil
}
