package schema

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// Media types of the GraphQL-over-HTTP specification.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

// Handler serves /graphql. It is safe for concurrent use.
type Handler struct {
	schema  graphql.Schema
	store   graph.Store // observed: every call is counted
	cfg     Config
	lim     Limits
	rules   []graphql.ValidationRuleFn
	cache   *docCache
	metrics *metrics
	log     zerolog.Logger
}

// NewHandler builds the schema and the handler for cfg.
func NewHandler(cfg Config) (*Handler, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	s, err := newSchema(cfg)
	if err != nil {
		return nil, err
	}
	h := &Handler{schema: s, cfg: cfg, lim: cfg.Limits.withDefaults(), cache: newDocCache(512), metrics: newMetrics(cfg.Store), log: cfg.Logger}
	// Our own limits run before these, in guard.
	for _, rule := range graphql.SpecifiedRules {
		h.rules = append(h.rules, firstErrorOnly(rule))
	}
	h.store = graph.Observe(cfg.Store, func(ctx context.Context, method string, d time.Duration, err error) {
		reqFrom(ctx).roundTrips.Add(1)
		h.metrics.observeStore(method, d, err)
	})
	return h, nil
}

// Collectors are the handler's Prometheus metrics, for the caller to
// register: request counts and latency by operation name, store round trips
// by method and per request.
func (h *Handler) Collectors() []prometheus.Collector { return h.metrics.collectors() }

// SDL prints the running schema in the schema definition language.
func (h *Handler) SDL() string { return PrintSchema(h.schema) }

// outcome is what the access log and metrics record of a request.
type outcome struct {
	status    int
	operation string
	errors    int
	code      string // "ok", or the first error's extensions.code
}

// outcomeOf is the outcome of a response with these errors: GraphQL errors
// travel with 200 as often as not, so the code, not the status, says
// whether a request failed.
func outcomeOf(status int, op string, errs []gqlerrors.FormattedError) outcome {
	o := outcome{status: status, operation: op, errors: len(errs), code: "ok"}
	if len(errs) > 0 {
		o.code = CodeInternal
		if c, ok := errs[0].Extensions["code"].(string); ok && c != "" {
			o.code = c
		}
	}
	return o
}

// wireError is an error as the response carries it: graphql-go's
// FormattedError writes "locations": null when an error has none, which
// the GraphQL spec says to omit.
type wireError struct {
	Message    string                    `json:"message"`
	Locations  []location.SourceLocation `json:"locations,omitempty"`
	Path       []interface{}             `json:"path,omitempty"`
	Extensions map[string]interface{}    `json:"extensions,omitempty"`
}

func wireErrors(errs []gqlerrors.FormattedError) []wireError {
	out := make([]wireError, len(errs))
	for i, e := range errs {
		out[i] = wireError{Message: e.Message, Locations: e.Locations, Path: e.Path, Extensions: e.Extensions}
	}
	return out
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	ri := &reqInfo{id: requestID(r), log: h.log, timeout: h.lim.Timeout.String()}
	w.Header().Set("X-Request-Id", ri.id)
	h.metrics.inflight.Inc()
	out := h.serveSafely(w, r, ri)
	h.metrics.inflight.Dec()
	elapsed := time.Since(start)
	h.metrics.observeRequest(out, elapsed, ri.roundTrips.Load())
	h.log.Info().Str("request_id", ri.id).Str("method", r.Method).Str("operation", out.operation).
		Int("status", out.status).Float64("duration_ms", Milliseconds(elapsed)).Int64("store_round_trips", ri.roundTrips.Load()).
		Int("errors", out.errors).Str("outcome", out.code).Msg("graphql request")
}

// Milliseconds is d in milliseconds to the microsecond: the unit of every
// duration_ms field the server logs.
func Milliseconds(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// serveSafely serves the request and turns a panic in anything before
// execution (parsing, validation, the limits; resolvers have their own
// recover, and graphql-go's executor too) into a 500 that names the
// request id, rather than a dropped connection. It cannot help with a
// stack overflow, which Go does not let a program recover from: guard
// makes the known one impossible.
func (h *Handler) serveSafely(w http.ResponseWriter, r *http.Request, ri *reqInfo) (out outcome) {
	tw := &trackingWriter{ResponseWriter: w}
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		pe := ri.recovered(v).(*publicError)
		if tw.wrote {
			out = outcome{status: http.StatusInternalServerError, operation: "none", errors: 1, code: CodeInternal}
			return
		}
		out = h.fail(tw, orJSON(negotiate(r.Header.Get("Accept"))), http.StatusInternalServerError, "",
			gqlerrors.FormattedError{Message: pe.msg, Extensions: pe.Extensions()})
	}()
	return h.serve(tw, r, ri)
}

// trackingWriter remembers whether the response has started, so a panic
// handler knows whether it can still send a status.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(status int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// params is a GraphQL-over-HTTP request.
type params struct {
	Query         string
	OperationName string
	Variables     map[string]interface{}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, ri *reqInfo) outcome {
	media := negotiate(r.Header.Get("Accept"))
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		return h.fail(w, orJSON(media), http.StatusMethodNotAllowed, "", formatted(CodeMethodNotAllowed, "use GET (queries) or POST"))
	}
	if media == "" {
		return h.fail(w, mediaJSON, http.StatusNotAcceptable, "", formatted(CodeNotAcceptable,
			"the Accept header allows neither application/graphql-response+json nor application/json"))
	}
	// With application/json, a well-formed request gets 200 whatever its
	// GraphQL errors (legacy clients read the body); with the new media
	// type, request errors are 4xx. Malformed HTTP is 4xx either way.
	requestErr := http.StatusOK
	if media == mediaGraphQLResponse {
		requestErr = http.StatusBadRequest
	}

	p, status, ferr := h.readParams(w, r)
	if ferr != nil {
		return h.fail(w, media, status, "", *ferr)
	}
	op := opName(p.OperationName)

	// The bearer of the mutation token may send a larger query (a report
	// inlined in ingestDocument).
	trusted := h.cfg.MutationToken != "" && h.authorized(r)
	doc, errs := h.document(p.Query, trusted)
	if errs != nil {
		return h.fail(w, media, requestErr, op, errs...)
	}
	opDef, ferr2 := selectOperation(doc, p.OperationName)
	if ferr2 != nil {
		return h.fail(w, media, requestErr, op, *ferr2)
	}
	if op == "anonymous" && opDef.Name != nil {
		op = opName(opDef.Name.Value)
	}
	mutation := opDef.Operation == ast.OperationTypeMutation
	if mutation && r.Method == http.MethodGet {
		w.Header().Set("Allow", "POST")
		return h.fail(w, media, http.StatusMethodNotAllowed, op, formatted(CodeMethodNotAllowed, "mutations must be sent with POST"))
	}
	if mutation && h.schema.MutationType() == nil {
		// graphql-go's rules accept a mutation on a schema without one.
		return h.fail(w, media, requestErr, op, formatted(CodeValidationFailed, "this server accepts no mutations (no token is configured)"))
	}
	// Limits that depend on variables, still before any store work.
	an := newAnalyzer(&h.schema, doc, p.Variables, h.lim).operation(opDef)
	var limitErrs []gqlerrors.FormattedError
	for _, pe := range an.argErrs {
		limitErrs = append(limitErrs, formatted(pe.code, pe.msg))
	}
	if an.complexity > h.lim.MaxComplexity {
		limitErrs = append(limitErrs, formatted(CodeComplexityLimit, fmt.Sprintf(
			"the query's estimated complexity is %d; the limit is %d (a list counts each item it may return: first, limit, k; ask for smaller pages or fewer nested lists)",
			an.complexity, h.lim.MaxComplexity)))
	}
	if len(limitErrs) > 0 {
		return h.fail(w, media, requestErr, op, limitErrs...)
	}
	if mutation && !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="policygraph"`)
		return h.fail(w, media, http.StatusUnauthorized, op, formatted(CodeUnauthenticated, "mutations need Authorization: Bearer <token>"))
	}
	if st := graph.HealthOf(h.cfg.Store); !st.Available && an.storeFields > 0 {
		// Every store call would fail; say so now rather than after each
		// resolver has tried. Introspection alone still runs.
		w.Header().Set("Retry-After", "1")
		return h.fail(w, media, http.StatusServiceUnavailable, op, storeUnavailable(st))
	}

	ctx, cancel := context.WithTimeout(r.Context(), h.lim.Timeout)
	defer cancel()
	ctx = withReq(ctx, ri)
	ctx = queries.WithLoader(ctx, queries.NewLoader(ctx, h.store))
	res := graphql.Execute(graphql.ExecuteParams{Schema: h.schema, AST: doc, OperationName: p.OperationName, Args: p.Variables, Context: ctx})
	locate(res.Errors, p.Query)
	res.Errors = ri.finishErrors(res.Errors)
	if res.Data == nil && variableError(res.Errors) {
		// Variables that do not coerce are a request error: nothing ran.
		for i := range res.Errors {
			res.Errors[i].Extensions = map[string]interface{}{"code": CodeBadUserInput}
		}
		return h.fail(w, media, requestErr, op, res.Errors...)
	}
	body := map[string]interface{}{"data": res.Data}
	if len(res.Errors) > 0 {
		body["errors"] = wireErrors(res.Errors)
	}
	h.write(w, media, http.StatusOK, body)
	return outcomeOf(http.StatusOK, op, res.Errors)
}

// readParams reads a GET query string or a POST JSON body. On failure it
// returns the status and the error to send.
func (h *Handler) readParams(w http.ResponseWriter, r *http.Request) (params, int, *gqlerrors.FormattedError) {
	bad := func(status int, code, format string, a ...any) (params, int, *gqlerrors.FormattedError) {
		e := formatted(code, fmt.Sprintf(format, a...))
		return params{}, status, &e
	}
	var p params
	if r.Method == http.MethodGet {
		if int64(len(r.URL.RawQuery)) > h.lim.MaxBodyBytes {
			return bad(http.StatusRequestURITooLong, CodePayloadTooLarge, "the query string is longer than %d bytes; use POST", h.lim.MaxBodyBytes)
		}
		q := r.URL.Query()
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if err := json.Unmarshal([]byte(v), &p.Variables); err != nil {
				return bad(http.StatusBadRequest, CodeBadRequest, "variables must be a JSON object: %v", err)
			}
		}
	} else {
		ct := r.Header.Get("Content-Type")
		mt, ps, err := mime.ParseMediaType(ct)
		if err != nil || mt != mediaJSON {
			return bad(http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "POST bodies must be application/json, got %q", ct)
		}
		if cs, ok := ps["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			return bad(http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "only the utf-8 charset is supported, got %q", cs)
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.lim.MaxBodyBytes))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return bad(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "the request body is larger than %d bytes", h.lim.MaxBodyBytes)
			}
			return bad(http.StatusBadRequest, CodeBadRequest, "could not read the request body")
		}
		// One pass over the body: a 1 MB body costs milliseconds per pass.
		var body struct {
			Query         *string                `json:"query"`
			OperationName *string                `json:"operationName"`
			Variables     map[string]interface{} `json:"variables"`
			Extensions    map[string]interface{} `json:"extensions"`
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &te) && te.Field == "query":
				return bad(http.StatusBadRequest, CodeBadRequest, "query must be a string")
			case errors.As(err, &te) && te.Field == "operationName":
				return bad(http.StatusBadRequest, CodeBadRequest, "operationName must be a string")
			case errors.As(err, &te) && strings.HasPrefix(te.Field, "variables"):
				return bad(http.StatusBadRequest, CodeBadRequest, "variables must be a JSON object")
			case errors.As(err, &te) && strings.HasPrefix(te.Field, "extensions"):
				return bad(http.StatusBadRequest, CodeBadRequest, "extensions must be a JSON object")
			case errors.As(err, &te):
				return bad(http.StatusBadRequest, CodeBadRequest, "the body is not a JSON object (it is a JSON %s)", te.Value)
			}
			return bad(http.StatusBadRequest, CodeBadRequest, "the body is not a JSON object: %v", err)
		}
		if body.Query != nil {
			p.Query = *body.Query
		}
		if body.OperationName != nil {
			p.OperationName = *body.OperationName
		}
		p.Variables = body.Variables
	}
	if strings.TrimSpace(p.Query) == "" {
		return bad(http.StatusBadRequest, CodeBadRequest, "the request has no query")
	}
	return p, 0, nil
}

// document checks, parses and validates a query, through the cache: the
// same query text (what clients send again and again) skips all three.
// The cheap counts come first and the first that fails ends it (see
// guard.go).
func (h *Handler) document(query string, trusted bool) (*ast.Document, []gqlerrors.FormattedError) {
	if e, ok := h.cache.get(query); ok {
		return e.doc, e.errs
	}
	body, pe := prepare(query, h.lim, trusted)
	if pe != nil {
		// Not cached: the answer depends on trust, and finding it again
		// costs one pass over the text.
		return nil, []gqlerrors.FormattedError{formatted(pe.code, pe.msg)}
	}
	e := docEntry{}
	doc, err := parseQuery(body, query)
	if err != nil {
		e.errs = []gqlerrors.FormattedError{formattedWith(gqlerrors.FormatError(err), CodeParseFailed)}
	} else if pe := guard(&h.schema, doc, h.lim, h.cfg.Introspection); pe != nil {
		e.errs = []gqlerrors.FormattedError{formatted(pe.code, pe.msg)}
	} else {
		vr := graphql.ValidateDocument(&h.schema, doc, h.rules)
		locate(vr.Errors, query)
		if !vr.IsValid {
			for _, fe := range vr.Errors {
				code := CodeValidationFailed
				if pe := findPublic(fe); pe != nil {
					code = pe.code
				}
				e.errs = append(e.errs, formattedWith(fe, code))
			}
		} else {
			e.doc = doc
		}
	}
	h.cache.put(query, e)
	return e.doc, e.errs
}

func formattedWith(fe gqlerrors.FormattedError, code string) gqlerrors.FormattedError {
	fe.Extensions = map[string]interface{}{"code": code}
	return fe
}

// selectOperation picks the operation to run, as the executor would, so
// the GET-mutation check and the limits look at the right one.
func selectOperation(doc *ast.Document, name string) (*ast.OperationDefinition, *gqlerrors.FormattedError) {
	var ops []*ast.OperationDefinition
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			ops = append(ops, op)
		}
	}
	fail := func(msg string) (*ast.OperationDefinition, *gqlerrors.FormattedError) {
		e := formatted(CodeBadRequest, msg)
		return nil, &e
	}
	if name == "" {
		if len(ops) != 1 {
			return fail("the document has several operations: set operationName")
		}
		return ops[0], nil
	}
	for _, op := range ops {
		if op.Name != nil && op.Name.Value == name {
			return op, nil
		}
	}
	return fail(fmt.Sprintf("no operation named %q in the document", name))
}

func (h *Handler) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(auth) <= len(prefix) || !strings.EqualFold(auth[:len(prefix)], prefix) {
		return false
	}
	got := []byte(strings.TrimSpace(auth[len(prefix):]))
	return subtle.ConstantTimeCompare(got, []byte(h.cfg.MutationToken)) == 1
}

func variableError(errs []gqlerrors.FormattedError) bool {
	for _, e := range errs {
		if strings.HasPrefix(e.Message, `Variable "$`) {
			return true
		}
	}
	return false
}

// fail writes a response without data: the request did not execute.
func (h *Handler) fail(w http.ResponseWriter, media string, status int, op string, errs ...gqlerrors.FormattedError) outcome {
	h.write(w, media, status, map[string]interface{}{"errors": wireErrors(errs)})
	if op == "" {
		op = "none"
	}
	return outcomeOf(status, op, errs)
}

func (h *Handler) write(w http.ResponseWriter, media string, status int, body interface{}) {
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // Chinese and <mark> stay readable; the media type is JSON, not HTML
	if err := enc.Encode(body); err != nil {
		h.log.Debug().Err(err).Msg("graphql: writing response")
	}
}

func orJSON(media string) string {
	if media == "" {
		return mediaJSON
	}
	return media
}

// negotiate picks the response media type from Accept: the new GraphQL
// type when the client names it at least as preferred as JSON, JSON for a
// missing header or wildcards (what legacy clients expect), "" when
// neither is acceptable.
func negotiate(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON
	}
	qGQL, qJSON := -1.0, -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, ps, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := ps["q"]; ok {
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				q = f
			}
		}
		switch mt {
		case mediaGraphQLResponse:
			qGQL = max(qGQL, q)
		case mediaJSON:
			qJSON = max(qJSON, q)
		case "application/*", "*/*":
			qJSON = max(qJSON, q)
		}
	}
	switch {
	case qGQL > 0 && qGQL >= qJSON:
		return mediaGraphQLResponse
	case qJSON > 0:
		return mediaJSON
	}
	return ""
}

var reqIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID keeps a sane incoming X-Request-Id (a proxy's) or makes one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); reqIDPattern.MatchString(id) {
		return id
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

var opPattern = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// opName is the operation label for logs and metrics.
func opName(s string) string {
	if s == "" {
		return "anonymous"
	}
	if !opPattern.MatchString(s) {
		return "invalid"
	}
	return s
}
