package memstore

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/wal"
	"github.com/policygraph/policygraph/graph/storetest"
)

var bg = context.Background()

// op is one change of a test history.
type op struct {
	write *graph.DocumentBatch
	del   string
}

// history writes docs documents, rewrites one with other content, deletes
// another and writes one with every kind of property value, so replaying it
// exercises replacement, deletion, garbage collection and the codec.
func history(docs int) []op {
	var ops []op
	for _, b := range storetest.SyntheticCorpus(docs, 12) {
		ops = append(ops, op{write: &b})
	}
	changed := storetest.SyntheticCorpus(4, 20)[3]
	ops = append(ops, op{write: &changed}, op{del: graph.DocumentID("synthetic-0001.txt")})
	doc := graph.DocumentID("values.txt")
	odd := graph.DocumentBatch{
		Document: graph.Node{ID: doc, Label: graph.Document, Name: "values.txt", Props: graph.Props{
			"source": "values.txt", "text": "第一句。", "f": 2.5, "neg": -7.25e-3, "t": true, "no": false,
			"ints": []int64{-1, 0, 1 << 40}, "none": []string{}, "list": []string{"a b", ""}, "n": int64(-42),
		}},
		Nodes: []graph.Node{{ID: graph.NodeID(graph.City, "零陵"), Label: graph.City, Name: "零陵区", Aliases: []string{"零陵", "永州零陵"}}},
		Relationships: []graph.Relationship{{
			ID: graph.RelID(graph.Mentions, doc, graph.NodeID(graph.City, "零陵"), doc, ""), Type: graph.Mentions,
			From: doc, To: graph.NodeID(graph.City, "零陵"),
			Evidence: &graph.Evidence{Document: doc, Sentence: "第一句。", Start: 0, End: 4},
		}},
	}
	return append(ops, op{write: &odd})
}

func apply(t testing.TB, s graph.Store, ops []op) {
	t.Helper()
	for _, o := range ops {
		var err error
		if o.write != nil {
			_, err = s.WriteDocument(bg, *o.write)
		} else {
			err = s.DeleteDocument(bg, o.del)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func reference(t testing.TB, ops []op) string {
	s := New()
	apply(t, s, ops)
	return storetest.Dump(t, s)
}

func open(t testing.TB, opts Options) *Store {
	t.Helper()
	s, err := Open(opts)
	if err != nil {
		t.Fatalf("open %+v: %v", opts, err)
	}
	return s
}

func closeStore(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Close(bg); err != nil {
		t.Fatalf("close: %v", err)
	}
}

// crash abandons a writer the way kill -9 does: the files stay as they
// are, whatever was written but not closed, and the lock goes.
func crash(s *Store) {
	s.disk.wg.Wait() // a real crash may stop a compaction; TestInterruptedCompaction covers that
	s.disk.lock.Close()
}

func files(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestReopen(t *testing.T) {
	ops := history(30)
	want := reference(t, ops)
	for _, compact := range []int64{0, 2 << 10} {
		t.Run(fmt.Sprintf("compact at %d", compact), func(t *testing.T) {
			dir := t.TempDir()
			s := open(t, Options{DataDir: dir, CompactBytes: compact})
			apply(t, s, ops)
			if got := storetest.Dump(t, s); got != want {
				t.Fatalf("live store differs from the in-memory reference")
			}
			closeStore(t, s)
			for _, ro := range []bool{false, true} {
				s := open(t, Options{DataDir: dir, ReadOnly: ro, CompactBytes: compact})
				if got := storetest.Dump(t, s); got != want {
					t.Errorf("reopened (read-only %v) differs:\n%s", ro, diff(got, want))
				}
				closeStore(t, s)
			}
			t.Logf("files: %v", files(t, dir))
		})
	}
}

// TestCrashKeepsAcknowledged abandons the writer after every few writes,
// compacting often, and reopens: every acknowledged write is there.
func TestCrashKeepsAcknowledged(t *testing.T) {
	ops := history(40)
	dir := t.TempDir()
	for i := 0; i < len(ops); i += 7 {
		s := open(t, Options{DataDir: dir, CompactBytes: 4 << 10})
		if got, want := storetest.Dump(t, s), reference(t, ops[:i]); got != want {
			t.Fatalf("after a crash at op %d:\n%s", i, diff(got, want))
		}
		apply(t, s, ops[i:min(i+7, len(ops))])
		crash(s)
	}
	s := open(t, Options{DataDir: dir, ReadOnly: true})
	if got, want := storetest.Dump(t, s), reference(t, ops); got != want {
		t.Errorf("at the end:\n%s", diff(got, want))
	}
}

func TestCompactionBoundsTheLog(t *testing.T) {
	ops := history(200)
	dir := t.TempDir()
	s := open(t, Options{DataDir: dir, CompactBytes: 16 << 10})
	apply(t, s, ops)
	closeStore(t, s)
	l, err := readLayout(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.snaps) != 1 || l.snap < 3 || len(l.wals) != 1 || l.wals[0] != l.snap {
		t.Errorf("after compactions: %v", files(t, dir))
	}
	info, _ := os.Stat(filepath.Join(dir, genName(snapPrefix, l.snap)))
	winfo, _ := os.Stat(filepath.Join(dir, genName(walPrefix, l.snap)))
	if winfo.Size() > max(16<<10, info.Size())+64<<10 {
		t.Errorf("log %d bytes, snapshot %d: compaction did not keep the log near the snapshot's size", winfo.Size(), info.Size())
	}
	s = open(t, Options{DataDir: dir})
	defer closeStore(t, s)
	if got, want := storetest.Dump(t, s), reference(t, ops); got != want {
		t.Errorf("after compactions:\n%s", diff(got, want))
	}
}

// TestInterruptedCompaction: what a crash during a compaction can leave —
// a half-written temporary snapshot, or a complete new snapshot with the
// old files not yet removed — opens to the same graph.
func TestInterruptedCompaction(t *testing.T) {
	ops := history(20)
	want := reference(t, ops)
	dir := t.TempDir()
	s := open(t, Options{DataDir: dir})
	apply(t, s, ops[:10])
	s.mu.Lock()
	if fatal, err := s.rotate(); err != nil || fatal {
		t.Fatal(err)
	}
	snap, gen := s.snapshot(), s.disk.gen
	s.mu.Unlock()
	apply(t, s, ops[10:])
	if _, err := writeSnapshot(dir, gen, snap, nil); err != nil {
		t.Fatal(err)
	}
	crash(s)
	if err := os.WriteFile(filepath.Join(dir, ".snap-123"+tempSuffix), []byte("half a snapshot"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A reader uses the new snapshot and ignores the rest.
	r := open(t, Options{DataDir: dir, ReadOnly: true})
	if got := storetest.Dump(t, r); got != want {
		t.Errorf("reader:\n%s", diff(got, want))
	}
	s = open(t, Options{DataDir: dir})
	defer closeStore(t, s)
	if got := storetest.Dump(t, s); got != want {
		t.Errorf("writer:\n%s", diff(got, want))
	}
	if got := files(t, dir); !slices.Equal(got, []string{"lock", genName(snapPrefix, 2), genName(walPrefix, 2)}) {
		t.Errorf("leftovers not removed: %v", got)
	}
}

func lastLog(t *testing.T, dir string) string {
	l, err := readLayout(dir)
	if err != nil || len(l.wals) == 0 {
		t.Fatalf("no log in %s: %v", dir, err)
	}
	return filepath.Join(dir, genName(walPrefix, l.wals[len(l.wals)-1]))
}

func TestTornTailIsCut(t *testing.T) {
	ops := history(10)
	dir := t.TempDir()
	s := open(t, Options{DataDir: dir})
	apply(t, s, ops)
	closeStore(t, s)
	path := lastLog(t, dir)
	before, _ := os.ReadFile(path)

	// Half of a frame more, as a crash during the next write leaves it.
	rec, err := encodeWrite(ops[0].write)
	if err != nil {
		t.Fatal(err)
	}
	var frame strings.Builder
	enc := wal.NewEncoder(&frame)
	enc.Add(rec)
	enc.Close()
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(frame.String()[:frame.Len()/2])
	f.Close()

	r := open(t, Options{DataDir: dir, ReadOnly: true})
	if got, want := storetest.Dump(t, r), reference(t, ops); got != want {
		t.Errorf("reader with a torn tail:\n%s", diff(got, want))
	}
	if after, _ := os.ReadFile(path); len(after) == len(before) {
		t.Fatalf("the reader changed the log")
	}
	s = open(t, Options{DataDir: dir})
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("the writer did not cut the torn tail: %d bytes, want %d", len(after), len(before))
	}
	extra := storetest.SyntheticCorpus(12, 12)[11]
	if _, err := s.WriteDocument(bg, extra); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	s = open(t, Options{DataDir: dir})
	defer closeStore(t, s)
	if got, want := storetest.Dump(t, s), reference(t, append(ops, op{write: &extra})); got != want {
		t.Errorf("after writing past the cut:\n%s", diff(got, want))
	}
}

func TestCorruptMiddleIsRefused(t *testing.T) {
	ops := history(10)
	dir := t.TempDir()
	s := open(t, Options{DataDir: dir})
	apply(t, s, ops)
	closeStore(t, s)
	path := lastLog(t, dir)
	data, _ := os.ReadFile(path)
	data[wal.HeaderSize+20] ^= 0x01 // inside the first record
	os.WriteFile(path, data, 0o644)
	for _, ro := range []bool{false, true} {
		_, err := Open(Options{DataDir: dir, ReadOnly: ro})
		if !errors.Is(err, wal.ErrCorrupt) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "backup") {
			t.Errorf("read-only %v: err = %v, want a damaged-log error naming %s and the way out", ro, err, path)
		}
	}
	if got := files(t, dir); !slices.Contains(got, filepath.Base(path)) {
		t.Errorf("the damaged log was removed: %v", got)
	}
}

func TestCorruptSnapshotIsRefused(t *testing.T) {
	dir := t.TempDir()
	s := open(t, Options{DataDir: dir, CompactBytes: 1})
	apply(t, s, history(10))
	closeStore(t, s)
	l, _ := readLayout(dir)
	path := filepath.Join(dir, genName(snapPrefix, l.snap))
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)-3], 0o644) // a cut snapshot is damage, not a torn tail
	if _, err := Open(Options{DataDir: dir}); !errors.Is(err, wal.ErrCorrupt) || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("cut snapshot: %v", err)
	}
}

// writeLegacy writes graph.gob as the store did before the log.
func writeLegacy(t *testing.T, dir string, s *Store) {
	snap := s.snapshot()
	snap.sort()
	f := legacySnapshot{Version: legacyVersion}
	f.Nodes = snap.nodes
	for _, r := range snap.rels {
		f.Relationships = append(f.Relationships, *r)
	}
	out, err := os.Create(filepath.Join(dir, legacyFile))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(out)
	if err := gob.NewEncoder(w).Encode(&f); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	out.Close()
}

func TestMigrateLegacy(t *testing.T) {
	ops := history(20)
	want := reference(t, ops)
	mem := New()
	apply(t, mem, ops)
	dir := t.TempDir()
	writeLegacy(t, dir, mem)

	r := open(t, Options{DataDir: dir, ReadOnly: true})
	if got := storetest.Dump(t, r); got != want {
		t.Errorf("reader of graph.gob:\n%s", diff(got, want))
	}
	if got := files(t, dir); !slices.Equal(got, []string{legacyFile}) {
		t.Errorf("the reader changed the directory: %v", got)
	}

	s := open(t, Options{DataDir: dir})
	if got := storetest.Dump(t, s); got != want {
		t.Errorf("migrated:\n%s", diff(got, want))
	}
	extra := storetest.SyntheticCorpus(21, 12)[20]
	if _, err := s.WriteDocument(bg, extra); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	if got := files(t, dir); !slices.Equal(got, []string{"lock", genName(snapPrefix, 1), genName(walPrefix, 1)}) {
		t.Errorf("after migration: %v", got)
	}
	s = open(t, Options{DataDir: dir})
	defer closeStore(t, s)
	if got, want := storetest.Dump(t, s), reference(t, append(ops, op{write: &extra})); got != want {
		t.Errorf("reopened after migration:\n%s", diff(got, want))
	}
}

func TestReaderBesideWriter(t *testing.T) {
	dir := t.TempDir()
	ops := history(5)
	w := open(t, Options{DataDir: dir})
	defer closeStore(t, w)
	apply(t, w, ops)
	if _, err := Open(Options{DataDir: dir}); err == nil || !strings.Contains(err.Error(), "in use by another policygraph process") {
		t.Errorf("second writer: %v", err)
	}
	r := open(t, Options{DataDir: dir, ReadOnly: true})
	defer closeStore(t, r)
	if got, want := storetest.Dump(t, r), reference(t, ops); got != want {
		t.Errorf("reader beside the writer:\n%s", diff(got, want))
	}
	if _, err := r.WriteDocument(bg, *ops[0].write); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write to a reader: %v", err)
	}
	if err := r.DeleteDocument(bg, ops[0].write.Document.ID); !errors.Is(err, ErrReadOnly) {
		t.Errorf("delete on a reader: %v", err)
	}
	if _, err := Open(Options{DataDir: filepath.Join(dir, "missing"), ReadOnly: true}); err == nil {
		t.Errorf("reader of a missing directory opened")
	}
}

// TestReaderDuringCompaction opens readers while a writer compacts after
// nearly every write: each open succeeds and sees at least every write
// acknowledged before it started.
func TestReaderDuringCompaction(t *testing.T) {
	dir := t.TempDir()
	batches := storetest.SyntheticCorpus(150, 12)
	w := open(t, Options{DataDir: dir, CompactBytes: 4 << 10})
	var acked atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, b := range batches {
			if _, err := w.WriteDocument(bg, b); err != nil {
				t.Error(err)
				return
			}
			acked.Add(1)
		}
	}()
	opens := 0
	for acked.Load() < int64(len(batches)) {
		before := acked.Load()
		r, err := Open(Options{DataDir: dir, ReadOnly: true})
		if err != nil {
			t.Fatalf("reader open during compaction: %v", err)
		}
		st, _ := r.Stats(bg)
		if got := int64(st.Nodes[graph.Document]); got < before {
			t.Fatalf("reader sees %d documents, %d were acknowledged before it opened", got, before)
		}
		opens++
	}
	wg.Wait()
	closeStore(t, w)
	t.Logf("%d reader opens during %d writes", opens, len(batches))
}

// TestDeterministicFiles: the same writes give the same files, byte for
// byte.
func TestDeterministicFiles(t *testing.T) {
	ops := history(40)
	var dirs []string
	for i := 0; i < 2; i++ {
		dir := t.TempDir()
		s := open(t, Options{DataDir: dir, CompactBytes: 8 << 10})
		apply(t, s, ops)
		closeStore(t, s)
		dirs = append(dirs, dir)
	}
	for _, name := range files(t, dirs[0]) {
		a, _ := os.ReadFile(filepath.Join(dirs[0], name))
		b, err := os.ReadFile(filepath.Join(dirs[1], name))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s differs between two runs of the same writes (%v)", name, err)
		}
	}
}

// TestFailedLogWriteStopsWrites: when the log cannot be written, the write
// fails and so does every later one, with the way out in the message.
func TestFailedLogWriteStopsWrites(t *testing.T) {
	dir := t.TempDir()
	s := open(t, Options{DataDir: dir})
	ops := history(3)
	apply(t, s, ops[:1])
	// A full disk: every write to the log fails.
	full, err := wal.OpenAppend("/dev/full", 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	s.mu.Lock()
	s.disk.log.Close()
	s.disk.log = full
	s.mu.Unlock()
	if _, err := s.WriteDocument(bg, *ops[1].write); err == nil {
		t.Fatalf("write with a broken log succeeded")
	}
	_, err = s.WriteDocument(bg, *ops[2].write)
	if err == nil || !strings.Contains(err.Error(), "restart") {
		t.Errorf("next write: %v", err)
	}
	if _, err := s.Stats(bg); err != nil {
		t.Errorf("reads stop too: %v", err)
	}
	// /readyz asks Ping: it reports the broken log too.
	if err := s.Ping(bg); err == nil || !strings.Contains(err.Error(), "restart") {
		t.Errorf("Ping after a failed log write: %v", err)
	}
	s.Close(bg)
}

// TestFailedCompactionIsReported: a compaction that cannot write its
// snapshot leaves writes going (the log holds them) but Ping, and so
// /readyz, reports it until a compaction succeeds.
func TestFailedCompactionIsReported(t *testing.T) {
	dir := t.TempDir()
	s := open(t, Options{DataDir: dir, CompactBytes: 16 << 10})
	defer closeStore(t, s)
	// The first compaction writes snap-2: a directory in its place (not
	// empty, so the rename cannot replace it) makes it fail.
	block := filepath.Join(dir, genName(snapPrefix, 2))
	if err := os.MkdirAll(filepath.Join(block, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	ops := history(400)
	waitCompaction := func() {
		s.mu.Lock()
		running := s.disk.compacting
		s.mu.Unlock()
		if running != nil {
			<-running
		}
	}
	i := 0
	for ; i < len(ops); i++ {
		apply(t, s, ops[i:i+1]) // writes succeed throughout
		waitCompaction()
		if s.Ping(bg) != nil {
			break
		}
	}
	err := s.Ping(bg)
	if err == nil || !strings.Contains(err.Error(), "compaction failed") || !strings.Contains(err.Error(), genName(snapPrefix, 2)) {
		t.Fatalf("after %d writes, Ping = %v, want the failed compaction", i, err)
	}
	if err := os.RemoveAll(block); err != nil {
		t.Fatal(err)
	}
	for i++; i < len(ops) && s.Ping(bg) != nil; i++ {
		apply(t, s, ops[i:i+1])
		waitCompaction()
	}
	if err := s.Ping(bg); err != nil {
		t.Errorf("Ping after a compaction succeeded: %v", err)
	}
	if got, want := storetest.Dump(t, s), reference(t, ops[:i]); got != want {
		t.Errorf("graph after the failed compaction:\n%s", diff(got, want))
	}
}

// TestWriteCostIsTheDocument: with a graph of 300 documents on disk, writing
// one more puts about that document's bytes on disk, not the graph's.
func TestWriteCostIsTheDocument(t *testing.T) {
	dir := t.TempDir()
	batches := storetest.SyntheticCorpus(301, 40)
	s := open(t, Options{DataDir: dir})
	for _, b := range batches[:300] {
		if _, err := s.WriteDocument(bg, b); err != nil {
			t.Fatal(err)
		}
	}
	closeStore(t, s)
	graphBytes := dirBytes(t, dir)
	rec, _ := encodeWrite(&batches[300])

	s = open(t, Options{DataDir: dir})
	before := writeBytes(t)
	if _, err := s.WriteDocument(bg, batches[300]); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	written := writeBytes(t) - before
	t.Logf("graph %d bytes on disk, document record %d bytes, written for it %d bytes", graphBytes, len(rec), written)
	if written > 4*int64(len(rec))+64<<10 || written*4 > graphBytes {
		t.Errorf("one document of %d bytes cost %d bytes written (the graph is %d)", len(rec), written, graphBytes)
	}
}

func dirBytes(t *testing.T, dir string) int64 {
	var n int64
	for _, name := range files(t, dir) {
		info, err := os.Stat(filepath.Join(dir, name))
		if err == nil {
			n += info.Size()
		}
	}
	return n
}

// writeBytes is what this process made the kernel write to storage.
func writeBytes(t *testing.T) int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Skipf("no /proc/self/io: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "write_bytes: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	t.Skip("no write_bytes in /proc/self/io")
	return 0
}

// FuzzApplyRecord: no log record, however damaged, panics the replay.
func FuzzApplyRecord(f *testing.F) {
	for _, o := range history(3) {
		if o.write != nil {
			rec, _ := encodeWrite(o.write)
			f.Add(rec)
		} else {
			f.Add(encodeDelete(o.del))
		}
	}
	f.Fuzz(func(t *testing.T, rec []byte) {
		s := New()
		_ = s.apply(rec)
	})
}

func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

// TestReaderFollowsWriter: a reader opened with Follow catches up with a
// writer that writes, compacts (removing logs the reader has not read),
// closes and reopens; and one opened on graph.gob follows the migration.
func TestReaderFollowsWriter(t *testing.T) {
	ops := history(60)
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy %v", legacy), func(t *testing.T) {
			dir := t.TempDir()
			start := 0
			if legacy {
				mem := New()
				apply(t, mem, ops[:10])
				writeLegacy(t, dir, mem)
				start = 10
			} else {
				closeStore(t, open(t, Options{DataDir: dir}))
			}
			r := open(t, Options{DataDir: dir, ReadOnly: true, Follow: 5 * time.Millisecond})
			defer closeStore(t, r)
			for i := start; i < len(ops); i += 20 {
				w := open(t, Options{DataDir: dir, CompactBytes: 8 << 10})
				apply(t, w, ops[i:min(i+20, len(ops))])
				want := storetest.Dump(t, w)
				closeStore(t, w)
				deadline := time.Now().Add(10 * time.Second)
				for storetest.Dump(t, r) != want {
					if time.Now().After(deadline) {
						t.Fatalf("the reader did not catch up with op %d:\n%s", i+20, diff(storetest.Dump(t, r), want))
					}
					time.Sleep(5 * time.Millisecond)
				}
				if err := r.Ping(bg); err != nil {
					t.Errorf("reader: %v", err)
				}
			}
		})
	}
}

// TestReaderReloadsAfterCompaction: when the logs a reader was reading are
// compacted away before it looks, it reloads from the newest snapshot.
func TestReaderReloadsAfterCompaction(t *testing.T) {
	ops := history(60)
	dir := t.TempDir()
	w := open(t, Options{DataDir: dir, CompactBytes: 4 << 10})
	apply(t, w, ops[:5])
	r := open(t, Options{DataDir: dir, ReadOnly: true, Follow: time.Hour})
	defer closeStore(t, r)
	apply(t, w, ops[5:])
	want := storetest.Dump(t, w)
	closeStore(t, w)
	if l, _ := readLayout(dir); l.snap <= r.follow.gen+1 {
		t.Fatalf("not enough compactions to remove the reader's logs: %v", files(t, dir))
	}
	if err := r.catchUp(); err != nil {
		t.Fatal(err)
	}
	if got := storetest.Dump(t, r); got != want {
		t.Errorf("after reloading (%d bytes, want %d):\n%s", len(got), len(want), diff(got, want))
	}
}

// TestBytesWrittenLinear: the bytes a growing graph costs on disk, per
// document, do not grow with the graph — compaction makes snapshots
// geometrically rarer as they grow, so all of them together cost a
// constant factor of the log.
func TestBytesWrittenLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 2,500 documents")
	}
	perDoc := map[int]float64{}
	for _, n := range []int{500, 2000} {
		dir := t.TempDir()
		batches := storetest.SyntheticCorpus(n, 12)
		var logged int64
		for i := range batches {
			rec, _ := encodeWrite(&batches[i])
			logged += int64(len(rec))
		}
		s := open(t, Options{DataDir: dir, CompactBytes: 32 << 10})
		before := writeBytes(t)
		for _, b := range batches {
			if _, err := s.WriteDocument(bg, b); err != nil {
				t.Fatal(err)
			}
		}
		closeStore(t, s)
		written := writeBytes(t) - before
		l, _ := readLayout(dir)
		perDoc[n] = float64(written) / float64(n)
		t.Logf("%d documents: %d bytes of records, %d bytes written (%.1f×), %d compactions", n, logged, written, float64(written)/float64(logged), l.snap-1)
	}
	if perDoc[2000] > 1.5*perDoc[500] {
		t.Errorf("bytes written per document grew from %.0f at 500 documents to %.0f at 2,000", perDoc[500], perDoc[2000])
	}
}
