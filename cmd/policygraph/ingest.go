package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/ingest/decode"
	"github.com/policygraph/policygraph/ingest/fetch"
)

// ingestMemoryLimit is the soft limit for `policygraph ingest`.
const ingestMemoryLimit = 450 << 20

func cmdIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	began := time.Now() // the summary times the whole run, dictionary included
	fs := newFlagSet("ingest")
	var sf storeFlags
	sf.register(fs)
	maxSize := byteSize(decode.DefaultMaxBytes)
	fs.Var(&maxSize, "max-file-size", "refuse larger files: bytes, or with a unit (512KiB, 16MiB)")
	fs.env("max-file-size", envMaxFileSize)
	workers := fs.Int("workers", 0, "documents analysed in parallel (default: one per CPU)")
	fs.env("workers", envWorkers)
	dry := fs.Bool("dry-run", false, "write nothing; print what each file would add and the sentences it was read from")
	date := fs.String("date", "", "the document's publication date, YYYY-MM-DD (one file; for many, a NAME.meta.json beside each)")
	sourceName := fs.String("source-name", "", "the newspaper or site that published the document (one file)")
	docURL := fs.String("url", "", "where the document was published, http(s) (one file)")
	urlList := fs.String("url-list", "", "also fetch and ingest the http(s) URLs this file lists, one a line (# comments and blank lines skipped)")
	fetchTimeout := fs.Duration("fetch-timeout", fetch.DefaultTimeout, "a URL's time limit, connecting, redirects and body (a Go duration)")
	fs.env("fetch-timeout", envFetchTimeout)
	connectTimeout := fs.Duration("connect-timeout", fetch.DefaultConnectTimeout, "time limit of connecting to a URL's server, TCP and TLS (a Go duration)")
	fs.env("connect-timeout", envConnectTimeout)
	if err := parse(fs, args, stdout, "policygraph ingest [flags] PATH|URL..."); err != nil {
		return err
	}
	if *fetchTimeout <= 0 || *connectTimeout <= 0 {
		return usageError{"--fetch-timeout and --connect-timeout must be positive"}
	}
	paths := fs.Args()
	if *urlList != "" {
		urls, err := readURLList(*urlList)
		if err != nil {
			return err
		}
		paths = append(paths, urls...)
	}
	if len(paths) == 0 {
		return usageError{"no PATH given: name report files (.txt .html .htm .docx .pdf), folders of them, or http(s) URLs"}
	}
	meta, err := metaFlags(paths, *date, *sourceName, *docURL)
	if err != nil {
		return err
	}
	if *workers < 0 {
		return usageError{fmt.Sprintf("--workers %d: want 0 (one per CPU) or more", *workers)}
	}
	// A batch ingest produces garbage fast while its live heap (the
	// segmenter's dictionaries and the graph) stays small: a soft memory
	// limit makes the collector keep peak memory near the live heap
	// instead of twice it. GOMEMLIMIT, when set, wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(ingestMemoryLimit)
	}
	log, err := sf.logger(stderr)
	if err != nil {
		return err
	}
	st := newStages(stderr, isTerminal(stderr))
	// The files first: a path that does not exist is reported before the
	// store is opened and the dictionary loaded.
	files, err := ingest.Files(paths)
	if err != nil {
		return err
	}
	fetcher := &fetch.Fetcher{Timeout: *fetchTimeout, ConnectTimeout: *connectTimeout, MaxBytes: int64(maxSize), UserAgent: userAgent()}
	if *dry {
		st.begin("loading dictionary")
		p, err := ingest.New(nil)
		if err != nil {
			return err
		}
		st.end()
		p.Decoder.MaxBytes = int64(maxSize)
		p.Meta = meta
		p.Fetch = fetcher
		return dryRun(ctx, stdout, p, paths)
	}
	store, err := sf.open(ctx, log, readWrite)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	st.begin("loading dictionary")
	loadStart := time.Now()
	p, err := ingest.New(store)
	if err != nil {
		return err
	}
	st.end()
	loaded := time.Since(loadStart)
	log.Debug().Dur("took", loaded).Msg("dictionary loaded")
	p.Decoder.MaxBytes = int64(maxSize)
	p.Workers = *workers
	p.Meta = meta
	p.Fetch = fetcher
	p.OnFile = st.files(log, len(files))
	sum, err := p.IngestPaths(ctx, paths)
	st.finish()
	if errors.Is(err, ingest.ErrNothingToIngest) {
		for _, f := range sum.Skipped {
			fmt.Fprintf(stdout, "skipped: %s\n", f)
		}
		return err
	}
	// Count even when interrupted: the summary says what was written.
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stats, serr := store.Stats(c)
	if serr != nil && err == nil {
		err = fmt.Errorf("count the graph: %w", serr)
	}
	printSummary(stdout, sum, stats, serr == nil, time.Since(began), loaded)
	if cerr := store.Close(context.Background()); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// stages shows on a terminal what ingest is doing: loading the dictionary,
// then reading and writing the files with a bar. Off a terminal it shows
// nothing but the log's line per file. Each failure is printed once: here,
// as it happens (the summary counts them).
type stages struct {
	w     io.Writer
	tty   bool
	start time.Time
	bar   *progressbar.ProgressBar
}

func newStages(w io.Writer, tty bool) *stages { return &stages{w: w, tty: tty} }

func (s *stages) begin(what string) {
	s.start = time.Now()
	if s.tty {
		fmt.Fprintf(s.w, "%s …", what)
	}
}

func (s *stages) end() {
	if s.tty {
		fmt.Fprintf(s.w, " %s\n", time.Since(s.start).Round(100*time.Millisecond))
	}
}

// files returns the pipeline's OnFile: a bar and the failures on a
// terminal, a log line per file otherwise.
func (s *stages) files(log zerolog.Logger, total int) func(ingest.FileResult) {
	if !s.tty {
		return func(r ingest.FileResult) {
			if r.Err != nil {
				log.Error().Str("file", r.Path).Err(r.Err).Msg("ingest failed")
				return
			}
			ev := log.Info().Str("file", r.Path).Int("articles", r.Articles).Bool("unchanged", r.Unchanged)
			for l, n := range r.Entities {
				ev = ev.Int(string(l), n)
			}
			ev.Msg("ingested")
		}
	}
	s.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(s.w),
		progressbar.OptionSetDescription(fmt.Sprintf("reading and writing %d files", total)),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	return func(r ingest.FileResult) {
		if r.Err != nil {
			_ = s.bar.Clear()
			fmt.Fprintf(s.w, "failed: %v\n", r.Err)
		}
		_ = s.bar.Add(1)
	}
}

// finish takes the bar off the terminal.
func (s *stages) finish() {
	if s.bar != nil {
		_ = s.bar.Finish()
		_ = s.bar.Clear()
	}
}

// printSummary tells what the run did and what the graph now holds: the
// counts are the store's own (an entity several files name is one node).
// Failures were printed as they happened and are only counted here.
func printSummary(w io.Writer, s ingest.Summary, st graph.Stats, haveStats bool, took, loading time.Duration) {
	fmt.Fprintf(w, "ingested %d of %d files (%d unchanged, %d failed) in %s (%s of it loading the dictionary): %d articles\n",
		s.Files-s.Failed, s.Files, s.Unchanged, s.Failed, took.Round(time.Millisecond), loading.Round(time.Millisecond), s.Articles)
	if !haveStats {
		return
	}
	fmt.Fprintf(w, "the graph holds %d documents; entities:", st.Nodes[graph.Document])
	for _, l := range graph.EntityLabels {
		fmt.Fprintf(w, " %s %d", l, st.Nodes[l])
	}
	fmt.Fprint(w, "; relationships:")
	types := make([]string, 0, len(st.Relationships))
	for t := range st.Relationships {
		types = append(types, string(t))
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(w, " %s %d", t, st.Relationships[graph.RelType(t)])
	}
	fmt.Fprintln(w)
	for _, f := range s.Skipped {
		fmt.Fprintf(w, "skipped: %s (not .txt .html .htm .docx .pdf)\n", f)
	}
}

// userAgent names policygraph and its version to the servers it fetches
// from.
func userAgent() string {
	v := strings.Trim(strings.Fields(buildVersion() + " ")[0], "()")
	return "policygraph/" + v + " (+https://github.com/policygraph/policygraph)"
}

// readURLList reads --url-list: a URL a line, blank lines and lines
// opening with # skipped. A line that is no http(s) URL is an error naming
// the file and line, before anything is fetched.
func readURLList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--url-list: %w", err)
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		u, err := fetch.Parse(line)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--url-list %s:%d: %v", path, n, err)}
		}
		urls = append(urls, u.String())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--url-list %s: %w", path, err)
	}
	if len(urls) == 0 {
		return nil, usageError{fmt.Sprintf("--url-list %s lists no URL", path)}
	}
	return urls, nil
}

// metaFlags is --date, --source-name and --url as metadata, checked; they
// describe one document, so they refuse a run of several.
func metaFlags(paths []string, date, source, docURL string) (map[string]string, error) {
	if date == "" && source == "" && docURL == "" {
		return nil, nil
	}
	m := map[string]string{ingest.MetaDate: date, ingest.MetaSourceName: source, ingest.MetaURL: docURL}
	if _, err := ingest.ParseMeta(m); err != nil {
		return nil, usageError{strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": ")}
	}
	if files, err := ingest.Files(paths); err == nil && len(files) > 1 {
		return nil, usageError{fmt.Sprintf("--date, --source-name and --url describe one document, and the paths hold %d; for many, write a NAME%s beside each", len(files), ingest.SidecarSuffix)}
	}
	return m, nil
}

// dryRun analyses files without writing and prints what each would add,
// with the sentence each fact was read from: the tool for asking "why did
// (or didn't) it find this?".
func dryRun(ctx context.Context, w io.Writer, p *ingest.Pipeline, paths []string) error {
	files, err := ingest.Files(paths)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: no .txt .html .htm .docx .pdf file in %s", ingest.ErrNothingToIngest, strings.Join(paths, ", "))
	}
	failed := 0
	for _, f := range files {
		// Read (with the size check before reading, as a real ingest
		// does: the file may be a 200 MB dump) or fetched, and analysed.
		b, _, err := p.AnalyzePath(ctx, f)
		if err != nil {
			fmt.Fprintf(w, "== %s: %v\n", f, err)
			failed++
			continue
		}
		names := map[string]string{}
		fmt.Fprintf(w, "== %s (city %s, date %q, newspaper %q)\n", f, b.Document.Props.String(graph.PropCity), b.Document.Props.String(graph.PropDate), b.Document.Props.String(graph.PropNewspaper))
		mentioned := map[string]bool{}
		for _, r := range b.Relationships {
			if r.Type == graph.Mentions {
				mentioned[r.To] = true
			}
		}
		for _, n := range b.Nodes {
			names[n.ID] = n.Name
			if mentioned[n.ID] {
				fmt.Fprintf(w, "  %-12s %s %q\n", n.Label, n.Name, n.Aliases)
			}
		}
		for _, r := range b.Relationships {
			if r.Type == graph.Mentions || r.Evidence == nil {
				continue
			}
			fmt.Fprintf(w, "  %-14s %s -> %s %s\n      « %s »\n", r.Type, names[r.From], names[r.To], r.Props.String(graph.PropTitle), r.Evidence.Sentence)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d", ingest.ErrSomeFailed, failed, len(files))
	}
	return nil
}
