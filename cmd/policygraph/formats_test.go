package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestFormatsAndMetadata: a folder of HTML, DOCX and text ingests,
// the rest is listed as skipped; --date, --source-name and --url reach
// the Document of one file and refuse several; a folder with nothing to
// ingest says so and exits 1.
func TestIngestFormatsAndMetadata(t *testing.T) {
	in := t.TempDir()
	for from, to := range map[string]string{
		"../../testdata/formats/hengyang_gov_gbk.html": "gov.html",
		"../../testdata/formats/xiangtan_table.docx":   "table.docx",
		"../../testdata/reports/hengyang_fangtan.txt":  "fangtan.txt",
	} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, to), b, 0o644)
	}
	os.WriteFile(filepath.Join(in, "notes.md"), []byte("# notes"), 0o644)
	data := t.TempDir()
	code, out, errs := runCmd(t, "ingest", "--data-dir", data, in)
	if code != 0 || !strings.Contains(out, "ingested 3 of 3 files") || !strings.Contains(out, "skipped: "+filepath.Join(in, "notes.md")) {
		t.Errorf("folder: exit %d\n%s%s", code, out, errs)
	}

	one := filepath.Join(in, "fangtan.txt")
	code, out, errs = runCmd(t, "ingest", "--data-dir", data, "--date", "2026-01-09", "--source-name", "衡阳日报", "--url", "https://example.org/hy", one)
	if code != 0 {
		t.Fatalf("ingest with metadata: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd(t, "export", "--data-dir", data, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, `"source":"fangtan.txt"`) {
			line = l
		}
	}
	for _, want := range []string{`"date":"2026-01-09"`, `"date_source":"flag"`, `"newspaper":"衡阳日报"`, `"url":"https://example.org/hy"`, `"format":"text"`} {
		if !strings.Contains(line, want) {
			t.Errorf("exported document lacks %s: %s", want, line)
		}
	}

	if code, _, errs := runCmd(t, "ingest", "--dry-run", "--date", "2026-01-09", in); code != 2 || !strings.Contains(errs, "describe one document") {
		t.Errorf("--date with a folder: exit %d %s", code, errs)
	}
	if code, _, errs := runCmd(t, "ingest", "--dry-run", "--date", "9.1.2026", one); code != 2 || !strings.Contains(errs, "YYYY-MM-DD") {
		t.Errorf("bad --date: exit %d %s", code, errs)
	}

	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "notes.md"), []byte("# notes"), 0o644)
	code, out, errs = runCmd(t, "ingest", "--data-dir", t.TempDir(), empty)
	if code != 1 || !strings.Contains(errs, "nothing to ingest") || !strings.Contains(out, "skipped: ") {
		t.Errorf("empty folder: exit %d\n%s%s", code, out, errs)
	}
}
