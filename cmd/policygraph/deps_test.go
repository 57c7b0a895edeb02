package main

import (
	"go/build"
	"strings"
	"testing"
)

// TestDependenciesPointOneWay holds the README's dependency line: cmd →
// schema → queries → graph and cmd → ingest → graph; ingest and schema
// never import each other, and graph imports none of them.
func TestDependenciesPointOneWay(t *testing.T) {
	const module = "github.com/policygraph/policygraph/"
	forbidden := map[string][]string{
		"ingest":  {"schema", "queries", "cmd"},
		"schema":  {"ingest", "cmd"},
		"queries": {"ingest", "schema", "cmd"},
		"graph":   {"ingest", "schema", "queries", "cmd"},
	}
	for pkg, bad := range forbidden {
		p, err := build.ImportDir("../../"+pkg, 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		for _, imp := range p.Imports {
			for _, b := range bad {
				if imp == module+b || strings.HasPrefix(imp, module+b+"/") {
					t.Errorf("%s imports %s: the README says it must not", pkg, imp)
				}
			}
		}
	}
}
