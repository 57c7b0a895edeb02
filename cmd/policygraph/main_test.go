package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// runCmd runs the command line in-process and returns exit code and output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersionAndUsage(t *testing.T) {
	if code, out, _ := runCmd(t, "version"); code != 0 || !strings.HasPrefix(out, "policygraph ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, errs := runCmd(t); code != 2 || !strings.Contains(errs, "Usage:") {
		t.Errorf("no args: %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "ingest", "--data-dir", t.TempDir()); code != 2 || !strings.Contains(errs, "no PATH") {
		t.Errorf("ingest without paths: %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "export", "--format", "csv"); code != 2 || !strings.Contains(errs, "unknown --format") {
		t.Errorf("bad format: %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "migrate"); code != 2 || !strings.Contains(errs, "--neo4j-uri") {
		t.Errorf("migrate without uri: %d %q", code, errs)
	}
}

// TestIngestBadInputExport ingests a folder with good and bad files: the
// good ones land, each bad one gets a clear message, the exit status is 1,
// and the export has exactly the good documents.
func TestIngestBadInputExport(t *testing.T) {
	in := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	report := "市人大代表、株洲跃达建筑总经理何翌滔 加快打通湘江东岸沿江南路\n\n株洲日报全媒体记者/邹怡敏\n\n何翌滔建议,尽快启动芦淞区段建设。"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(report)
	if err != nil {
		t.Fatal(err)
	}
	write("utf8.txt", []byte(report))
	write("gbk.txt", []byte(gbk))
	write("empty.txt", nil)
	write("image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	data := t.TempDir()

	code, out, errs := runCmd(t, "ingest", "--log-format", "json", "--data-dir", data, in)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (some files failed)\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"ingested 2 of 4 files", "empty.txt", "image.txt", "failed:"} {
		if !strings.Contains(out+errs, want) {
			t.Errorf("output lacks %q:\n%s\n%s", want, out, errs)
		}
	}

	exp := filepath.Join(t.TempDir(), "g.jsonl")
	if code, _, errs := runCmd(t, "export", "--data-dir", data, "--format", "jsonl", "-o", exp); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	f, err := os.Open(exp)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, officials := map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var o struct {
			Type       string         `json:"type"`
			Labels     []string       `json:"labels"`
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("export line is not JSON: %v", err)
		}
		if o.Type == "node" && o.Labels[0] == "Document" {
			docs[o.Properties["source"].(string)] = true
		}
		if o.Type == "node" && o.Labels[0] == "Official" {
			officials[o.Properties["name"].(string)] = true
		}
	}
	if len(docs) != 2 || !docs["utf8.txt"] || !docs["gbk.txt"] {
		t.Errorf("documents in export: %v", docs)
	}
	if !officials["何翌滔"] || len(officials) != 1 {
		t.Errorf("officials: %v (the GBK copy must resolve to the same node)", officials)
	}

	// Unchanged files change nothing the second time.
	code, out, _ = runCmd(t, "ingest", "--data-dir", data, filepath.Join(in, "utf8.txt"), filepath.Join(in, "gbk.txt"))
	if code != 0 || !strings.Contains(out, "2 unchanged") {
		t.Errorf("re-ingest: %d %s", code, out)
	}
	// GraphML too.
	if code, out, _ := runCmd(t, "export", "--data-dir", data, "--format", "graphml"); code != 0 || !strings.Contains(out, "<graphml") || !strings.Contains(out, "何翌滔") {
		t.Errorf("graphml export: %d", code)
	}
}
