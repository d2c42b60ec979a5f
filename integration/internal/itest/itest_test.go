package itest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// sharedConformance is the folder the conformance cases are copied from: ../shared/conformance
// from the repository's root, beside the repository.
const sharedConformance = "../../../../shared/conformance"

// TestConformanceCopiesAreCurrent checks that the copies in testdata equal the shared cases,
// when the shared folder is there (a clone of the repository alone does not have it).
func TestConformanceCopiesAreCurrent(t *testing.T) {
	if _, err := os.Stat(sharedConformance); err != nil {
		t.Skip("../shared is not present:", err)
	}
	for _, name := range ConformanceFiles {
		shared, err := os.ReadFile(filepath.Join(sharedConformance, name))
		if err != nil {
			t.Fatal(err)
		}
		local, err := conformance.ReadFile("testdata/conformance/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(shared, local) {
			t.Errorf("testdata/conformance/%s differs from ../shared/conformance/%[1]s: copy it again", name)
		}
	}
}

func TestConformanceLines(t *testing.T) {
	for _, name := range ConformanceFiles {
		if len(ConformanceLines(t, name)) == 0 {
			t.Errorf("%s has no cases", name)
		}
	}
}
