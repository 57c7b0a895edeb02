package schema

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
)

// committedSDL is schema/schema.graphql, the API's SDL as committed
// (TestSDLCommitted holds it to the running schema with every optional
// part on).
//
//go:embed schema.graphql
var committedSDL string

var committedSDLTag = func() string {
	sum := sha256.Sum256([]byte(committedSDL))
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// SDLFile serves the schema as SDL, the text of schema/schema.graphql, as
// text/plain, for code generators and clients that want the schema
// without an introspection query (the server mounts it at
// /graphql/schema.graphql). It is the whole API: the Mutation type it
// shows exists on a server started with a token. A server that refuses
// introspection does not serve it either (404).
func (h *Handler) SDLFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if !h.cfg.Introspection {
			http.Error(w, "the schema is not served: introspection is off", http.StatusNotFound)
			return
		}
		hd := w.Header()
		hd.Set("Content-Type", "text/plain; charset=utf-8")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cache-Control", "no-cache")
		hd.Set("ETag", committedSDLTag)
		if r.Header.Get("If-None-Match") == committedSDLTag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write([]byte(committedSDL))
	})
}
