package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/policygraph/policygraph/ingest/fetch"
)

// pageServer serves the fixtures as a site would: the e-paper page in GBK
// with its charset only in the header, a redirect chain to it, a loop, a
// 404, a handler slower than the test's timeout, a body over its size
// limit, a plain-text report and a PDF.
func pageServer(t *testing.T) *httptest.Server {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile("../../testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	gbk := read("formats/zhuzhou_epaper_gbk.html")
	decl := []byte(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />`)
	if !bytes.Contains(gbk, decl) {
		t.Fatal("the e-paper fixture no longer declares its charset as expected")
	}
	gbk = bytes.Replace(gbk, decl, nil, 1)
	mux := http.NewServeMux()
	serve := func(path, ctype string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Write(body)
		})
	}
	serve("/epaper/content_3.htm", "text/html; charset=GBK", gbk)
	serve("/fangtan", "text/plain; charset=utf-8", read("reports/hengyang_fangtan.txt"))
	serve("/report.pdf", "application/pdf", read("formats/hengyang_fangtan.pdf"))
	serve("/big.htm", "text/html", bytes.Repeat([]byte("<p>株洲</p>"), 20000))
	mux.HandleFunc("/go/3", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/go/2", http.StatusFound) })
	mux.HandleFunc("/go/2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/go/1", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/go/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/epaper/content_3.htm", http.StatusFound)
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func sourceOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return fetch.SourceName(u)
}

// documentLine is the exported JSON line of the document named source.
func documentLine(export, source string) string {
	for _, l := range strings.Split(export, "\n") {
		if strings.Contains(l, `"source":"`+source+`"`) && strings.Contains(l, `"Document"`) {
			return l
		}
	}
	return ""
}

// TestIngestURLs: URLs on the command line and in --url-list, mixed with
// a file and a folder, are fetched and ingested as saved pages; each URL
// that fails (404, loop, timeout, too big) fails alone and writes
// nothing; the page's address is its url and a name made from the URL its
// source; the same pages give the same graph.
func TestIngestURLs(t *testing.T) {
	srv := pageServer(t)
	_, pdfErr := exec.LookPath("pdftotext")
	folder := t.TempDir()
	b, err := os.ReadFile("../../testdata/reports/xiangtan_daibiao_jianyi_gbk.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(folder, "xiangtan.txt"), b, 0o644)
	list := filepath.Join(t.TempDir(), "urls.txt")
	listed := "# 两会 pages\n\n" + srv.URL + "/fangtan\n   # the redirect chain\n" + srv.URL + "/go/3\n" +
		srv.URL + "/missing\n" + srv.URL + "/loop/a\n" + srv.URL + "/slow\n" + srv.URL + "/big.htm\n"
	if pdfErr == nil {
		listed += srv.URL + "/report.pdf\n"
	}
	os.WriteFile(list, []byte(listed), 0o644)

	ingestAll := func(data string) (int, string, string) {
		return runCmd(t, "ingest", "--data-dir", data, "--fetch-timeout", "200ms", "--max-file-size", "128KiB",
			"--workers", "2", "--url-list", list, srv.URL+"/epaper/content_3.htm", "../../testdata/reports/hengyang_fangtan.txt", folder)
	}
	data := t.TempDir()
	code, out, errs := ingestAll(data)
	total, good := 9, 5
	if pdfErr == nil {
		total, good = 10, 6
	}
	if code != 1 || !strings.Contains(out, fmt.Sprintf("ingested %d of %d files (0 unchanged, 4 failed)", good, total)) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"fetch " + srv.URL + "/missing: HTTP error: the server answered 404 Not Found",
		"fetch " + srv.URL + "/loop/a: too many redirects: a redirect loop: " + srv.URL + "/loop/a → " + srv.URL + "/loop/b → " + srv.URL + "/loop/a",
		"fetch " + srv.URL + "/slow: timed out: no whole answer within 200ms (raise --fetch-timeout)",
		"fetch " + srv.URL + "/big.htm: file too large (more than 131072 bytes, limit 131072; raise --max-file-size)",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("the log lacks %q:\n%s", want, errs)
		}
	}
	code, export, errs := runCmd(t, "export", "--data-dir", data, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	page := sourceOf(t, srv.URL+"/epaper/content_3.htm")
	doc := documentLine(export, page)
	for _, want := range []string{`"url":"` + srv.URL + `/epaper/content_3.htm"`, `"encoding":"gb18030"`, `"format":"html"`, `"edition":"A03"`, "把握“1234”工作思路"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the GBK page's document lacks %s: %.600s", want, doc)
		}
	}
	// The chain's end is the page above: its url is where it was served
	// from, its name the URL given.
	if doc := documentLine(export, sourceOf(t, srv.URL+"/go/3")); !strings.Contains(doc, `"url":"`+srv.URL+`/epaper/content_3.htm"`) {
		t.Errorf("the redirected page: %.300s", doc)
	}
	if doc := documentLine(export, sourceOf(t, srv.URL+"/fangtan")); !strings.Contains(doc, `"format":"text"`) || !strings.Contains(doc, `"url":"`+srv.URL+`/fangtan"`) {
		t.Errorf("the text/plain page: %.300s", doc)
	}
	if pdfErr == nil {
		if doc := documentLine(export, sourceOf(t, srv.URL+"/report.pdf")); !strings.Contains(doc, `"format":"pdf"`) {
			t.Errorf("the PDF: %.300s", doc)
		}
	}
	for _, failed := range []string{"/missing", "/loop/a", "/slow", "/big.htm"} {
		if documentLine(export, sourceOf(t, srv.URL+failed)) != "" {
			t.Errorf("%s failed but has a document", failed)
		}
	}
	for _, file := range []string{`"source":"hengyang_fangtan.txt"`, `"source":"xiangtan.txt"`} {
		if !strings.Contains(export, file) {
			t.Errorf("the files beside the URLs: no %s", file)
		}
	}

	// Again: nothing changes; and a fresh store gets the same graph.
	if code, out, errs := ingestAll(data); code != 1 || !strings.Contains(out, fmt.Sprintf("(%d unchanged, 4 failed)", good)) {
		t.Errorf("again: exit %d\n%s%s", code, out, errs)
	}
	other := t.TempDir()
	ingestAll(other)
	if _, again, _ := runCmd(t, "export", "--data-dir", other, "--format", "jsonl"); again != export {
		t.Error("the same pages gave another graph")
	}

	// The page fetched is read as the saved file is.
	saved := filepath.Join(t.TempDir(), "content_3.htm")
	os.WriteFile(saved, mustRead(t, "../../testdata/formats/zhuzhou_epaper_gbk.html"), 0o644)
	_, fromFile, _ := runCmd(t, "ingest", "--dry-run", saved)
	_, fromURL, _ := runCmd(t, "ingest", "--dry-run", srv.URL+"/epaper/content_3.htm")
	if body(fromFile) == "" || body(fromFile) != body(fromURL) {
		t.Errorf("the fetched page reads otherwise than the saved one:\n%s\n---\n%s", fromFile, fromURL)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// body is a dry run's output without its header line.
func body(dry string) string {
	if i := strings.Index(dry, "\n"); i >= 0 {
		return dry[i+1:]
	}
	return ""
}

// TestIngestRefusesBadURLs: a scheme other than http(s), a malformed URL
// or a bad line of --url-list is refused before anything is fetched.
func TestIngestRefusesBadURLs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	cases := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"ftp://example.org/a.txt"}, 1, `"ftp://example.org/a.txt": not an http or https URL: only http and https URLs are fetched, not ftp`},
		{[]string{"http:example.org"}, 1, "no host"},
		{[]string{"https://exa mple.org/"}, 1, "invalid character"},
		{[]string{"--url-list", write("bad.txt", "# ok\nhttps://example.org/\nfile:///etc/passwd\n")}, 2, "bad.txt:3: \"file:///etc/passwd\": not an http or https URL"},
		{[]string{"--url-list", write("empty.txt", "# nothing\n\n")}, 2, "lists no URL"},
		{[]string{"--url-list", filepath.Join(dir, "absent.txt")}, 1, "no such file"},
		{[]string{"--fetch-timeout", "0", "https://example.org/"}, 2, "must be positive"},
	}
	for _, c := range cases {
		args := append([]string{"ingest", "--dry-run"}, c.args...)
		code, out, errs := runCmd(t, args...)
		if code != c.code || !strings.Contains(errs, c.says) {
			t.Errorf("%v: exit %d (want %d), want %q:\n%s%s", c.args, code, c.code, c.says, out, errs)
		}
	}
	t.Setenv(envFetchTimeout, "soon")
	if code, _, errs := runCmd(t, "ingest", "--dry-run", "https://example.org/"); code != 2 || !strings.Contains(errs, `bad POLICYGRAPH_FETCH_TIMEOUT="soon" (the variable of --fetch-timeout)`) {
		t.Errorf("bad variable: exit %d %s", code, errs)
	}
}
