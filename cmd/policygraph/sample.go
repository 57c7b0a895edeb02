package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph"
	"github.com/policygraph/policygraph/ingest"
)

// ingestSample ingests the sample reports: dir's, or those built into the
// binary when dir is empty. A report that fails is logged; the others are
// served.
func ingestSample(ctx context.Context, p *ingest.Pipeline, dir string, log zerolog.Logger) error {
	if dir != "" {
		sum, err := p.IngestPaths(ctx, []string{dir})
		if err != nil && !errors.Is(err, ingest.ErrSomeFailed) {
			return fmt.Errorf("sample reports: %w", err)
		}
		for _, f := range sum.Failures {
			log.Error().Err(f.Err).Str("file", f.Path).Msg("sample report not ingested")
		}
		log.Info().Str("dir", dir).Int("files", sum.Files).Int("failed", sum.Failed).Int("articles", sum.Articles).Msg("sample reports ingested")
		return nil
	}
	names, err := fs.Glob(policygraph.SampleReports, policygraph.SampleReportsDir+"/*.txt")
	if err != nil {
		return fmt.Errorf("built-in sample reports: %w", err)
	}
	failed := 0
	for _, name := range names {
		data, err := policygraph.SampleReports.ReadFile(name)
		if err != nil {
			return fmt.Errorf("built-in sample report %s: %w", name, err)
		}
		res := p.IngestBytes(ctx, path.Base(name), data, nil)
		if res.Err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			log.Error().Err(res.Err).Str("file", name).Msg("sample report not ingested")
		}
	}
	log.Info().Str("dir", "built in").Int("files", len(names)).Int("failed", failed).Msg("sample reports ingested")
	return nil
}
