// Package fetch gets report pages over HTTP for ingest: http and https
// only, a connect timeout and one for the whole request, a size limit on
// the body, a few redirects and a User-Agent naming policygraph. What it
// gets is bytes and a Content-Type; decode reads them as it reads a file.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/policygraph/policygraph/ingest/decode"
)

// Defaults of a zero Fetcher.
const (
	DefaultTimeout        = 30 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	// MaxRedirects is how many redirects a fetch follows: enough for
	// http → https → the canonical host → a trailing slash.
	MaxRedirects = 5
	// DefaultUserAgent names the program; the command adds its version.
	DefaultUserAgent = "policygraph (+https://github.com/policygraph/policygraph)"
)

// Errors, for errors.Is; Fetch wraps them with the URL and what happened.
var (
	// ErrURL: not an absolute http or https URL.
	ErrURL = errors.New("not an http or https URL")
	// ErrStatus: the server answered with a status other than 2xx.
	ErrStatus = errors.New("HTTP error")
	// ErrRedirects: more than MaxRedirects redirects, or a loop.
	ErrRedirects = errors.New("too many redirects")
	// ErrTimeout: no whole answer within the timeout.
	ErrTimeout = errors.New("timed out")
)

var reScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// IsURL reports whether a command-line argument is meant as a URL rather
// than a path: it opens with a scheme and ://, or with http: or https:.
// Parse then says whether it is one that can be fetched.
func IsURL(arg string) bool {
	a := strings.TrimSpace(arg)
	low := strings.ToLower(a)
	return reScheme.MatchString(a) || strings.HasPrefix(low, "http:") || strings.HasPrefix(low, "https:")
}

// Parse checks a URL to fetch: absolute, http or https, with a host. The
// error wraps ErrURL and says what is wrong.
func Parse(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q: %w: %v", raw, ErrURL, unwrapURLError(err))
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme != "http" && scheme != "https":
		return nil, fmt.Errorf("%q: %w: only http and https URLs are fetched, not %s", raw, ErrURL, u.Scheme)
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("%q: %w: no host (write it as http://host/path)", raw, ErrURL)
	case strings.ContainsAny(u.Host, " \t"):
		return nil, fmt.Errorf("%q: %w: a space in the host", raw, ErrURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u, nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// SourceName is the document name of a page fetched from u: its host,
// path and query with everything but letters, digits, '.' and '-' made
// '_', at most 96 bytes of it, then '-' and 8 hex digits of the SHA-256
// of the URL (without its fragment, which never reaches the server), so
// that URLs the folding makes alike stay apart; a path's extension
// (.htm, .pdf …) stays last. It is safe as a file name everywhere and the
// same for the same URL on every run.
func SourceName(u *url.URL) string {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	full := c.String()
	sum := sha256.Sum256([]byte(full))
	p := c.EscapedPath()
	ext := strings.ToLower(path.Ext(p))
	readable := c.Host + p
	if keptExt[ext] {
		readable = c.Host + p[:len(p)-len(ext)]
	} else {
		ext = ""
	}
	if c.RawQuery != "" {
		readable += "_" + c.RawQuery
	}
	var b strings.Builder
	last := byte(0)
	for i := 0; i < len(readable); i++ {
		ch := readable[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '.' || ch == '-') {
			ch = '_'
		}
		if ch == '_' && last == '_' {
			continue
		}
		b.WriteByte(ch)
		last = ch
	}
	name := strings.Trim(b.String(), "_.-")
	if len(name) > 96 {
		name = strings.TrimRight(name[:96], "_.-")
	}
	return name + "-" + hex.EncodeToString(sum[:4]) + ext
}

var keptExt = map[string]bool{".htm": true, ".html": true, ".shtml": true, ".txt": true, ".pdf": true, ".docx": true}

// Fetcher gets pages. The zero value is ready to use with the defaults; a
// Fetcher is safe for concurrent use and keeps connections for reuse.
// Its fields must not change after the first Fetch.
type Fetcher struct {
	// Timeout bounds a whole fetch: connecting, redirects, the body.
	Timeout time.Duration
	// ConnectTimeout bounds each connection's TCP and TLS handshake.
	ConnectTimeout time.Duration
	// MaxBytes refuses a larger body (decode.DefaultMaxBytes when zero).
	MaxBytes int64
	// UserAgent is sent with every request (DefaultUserAgent when empty).
	UserAgent string

	once   sync.Once
	client *http.Client
}

// Page is what a fetch got.
type Page struct {
	// URL is where the page was served from, after redirects.
	URL *url.URL
	// ContentType is the response's Content-Type header, as sent.
	ContentType string
	Body        []byte
}

func (f *Fetcher) timeout() time.Duration {
	if f.Timeout > 0 {
		return f.Timeout
	}
	return DefaultTimeout
}

func (f *Fetcher) limit() int64 {
	if f.MaxBytes > 0 {
		return f.MaxBytes
	}
	return decode.DefaultMaxBytes
}

func (f *Fetcher) connectTimeout() time.Duration {
	if f.ConnectTimeout > 0 {
		return f.ConnectTimeout
	}
	return DefaultConnectTimeout
}

func (f *Fetcher) init() {
	connect := f.connectTimeout()
	dialer := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: connect,
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        16,
		IdleConnTimeout:     90 * time.Second,
	}
	f.client = &http.Client{Transport: transport, CheckRedirect: checkRedirect}
}

// checkRedirect follows at most MaxRedirects redirects, to http(s) only,
// and stops at the first URL seen before.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("%w: redirected to %s, only http and https are followed", ErrURL, req.URL)
	}
	chain := make([]string, 0, len(via)+1)
	for _, r := range via {
		chain = append(chain, r.URL.String())
	}
	for _, seen := range chain {
		if seen == req.URL.String() {
			return fmt.Errorf("%w: a redirect loop: %s → %s", ErrRedirects, strings.Join(chain, " → "), req.URL)
		}
	}
	if len(via) > MaxRedirects {
		return fmt.Errorf("%w: stopped after %d redirects (%s → …)", ErrRedirects, MaxRedirects, chain[0])
	}
	return nil
}

// Fetch gets u. A status other than 2xx, a body over MaxBytes (refused
// by its Content-Length before it is read, or as soon as reading passes
// the limit), a redirect loop or chain too long, and a fetch that takes
// longer than Timeout are errors naming the URL.
func (f *Fetcher) Fetch(ctx context.Context, u *url.URL) (Page, error) {
	f.once.Do(f.init)
	page, err := f.fetch(ctx, u)
	if err != nil {
		return Page{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	return page, nil
}

func (f *Fetcher) fetch(parent context.Context, u *url.URL) (Page, error) {
	timeout := f.timeout()
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Page{}, fmt.Errorf("%w: %v", ErrURL, err)
	}
	ua := f.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.5")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	timedOut := func(err error) error {
		if parent.Err() == nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)) {
			return fmt.Errorf("%w: no whole answer within %s (raise --fetch-timeout)", ErrTimeout, timeout)
		}
		return err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		if e := timedOut(err); e != err {
			return Page{}, e
		}
		// Before the whole request's deadline, a timeout is the dialer's
		// or the TLS handshake's: the connect timeout.
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() && parent.Err() == nil {
			return Page{}, fmt.Errorf("%w: no connection within %s (raise --connect-timeout): %v", ErrTimeout, f.connectTimeout(), unwrapURLError(err))
		}
		return Page{}, unwrapURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return Page{}, fmt.Errorf("%w: the server answered %s", ErrStatus, resp.Status)
	}
	limit := f.limit()
	tooLarge := func(what string) error {
		return fmt.Errorf("%w (%s, limit %d; raise --max-file-size)", decode.ErrTooLarge, what, limit)
	}
	if resp.ContentLength > limit {
		return Page{}, tooLarge(fmt.Sprintf("Content-Length %d bytes", resp.ContentLength))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return Page{}, timedOut(fmt.Errorf("read the body: %w", err))
	}
	if int64(len(body)) > limit {
		return Page{}, tooLarge(fmt.Sprintf("more than %d bytes", limit))
	}
	return Page{URL: resp.Request.URL, ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}
