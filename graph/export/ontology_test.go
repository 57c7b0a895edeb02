package export_test

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/export"
)

// TestOntologyDocumentExport holds the export section of docs/ontology.md
// to the code: it names both formats, and its JSONL example lines have
// the keys WriteJSONL writes, a node's properties those NodeProperties
// gives and a relationship's those RelProperties gives an evidenced one.
func TestOntologyDocumentExport(t *testing.T) {
	src, err := os.ReadFile("../../docs/ontology.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	for _, f := range []export.Format{export.JSONL, export.GraphML} {
		if !strings.Contains(text, "`"+string(f)+"`") {
			t.Errorf("docs/ontology.md does not name the export format %q", f)
		}
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	node := export.NodeProperties(graph.Node{ID: "official:x", Label: graph.Official, Name: "x"})
	rel := export.RelProperties(graph.Relationship{ID: "rel:x", Type: graph.Proposes, From: "a", To: "b",
		Evidence: &graph.Evidence{Document: "document:a", Sentence: "s", Start: 1, End: 2, Headline: "h"}})
	want := map[string][]string{
		"node":         {"id", "labels", "properties", "type"},
		"relationship": {"end", "id", "label", "properties", "start", "type"},
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, `{"type":`) {
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Errorf("docs/ontology.md: example %s: %v", line, err)
			continue
		}
		typ, _ := obj["type"].(string)
		seen[typ] = true
		if got := keys(obj); !reflect.DeepEqual(got, want[typ]) {
			t.Errorf("docs/ontology.md: a %s line has keys %q, WriteJSONL writes %q", typ, got, want[typ])
		}
		props, _ := obj["properties"].(map[string]any)
		wantProps := node
		if typ == "relationship" {
			wantProps = rel
		}
		if got, w := keys(props), keys(wantProps); !reflect.DeepEqual(got, w) {
			t.Errorf("docs/ontology.md: a %s's properties %q, the export writes %q", typ, got, w)
		}
	}
	if !seen["node"] || !seen["relationship"] {
		t.Errorf("docs/ontology.md has no JSONL example of a node and a relationship: %v", seen)
	}
}
