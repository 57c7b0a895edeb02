package ingest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest/internal/devcorpus"
)

// devDatesFloor is how many of the 37 dev reports must come out dated
// when the corpus is ingested with testdata/devdates' sidecars: the count
// measured on 2026-12-02 (16, all from the text: 15 datelines, 1
// inferred; no sidecar, see testdata/devdates/README.md). Issue 11 asks
// for 90% (34 of 37); the other 21 reports print no full date, so the
// gap is logged, not hidden by a lower target.
const (
	devDatesFloor  = 16
	devDatesTarget = 0.90
)

// TestDevCorpusDates is issue 11's measurement: the dev corpus ingested
// from a folder of links to its reports plus the sidecars of
// testdata/devdates (NAME.meta.json, a date only, for a report whose page
// states a date the text rules miss). Every sidecar names a dev report
// and holds only a real date; a report with a sidecar carries that date
// with date_source flag, one without carries the text's date as dateline
// or inferred, or none and no date_source. That an undated document sorts
// last and matches no date filter is tested by TestFolderFormats
// (formats_test.go: a store's documents sorted by date and filtered on
// it) and by graph's TestEvalPredicate and TestCompareValues
// (graph/filter_test.go: a missing value matches no operator and sorts
// after every kind); it is not repeated here.
func TestDevCorpusDates(t *testing.T) {
	dev := devcorpus.Dir(t)
	reports, _ := filepath.Glob(filepath.Join(dev, "*.txt"))
	if len(reports) != 37 {
		t.Fatalf("%d dev reports, want 37", len(reports))
	}
	dir := t.TempDir()
	for _, r := range reports {
		if err := os.Symlink(r, filepath.Join(dir, filepath.Base(r))); err != nil {
			t.Fatal(err)
		}
	}
	given := map[string]string{} // report file → the sidecar's date
	sidecars, _ := filepath.Glob(filepath.Join("testdata", "devdates", "*"+SidecarSuffix))
	for _, sc := range sidecars {
		name := strings.TrimSuffix(filepath.Base(sc), SidecarSuffix) + ".txt"
		if _, err := os.Stat(filepath.Join(dev, name)); err != nil {
			t.Errorf("%s names no dev report: %v", sc, err)
			continue
		}
		data, err := os.ReadFile(sc)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil || len(m) != 1 || m[MetaDate] == "" {
			t.Errorf("%s: want a date and nothing else, got %s (%v)", sc, data, err)
			continue
		}
		if _, err := ParseMeta(m); err != nil {
			t.Errorf("%s: %v", sc, err)
			continue
		}
		given[name] = m[MetaDate]
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(sc)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	s := memstore.New()
	p, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sum, err := p.IngestPaths(ctx, []string{dir})
	if err != nil || sum.Files != len(reports) || sum.Failed != 0 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	ids := make([]string, len(reports))
	for i, r := range reports {
		ids[i] = graph.DocumentID(filepath.Base(r))
	}
	docs, err := s.Nodes(ctx, ids)
	if err != nil || len(docs) != len(reports) {
		t.Fatalf("documents: %d of %d, %v", len(docs), len(reports), err)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	from := map[string]int{}
	dated := 0
	for _, d := range docs {
		date, source := d.Props.String(graph.PropDate), d.Props.String(graph.PropDateSource)
		t.Logf("%-42s %-10s %s", d.Name, date, source)
		if date != "" {
			dated++
		}
		from[source]++
		switch want, ok := given[d.Name]; {
		case ok && (date != want || source != DateFromFlag):
			t.Errorf("%s: %q from %q, want the sidecar's %q from %q", d.Name, date, source, want, DateFromFlag)
		case ok:
		case date == "" && source != "":
			t.Errorf("%s: undated but date_source %q", d.Name, source)
		case date != "" && source != DateFromDateline && source != DateFromInferred:
			t.Errorf("%s: %q from %q, want %q or %q without a sidecar", d.Name, date, source, DateFromDateline, DateFromInferred)
		}
	}
	target := int(devDatesTarget*float64(len(docs)) + 0.999)
	t.Logf("dated %d of %d (%d sidecars; dateline %d, inferred %d, flag %d); issue 11's target is %d",
		dated, len(docs), len(given), from[DateFromDateline], from[DateFromInferred], from[DateFromFlag], target)
	if dated < devDatesFloor {
		t.Errorf("dated %d of %d, below the floor %d", dated, len(docs), devDatesFloor)
	}
}
