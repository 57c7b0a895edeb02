package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/schema"
	"github.com/policygraph/policygraph/web"
)

// serveFlags are serve's own flags.
type serveFlags struct {
	addr          string
	sample        bool
	sampleDir     string
	token         string
	cors          string
	introspection bool
	timeout       time.Duration
	maxDepth      int
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve")
	var sf storeFlags
	sf.register(fs)
	var f serveFlags
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen address")
	fs.env("addr", envAddr)
	fs.BoolVar(&f.sample, "sample", false, "ingest the sample reports at start: those built into the binary, or --sample-dir's")
	fs.env("sample", envSample)
	fs.StringVar(&f.sampleDir, "sample-dir", "", "folder of reports for --sample instead of the built-in ones (testdata/reports)")
	fs.env("sample-dir", envSampleDir)
	fs.StringVar(&f.token, "mutation-token", "", "enable the ingestDocument mutation and GET /export for requests bearing this token; empty: neither")
	fs.env("mutation-token", envToken)
	fs.StringVar(&f.cors, "cors-origins", "", "comma-separated origins allowed to call /graphql from a browser, or *")
	fs.env("cors-origins", envCORS)
	fs.BoolVar(&f.introspection, "introspection", true, "allow GraphQL introspection")
	fs.env("introspection", envIntrospection)
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "per-request time limit")
	fs.env("timeout", envTimeout)
	fs.IntVar(&f.maxDepth, "max-depth", 8, "deepest GraphQL query accepted")
	fs.env("max-depth", envMaxDepth)
	if err := parse(fs, args, stdout, "policygraph serve [flags]"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments (got %q)", fs.Arg(0))}
	}
	if f.timeout <= 0 || f.maxDepth <= 0 {
		return usageError{"--timeout and --max-depth must be positive"}
	}
	if f.sampleDir != "" && !f.sample {
		return usageError{"--sample-dir names the reports of --sample: give --sample too"}
	}
	// Bind first: a port in use fails at once, not after loading the
	// store and the sample reports.
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	defer ln.Close()
	// A serve that cannot ingest only reads: it leaves the data dir's lock
	// to a writer, so `ingest` can run beside it, and shows what it adds.
	mode := readFollow
	if f.sample || f.token != "" {
		mode = readWrite
	}
	log, store, err := sf.start(ctx, stderr, mode)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())

	// The pipeline's dictionaries cost a second and 150 MB: load them only
	// when something will ingest.
	var pipeline *ingest.Pipeline
	if f.sample || f.token != "" {
		if pipeline, err = ingest.New(store); err != nil {
			return err
		}
	}
	if f.sample {
		if err := ingestSample(ctx, pipeline, f.sampleDir, log); err != nil {
			return err
		}
	}
	handler, err := newServer(store, pipeline, f, log)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(stdout, "policygraph serving on http://%s/ (explorer), GraphQL at /graphql, GraphiQL at /graphiql\n", ln.Addr())
	log.Info().Str("addr", ln.Addr().String()).Msg("serving")
	return serveUntilDone(ctx, srv, ln, log)
}

// newServer assembles the routes: GraphQL (and its CSV tables), GraphiQL, the explorer, health,
// readiness and metrics, behind access logging and CORS.
func newServer(store graph.Store, pipeline *ingest.Pipeline, f serveFlags, log zerolog.Logger) (http.Handler, error) {
	gql, err := schema.NewHandler(schema.Config{
		Store:         store,
		Introspection: f.introspection,
		MutationToken: f.token,
		Ingest:        ingestFunc(pipeline), // nil without a token: no mutations
		Limits:        schema.Limits{Timeout: f.timeout, MaxDepth: f.maxDepth},
		Logger:        log,
	})
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(gql.Collectors()...)

	mux := http.NewServeMux()
	mux.Handle("/graphql", cors(f.cors, gql))
	mux.Handle("/graphql.csv", cors(f.cors, gql.CSV()))
	mux.Handle("/graphql/schema.graphql", cors(f.cors, gql.SDLFile()))
	mux.Handle("/graphiql", schema.GraphiQL())
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		// unready says why in a word (the store's own reason when it has
		// one), never with the driver's text, which goes to the log.
		unready := func(err error) {
			body := map[string]string{"status": "unavailable", "error": "store unreachable", "reason": "error"}
			if h := graph.HealthOf(store); !h.Available {
				body["reason"], body["since"] = h.Reason, h.Since.UTC().Format(time.RFC3339)
			} else if errors.Is(err, context.DeadlineExceeded) {
				body["reason"] = "timeout"
			}
			writeJSON(w, http.StatusServiceUnavailable, body)
		}
		if !graph.HealthOf(store).Available {
			unready(nil) // the store already knows; asking it again would only wait
			return
		}
		c, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		st, err := store.Stats(c)
		if err == nil {
			err = store.Ping(c)
		}
		if err != nil {
			log.Warn().Err(err).Msg("readiness check failed")
			unready(err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "documents": st.Nodes[graph.Document],
			"nodes": st.TotalNodes(), "relationships": st.TotalRelationships()})
	})
	mux.Handle("/export", exportHandler(store, f.token, log))
	mux.Handle("/", web.Handler())
	return accessLog(log, mux), nil
}

// ingestFunc adapts the pipeline to the ingestDocument mutation: what the
// store wrote (nothing for an unchanged document), what it replaced, and
// what the caller may want to fix.
func ingestFunc(p *ingest.Pipeline) schema.IngestFunc {
	if p == nil {
		return nil
	}
	return func(ctx context.Context, text, source string, meta map[string]string) (schema.IngestSummary, error) {
		b, x, err := p.Analyze(source, []byte(text), meta)
		if err != nil {
			return schema.IngestSummary{}, err
		}
		st, err := p.Writer.Write(ctx, b)
		if err != nil {
			return schema.IngestSummary{}, fmt.Errorf("write %s: %w", source, err)
		}
		sum := schema.IngestSummary{Document: b.Document.ID, Unchanged: st.Unchanged, Replaced: st.Replaced,
			Labels: map[graph.Label]int{}, Warnings: ingestWarnings(b, x, meta)}
		for _, n := range b.Nodes {
			sum.Labels[n.Label]++
		}
		if !st.Unchanged {
			sum.Nodes, sum.Relationships = st.Nodes, st.Relationships
		}
		return sum, nil
	}
}

// ingestWarnings says what a written document lacks that a reader of the
// graph will miss.
func ingestWarnings(b graph.DocumentBatch, x *ingest.Extraction, meta map[string]string) []string {
	var w []string
	if len(x.Layout.Articles) == 0 {
		w = append(w, "no article found: the text has no headline or paragraph policygraph recognises")
	}
	if len(b.Nodes) == 0 {
		w = append(w, "nothing recognised: no official, place, organisation, industry, goal, proposal or statement; only the document was written")
	}
	if b.Document.Props.String(graph.PropDate) == "" && meta[ingest.MetaDate] == "" {
		w = append(w, "no date found in the text: give one as metadata {key: \"date\", value: \"2025-01-08\"}")
	}
	if b.Document.Props.String(graph.PropCity) == "" {
		w = append(w, "no city found: the report is not placed, and its officials and proposals are tied to no city")
	}
	return w
}

// cors allows browsers on the configured origins to call h.
func cors(origins string, h http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allowed[o] = true
		}
	}
	if len(allowed) == 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && (allowed["*"] || allowed[origin]) {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Vary", "Origin")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization, Accept")
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			w.Header().Set("Access-Control-Max-Age", "600")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// statusWriter records the status a handler wrote, for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }

// accessLog logs every request but GraphQL ones, which the GraphQL handler
// logs itself with their operation and store round trips. Like the GraphQL
// handler's, every line has duration_ms, a number of milliseconds; probes
// (/healthz, /readyz), which an orchestrator sends every few seconds, log
// at debug level.
func accessLog(log zerolog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Request-Id") == "" {
			var b [8]byte
			_, _ = rand.Read(b[:])
			r.Header.Set("X-Request-Id", hex.EncodeToString(b[:]))
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		if r.URL.Path == "/graphql" {
			return
		}
		ev := log.Info()
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			ev = log.Debug()
		}
		ev.Str("request_id", r.Header.Get("X-Request-Id")).Str("method", r.Method).Str("path", r.URL.Path).
			Int("status", sw.status).Float64("duration_ms", schema.Milliseconds(time.Since(start))).Msg("http request")
	})
}

// serveUntilDone serves until ctx ends, then drains requests for up to 10 s.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, log zerolog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down")
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(c)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
