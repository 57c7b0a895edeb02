package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/web"
)

func get(t *testing.T, h http.Handler, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestIndexAndAssets fetches / and every asset index.html names, and the
// assets those import, checking status and content type.
func TestIndexAndAssets(t *testing.T) {
	h := web.Handler()
	rec := get(t, h, "/", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET / = %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET / Content-Type = %q", ct)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("GET / has no CSP keeping requests on its origin: %q", csp)
	}
	index := rec.Body.String()
	for _, want := range []string{`<html lang="zh-CN">`, `id="search-input"`, `id="graph"`, `role="combobox"`} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}

	refs := regexp.MustCompile(`(?:src|href)="([^"#:]+)"`).FindAllStringSubmatch(index, -1)
	want := map[string]string{
		".js":  "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8",
		".svg": "image/svg+xml",
	}
	seen := map[string]bool{}
	var queue []string
	for _, m := range refs {
		if m[1] != "graphiql" {
			queue = append(queue, "/"+strings.TrimPrefix(m[1], "./"))
		}
	}
	importRe := regexp.MustCompile(`(?:from|import|new URL)\s*\(?"\./([^"]+\.js)"`)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		rec := get(t, h, p, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d", p, rec.Code)
			continue
		}
		ext := p[strings.LastIndex(p, "."):]
		if ct := rec.Header().Get("Content-Type"); ct != want[ext] {
			t.Errorf("GET %s Content-Type = %q, want %q", p, ct, want[ext])
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s lacks nosniff", p)
		}
		if ext == ".js" {
			for _, m := range importRe.FindAllStringSubmatch(rec.Body.String(), -1) {
				queue = append(queue, p[:strings.LastIndex(p, "/")+1]+m[1])
			}
		}
	}
	for _, p := range []string{"/assets/app.js", "/assets/app.css", "/assets/layout-worker.js"} {
		if !seen[p] {
			t.Errorf("%s not reached from index.html", p)
		}
	}
	if len(seen) < 5 {
		t.Errorf("only %d assets reached: %v", len(seen), seen)
	}
}

func TestGzipAndRevalidation(t *testing.T) {
	h := web.Handler()
	plain := get(t, h, "/assets/app.js", nil)
	zipped := get(t, h, "/assets/app.js", map[string]string{"Accept-Encoding": "br, gzip"})
	if zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip when accepted")
	}
	if zipped.Body.Len() >= plain.Body.Len() {
		t.Errorf("gzip body %d not smaller than %d", zipped.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !bytes.Equal(body, plain.Body.Bytes()) {
		t.Errorf("gzip body differs from the plain one")
	}
	if get(t, h, "/assets/app.js", map[string]string{"Accept-Encoding": "gzip;q=0"}).Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip sent although refused with q=0")
	}

	etag := plain.Header().Get("ETag")
	if etag == "" || plain.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, plain.Header().Get("Cache-Control"))
	}
	if rec := get(t, h, "/assets/app.js", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match = %d, want 304", rec.Code)
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	h := web.Handler()
	for _, p := range []string{"/nope.js", "/assets/", "/../web.go", "/dist/index.html"} {
		if rec := get(t, h, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d", rec.Code)
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.js": "text/javascript; charset=utf-8", "A.CSS": "text/css; charset=utf-8",
		"x.html": "text/html; charset=utf-8", "i.svg": "image/svg+xml", "b.bin": "application/octet-stream",
	} {
		if got := web.ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestModelCoversTheOntology: a label or relationship type the explorer's
// model does not list is drawn grey as 其他 and has no legend filter, so
// every one the graph defines must be there, with its colour and shape.
func TestModelCoversTheOntology(t *testing.T) {
	src, err := os.ReadFile("src/model.js")
	if err != nil {
		t.Fatal(err)
	}
	entry := regexp.MustCompile(`\{ id: '([A-Za-z_]+)', name: '[^']+'(?:, color: '#[0-9A-Fa-f]{6}'(?:, stroke: '#[0-9A-Fa-f]{6}')?, shape: '([a-z-]+)')?`)
	listed := map[string]string{}
	for _, m := range entry.FindAllStringSubmatch(string(src), -1) {
		listed[m[1]] = m[2]
	}
	shapes := map[string]string{}
	for _, l := range graph.Labels {
		shape, ok := listed[string(l)]
		switch {
		case !ok:
			t.Errorf("label %s is not in web/src/model.js", l)
		case shape == "":
			t.Errorf("label %s has no colour and shape in web/src/model.js", l)
		case !strings.Contains(string(src), "'"+shape+"': '") && !strings.Contains(string(src), "  "+shape+": '"):
			t.Errorf("label %s's shape %s has no legend outline (SHAPE_PATHS)", l, shape)
		case shapes[shape] != "":
			t.Errorf("labels %s and %s share the shape %s: colour would be the only cue", l, shapes[shape], shape)
		}
		shapes[shape] = string(l)
	}
	for _, rt := range graph.RelTypes {
		if _, ok := listed[string(rt)]; !ok {
			t.Errorf("relationship type %s is not in web/src/model.js", rt)
		}
	}
}

// TestFavicon: the page links the icon, and /favicon.ico, which browsers
// ask for anyway, answers with it.
func TestFavicon(t *testing.T) {
	h := web.Handler()
	index := get(t, h, "/", nil).Body.String()
	if !regexp.MustCompile(`<link rel="icon" href="icon.svg" type="image/svg\+xml">`).MatchString(index) {
		t.Errorf("index.html links no icon")
	}
	icon := get(t, h, "/icon.svg", nil)
	for _, p := range []string{"/icon.svg", "/favicon.ico"} {
		rec := get(t, h, p, nil)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" || !bytes.Equal(rec.Body.Bytes(), icon.Body.Bytes()) ||
			!strings.HasPrefix(rec.Body.String(), "<svg") {
			t.Errorf("GET %s: %d %q %q", p, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
}
