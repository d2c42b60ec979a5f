package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// shared is the project's shared conformance folder, beside the repository, which the cases
// are copied from (a clone of the repository alone does not have it).
const shared = "../../../shared/conformance"

// TestCopiesAreCurrent checks that every file holds cases, each a JSON object, and, where the
// shared folder is present, that the copies equal its files.
func TestCopiesAreCurrent(t *testing.T) {
	for _, name := range Files {
		lines, err := Lines(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) == 0 {
			t.Errorf("%s has no cases", name)
		}
		for i, l := range lines {
			var c map[string]any
			if err := json.Unmarshal(l, &c); err != nil {
				t.Errorf("%s line %d: %v", name, i+1, err)
			}
		}
		want, err := os.ReadFile(filepath.Join(shared, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue // a clone without the shared folder: the copies are what there is
		}
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := Read(name); !bytes.Equal(got, want) {
			t.Errorf("testdata/%s differs from the shared folder's: copy it again", name)
		}
	}
}
