// Package ingest turns reports into the policy graph. A document goes
// through a sequence of stages, each a type with one job:
//
//	decode.Decoder     bytes → text (encodings, binary and size checks, t2s)
//	LayoutRepairer     text → paragraphs (column breaks joined)
//	ArticleSplitter    paragraphs → articles (headlines, bylines, captions)
//	Segmenter          words, with gse and the lexicons (used by extraction)
//	Extractor          articles → entities and facts with their sentences
//	Resolver           facts → a graph batch (ids, gazetteer context, evidence)
//	Writer             batch → store, one transaction per document
//
// Pipeline runs them over files and folders and reports a Summary.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/decode"
	"github.com/policygraph/policygraph/ingest/fetch"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// Writer writes one document's batch; the store makes it atomic.
type Writer struct {
	Store graph.Store
}

// Write stores a batch.
func (w Writer) Write(ctx context.Context, b graph.DocumentBatch) (graph.WriteStats, error) {
	return w.Store.WriteDocument(ctx, b)
}

// Pipeline runs the stages over files.
type Pipeline struct {
	Decoder  decode.Decoder
	Layout   LayoutRepairer
	Splitter ArticleSplitter
	Extract  *Extractor
	Resolve  Resolver
	Writer   Writer
	// Workers analyse documents in parallel (default: one per CPU).
	Workers int
	// WriteWorkers bounds the documents written at once (default 8) when
	// the store is a graph.FingerprintReader; other stores are written one
	// document at a time. See IngestPaths for why the graph does not
	// depend on it.
	WriteWorkers int
	// OnFile, when set, is called after each file (for progress output).
	OnFile func(FileResult)
	// Meta is metadata for every file IngestPaths reads (the command's
	// --date, --source-name, --url); a file's sidecar NAME.meta.json wins
	// over it.
	Meta map[string]string
	// Fetch gets the URLs among the paths (fetch.IsURL); nil is a Fetcher
	// with the defaults and Decoder's size limit.
	Fetch *fetch.Fetcher
}

// New returns a pipeline writing to store. It loads the segmenter's
// dictionaries (about a second) unless they are loaded already.
func New(store graph.Store) (*Pipeline, error) {
	seg, err := DefaultSegmenter()
	if err != nil {
		return nil, fmt.Errorf("load segmenter: %w", err)
	}
	return &Pipeline{
		Splitter: ArticleSplitter{Lex: lexicon.Default()},
		Extract:  NewExtractor(seg),
		Resolve:  Resolver{Gaz: gazetteer.Default()},
		Writer:   Writer{Store: store},
	}, nil
}

// FileResult is the outcome for one file.
type FileResult struct {
	Path          string
	Source        string
	Err           error
	Articles      int
	Entities      map[graph.Label]int
	Relationships map[graph.RelType]int
	Unchanged     bool
}

// Summary totals a run.
type Summary struct {
	Files         int
	Failed        int
	Unchanged     int
	Articles      int
	Entities      map[graph.Label]int
	Relationships map[graph.RelType]int
	Failures      []FileResult
	// Skipped are the files in the folders walked that are of no format
	// ingest reads.
	Skipped []string
}

// ErrSomeFailed is returned (wrapped) when some files could not be
// ingested; the others were.
var ErrSomeFailed = errors.New("some files failed")

// Analyze runs every stage but the write: what a document would add.
// data is a file of any format decode.Read reads; meta is what the
// caller says about it (ParseMeta's keys; others become meta_KEY).
func (p *Pipeline) Analyze(source string, data []byte, meta map[string]string) (graph.DocumentBatch, *Extraction, error) {
	return p.analyze(source, data, meta, "")
}

// analyze is Analyze for a file that came with a Content-Type (a fetched
// page; "" for a file).
func (p *Pipeline) analyze(source string, data []byte, meta map[string]string, contentType string) (graph.DocumentBatch, *Extraction, error) {
	given, err := ParseMeta(meta)
	if err != nil {
		return graph.DocumentBatch{}, nil, fmt.Errorf("%s: %w", source, err)
	}
	text, err := p.Decoder.ReadTyped(source, data, contentType)
	if err != nil {
		return graph.DocumentBatch{}, nil, err
	}
	page := p.Layout.Repair(text)
	layout, page := p.Splitter.Split(page)
	x := p.Extract.Extract(page, layout)
	sum := sha256.Sum256(data)
	b := p.Resolve.Resolve(page, x, SourceInfo{
		Name: source, Encoding: text.Encoding, Traditional: text.Traditional,
		SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(data)), Metadata: given.Extra,
		Format: text.Format, Page: text.Meta, Given: given,
	})
	return b, x, nil
}

// IngestBytes analyses and writes one document.
func (p *Pipeline) IngestBytes(ctx context.Context, source string, data []byte, meta map[string]string) FileResult {
	res := FileResult{Source: source}
	b, x, err := p.Analyze(source, data, meta)
	if err != nil {
		res.Err = err
		return res
	}
	return p.write(ctx, res, b, x)
}

func (p *Pipeline) write(ctx context.Context, res FileResult, b graph.DocumentBatch, x *Extraction) FileResult {
	st, err := p.Writer.Write(ctx, b)
	if err != nil {
		res.Err = fmt.Errorf("write %s: %w", res.Source, err)
		return res
	}
	return written(res, st.Unchanged, b, x)
}

// written completes the result of a document stored (or found unchanged).
func written(res FileResult, unchanged bool, b graph.DocumentBatch, x *Extraction) FileResult {
	res.Unchanged = unchanged
	res.Articles = len(x.Layout.Articles)
	res.Entities = map[graph.Label]int{}
	for r := range x.Entities {
		res.Entities[r.Label]++
	}
	res.Relationships = map[graph.RelType]int{}
	for _, r := range b.Relationships {
		if r.Evidence != nil && r.Type != graph.Mentions {
			res.Relationships[r.Type]++
		}
	}
	return res
}

// FileMeta is the metadata of the file at path: p.Meta, with its sidecar
// NAME.meta.json over it.
func (p *Pipeline) FileMeta(path string) (map[string]string, error) {
	side, err := ReadSidecar(path)
	if err != nil {
		return nil, err
	}
	return mergeMeta(p.Meta, side), nil
}

// Extensions are the file kinds a folder contributes: plain text, saved
// web pages, Word and PDF. A file named on the command line is read
// whatever its name, by its content.
var Extensions = []string{".txt", ".html", ".htm", ".docx", ".pdf"}

// Inputs are the files a run reads and the ones it passes over.
type Inputs struct {
	Files   []string
	Skipped []string // in folders, of no format ingest reads
}

// ErrNothingToIngest: the paths name no file to ingest.
var ErrNothingToIngest = errors.New("nothing to ingest")

// Walk expands paths: files as given, folders walked for Extensions (so
// a folder of reports with their annotations ingests only the reports);
// sidecars (NAME.meta.json) are metadata, neither file nor skipped. A
// URL (fetch.IsURL) is an input as it is, once checked: one that is not
// http or https, or is malformed, is an error, as a path that does not
// exist is. Sorted, so runs are repeatable.
func Walk(paths []string) (Inputs, error) {
	var in Inputs
	for _, root := range paths {
		if fetch.IsURL(root) {
			u, err := fetch.Parse(root)
			if err != nil {
				return Inputs{}, fmt.Errorf("ingest %w", err)
			}
			in.Files = append(in.Files, u.String())
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			return Inputs{}, fmt.Errorf("ingest %s: %w", root, err)
		}
		if !info.IsDir() {
			in.Files = append(in.Files, root)
			continue
		}
		err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() {
				return nil
			}
			switch {
			case readable(path):
				in.Files = append(in.Files, path)
			case strings.HasSuffix(strings.ToLower(path), SidecarSuffix):
			default:
				in.Skipped = append(in.Skipped, path)
			}
			return nil
		})
		if err != nil {
			return Inputs{}, fmt.Errorf("ingest %s: %w", root, err)
		}
	}
	sort.Strings(in.Files)
	sort.Strings(in.Skipped)
	return in, nil
}

func readable(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// Files is Walk's files.
func Files(paths []string) ([]string, error) {
	in, err := Walk(paths)
	return in.Files, err
}

// IngestPaths ingests files, folders and http(s) URLs (fetched through
// p.Fetch and read as saved pages). A file that fails (bad encoding,
// binary, empty, too large) or a URL that does (an HTTP error, a timeout,
// too many redirects, too big a body) is reported and skipped; the others
// are written. The error wraps ErrSomeFailed when any failed.
func (p *Pipeline) IngestPaths(ctx context.Context, paths []string) (Summary, error) {
	in, err := Walk(paths)
	if err != nil {
		return Summary{}, err
	}
	files := in.Files
	sum := Summary{Entities: map[graph.Label]int{}, Relationships: map[graph.RelType]int{}, Skipped: in.Skipped}
	if len(files) == 0 {
		return sum, fmt.Errorf("%w: no %s file in %s (%d other files skipped)", ErrNothingToIngest,
			strings.Join(Extensions, " "), strings.Join(paths, ", "), len(in.Skipped))
	}
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	p.defaultFetcher()
	type job struct {
		i    int
		path string
	}
	type done struct {
		i   int
		res FileResult
		b   graph.DocumentBatch
		x   *Extraction
	}
	jobs := make(chan job)
	results := make(chan done)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := FileResult{Path: j.path}
				b, x, err := p.analyzePath(ctx, j.path, &res.Source)
				if err != nil {
					res.Err = err
				}
				results <- done{i: j.i, res: res, b: b, x: x}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i, f := range files {
			select {
			case jobs <- job{i, f}:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	w := p.newWriters(ctx, files, &sum)
	// Two files with one base name would be one document; refuse the
	// second rather than let it silently replace the first.
	seen := map[string]string{}
	// Documents are dispatched in file order, whatever order the workers
	// finish in (see writers for how concurrent writes keep that order's
	// result).
	pending := map[int]done{}
	next := 0
	for d := range results {
		pending[d.i] = d
		for {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			res := d.res
			if prev, dup := seen[res.Source]; dup && res.Err == nil {
				res.Err = fmt.Errorf("%s: same document name %s as %s; documents are identified by file name (a URL's by its address), rename one", res.Path, res.Source, prev)
			}
			seen[res.Source] = res.Path
			w.dispatch(d.i, res, d.b, d.x)
		}
	}
	w.wait()
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if sum.Failed > 0 {
		return sum, fmt.Errorf("%w: %d of %d", ErrSomeFailed, sum.Failed, sum.Files)
	}
	return sum, nil
}

func (p *Pipeline) defaultFetcher() {
	if p.Fetch == nil {
		p.Fetch = &fetch.Fetcher{MaxBytes: p.Decoder.Limit()}
	}
}

// AnalyzePath reads a file or fetches a URL, with its metadata, and
// analyses it as Analyze does: what ingesting path would add.
func (p *Pipeline) AnalyzePath(ctx context.Context, path string) (graph.DocumentBatch, *Extraction, error) {
	p.defaultFetcher()
	var source string
	return p.analyzePath(ctx, path, &source)
}

// analyzePath is AnalyzePath, setting *source to the document's name as
// soon as it is known.
func (p *Pipeline) analyzePath(ctx context.Context, path string, source *string) (graph.DocumentBatch, *Extraction, error) {
	if fetch.IsURL(path) {
		u, err := fetch.Parse(path)
		if err != nil {
			return graph.DocumentBatch{}, nil, fmt.Errorf("ingest %w", err)
		}
		*source = fetch.SourceName(u)
		page, err := p.Fetch.Fetch(ctx, u)
		if err != nil {
			return graph.DocumentBatch{}, nil, err
		}
		// The address it was served from is the document's url; one given
		// (--url) wins, as given metadata wins over the page's own.
		meta := mergeMeta(map[string]string{MetaURL: page.URL.String()}, p.Meta)
		b, x, err := p.analyze(*source, page.Body, meta, page.ContentType)
		if err != nil {
			return b, x, fmt.Errorf("%s: %w", u, err)
		}
		return b, x, nil
	}
	*source = filepath.Base(path)
	data, err := ReadFile(path, p.Decoder.Limit())
	if err != nil {
		return graph.DocumentBatch{}, nil, err
	}
	meta, err := p.FileMeta(path)
	if err != nil {
		return graph.DocumentBatch{}, nil, err
	}
	return p.analyze(*source, data, meta, "")
}

func (s *Summary) add(r FileResult) {
	s.Files++
	if r.Err != nil {
		s.Failed++
		s.Failures = append(s.Failures, r)
		return
	}
	if r.Unchanged {
		s.Unchanged++
	}
	s.Articles += r.Articles
	for k, v := range r.Entities {
		s.Entities[k] += v
	}
	for k, v := range r.Relationships {
		s.Relationships[k] += v
	}
}

// ReadFile reads a report file, refusing one larger than limit before
// reading it, so a huge file costs no memory; `ingest` and `ingest
// --dry-run` both read through it. A file that grows past the limit while
// it is read is refused too.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	tooLarge := func(size int64) error {
		return fmt.Errorf("%s: %w (%d bytes, limit %d; raise --max-file-size or split the file)", path, decode.ErrTooLarge, size, limit)
	}
	if info.Size() > limit {
		return nil, tooLarge(info.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(int64(len(data)))
	}
	return data, nil
}
