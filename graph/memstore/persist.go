package memstore

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/policygraph/policygraph/graph"
)

// snapshotVersion changes when the file layout does; an old file is then
// refused with a clear message instead of being misread.
const snapshotVersion = 1

type snapshotFile struct {
	Version       int
	Nodes         []graph.Node
	Relationships []graph.Relationship
}

func init() {
	// Property values travel as interface values; gob must know them.
	gob.Register([]string{})
	gob.Register([]int64{})
	gob.Register(int64(0))
	gob.Register(float64(0))
	gob.Register(false)
	gob.Register("")
}

// snapshot copies the graph, sorted so that equal graphs give equal files.
// Call with mu held. The copies are shallow: the store never changes a
// stored slice, map or evidence in place (it replaces them), so the
// snapshot can be encoded after the lock is released without copying every
// document's text, which doubled an ingest's peak memory.
func (s *Store) snapshot() *snapshotFile {
	f := &snapshotFile{Version: snapshotVersion}
	f.Nodes = make([]graph.Node, 0, len(s.nodes))
	for _, n := range s.nodes {
		f.Nodes = append(f.Nodes, *n)
	}
	f.Relationships = make([]graph.Relationship, 0, len(s.rels))
	for _, r := range s.rels {
		f.Relationships = append(f.Relationships, *r)
	}
	sort.Slice(f.Nodes, func(i, j int) bool { return f.Nodes[i].ID < f.Nodes[j].ID })
	sort.Slice(f.Relationships, func(i, j int) bool { return f.Relationships[i].ID < f.Relationships[j].ID })
	return f
}

func writeSnapshot(path string, snap *snapshotFile) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".graph-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := gob.NewEncoder(w).Encode(snap); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename is durable only once the directory entry is.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func (s *Store) load() error {
	f, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	defer f.Close()
	var snap snapshotFile
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&snap); err != nil {
		return fmt.Errorf("read %s: not a policygraph snapshot or damaged (%v); move it away to start empty", s.path, err)
	}
	if snap.Version != snapshotVersion {
		return fmt.Errorf("read %s: snapshot version %d, this build reads %d; re-ingest into a new --data-dir", s.path, snap.Version, snapshotVersion)
	}
	for i := range snap.Nodes {
		n := snap.Nodes[i]
		s.putNode(&n)
	}
	for i := range snap.Relationships {
		r := snap.Relationships[i]
		if s.nodes[r.From] == nil || s.nodes[r.To] == nil {
			return fmt.Errorf("read %s: relationship %s has a missing endpoint; the file is damaged", s.path, r.ID)
		}
		s.addRel(&r)
	}
	return nil
}
