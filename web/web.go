// Package web serves the graph explorer: static assets embedded in the
// binary, so the explorer needs no build step at run time. The assets are
// built from web/src by `npm ci && npm run build` (see web/README.md) and
// committed under web/dist.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed dist
var dist embed.FS

// contentTypes are the types of the files in dist, fixed here rather than
// read from the host's MIME tables, which differ between systems.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
	".map":  "application/json",
}

// ContentType returns the Content-Type the handler sends for a file name.
func ContentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// asset is one embedded file, ready to serve.
type asset struct {
	body  []byte
	gzip  []byte // nil when compressing does not pay
	ctype string
	etag  string
}

var (
	loadOnce sync.Once
	assets   map[string]*asset
)

func load() {
	assets = map[string]*asset{}
	err := fs.WalkDir(dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := dist.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		a := &asset{body: body, ctype: ContentType(p), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		if compressible(a.ctype) && len(body) > 1024 {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(body)
			_ = zw.Close()
			if buf.Len() < len(body)*9/10 {
				a.gzip = buf.Bytes()
			}
		}
		assets[strings.TrimPrefix(p, "dist")] = a
		return nil
	})
	if err != nil {
		panic(err) // dist is embedded at build time
	}
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json") || ctype == "image/svg+xml"
}

// csp keeps the page to its own origin: scripts, the layout worker and
// GraphQL requests all come from the server that served it.
const csp = "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'; " +
	"img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"

// Handler serves the explorer at /: index.html for / and the built assets
// under their names (and the icon as /favicon.ico too), with fixed content types, ETags (browsers revalidate,
// so a new binary's assets are picked up at once) and gzip when accepted.
func Handler() http.Handler {
	loadOnce.Do(load)
	modTime := time.Time{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := path.Clean("/" + r.URL.Path)
		switch name {
		case "/":
			name = "/index.html"
		case "/favicon.ico":
			// Browsers ask for /favicon.ico whatever the page links (and
			// for pages that link none, such as JSON answers): the same
			// SVG icon, with its own type, which they read as such.
			name = "/icon.svg"
		}
		a, ok := assets[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.ctype)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Vary", "Accept-Encoding")
		if name == "/index.html" {
			h.Set("Content-Security-Policy", csp)
			h.Set("Referrer-Policy", "same-origin")
		}
		body, etag := a.body, a.etag
		if a.gzip != nil && acceptsGzip(r) {
			body, etag = a.gzip, strings.TrimSuffix(a.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
			r.Header.Del("Range") // ranges of the compressed bytes would confuse clients
		}
		h.Set("ETag", etag)
		http.ServeContent(w, r, name, modTime, bytes.NewReader(body))
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}
