package main

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/export"
)

// exportHandler serves GET /export?format=jsonl|graphml: the whole graph,
// as `policygraph export` writes it, to the bearer of the mutation token
// (a whole graph is not for every visitor). Without a token it is off.
func exportHandler(store graph.Store, token string, log zerolog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use GET /export?format=jsonl|graphml"})
			return
		}
		if token == "" {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "export over HTTP is off: start serve with --mutation-token, or run policygraph export --data-dir beside it"})
			return
		}
		if !bearerIs(r, token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="policygraph"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "export needs Authorization: Bearer <the mutation token>"})
			return
		}
		format := export.Format(r.URL.Query().Get("format"))
		if format == "" {
			format = export.JSONL
		}
		var ctype string
		switch format {
		case export.JSONL:
			ctype = "application/x-ndjson; charset=utf-8"
		case export.GraphML:
			ctype = "application/graphml+xml; charset=utf-8"
		default:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("unknown format %q: use jsonl or graphml", format)})
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="policygraph.`+string(format)+`"`)
		if r.Method == http.MethodHead {
			return
		}
		// The status is sent with the first bytes; an error later can only
		// cut the body short (the client sees a truncated file) and be logged.
		if err := export.Write(r.Context(), store, format, w); err != nil {
			log.Error().Err(err).Str("request_id", r.Header.Get("X-Request-Id")).Str("format", string(format)).Msg("export over HTTP failed")
		}
	})
}

// bearerIs reports whether r carries "Authorization: Bearer token",
// comparing in constant time, as the GraphQL handler checks mutations.
func bearerIs(r *http.Request, token string) bool {
	auth := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(auth) <= len(prefix) || !strings.EqualFold(auth[:len(prefix)], prefix) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(auth[len(prefix):])), []byte(token)) == 1
}
