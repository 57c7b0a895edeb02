package schema

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"path"
	"strings"
	"sync"
)

// The GraphiQL page and its assets are embedded (see graphiql/VERSIONS for
// versions, licences and checksums, graphiql/refresh.sh to update them), so
// the playground works offline and loads nothing from a CDN.
//
//go:embed graphiql/index.html graphiql/init.js graphiql/*.min.js graphiql/*.min.css
var graphiqlFS embed.FS

var graphiqlTypes = map[string]string{".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

type asset struct {
	raw, gz []byte
	etag    string
	ctype   string
}

var (
	assetsOnce sync.Once
	assets     map[string]*asset
)

// loadAssets reads and gzips the embedded files once: graphiql.min.js is
// about 1 MB and compresses to a quarter of that.
func loadAssets() {
	assets = map[string]*asset{}
	entries, _ := graphiqlFS.ReadDir("graphiql")
	for _, e := range entries {
		raw, err := graphiqlFS.ReadFile("graphiql/" + e.Name())
		if err != nil {
			continue
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(raw)
		_ = zw.Close()
		sum := sha256.Sum256(raw)
		assets[e.Name()] = &asset{raw: raw, gz: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: graphiqlTypes[path.Ext(e.Name())]}
	}
}

// GraphiQL serves the playground: the page at its mount point (/graphiql)
// and its assets as ?asset=NAME (or /graphiql/NAME when mounted with a
// trailing slash), so it works whether the mux matches the path exactly or
// as a prefix.
func GraphiQL() http.Handler {
	assetsOnce.Do(loadAssets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := r.URL.Query().Get("asset")
		if name == "" {
			if base := path.Base(r.URL.Path); strings.Contains(base, ".") {
				name = base
			} else {
				name = "index.html"
			}
		}
		a := assets[name]
		if a == nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.ctype)
		h.Set("ETag", a.etag)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Vary", "Accept-Encoding")
		if name == "index.html" {
			h.Set("Cache-Control", "no-cache")
			h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'")
		} else {
			h.Set("Cache-Control", "public, max-age=86400")
		}
		if match := r.Header.Get("If-None-Match"); match == a.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body := a.raw
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			body = a.gz
		}
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}
