// Package devcorpus finds the dev corpus, third-party text kept beside the
// repository (../shared/corpus/dev), for the tests of ingest and its
// helpers; it imports nothing of the project, so ingest's own tests can
// use it.
package devcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the dev corpus folder: $POLICYGRAPH_DEV_CORPUS, or
// ../shared/corpus/dev beside the repository. Without it the test skips,
// except in CI (env CI set), where it fails: CI must never skip scoring.
func Dir(tb testing.TB) string {
	tb.Helper()
	dirs := []string{os.Getenv("POLICYGRAPH_DEV_CORPUS")}
	if wd, err := os.Getwd(); err == nil {
		// Walk up from the package to the repository's parent.
		for d := wd; d != filepath.Dir(d); d = filepath.Dir(d) {
			dirs = append(dirs, filepath.Join(d, "shared", "corpus", "dev"))
		}
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "000_e809176d26951911.gold.json")); err == nil {
			abs, _ := filepath.Abs(d)
			return abs
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("dev corpus not found (set POLICYGRAPH_DEV_CORPUS); tests that need it must run in CI")
	}
	tb.Skip("dev corpus not found; set POLICYGRAPH_DEV_CORPUS")
	return ""
}
