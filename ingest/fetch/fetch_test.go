package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policygraph/policygraph/ingest/decode"
)

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestParse(t *testing.T) {
	for _, ok := range []string{"https://example.org/a.htm", "HTTP://Example.org:8080/x?y=1", " http://127.0.0.1/ "} {
		if _, err := Parse(ok); err != nil {
			t.Errorf("Parse(%q): %v", ok, err)
		}
	}
	cases := []struct{ in, says string }{
		{"ftp://example.org/a.txt", "only http and https URLs are fetched, not ftp"},
		{"file:///etc/passwd", "not file"},
		{"http:example.org", "no host"},
		{"https://", "no host"},
		{"http://exa mple.org/", "invalid character"},
		{"http://[::1/", "missing ']'"},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		if !errors.Is(err, ErrURL) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("Parse(%q) = %v, want ErrURL saying %q", c.in, err, c.says)
		}
	}
	for arg, want := range map[string]bool{
		"https://a.org/": true, "http:a": true, "ftp://x": true, "HTTPS://A": true,
		"report.txt": false, "dir/http.txt": false, `C:\reports\a.txt`: false, "./https:x": false,
	} {
		if IsURL(arg) != want {
			t.Errorf("IsURL(%q) = %v", arg, !want)
		}
	}
}

func TestSourceName(t *testing.T) {
	safe := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	cases := map[string]string{
		"https://epaper.zznews.gov.cn/html/2025-12/27/content_3.htm":   "epaper.zznews.gov.cn_html_2025-12_27_content_3-",
		"https://www.example.org/news/?id=12&p=3":                      "www.example.org_news_id_12_p_3-",
		"http://127.0.0.1:8080/a/政府工作报告.pdf":                           "127.0.0.1_8080_a_E6_94_BF",
		"https://example.org/" + strings.Repeat("long/", 60) + "x.htm": "example.org_long_long",
	}
	names := map[string]string{}
	for raw, prefix := range cases {
		u := mustParse(t, raw)
		name := SourceName(u)
		if !strings.HasPrefix(name, prefix) || !safe.MatchString(name) || len(name) > 120 {
			t.Errorf("SourceName(%s) = %q, want a safe name starting %q", raw, name, prefix)
		}
		if again := SourceName(mustParse(t, raw)); again != name {
			t.Errorf("SourceName(%s) is not stable: %q then %q", raw, name, again)
		}
		names[name] = raw
	}
	if n := SourceName(mustParse(t, "https://epaper.zznews.gov.cn/html/2025-12/27/content_3.htm")); !strings.HasSuffix(n, ".htm") {
		t.Errorf("the extension is not kept last: %s", n)
	}
	// Alike after folding, apart by the hash; a fragment is the same page.
	a, b := SourceName(mustParse(t, "https://a.org/x?y=1")), SourceName(mustParse(t, "https://a.org/x/y=1"))
	if a == b {
		t.Errorf("two URLs, one name: %s", a)
	}
	if c := SourceName(mustParse(t, "https://a.org/x?y=1#top")); c != a {
		t.Errorf("a fragment changed the name: %s, %s", a, c)
	}
}

func TestFetch(t *testing.T) {
	mux := http.NewServeMux()
	var agent string
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		agent = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html; charset=gbk")
		fmt.Fprint(w, "<html><body><p>page</p></body></html>")
	})
	for i := 1; i <= 9; i++ {
		i := i
		mux.HandleFunc(fmt.Sprintf("/hop%d", i), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, fmt.Sprintf("/hop%d", i-1), http.StatusFound)
		})
	}
	mux.HandleFunc("/hop0", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/page", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", http.StatusFound) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", http.StatusFound) })
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.org/x", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "开头")
		w.(http.Flusher).Flush()
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000")
		w.Write([]byte(strings.Repeat("x", 5000)))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 10; i++ {
			w.Write([]byte(strings.Repeat("x", 500)))
			w.(http.Flusher).Flush()
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := &Fetcher{Timeout: 200 * time.Millisecond, MaxBytes: 2048, UserAgent: "policygraph/test"}
	ctx := context.Background()

	p, err := f.Fetch(ctx, mustParse(t, srv.URL+"/hop4"))
	if err != nil {
		t.Fatalf("a chain of 5 redirects: %v", err)
	}
	if p.URL.String() != srv.URL+"/page" || p.ContentType != "text/html; charset=gbk" || string(p.Body) != "<html><body><p>page</p></body></html>" {
		t.Errorf("got %s %q %q", p.URL, p.ContentType, p.Body)
	}
	if agent != "policygraph/test" {
		t.Errorf("User-Agent %q", agent)
	}
	if _, err := (&Fetcher{}).Fetch(ctx, mustParse(t, srv.URL+"/page")); err != nil || !strings.HasPrefix(agent, "policygraph") {
		t.Errorf("default User-Agent %q, %v", agent, err)
	}

	bad := []struct {
		path string
		is   error
		says string
	}{
		{"/hop9", ErrRedirects, "stopped after 5 redirects"},
		{"/loop-a", ErrRedirects, "a redirect loop: " + srv.URL + "/loop-a → " + srv.URL + "/loop-b → " + srv.URL + "/loop-a"},
		{"/to-ftp", ErrURL, "only http and https are followed"},
		{"/missing", ErrStatus, "the server answered 404 Not Found"},
		{"/slow", ErrTimeout, "no whole answer within 200ms (raise --fetch-timeout)"},
		{"/slow-body", ErrTimeout, "no whole answer within 200ms"},
		{"/big", decode.ErrTooLarge, "Content-Length 5000 bytes, limit 2048; raise --max-file-size"},
		{"/big-chunked", decode.ErrTooLarge, "more than 2048 bytes, limit 2048"},
	}
	for _, c := range bad {
		began := time.Now()
		_, err := f.Fetch(ctx, mustParse(t, srv.URL+c.path))
		if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "fetch "+srv.URL+c.path+": ") {
			t.Errorf("%s: %v, want %v saying %q", c.path, err, c.is, c.says)
		}
		if took := time.Since(began); took > 1500*time.Millisecond {
			t.Errorf("%s took %s", c.path, took)
		}
	}

	// Nothing listens: a connection refused is an error, quickly.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	if _, err := f.Fetch(ctx, mustParse(t, deadURL+"/x")); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("closed port: %v", err)
	}
	// A server that accepts the connection and never answers the TLS
	// handshake: the connect timeout, well before the whole request's.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	began := time.Now()
	_, err = (&Fetcher{ConnectTimeout: 200 * time.Millisecond, Timeout: 10 * time.Second}).Fetch(ctx, mustParse(t, "https://"+ln.Addr().String()+"/"))
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "no connection within 200ms (raise --connect-timeout)") || time.Since(began) > 5*time.Second {
		t.Errorf("silent TLS server: %v after %s", err, time.Since(began))
	}
	// An interrupted run is not a timeout.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.Fetch(cancelled, mustParse(t, srv.URL+"/page")); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("cancelled: %v", err)
	}
}
