package memstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/wal"
)

// The data directory holds generations: snap-G is the whole graph as it
// was when wal-G was started, and wal-G, wal-G+1, … log every change since,
// one record per document. Open loads the newest snapshot and replays the
// logs after it. A compaction starts wal-G+1, writes snap-G+1 beside it,
// and only once that is durable removes the files of generation G and
// before; so at any moment the newest complete snapshot and the logs from
// its generation on describe the graph, and a reader that lists the
// directory while a compaction runs finds either the old or the new set.

const (
	snapPrefix = "snap-"
	walPrefix  = "wal-"
	tempSuffix = ".tmp"
	lockFile   = "lock"
)

func genName(prefix string, gen uint64) string { return fmt.Sprintf("%s%08d", prefix, gen) }

// layout is what a listing of the data directory found.
type layout struct {
	snap   uint64   // newest snapshot, 0 for none
	snaps  []uint64 // all snapshots, ascending
	wals   []uint64 // all logs, ascending
	legacy bool     // graph.gob is there
	temps  []string // unfinished snapshots
}

func readLayout(dir string) (layout, error) {
	var l layout
	entries, err := os.ReadDir(dir)
	if err != nil {
		return l, fmt.Errorf("data dir: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == legacyFile:
			l.legacy = true
		case strings.HasSuffix(name, tempSuffix):
			l.temps = append(l.temps, name)
		case strings.HasPrefix(name, snapPrefix):
			if g, ok := parseGen(name, snapPrefix); ok {
				l.snaps = append(l.snaps, g)
			}
		case strings.HasPrefix(name, walPrefix):
			if g, ok := parseGen(name, walPrefix); ok {
				l.wals = append(l.wals, g)
			}
		}
	}
	slices.Sort(l.snaps)
	slices.Sort(l.wals)
	if len(l.snaps) > 0 {
		l.snap = l.snaps[len(l.snaps)-1]
	}
	return l, nil
}

func parseGen(name, prefix string) (uint64, bool) {
	g, err := strconv.ParseUint(strings.TrimPrefix(name, prefix), 10, 64)
	return g, err == nil && g > 0
}

// logs returns the generations to replay after the newest snapshot, which
// must follow one another: a gap means a file was lost.
func (l layout) logs(dir string) ([]uint64, error) {
	next := max(l.snap, 1)
	var out []uint64
	for _, g := range l.wals {
		if g < next && len(out) == 0 {
			continue // before the snapshot: compacted, not yet removed
		}
		if g != next {
			return nil, fmt.Errorf("data dir %s: %s is missing (found %s); the directory is damaged: restore it from a backup", dir, genName(walPrefix, next), genName(walPrefix, g))
		}
		out = append(out, g)
		next++
	}
	return out, nil
}

// errVanished means a file listed a moment ago is gone: a writer's
// compaction removed it, so a reader lists again.
var errVanished = errors.New("data dir changed while opening")

// load reads the data directory into the empty store s: the newest
// snapshot (or graph.gob), then the logs. It returns the last log's file
// and scan result, for a writer to append to; the other files are closed.
func (s *Store) load(dir string, l layout) (*os.File, wal.Result, error) {
	gens, err := l.logs(dir)
	if err != nil {
		return nil, wal.Result{}, err
	}
	// Open everything before reading anything: once open, a file a
	// compaction removes stays readable.
	open := func(name string) (*os.File, error) {
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errVanished
		}
		return f, err
	}
	var snap *os.File
	switch {
	case l.snap > 0:
		snap, err = open(genName(snapPrefix, l.snap))
	case l.legacy && len(gens) == 0:
		snap, err = open(legacyFile)
	}
	if err != nil {
		return nil, wal.Result{}, err
	}
	logs := make([]*os.File, 0, len(gens))
	defer func() {
		for _, f := range logs {
			if f != nil {
				f.Close()
			}
		}
	}()
	if snap != nil {
		defer snap.Close()
	}
	for _, g := range gens {
		f, err := open(genName(walPrefix, g))
		if err != nil {
			return nil, wal.Result{}, err
		}
		logs = append(logs, f)
	}

	switch {
	case snap != nil && l.snap > 0:
		if err := s.loadSnapshot(snap); err != nil {
			return nil, wal.Result{}, err
		}
	case snap != nil:
		if err := s.loadLegacy(snap); err != nil {
			return nil, wal.Result{}, err
		}
	}
	var last wal.Result
	for i, f := range logs {
		res, err := s.replay(f)
		if err != nil {
			return nil, wal.Result{}, err
		}
		if res.Torn && i < len(logs)-1 {
			// A log is complete and synced before the next one is created.
			return nil, wal.Result{}, fmt.Errorf("%s: %w: it ends in an incomplete frame at offset %d but a later log exists; restore the data dir from a backup", f.Name(), wal.ErrCorrupt, res.Valid)
		}
		last = res
	}
	if len(logs) == 0 {
		return nil, last, nil
	}
	f := logs[len(logs)-1]
	logs[len(logs)-1] = nil // the caller's now
	return f, last, nil
}

// replay applies the records of one log.
func (s *Store) replay(f *os.File) (wal.Result, error) {
	n := 0
	res, err := wal.ScanFile(f, func(rec []byte) error {
		n++
		if err := s.apply(rec); err != nil {
			return fmt.Errorf("%s: record %d: %w", f.Name(), n, err)
		}
		return nil
	})
	if err != nil && errors.Is(err, wal.ErrCorrupt) && !strings.Contains(err.Error(), f.Name()) {
		err = fmt.Errorf("%s: %w; restore the data dir from a backup", f.Name(), err)
	}
	return res, err
}

// apply replays one log record through the code that made it.
func (s *Store) apply(rec []byte) error {
	d := &decoder{b: rec}
	switch d.byte() {
	case recWrite:
		b, err := decodeBatch(d)
		if err != nil {
			return fmt.Errorf("%w: %w", wal.ErrCorrupt, err)
		}
		if err := b.Validate(); err != nil {
			return fmt.Errorf("%w: the logged batch of %s does not validate: %w", wal.ErrCorrupt, b.Document.ID, err)
		}
		if _, _, err := s.write(context.Background(), b, b.Fingerprint(), nil); err != nil {
			return fmt.Errorf("%w: the logged batch of %s does not apply: %w", wal.ErrCorrupt, b.Document.ID, err)
		}
	case recDelete:
		id := d.str()
		if err := d.done(); err != nil {
			return fmt.Errorf("%w: %w", wal.ErrCorrupt, err)
		}
		if _, err := s.delete(id, nil); err != nil {
			return fmt.Errorf("%w: the logged deletion of %s does not apply: %w", wal.ErrCorrupt, id, err)
		}
	default:
		return fmt.Errorf("%w: %w: unknown record kind", wal.ErrCorrupt, errRecord)
	}
	return nil
}

// snapshotData is the graph at one moment, to be written after the lock
// is released. Nodes are copied: a merge replaces a stored node's aliases
// and properties. Relationships are shared: a stored one never changes,
// it is replaced.
type snapshotData struct {
	nodes []graph.Node
	rels  []*graph.Relationship
}

// snapshot copies the graph. Call with mu held; sort after releasing it.
func (s *Store) snapshot() snapshotData {
	d := snapshotData{nodes: make([]graph.Node, 0, len(s.nodes)), rels: make([]*graph.Relationship, 0, len(s.rels))}
	for _, n := range s.nodes {
		d.nodes = append(d.nodes, *n)
	}
	for _, r := range s.rels {
		d.rels = append(d.rels, r)
	}
	return d
}

// sort orders the copy by id, so that equal graphs give equal files.
func (d snapshotData) sort() {
	slices.SortFunc(d.nodes, func(a, b graph.Node) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(d.rels, func(a, b *graph.Relationship) int { return strings.Compare(a.ID, b.ID) })
}

// errStopped is a compaction that Close stopped.
var errStopped = errors.New("compaction stopped by Close")

// writeSnapshot writes snap-gen durably and returns its size. It gives up
// with errStopped when stop (if not nil) is set.
func writeSnapshot(dir string, gen uint64, d snapshotData, stop *atomic.Bool) (int64, error) {
	d.sort()
	tmp, err := os.CreateTemp(dir, ".snap-*"+tempSuffix)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	bw := bufio.NewWriterSize(tmp, 1<<20)
	enc := wal.NewEncoder(bw)
	e := newEncoder(4096) // one dictionary for the whole snapshot
	rec := func(kind byte) { e.b = append(e.b[:0], kind) }
	rec(recHeader)
	e.str(formatName)
	e.uint(formatVer)
	e.uint(gen)
	err = enc.Add(e.b)
	stopped := func(i int) error {
		if i%4096 == 0 && stop != nil && stop.Load() {
			return errStopped
		}
		return nil
	}
	for i := 0; i < len(d.nodes) && err == nil; i++ {
		if err = stopped(i); err != nil {
			break
		}
		rec(recNode)
		if err = e.node(&d.nodes[i]); err == nil {
			err = enc.Add(e.b)
		}
	}
	for i := 0; i < len(d.rels) && err == nil; i++ {
		if err = stopped(i); err != nil {
			break
		}
		rec(recRel)
		if err = e.rel(d.rels[i]); err == nil {
			err = enc.Add(e.b)
		}
	}
	if err == nil {
		rec(recEnd)
		e.uint(uint64(len(d.nodes)))
		e.uint(uint64(len(d.rels)))
		err = enc.Add(e.b)
	}
	if err == nil {
		err = enc.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, genName(snapPrefix, gen)))
	}
	if err == nil {
		// The rename is durable only once the directory entry is, and the
		// older files may go only after that.
		err = wal.SyncDir(dir)
	}
	if err != nil {
		if errors.Is(err, errStopped) {
			return 0, err
		}
		return 0, fmt.Errorf("write snapshot %s: %w", genName(snapPrefix, gen), err)
	}
	return enc.Written(), nil
}

// loadSnapshot reads a snapshot into the empty store s.
func (s *Store) loadSnapshot(f *os.File) error {
	var header, end bool
	var nodes, rels uint64
	damaged := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w: %s; restore the data dir from a backup", f.Name(), wal.ErrCorrupt, fmt.Sprintf(format, args...))
	}
	var table []string // the snapshot's shared strings, across records
	res, err := wal.ScanFile(f, func(rec []byte) error {
		d := &decoder{b: rec, table: table}
		defer func() { table = d.table }()
		kind := d.byte()
		switch {
		case end:
			return damaged("records after the end record")
		case !header && kind != recHeader:
			return damaged("no header record")
		}
		switch kind {
		case recHeader:
			name, ver := d.str(), d.uint()
			d.uint() // the generation, for people reading the file
			if err := d.done(); err != nil || name != formatName {
				return damaged("not a policygraph snapshot")
			}
			if ver != formatVer {
				return fmt.Errorf("%s: snapshot format %d, this build reads %d; use a newer policygraph", f.Name(), ver, formatVer)
			}
			header = true
		case recNode:
			n := d.node()
			if err := d.done(); err != nil {
				return damaged("node %d: %v", nodes+1, err)
			}
			s.putNode(&n)
			nodes++
		case recRel:
			r := d.rel()
			if err := d.done(); err != nil {
				return damaged("relationship %d: %v", rels+1, err)
			}
			if s.nodes[r.From] == nil || s.nodes[r.To] == nil {
				return damaged("relationship %s has a missing endpoint", r.ID)
			}
			s.addRel(&r)
			rels++
		case recEnd:
			wantNodes, wantRels := d.uint(), d.uint()
			if err := d.done(); err != nil || wantNodes != nodes || wantRels != rels {
				return damaged("it holds %d nodes and %d relationships, its end record says %d and %d", nodes, rels, wantNodes, wantRels)
			}
			end = true
		default:
			return damaged("unknown record kind %q", kind)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, wal.ErrCorrupt) && !strings.Contains(err.Error(), f.Name()) {
			return fmt.Errorf("%s: %w; restore the data dir from a backup", f.Name(), err)
		}
		return err
	}
	if res.Torn || !end {
		// Snapshots are renamed into place only once complete and synced.
		return damaged("it is incomplete")
	}
	return nil
}

// disk is a writer's hold on its data directory.
type disk struct {
	dir  string
	lock *os.File
	gen  uint64      // the log being written
	log  *wal.Writer // guarded by Store.mu (replaced by compaction)

	minCompact int64         // compact once the log is this big…
	threshold  int64         // …and at least as big as the snapshot: guarded by Store.mu
	compacting chan struct{} // closed when the running compaction ends; guarded by Store.mu
	compactErr error         // the last compaction's failure; guarded by Store.mu
	wg         sync.WaitGroup
	stop       atomic.Bool // Close asks a running compaction to give up
}

// maybeCompact starts a compaction when the log has grown past the
// threshold: a new log takes the writes from now on while the graph as of
// now is written as the next snapshot in the background. The threshold is
// at least the last snapshot's size, so snapshots cost no more bytes than
// the logs they replace and the bytes written stay proportional to the
// bytes ingested. A writer that crosses the threshold while the previous
// compaction still runs waits for it: writes outpacing snapshots slow
// down, and the sizes alone decide when compactions happen, so the same
// writes give the same files.
func (s *Store) maybeCompact() {
	d := s.disk
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.closed || s.failed != nil || d.log.Size() < d.threshold {
			return
		}
		if d.compacting == nil {
			break
		}
		running := d.compacting
		s.mu.Unlock()
		<-running
		s.mu.Lock()
	}
	if fatal, err := s.rotate(); err != nil {
		if fatal {
			s.failed = err
		}
		d.compactErr = err
		d.threshold *= 2
		return
	}
	done := make(chan struct{})
	d.compacting = done
	snap := s.snapshot()
	gen := d.gen
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer close(done)
		n, err := writeSnapshot(d.dir, gen, snap, &d.stop)
		if err == nil {
			// The snapshot is complete: files it replaces that cannot be
			// removed cost disk space, not data, but are reported.
			err = removeBefore(d.dir, gen)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		d.compacting = nil
		if err != nil {
			// The logs still hold everything; try again when the log has
			// doubled rather than after every write.
			d.compactErr = err
			d.threshold *= 2
			return
		}
		d.compactErr = nil
		d.threshold = max(d.minCompact, n)
	}()
}

// rotate closes the log and starts the next generation. Call with mu held,
// so that no record is added meanwhile. fatal means no log is open any
// more, so the store can take no more writes.
func (s *Store) rotate() (fatal bool, err error) {
	d := s.disk
	if err := d.log.Close(); err != nil {
		return true, err
	}
	next, err := wal.Create(filepath.Join(d.dir, genName(walPrefix, d.gen+1)))
	if err != nil {
		err = fmt.Errorf("start a new log: %w", err)
		// Go on with the old one.
		old, rerr := wal.OpenAppend(filepath.Join(d.dir, genName(walPrefix, d.gen)), d.log.Size())
		if rerr != nil {
			return true, errors.Join(err, rerr)
		}
		d.log = old
		return false, err
	}
	d.log = next
	d.gen++
	return false, nil
}

// removeBefore deletes the files a complete snap-gen makes redundant. It
// goes on past a file it cannot remove and returns every failure.
func removeBefore(dir string, gen uint64) error {
	l, err := readLayout(dir)
	if err != nil {
		return fmt.Errorf("remove the files snapshot %d replaces: %w", gen, err)
	}
	var errs []error
	for _, g := range l.wals {
		if g < gen {
			errs = append(errs, removeFile(filepath.Join(dir, genName(walPrefix, g))))
		}
	}
	for _, g := range l.snaps {
		if g < gen {
			errs = append(errs, removeFile(filepath.Join(dir, genName(snapPrefix, g))))
		}
	}
	errs = append(errs, wal.SyncDir(dir))
	return errors.Join(errs...)
}

func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	return nil
}

// follower keeps a reader up to date with its writer: it reads the log
// from where the last look stopped, moves on to the next log once the
// writer has (a log is complete before the next one exists), and reloads
// from the newest snapshot when a compaction removed logs it had not read.
type follower struct {
	dir  string
	gen  uint64   // the log being read
	f    *os.File // nil until that log exists
	off  int64    // bytes of it applied
	stop chan struct{}
	done chan struct{}
	err  error // why following stopped; guarded by Store.mu
}

func (s *Store) startFollowing(dir string, l layout, last *os.File, res wal.Result, every time.Duration) {
	fl := &follower{dir: dir, gen: max(l.snap, 1), f: last, off: res.Valid, stop: make(chan struct{}), done: make(chan struct{})}
	if n := len(l.wals); n > 0 && l.wals[n-1] > fl.gen {
		fl.gen = l.wals[n-1]
	}
	s.follow = fl
	go func() {
		defer close(fl.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-fl.stop:
				if fl.f != nil {
					fl.f.Close()
				}
				return
			case <-t.C:
			}
			err := s.catchUp()
			s.mu.Lock()
			fl.err = err
			s.mu.Unlock()
		}
	}()
}

// catchUp applies what the writer logged since the last look.
func (s *Store) catchUp() error {
	fl := s.follow
	for {
		// List before reading: once the next log exists, this one has all
		// it will ever have; once a newer snapshot exists, this one may be
		// gone, and the snapshot has what it had.
		l, err := readLayout(fl.dir)
		if err != nil {
			return err
		}
		if l.snap > fl.gen {
			return s.reload()
		}
		moved := slices.Contains(l.wals, fl.gen+1)
		if fl.f == nil {
			f, err := os.Open(filepath.Join(fl.dir, genName(walPrefix, fl.gen)))
			if errors.Is(err, fs.ErrNotExist) {
				return nil // not started yet
			}
			if err != nil {
				return err
			}
			fl.f, fl.off = f, 0
		}
		info, err := fl.f.Stat()
		if err != nil {
			return err
		}
		if n := info.Size() - fl.off; n > 0 {
			s.mu.Lock()
			res, err := wal.Scan(io.NewSectionReader(fl.f, fl.off, n), n, s.apply)
			fl.off += res.Valid
			s.mu.Unlock()
			if err != nil {
				return fmt.Errorf("follow %s: %w", fl.f.Name(), err)
			}
		}
		if !moved {
			return nil
		}
		fl.f.Close()
		fl.f = nil
		fl.gen++
	}
}

// reload replaces the graph with the data dir's current contents.
func (s *Store) reload() error {
	fresh, last, res, l, err := loadReader(s.follow.dir)
	if err != nil {
		return err
	}
	fl := s.follow
	if fl.f != nil {
		fl.f.Close()
	}
	fl.gen, fl.f, fl.off = max(l.snap, 1), last, res.Valid
	if n := len(l.wals); n > 0 && l.wals[n-1] > fl.gen {
		fl.gen = l.wals[n-1]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nodes, s.rels, s.adj, s.owned = fresh.nodes, fresh.rels, fresh.adj, fresh.owned
	s.byLabel, s.folded, s.sentences, s.runeFold = fresh.byLabel, fresh.folded, fresh.sentences, fresh.runeFold
	return nil
}
