// Package neo4jstore implements graph.Store on a Neo4j 5 server over Bolt,
// with the official Go driver. It passes the same conformance suite
// (graph/storetest) as the embedded graph/memstore and gives the same
// answers; the few places where Neo4j cannot be made to agree exactly are
// listed under "Known differences" below.
//
// # Storage mapping
//
// Every node carries its domain label (City, Official, ...) and the shared
// label Entity, which holds the uniqueness constraint on id. Node properties
// are id, name, aliases (always a list, possibly empty) and the node's Props.
// Relationship properties are id, the Props and, for facts read from a
// document, the evidence flattened as doc, sentence, start, end and
// headline (graph/validate.go reserves those names). Reference facts have
// no doc property.
//
// Properties whose names start with "pg." are the store's own and are never
// returned by reads: a user property cannot collide with them because
// graph.Props keys must be identifiers, which have no dots.
//
//   - pg.search (nodes): name and aliases folded with graph.Fold, one per
//     line; the full-text index and the substring scan of Search read it.
//   - pg.sentence (relationships): the folded sentence, only when folding
//     changes it (full-width letters, compatibility ideographs).
//   - pg.emptyInts, pg.emptyProps: type information Neo4j would lose, so
//     that an empty []int64 reads back as []int64 and an empty non-nil Props
//     as an empty map, exactly as memstore returns them.
//   - pg.lock: set and removed in the same statement to take a node's write
//     lock; never committed.
//
// # Transactions and concurrency
//
// Reads run in ExecuteRead and writes in ExecuteWrite managed transactions,
// so the driver retries transient failures (deadlocks, leader changes); a
// write returns once the server has committed it. A write locks the
// document node first, then every node of the batch in id order (the same
// order in every writer, so they rarely deadlock), and computes merged
// aliases and properties in Go from what it read under those locks:
// concurrent writers of overlapping documents serialise instead of losing
// updates. Locks are taken by MERGE on the constrained id plus a property
// write, and the nodes are read with a second MERGE: a node found and then
// waited for may have been deleted by the transaction that held its lock
// (its last relationship went), and the second MERGE creates it afresh
// instead of writing to a node that no longer exists. A new document's
// write is two statements and the commit (see prepareQuery and
// writeStatement in write.go).
//
// # Outages
//
// The store checks every second that the server answers (Config.
// HealthInterval) and reports what it found through Health. While the
// server is unreachable, reads fail at once with graph.ErrUnavailable, and
// reads already waiting in the driver's retry loop are cancelled with it,
// rather than each waiting out its deadline; the API answers such requests
// at once. Writes (and the reads they depend on) still wait and retry, so
// an ingest rides out a restart.
//
// # Known differences from memstore
//
// Neo4j compares strings by UTF-16 code units, Go by code points. The two
// orders differ only when one string has a character above U+FFFF
// (emoji, CJK extension B and later) where the other has one in
// U+E000..U+FFFF (private use, compatibility ideographs, full-width
// forms). In that case FindNodes sorting and paging, string range filters
// (gt, lt, ...), which K paths Paths keeps, and Scan's order follow
// Neo4j's order. Results that are sorted after fetching (Expand,
// Neighborhood, Search, the order of the paths returned) are sorted in Go
// and agree exactly.
//
// A batch whose document id is already the id of an entity node is refused
// with graph.ErrInvalid; memstore replaces the entity by the document and
// keeps its relationships.
//
// Relationship ids are unique per type (Neo4j's constraints are per type):
// a batch fact whose id a fact of another type holds is accepted, where
// memstore refuses it. Ids are hashes of the type, the ends and the owner
// (graph.RelID), so only a hand-made batch can do this; a clash within one
// type, or with a fact the document's previous version owned, is refused
// as in memstore.
package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
)

// DefaultDatabase is used when Config.Database is empty. Community edition
// has exactly one user database, called neo4j.
const DefaultDatabase = "neo4j"

// Config says how to reach the server.
type Config struct {
	// URI is the server's address, e.g. bolt://127.0.0.1:7687 (or neo4j://
	// for a routed cluster).
	URI string
	// User and Password select basic auth; when both are empty the driver
	// connects without auth (a server with auth disabled).
	User     string
	Password string
	// Database is named explicitly in every session (default "neo4j"), so
	// the driver never has to ask the server for its home database.
	Database string

	// BatchSize bounds the rows one UNWIND statement carries (default
	// 1000); a document with more nodes or relationships is written in
	// several statements of the same transaction.
	BatchSize int
	// ScanPageSize is how many nodes or relationships Scan reads per
	// transaction (default 1000).
	ScanPageSize int
	// MaxConnectionPoolSize caps the driver's pool (0: the driver's default).
	MaxConnectionPoolSize int
	// MaxTransactionRetryTime bounds how long the driver keeps retrying a
	// transaction after transient failures (0: the driver's default, 30s).
	MaxTransactionRetryTime time.Duration
	// IndexTimeout bounds how long Migrate waits for new indexes to come
	// online when ctx has no deadline (default 5 minutes).
	IndexTimeout time.Duration

	// HealthInterval is how often the store checks that the server answers
	// (default 1s); HealthTimeout bounds each check (default 2s). While the
	// server is unreachable, reads fail at once with graph.ErrUnavailable.
	HealthInterval time.Duration
	HealthTimeout  time.Duration
	// OnHealthChange, when set, is called (from the checking goroutine or a
	// failing call) each time the server becomes unreachable or reachable
	// again; the service logs it.
	OnHealthChange func(graph.Health)
}

// Store implements graph.Store on Neo4j. It is safe for concurrent use.
type Store struct {
	driver       neo4j.DriverWithContext
	db           string
	batch        int
	page         int
	indexTimeout time.Duration
	health       *health
}

var (
	_ graph.Store      = (*Store)(nil)
	_ graph.TreeReader = (*Store)(nil)
)

// Open connects to the server, verifies that it answers and runs Migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if strings.TrimSpace(cfg.URI) == "" {
		return nil, errors.New("neo4jstore: no server URI configured")
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	drv, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *neo4j.Config) {
		if cfg.MaxConnectionPoolSize > 0 {
			c.MaxConnectionPoolSize = cfg.MaxConnectionPoolSize
		}
		if cfg.MaxTransactionRetryTime > 0 {
			c.MaxTransactionRetryTime = cfg.MaxTransactionRetryTime
		}
	})
	if err != nil {
		return nil, fmt.Errorf("neo4jstore: driver for %s: %w", cfg.URI, err)
	}
	s := &Store{
		driver:       drv,
		db:           cfg.Database,
		batch:        cfg.BatchSize,
		page:         cfg.ScanPageSize,
		indexTimeout: cfg.IndexTimeout,
		health:       newHealth(cfg.OnHealthChange),
	}
	if s.db == "" {
		s.db = DefaultDatabase
	}
	if s.batch <= 0 {
		s.batch = 1000
	}
	if s.page <= 0 {
		s.page = 1000
	}
	if s.indexTimeout <= 0 {
		s.indexTimeout = 5 * time.Minute
	}
	if err := drv.VerifyConnectivity(ctx); err != nil {
		_ = drv.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("neo4jstore: connect to %s: %w", cfg.URI, err)
	}
	if err := s.Migrate(ctx); err != nil {
		_ = drv.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	interval, timeout := cfg.HealthInterval, cfg.HealthTimeout
	if interval <= 0 {
		interval = defaultHealthInterval
	}
	if timeout <= 0 {
		timeout = defaultHealthTimeout
	}
	s.health.run(interval, timeout, s.probe)
	return s, nil
}

// Ping implements graph.Store: it runs a trivial query in the configured
// database, which fails if the server is up but the database is not. It
// tries even while the server is known unreachable: it is how a caller
// asks.
func (s *Store) Ping(ctx context.Context) error {
	err := s.execute(ctx, neo4j.AccessModeRead, false, func(tx neo4j.ManagedTransaction) error {
		return run(ctx, tx, "RETURN 1", nil, nil)
	})
	if err != nil {
		return fmt.Errorf("neo4jstore: ping: %w", err)
	}
	return nil
}

// Close implements graph.Store: it stops the health checks and closes the
// driver's connections.
func (s *Store) Close(ctx context.Context) error {
	s.health.close()
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4jstore: close: %w", err)
	}
	return nil
}

// work is a transaction function. It may run several times (the driver
// retries transient failures), so it must reset whatever it accumulates,
// and it must return driver errors unwrapped: the driver decides whether
// to retry by their type.
type work func(tx neo4j.ManagedTransaction) error

// read runs a read transaction for a caller waiting on the answer (the
// API): while the server is known unreachable it fails at once with
// graph.ErrUnavailable instead of retrying until the deadline.
func (s *Store) read(ctx context.Context, fn work) error {
	return s.execute(ctx, neo4j.AccessModeRead, true, fn)
}

// readPatiently runs a read transaction that, like writes, the driver
// retries through an outage until its retry time or the deadline: the
// reads a write depends on (ingest would rather wait out a restart than
// fail the document) and migrations.
func (s *Store) readPatiently(ctx context.Context, fn work) error {
	return s.execute(ctx, neo4j.AccessModeRead, false, fn)
}

func (s *Store) write(ctx context.Context, fn work) error {
	return s.execute(ctx, neo4j.AccessModeWrite, false, fn)
}

func (s *Store) execute(ctx context.Context, mode neo4j.AccessMode, failFast bool, fn work) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if failFast {
		c, end, err := s.health.begin(ctx)
		if err != nil {
			return err
		}
		defer end()
		ctx = c
	}
	// Every session shares the driver's bookmark manager: on a cluster a
	// read that follows an acknowledged write of this process waits for
	// the member it reads from to hold that write (read your own writes),
	// though each call opens a session of its own.
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: mode,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	// The session must go back to the pool even when ctx is already done.
	defer sess.Close(context.WithoutCancel(ctx))
	cb := func(tx neo4j.ManagedTransaction) (any, error) { return nil, fn(tx) }
	var err error
	if mode == neo4j.AccessModeRead {
		_, err = sess.ExecuteRead(ctx, cb, txConfig(ctx)...)
	} else {
		_, err = sess.ExecuteWrite(ctx, cb, txConfig(ctx)...)
	}
	s.health.observe(ctx, err)
	if cause := context.Cause(ctx); err != nil && errors.Is(cause, graph.ErrUnavailable) {
		// The health check saw the server go while this call waited.
		return cause
	}
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		// The driver reports a cancelled call as a connectivity error;
		// callers want to see the cancellation too.
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	return err
}

// txConfig passes the context's deadline to the server as the transaction
// timeout, so a query that outlives its caller is stopped there too rather
// than running on after the client gave up.
func txConfig(ctx context.Context) []func(*neo4j.TransactionConfig) {
	d, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	t := time.Until(d)
	// The server counts whole milliseconds and reads 0 as "no timeout".
	t = max(t, time.Millisecond).Truncate(time.Millisecond) + time.Millisecond
	return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(t)}
}

// run executes one statement and calls each (if not nil) for every record.
func run(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any, each func(*neo4j.Record) error) error {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if each != nil {
			if err := each(res.Record()); err != nil {
				return err
			}
		}
	}
	return res.Err()
}

// runChunks runs query once per chunk of rows (bound to $rows), so a huge
// batch never becomes one huge message.
func runChunks[T any](ctx context.Context, tx neo4j.ManagedTransaction, size int, query string, rows []T, each func(*neo4j.Record) error) error {
	for lo := 0; lo < len(rows); lo += size {
		hi := min(lo+size, len(rows))
		if err := run(ctx, tx, query, map[string]any{"rows": rows[lo:hi]}, each); err != nil {
			return err
		}
	}
	return nil
}

// invalidf builds an error that wraps graph.ErrInvalid.
func invalidf(format string, a ...any) error {
	return fmt.Errorf("%w: %s", graph.ErrInvalid, fmt.Sprintf(format, a...))
}

// Wipe deletes every node and relationship of the database, in batches so
// a big graph does not become one huge transaction. Constraints and
// indexes stay. The service never calls it; tests use it to start empty.
func (s *Store) Wipe(ctx context.Context) error {
	for {
		var n int64
		err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
			return run(ctx, tx, "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)", nil, func(rec *neo4j.Record) error {
				n, _ = rec.Values[0].(int64)
				return nil
			})
		})
		if err != nil || n == 0 {
			return err
		}
	}
}
