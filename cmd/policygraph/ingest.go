package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"time"

	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
)

// ingestMemoryLimit is the soft limit for `policygraph ingest`.
const ingestMemoryLimit = 450 << 20

func cmdIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	maxSize := fs.Int64("max-file-size", envInt(envMaxFileSize, 16<<20), "refuse files larger than this many bytes (env "+envMaxFileSize+")")
	workers := fs.Int("workers", 0, "documents analysed in parallel (default: one per CPU)")
	dry := fs.Bool("dry-run", false, "write nothing; print what each file would add and the sentences it was read from")
	if err := parse(fs, args, stderr, "policygraph ingest [flags] PATH..."); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no PATH given: name report files or folders of *.txt"}
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
	if *dry {
		p, err := ingest.New(nil)
		if err != nil {
			return err
		}
		p.Decoder.MaxBytes = *maxSize
		return dryRun(stdout, p, fs.Args())
	}
	store, err := sf.open(ctx, log, readWrite)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	p, err := ingest.New(store)
	if err != nil {
		return err
	}
	p.Decoder.MaxBytes = *maxSize
	p.Workers = *workers
	files, err := ingest.Files(fs.Args())
	if err != nil {
		return err
	}
	p.OnFile = progress(stderr, log, len(files))
	start := time.Now()
	sum, err := p.IngestPaths(ctx, fs.Args())
	printSummary(stdout, sum, time.Since(start))
	if cerr := store.Close(context.Background()); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// progress reports each file: a bar on a terminal, a log line otherwise.
func progress(stderr io.Writer, log zerolog.Logger, total int) func(ingest.FileResult) {
	f, tty := stderr.(*os.File)
	if tty && term.IsTerminal(int(f.Fd())) && total > 1 {
		bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		return func(r ingest.FileResult) {
			if r.Err != nil {
				bar.Clear()
				fmt.Fprintf(stderr, "failed: %v\n", r.Err)
			}
			_ = bar.Add(1)
		}
	}
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

func printSummary(w io.Writer, s ingest.Summary, took time.Duration) {
	fmt.Fprintf(w, "ingested %d of %d files (%d unchanged, %d failed) in %s: %d articles\n",
		s.Files-s.Failed, s.Files, s.Unchanged, s.Failed, took.Round(time.Millisecond), s.Articles)
	fmt.Fprint(w, "entities:")
	for _, l := range graph.EntityLabels {
		fmt.Fprintf(w, " %s %d", l, s.Entities[l])
	}
	fmt.Fprint(w, "\nrelations:")
	types := make([]string, 0, len(s.Relationships))
	for t := range s.Relationships {
		types = append(types, string(t))
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(w, " %s %d", t, s.Relationships[graph.RelType(t)])
	}
	fmt.Fprintln(w)
	for _, f := range s.Failures {
		fmt.Fprintf(w, "failed: %v\n", f.Err)
	}
}

func envInt(name string, def int64) int64 {
	if v, ok := os.LookupEnv(name); ok {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return def
}

// dryRun analyses files without writing and prints what each would add,
// with the sentence each fact was read from: the tool for asking "why did
// (or didn't) it find this?".
func dryRun(w io.Writer, p *ingest.Pipeline, paths []string) error {
	files, err := ingest.Files(paths)
	if err != nil {
		return err
	}
	failed := 0
	for _, f := range files {
		// The size check before reading, as a real ingest does: the file
		// may be a 200 MB dump.
		data, err := ingest.ReadFile(f, p.Decoder.Limit())
		if err != nil {
			fmt.Fprintf(w, "== %s: %v\n", f, err)
			failed++
			continue
		}
		b, _, err := p.Analyze(filepath.Base(f), data, nil)
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
