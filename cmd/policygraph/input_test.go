package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/ingest/decode"
)

// TestDryRunRefusesLargeFileBeforeReading: `ingest --dry-run` of a 200 MB
// file is refused by its size, as a real ingest refuses it, without reading
// it (it used to read it whole and peak at 457 MB).
func TestDryRunRefusesLargeFileBeforeReading(t *testing.T) {
	big := filepath.Join(t.TempDir(), "dump.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()

	p := &ingest.Pipeline{Decoder: decode.Decoder{MaxBytes: 16 << 20}}
	var out bytes.Buffer
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err = dryRun(context.Background(), &out, p, []string{big})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ingest.ErrSomeFailed) {
		t.Errorf("dry run of an oversized file: %v", err)
	}
	if got := out.String(); !strings.Contains(got, "file too large (209715200 bytes, limit 16777216; raise --max-file-size") {
		t.Errorf("dry run output lacks ingest's size refusal:\n%s", got)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing a 200 MB file allocated %d bytes: it was read", alloc)
	}
}

// TestCommandsRefuseBadInput: the same refusals on the command line, with
// the exit status of a failed file.
func TestCommandsRefuseBadInput(t *testing.T) {
	in := t.TempDir()
	large := filepath.Join(in, "large.txt")
	os.WriteFile(large, bytes.Repeat([]byte("政府工作报告。\n"), 200), 0o644)
	code, out, errs := runCmd(t, "ingest", "--dry-run", "--max-file-size", "1000", large)
	if code != 1 || !strings.Contains(out, "file too large") || !strings.Contains(out, "raise --max-file-size") {
		t.Errorf("dry run of a file over --max-file-size: exit %d\n%s%s", code, out, errs)
	}

	// 1% of the characters are U+FFFD: refused, the others ingested.
	damaged := filepath.Join(in, "damaged.txt")
	text := strings.Repeat("株洲市人大代表何翌滔建议加快打通湘江东岸沿江南路。", 20)
	runes := []rune(text)
	for i := 50; i < len(runes); i += 100 {
		runes[i] = '\uFFFD'
	}
	os.WriteFile(damaged, []byte(string(runes)), 0o644)
	code, out, errs = runCmd(t, "ingest", "--data-dir", t.TempDir(), damaged)
	if code != 1 || !strings.Contains(out+errs, "are U+FFFD replacement characters") || !strings.Contains(out, "ingested 0 of 1 files") {
		t.Errorf("ingest of text with 1%% U+FFFD: exit %d\n%s%s", code, out, errs)
	}
}
