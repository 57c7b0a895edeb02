package memstore

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"os"

	"github.com/policygraph/policygraph/graph"
)

// legacyFile is the data directory's format before the log: one gob
// snapshot of the whole graph, rewritten at most every 500 ms, so a crash
// lost the last writes. A writer opening such a directory migrates it
// (legacySnapshot → snap-00000001, then graph.gob is removed); a reader
// reads it as it is.
const legacyFile = "graph.gob"

// legacyVersion is the only version of graph.gob ever written.
const legacyVersion = 1

type legacySnapshot struct {
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

// loadLegacy reads graph.gob into the empty store s.
func (s *Store) loadLegacy(f *os.File) error {
	var snap legacySnapshot
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&snap); err != nil {
		return fmt.Errorf("read %s: not a policygraph snapshot or damaged (%v); move it away to start empty", f.Name(), err)
	}
	if snap.Version != legacyVersion {
		return fmt.Errorf("read %s: snapshot version %d, this build reads %d; re-ingest into a new --data-dir", f.Name(), snap.Version, legacyVersion)
	}
	for i := range snap.Nodes {
		n := snap.Nodes[i]
		s.putNode(&n)
	}
	for i := range snap.Relationships {
		r := snap.Relationships[i]
		if s.nodes[r.From] == nil || s.nodes[r.To] == nil {
			return fmt.Errorf("read %s: relationship %s has a missing endpoint; the file is damaged", f.Name(), r.ID)
		}
		s.addRel(&r)
	}
	return nil
}
