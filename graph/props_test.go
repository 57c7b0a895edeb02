package graph_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoPropertyLiterals: outside tests and the test fixtures (storetest,
// querytest: they spell out stored data), packages name the contract's
// properties by graph's constants (graph.PropCity), never by a literal
// ("city"), so a renamed key cannot be missed in one of them.
func TestNoPropertyLiterals(t *testing.T) {
	keys := `source|text|paragraphs|headlines|title|reporters|newspaper|date|city|encoding|traditional|sha256|bytes|code|level|sector|kind|start|end|document`
	literal := regexp.MustCompile(`(?:Props\.Strings?\(|[Pp]rops\[|Props\{[^}]*?)"(` + keys + `)"`)
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "storetest" || d.Name() == "querytest" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := literal.FindStringSubmatch(line); m != nil {
				t.Errorf("%s:%d names the property %q by a literal: use graph's constant", path, i+1, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
