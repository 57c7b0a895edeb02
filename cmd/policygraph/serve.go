package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
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
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	var f serveFlags
	fs.StringVar(&f.addr, "addr", envOr(envAddr, "127.0.0.1:8080"), "listen address (env "+envAddr+")")
	fs.BoolVar(&f.sample, "sample", false, "ingest the sample reports of --sample-dir at start")
	fs.StringVar(&f.sampleDir, "sample-dir", "testdata/reports", "folder of sample reports for --sample")
	fs.StringVar(&f.token, "mutation-token", envOr(envToken, ""), "enable the ingestDocument mutation for requests bearing this token (env "+envToken+"); empty: no mutations")
	fs.StringVar(&f.cors, "cors-origins", envOr(envCORS, ""), "comma-separated origins allowed to call /graphql from a browser, or * (env "+envCORS+")")
	fs.BoolVar(&f.introspection, "introspection", envOr(envIntrospection, "true") != "false", "allow GraphQL introspection (env "+envIntrospection+"=false turns it off)")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "per-request time limit")
	fs.IntVar(&f.maxDepth, "max-depth", 8, "deepest GraphQL query accepted")
	if err := parse(fs, args, stderr, "policygraph serve [flags]"); err != nil {
		return err
	}
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
		sum, err := pipeline.IngestPaths(ctx, []string{f.sampleDir})
		if err != nil && !errors.Is(err, ingest.ErrSomeFailed) {
			return fmt.Errorf("sample reports: %w", err)
		}
		log.Info().Int("files", sum.Files).Int("failed", sum.Failed).Int("articles", sum.Articles).Msg("sample reports ingested")
	}
	handler, err := newServer(store, pipeline, f, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(stdout, "policygraph serving on http://%s/ (explorer), GraphQL at /graphql, GraphiQL at /graphiql\n", ln.Addr())
	log.Info().Str("addr", ln.Addr().String()).Msg("serving")
	return serveUntilDone(ctx, srv, ln, log)
}

// newServer assembles the routes: GraphQL, GraphiQL, the explorer, health,
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
	mux.Handle("/", web.Handler())
	return accessLog(log, mux), nil
}

// ingestFunc adapts the pipeline to the ingestDocument mutation.
func ingestFunc(p *ingest.Pipeline) schema.IngestFunc {
	if p == nil {
		return nil
	}
	return func(ctx context.Context, text, source string, meta map[string]string) (schema.IngestSummary, error) {
		res := p.IngestBytes(ctx, source, []byte(text), meta)
		if res.Err != nil {
			return schema.IngestSummary{}, res.Err
		}
		sum := schema.IngestSummary{Document: graph.DocumentID(source), Unchanged: res.Unchanged, Labels: res.Entities}
		for _, n := range res.Entities {
			sum.Nodes += n
		}
		sum.Nodes++ // the Document
		for _, n := range res.Relationships {
			sum.Relationships += n
		}
		return sum, nil
	}
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
