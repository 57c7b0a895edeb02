package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/policygraph/policygraph/graph/export"
)

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	format := fs.String("format", "jsonl", "jsonl (APOC JSON lines) or graphml")
	out := fs.String("o", "", "write to this file instead of stdout")
	if err := parse(fs, args, stderr, "policygraph export [flags] --format jsonl|graphml [-o FILE]"); err != nil {
		return err
	}
	if *format != string(export.JSONL) && *format != string(export.GraphML) {
		return usageError{fmt.Sprintf("unknown --format %q: use jsonl or graphml", *format)}
	}
	_, store, err := sf.start(ctx, stderr, readOnly)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	if *out == "" {
		return export.Write(ctx, store, export.Format(*format), stdout)
	}
	// Write beside the target and rename, so a failed export never leaves
	// a half-written file where a complete one is expected.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := export.Write(ctx, store, export.Format(*format), tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), *out)
}
