package wal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func records(t *testing.T, path string) ([]string, Result, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	res, err := ScanFile(f, func(rec []byte) error {
		out = append(out, string(rec))
		return nil
	})
	return out, res, err
}

func rec(i int) []byte {
	return []byte(fmt.Sprintf("record %d %s", i, bytes.Repeat([]byte{'x'}, i%50)))
}

// writeLog writes n records, each waited for on its own (one frame each),
// and returns the offset where each frame starts.
func writeLog(t *testing.T, path string, n int) []int64 {
	t.Helper()
	w, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var starts []int64
	for i := 0; i < n; i++ {
		starts = append(starts, w.Size())
		tk, err := w.Add(rec(i))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Wait(tk); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return starts
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	writeLog(t, path, 20)
	got, res, err := records(t, path)
	if err != nil || res.Torn || res.Records != 20 || res.Frames != 20 || len(got) != 20 {
		t.Fatalf("scan: %d records, %+v, %v", len(got), res, err)
	}
	for i, r := range got {
		if r != string(rec(i)) {
			t.Errorf("record %d = %q", i, r)
		}
	}
	if _, err := Create(path); err == nil {
		t.Errorf("Create over an existing log succeeded")
	}
}

// TestGroupCommit: concurrent writers all return only once their record is
// on disk, and they share frames (fewer fdatasyncs than records).
func TestGroupCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	w, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := w.Add(rec(i))
			if err == nil {
				err = w.Wait(tk)
			}
			if err != nil {
				t.Error(err)
				return
			}
			// Durable means readable from the file by anyone now.
			found := false
			f, _ := os.Open(path)
			defer f.Close()
			ScanFile(f, func(r []byte) error {
				found = found || string(r) == string(rec(i))
				return nil
			})
			if !found {
				t.Errorf("record %d acknowledged but not in the file", i)
			}
		}()
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, res, err := records(t, path)
	if err != nil || len(got) != n {
		t.Fatalf("%d records, %v", len(got), err)
	}
	if res.Frames >= n {
		t.Logf("no two writers shared a frame (%d frames for %d records): the machine may be idle enough", res.Frames, n)
	}
}

// TestTornTail cuts the log at every byte of its last frame and appends
// garbage a crash could leave: the scan keeps the earlier frames, reports
// the tail torn, and OpenAppend cuts it off so that appending goes on.
func TestTornTail(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	starts := writeLog(t, full, 5)
	data, _ := os.ReadFile(full)
	last := starts[4]
	tails := map[string][]byte{}
	for cut := last + 1; cut < int64(len(data)); cut++ {
		tails[fmt.Sprintf("cut at %d", cut)] = data[:cut]
	}
	tails["zeros after the end"] = append(append([]byte{}, data...), make([]byte, 4096)...)
	tails["zeroed last payload"] = append(append([]byte{}, data[:last+HeaderSize]...), make([]byte, len(data)-int(last)-HeaderSize)...)
	garbled := append([]byte{}, data...)
	garbled[len(garbled)-1] ^= 0xff
	tails["last frame's payload garbled"] = garbled
	i := 0
	for name, b := range tails {
		i++
		path := filepath.Join(dir, fmt.Sprint(i))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		want := 4
		if name == "zeros after the end" {
			want = 5
		}
		got, res, err := records(t, path)
		if err != nil || !res.Torn || len(got) != want {
			t.Errorf("%s: %d records, %+v, %v; want %d and torn", name, len(got), res, err, want)
			continue
		}
		w, err := OpenAppend(path, res.Valid)
		if err != nil {
			t.Fatal(err)
		}
		tk, _ := w.Add([]byte("after the crash"))
		if err := w.Wait(tk); err != nil {
			t.Fatal(err)
		}
		w.Close()
		got, res, err = records(t, path)
		if err != nil || res.Torn || len(got) != want+1 || got[want] != "after the crash" {
			t.Errorf("%s, appended after: %q, %+v, %v", name, got, res, err)
		}
	}
}

// TestCorruptMiddle: a damaged frame with intact frames after it is not a
// crash; the scan refuses it rather than drop what follows.
func TestCorruptMiddle(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	starts := writeLog(t, full, 5)
	data, _ := os.ReadFile(full)
	for name, off := range map[string]int64{
		"payload of frame 2": starts[1] + HeaderSize + 3,
		"length of frame 2":  starts[1] + 5,
		"magic of frame 1":   0,
		"header CRC of 3":    starts[2] + 13,
	} {
		b := append([]byte{}, data...)
		b[off] ^= 0x40
		path := filepath.Join(dir, "bad")
		os.WriteFile(path, b, 0o644)
		_, _, err := records(t, path)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s damaged: err = %v, want ErrCorrupt", name, err)
		}
	}
}

func TestEncoderFrames(t *testing.T) {
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	big := bytes.Repeat([]byte("y"), 300<<10)
	for i := 0; i < 10; i++ {
		if err := e.Add(big); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	n := 0
	res, err := Scan(bytes.NewReader(buf.Bytes()), int64(buf.Len()), func(r []byte) error {
		if !bytes.Equal(r, big) {
			t.Errorf("record %d differs", n)
		}
		n++
		return nil
	})
	if err != nil || n != 10 || res.Frames < 3 || e.Written() != int64(buf.Len()) {
		t.Errorf("%d records in %d frames, %v, written %d of %d", n, res.Frames, err, e.Written(), buf.Len())
	}
}

func TestTooLarge(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Add(make([]byte, MaxRecord+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v", err)
	}
}
