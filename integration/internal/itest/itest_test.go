package itest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// sharedConformance is the shared conformance folder, which the cases are copied from: beside
// the repository, where the project keeps it (a clone of the repository alone does not have it).
const sharedConformance = "../../../../shared/conformance"

// TestConformanceCopiesAreCurrent checks that the copies in testdata equal the shared cases,
// when the shared folder is there (a clone of the repository alone does not have it).
func TestConformanceCopiesAreCurrent(t *testing.T) {
	if _, err := os.Stat(sharedConformance); err != nil {
		t.Skip("the shared conformance folder is not present:", err)
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
			t.Errorf("testdata/conformance/%s differs from %s: copy it again", name, filepath.Join(sharedConformance, name))
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
