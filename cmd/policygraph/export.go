package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/export"
)

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export")
	var sf storeFlags
	sf.register(fs)
	format := fs.String("format", "jsonl", "jsonl (APOC JSON lines) or graphml")
	out := fs.String("o", "", "write to this file instead of stdout")
	if err := parse(fs, args, stdout, "policygraph export (--data-dir DIR | --neo4j-uri URI) [--format jsonl|graphml] [-o FILE]"); err != nil {
		return err
	}
	if *format != string(export.JSONL) && *format != string(export.GraphML) {
		return usageError{fmt.Sprintf("unknown --format %q: use jsonl or graphml", *format)}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("export takes no arguments (got %q); name the file with -o", fs.Arg(0))}
	}
	if err := sf.exportable(); err != nil {
		return err
	}
	_, store, err := sf.start(ctx, stderr, readOnly)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("count the graph: %w", err)
	}
	if *out == "" {
		cw := &countingWriter{w: stdout}
		if err := export.Write(ctx, store, export.Format(*format), cw); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(stderr, "exported %s to stdout (%s)\n", describeGraph(st), humanBytes(cw.n))
		return nil
	}
	n, err := exportFile(ctx, store, export.Format(*format), *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %s to %s (%s)\n", describeGraph(st), *out, humanBytes(n))
	return nil
}

// exportable refuses an export that could only write an empty graph: with
// no store named, or a data dir that does not exist.
func (f *storeFlags) exportable() error {
	switch {
	case f.neo4jURI != "":
		return nil
	case f.dataDir == "":
		return usageError{"export needs the graph to read: give --data-dir DIR (or " + envDataDir + ") or --neo4j-uri URI; without either the graph is an empty one in memory"}
	}
	info, err := os.Stat(f.dataDir)
	if err != nil {
		return fmt.Errorf("data dir %s: %w (ingest into it first)", f.dataDir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("data dir %s is not a folder", f.dataDir)
	}
	return nil
}

// exportFile writes the graph to path and returns its size. It writes
// beside the target and renames, so a failed export never leaves a
// half-written file where a complete one is expected; the file is 0644, as
// any file a user writes.
func exportFile(ctx context.Context, store graph.Store, format export.Format, path string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*")
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	cw := &countingWriter{w: tmp}
	if err := export.Write(ctx, store, format, cw); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	return cw.n, nil
}

// describeGraph says how big a graph is, for the summaries.
func describeGraph(st graph.Stats) string {
	return fmt.Sprintf("%d nodes (%d documents) and %d relationships", st.TotalNodes(), st.Nodes[graph.Document], st.TotalRelationships())
}

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// humanBytes is a size for people: 812 B, 4.2 KiB, 13.0 MiB.
func humanBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}
