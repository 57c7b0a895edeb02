package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/term"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
)

// Environment variables, one per setting (the per-run flags --dry-run,
// --format and -o have none). compose.yaml and the README use these names;
// tests check they match what the binary reads.
const (
	envDataDir        = "POLICYGRAPH_DATA_DIR"
	envNeo4jURI       = "POLICYGRAPH_NEO4J_URI"
	envNeo4jUser      = "POLICYGRAPH_NEO4J_USER"
	envNeo4jPassword  = "POLICYGRAPH_NEO4J_PASSWORD"
	envNeo4jDatabase  = "POLICYGRAPH_NEO4J_DATABASE"
	envAddr           = "POLICYGRAPH_ADDR"
	envLogLevel       = "POLICYGRAPH_LOG_LEVEL"
	envLogFormat      = "POLICYGRAPH_LOG_FORMAT"
	envMaxFileSize    = "POLICYGRAPH_MAX_FILE_SIZE"
	envToken          = "POLICYGRAPH_MUTATION_TOKEN"
	envCORS           = "POLICYGRAPH_CORS_ORIGINS"
	envIntrospection  = "POLICYGRAPH_INTROSPECTION"
	envWorkers        = "POLICYGRAPH_WORKERS"
	envTimeout        = "POLICYGRAPH_TIMEOUT"
	envMaxDepth       = "POLICYGRAPH_MAX_DEPTH"
	envSample         = "POLICYGRAPH_SAMPLE"
	envSampleDir      = "POLICYGRAPH_SAMPLE_DIR"
	envFetchTimeout   = "POLICYGRAPH_FETCH_TIMEOUT"
	envConnectTimeout = "POLICYGRAPH_CONNECT_TIMEOUT"
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

func (f *storeFlags) register(fs *flagSet) {
	fs.StringVar(&f.dataDir, "data-dir", "", "keep the embedded graph in this folder; empty: in memory only")
	fs.env("data-dir", envDataDir)
	fs.StringVar(&f.neo4jURI, "neo4j-uri", "", "use Neo4j at this Bolt URI, e.g. bolt://127.0.0.1:7687")
	fs.env("neo4j-uri", envNeo4jURI)
	fs.StringVar(&f.neo4jUser, "neo4j-user", "", "Neo4j user")
	fs.env("neo4j-user", envNeo4jUser)
	fs.StringVar(&f.neo4jPassword, "neo4j-password", "", "Neo4j password (prefer the variable over the flag, which shows in ps)")
	fs.env("neo4j-password", envNeo4jPassword)
	fs.StringVar(&f.neo4jDatabase, "neo4j-database", "neo4j", "Neo4j database")
	fs.env("neo4j-database", envNeo4jDatabase)
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.env("log-level", envLogLevel)
	fs.StringVar(&f.logFormat, "log-format", "auto", "json, console, or auto: console on a terminal")
	fs.env("log-format", envLogFormat)
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
		// The first Stats on a fresh server plans its queries, which on a
		// loaded machine takes longer than /readyz allows (2 s); a readiness
		// check cut short plans again, so serve would stay unready. Plan
		// them once here, with time to spare.
		if _, err := s.Stats(c); err != nil {
			log.Warn().Err(err).Str("uri", f.neo4jURI).Msg("Neo4j does not count its graph yet")
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

// flagSet is a command's flags with the environment variable each reads.
type flagSet struct {
	*flag.FlagSet
	vars  map[string]string // flag name → environment variable
	order []string          // flag names in the order env was called
}

func newFlagSet(name string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), vars: map[string]string{}}
	fs.SetOutput(io.Discard) // parse prints help and errors itself
	return fs
}

// env makes the flag name read variable when it is not on the command line,
// and says so in its help.
func (fs *flagSet) env(name, variable string) {
	f := fs.Lookup(name)
	if f == nil {
		panic("flagSet.env: no flag " + name) // a programming error, caught by every test
	}
	f.Usage += " (env " + variable + ")"
	fs.vars[name] = variable
	fs.order = append(fs.order, name)
}

// parse parses a command's flags, then the environment variables of the
// flags the command line left out: a bad value in either is a usage error
// naming the flag and, for a variable, the variable. -h prints the help to
// stdout and returns flag.ErrHelp.
func parse(fs *flagSet, args []string, stdout io.Writer, synopsis string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(fs, stdout, synopsis)
			return err
		}
		return usageError{fmt.Sprintf("%v (policygraph %s -h lists the flags)", err, fs.Name())}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, name := range fs.order {
		variable := fs.vars[name]
		v, ok := os.LookupEnv(variable)
		if set[name] || !ok || v == "" {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			return usageError{fmt.Sprintf("bad %s=%q (the variable of --%s): %v", variable, v, name, err)}
		}
	}
	return nil
}

// printHelp writes a command's synopsis and flags.
func printHelp(fs *flagSet, w io.Writer, synopsis string) {
	fmt.Fprintf(w, "Usage: %s\n", synopsis)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// byteSize is a flag of a size in bytes: a number of bytes, or one with a
// unit (512KiB, 16MiB, 1GiB; KB, MB and GB are powers of 1000).
type byteSize int64

var sizeUnits = []struct {
	suffix string
	n      int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"b", 1},
}

func (b *byteSize) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []struct {
		name string
		n    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.n && n%u.n == 0 {
			return strconv.FormatInt(n/u.n, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// parseSize reads "1048576", "1MiB", "1 MiB", "512kib" or "2MB"; the size
// must be positive.
func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q: want a positive number of bytes, or one with a unit: 512KiB, 16MiB, 1GiB", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return n * mult, nil
}
