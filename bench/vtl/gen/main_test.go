package main

import (
	"os"
	"testing"
)

// TestTemplatesCurrent checks that templates.jsonl holds what gen writes.
func TestTemplatesCurrent(t *testing.T) {
	const path = "../templates.jsonl"
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir() + "/templates.jsonl"
	if err := os.WriteFile(tmp, want, 0o644); err != nil {
		t.Fatal(err)
	}
	rng = newRand() // the same seed as a fresh run
	if err := run(tmp); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s is not what gen writes: run go run ./bench/vtl/gen bench/vtl/templates.jsonl", path)
	}
}
