package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/term"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
)

// Environment variables, one per flag. compose.yaml and the README use these
// names; a test checks they match what the binary reads.
const (
	envDataDir       = "POLICYGRAPH_DATA_DIR"
	envNeo4jURI      = "POLICYGRAPH_NEO4J_URI"
	envNeo4jUser     = "POLICYGRAPH_NEO4J_USER"
	envNeo4jPassword = "POLICYGRAPH_NEO4J_PASSWORD"
	envNeo4jDatabase = "POLICYGRAPH_NEO4J_DATABASE"
	envAddr          = "POLICYGRAPH_ADDR"
	envLogLevel      = "POLICYGRAPH_LOG_LEVEL"
	envLogFormat     = "POLICYGRAPH_LOG_FORMAT"
	envMaxFileSize   = "POLICYGRAPH_MAX_FILE_SIZE"
	envToken         = "POLICYGRAPH_MUTATION_TOKEN"
	envCORS          = "POLICYGRAPH_CORS_ORIGINS"
	envIntrospection = "POLICYGRAPH_INTROSPECTION"
)

// storeFlags are the flags every command that opens the graph shares.
type storeFlags struct {
	dataDir       string
	neo4jURI      string
	neo4jUser     string
	neo4jPassword string
	neo4jDatabase string
	logLevel      string
	logFormat     string
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dataDir, "data-dir", envOr(envDataDir, ""), "keep the embedded graph in this folder (env "+envDataDir+"); empty: in memory only")
	fs.StringVar(&f.neo4jURI, "neo4j-uri", envOr(envNeo4jURI, ""), "use Neo4j at this Bolt URI, e.g. bolt://127.0.0.1:7687 (env "+envNeo4jURI+")")
	fs.StringVar(&f.neo4jUser, "neo4j-user", envOr(envNeo4jUser, ""), "Neo4j user (env "+envNeo4jUser+")")
	fs.StringVar(&f.neo4jPassword, "neo4j-password", envOr(envNeo4jPassword, ""), "Neo4j password (env "+envNeo4jPassword+"; prefer the variable over the flag, which shows in ps)")
	fs.StringVar(&f.neo4jDatabase, "neo4j-database", envOr(envNeo4jDatabase, "neo4j"), "Neo4j database (env "+envNeo4jDatabase+")")
	fs.StringVar(&f.logLevel, "log-level", envOr(envLogLevel, "info"), "debug, info, warn or error (env "+envLogLevel+")")
	fs.StringVar(&f.logFormat, "log-format", envOr(envLogFormat, "auto"), "json, console, or auto: console on a terminal (env "+envLogFormat+")")
}

// access says how a command uses the graph.
type access int

const (
	readWrite access = iota
	// readOnly opens the embedded store without its lock, beside a writer
	// (an ingest, a serve taking mutations), and never writes to it.
	readOnly
	// readFollow is readOnly, then picks up what the writer adds, every
	// followEvery: for a serve that takes no mutations.
	readFollow
)

// followEvery is how soon a read-only serve shows what an ingest beside it
// wrote.
const followEvery = 2 * time.Second

// start builds the logger and opens the store: the first steps of every
// command that works on the graph.
func (f *storeFlags) start(ctx context.Context, stderr io.Writer, mode access) (zerolog.Logger, graph.Store, error) {
	log, err := f.logger(stderr)
	if err != nil {
		return log, nil, err
	}
	store, err := f.open(ctx, log, mode)
	return log, store, err
}

// open returns the configured store.
func (f *storeFlags) open(ctx context.Context, log zerolog.Logger, mode access) (graph.Store, error) {
	if f.neo4jURI != "" {
		if f.dataDir != "" {
			return nil, usageError{"--data-dir and --neo4j-uri are alternatives; give one"}
		}
		c, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		s, err := f.openNeo4j(c, log)
		if err != nil {
			return nil, fmt.Errorf("open Neo4j at %s: %w", f.neo4jURI, err)
		}
		log.Info().Str("store", "neo4j").Str("uri", f.neo4jURI).Str("database", f.neo4jDatabase).Msg("store open")
		return s, nil
	}
	opts := memstore.Options{DataDir: f.dataDir, ReadOnly: mode != readWrite}
	if mode == readFollow {
		opts.Follow = followEvery
	}
	s, err := memstore.Open(opts)
	if err != nil {
		return nil, err
	}
	where := f.dataDir
	if where == "" {
		where = "memory"
	}
	log.Info().Str("store", "embedded").Str("data_dir", where).Bool("read_only", f.dataDir != "" && mode != readWrite).Msg("store open")
	return s, nil
}

// Log timestamps carry milliseconds: RFC 3339 in JSON, the time of day on
// a console.
const (
	jsonTimeFormat    = "2006-01-02T15:04:05.000Z07:00"
	consoleTimeFormat = "15:04:05.000"
)

// logger builds the zerolog logger: JSON lines, or a console writer on a
// terminal.
func (f *storeFlags) logger(w io.Writer) (zerolog.Logger, error) {
	zerolog.TimeFieldFormat = jsonTimeFormat // zerolog's format is process-wide
	level, err := zerolog.ParseLevel(strings.ToLower(f.logLevel))
	if err != nil {
		return zerolog.Nop(), usageError{fmt.Sprintf("bad --log-level %q", f.logLevel)}
	}
	out := w
	switch f.logFormat {
	case "console":
		out = zerolog.ConsoleWriter{Out: w, TimeFormat: consoleTimeFormat}
	case "json":
	case "auto":
		if file, ok := w.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
			out = zerolog.ConsoleWriter{Out: w, TimeFormat: consoleTimeFormat}
		}
	default:
		return zerolog.Nop(), usageError{fmt.Sprintf("bad --log-format %q", f.logFormat)}
	}
	return zerolog.New(out).Level(level).With().Timestamp().Logger(), nil
}

// parse parses a command's flags, printing its help on -h.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer, synopsis string) error {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
