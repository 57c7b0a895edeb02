// Package memstore is the embedded graph store: the whole graph in memory,
// guarded by one RWMutex, optionally persisted to a file in a data
// directory so that `policygraph ingest` and a later `serve` share it without
// Neo4j.
//
// Persistence is a snapshot written atomically (temp file, fsync, rename),
// at most once per FlushInterval after a write and on Close, so a crash can
// lose the last interval's writes but never leaves a corrupt file. A lock
// file keeps two processes from writing one data directory.
package memstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/policygraph/policygraph/graph"
)

// FileName is the snapshot's name inside the data directory.
const FileName = "graph.gob"

// Options configure Open.
type Options struct {
	// DataDir holds the snapshot; empty keeps the graph in memory only.
	DataDir string
	// FlushInterval bounds how long a write waits to reach the disk
	// (default 500ms).
	FlushInterval time.Duration
}

// Store implements graph.Store in memory.
type Store struct {
	mu    sync.RWMutex
	nodes map[string]*graph.Node
	rels  map[string]*graph.Relationship
	adj   map[string]map[string]*graph.Relationship // node id → relationships touching it, by id
	owned map[string]map[string]struct{}            // document id → ids of relationships it owns

	// Indexes derived from nodes and rels, kept in step by putNode,
	// dropNode, refold, addRel and removeRel (see index.go).
	byLabel   map[graph.Label]map[string]*graph.Node // label → its nodes, by id
	folded    map[string]*foldedNode                 // node id → its name and aliases folded for Search
	sentences map[string]*sentenceRefs               // evidence sentence → its folded form and citing relationships
	runeFold  map[rune]rune                          // graph.Fold of each non-ASCII rune seen

	path     string
	lock     *os.File
	interval time.Duration
	flushMu  sync.Mutex // serialises snapshot writes
	dirty    bool       // guarded by mu
	timer    *time.Timer
	closed   bool
}

var _ graph.Store = (*Store)(nil)

// New returns an empty in-memory store.
func New() *Store {
	return &Store{
		nodes: map[string]*graph.Node{},
		rels:  map[string]*graph.Relationship{},
		adj:   map[string]map[string]*graph.Relationship{},
		owned: map[string]map[string]struct{}{},

		byLabel:   map[graph.Label]map[string]*graph.Node{},
		folded:    map[string]*foldedNode{},
		sentences: map[string]*sentenceRefs{},
		runeFold:  map[rune]rune{},
	}
}

// Open returns a store persisted in opts.DataDir (created if missing),
// loading its snapshot if there is one.
func Open(opts Options) (*Store, error) {
	s := New()
	if opts.DataDir == "" {
		return s, nil
	}
	if err := os.MkdirAll(opts.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(opts.DataDir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data dir lock: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("data dir %s is in use by another policygraph process (stop it, or use another --data-dir): %w", opts.DataDir, err)
	}
	s.lock = lock
	s.path = filepath.Join(opts.DataDir, FileName)
	s.interval = opts.FlushInterval
	if s.interval <= 0 {
		s.interval = 500 * time.Millisecond
	}
	if err := s.load(); err != nil {
		lock.Close()
		return nil, err
	}
	return s, nil
}

// Ping implements graph.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errClosed
	}
	return nil
}

var errClosed = errors.New("store is closed")

// Close implements graph.Store: it writes the last changes and releases the
// data directory.
func (s *Store) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()
	err := s.Flush()
	if s.lock != nil {
		s.lock.Close()
	}
	return err
}

// changed marks the graph dirty and schedules a snapshot. Call with mu held.
func (s *Store) changed() {
	if s.path == "" {
		return
	}
	s.dirty = true
	if s.timer == nil && !s.closed {
		s.timer = time.AfterFunc(s.interval, func() { _ = s.Flush() })
	}
}

// Flush writes the snapshot now if anything changed since the last one.
func (s *Store) Flush() error {
	if s.path == "" {
		return nil
	}
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	s.timer = nil
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	snap := s.snapshot()
	s.dirty = false
	s.mu.Unlock()
	if err := writeSnapshot(s.path, snap); err != nil {
		s.mu.Lock()
		s.dirty = true // try again on the next write or Close
		s.mu.Unlock()
		return fmt.Errorf("persist %s: %w", s.path, err)
	}
	return nil
}

func (s *Store) ensureOpen() error {
	if s.closed {
		return errClosed
	}
	return nil
}
