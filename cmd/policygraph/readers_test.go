package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadOnlyServeBesideIngest: a serve that takes no mutations leaves the
// data dir's lock alone, so ingest runs beside it, and it shows the new
// document within a few seconds; export reads beside it too.
func TestReadOnlyServeBesideIngest(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runCmd(t, "ingest", "--data-dir", data, "../../testdata/reports/hengyang_fangtan.txt"); code != 0 {
		t.Fatalf("first ingest: %s", errs)
	}
	cmd := command(t, "serve", "--data-dir", data, "--addr", "127.0.0.1:0", "--log-level", "warn")
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	var base string
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatalf("serve did not start: %s", stderr.String())
		}
		base = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	documents := func() string {
		resp, err := http.Get(base + "/graphql?query=" + url.QueryEscape("{ documents(first: 10) { totalCount } }"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if got := documents(); !strings.Contains(got, `"totalCount":1`) {
		t.Fatalf("serve sees %s, want 1 document", got)
	}

	in := filepath.Join(t.TempDir(), "second.txt")
	os.WriteFile(in, report(t, "second.txt"), 0o644)
	if code, out, errs := runCmd(t, "ingest", "--data-dir", data, in); code != 0 {
		t.Fatalf("ingest beside a read-only serve: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCmd(t, "export", "--data-dir", data, "--format", "jsonl"); code != 0 || !strings.Contains(out, "second.txt") {
		t.Errorf("export beside serve: exit %d %s", code, errs)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(documents(), `"totalCount":2`) {
		if time.Now().After(deadline) {
			t.Fatalf("the read-only serve never showed the second document: %s", documents())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
