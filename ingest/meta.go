package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/policygraph/policygraph/graph"
)

// Metadata keys a caller may give for a document (the command's --date,
// --source-name and --url, a NAME.meta.json sidecar, ingestDocument's
// metadata). Other keys are kept on the document as meta_KEY.
const (
	MetaDate       = "date"        // YYYY-MM-DD, the publication date
	MetaSourceName = "source_name" // the newspaper or site that published it
	MetaNewspaper  = "newspaper"   // the same as source_name
	MetaURL        = "url"         // where it was published, http(s)
	MetaTitle      = "title"       // the headline
)

// Where a document's date was read (the Document's date_source).
const (
	DateFromFlag     = "flag"     // given: --date, a sidecar, ingestDocument's metadata
	DateFromMeta     = "meta"     // the file's own metadata: an HTML page's meta tags or JSON-LD
	DateFromDateline = "dateline" // a full date the text prints: masthead, 发布时间, the date line
	DateFromInferred = "inferred" // a day and month in the text, the year from another cue
)

// DocMeta is what the caller says about a document; empty is unknown.
type DocMeta struct {
	Date, Newspaper, URL, Title string
	// Extra are the other keys, kept as meta_KEY.
	Extra map[string]string
}

// ParseMeta checks the known keys of caller metadata: a date is a real
// YYYY-MM-DD day, a URL is absolute http or https. The error wraps
// graph.ErrInvalid and names the key.
func ParseMeta(m map[string]string) (DocMeta, error) {
	var d DocMeta
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.TrimSpace(m[k])
		if v == "" {
			continue
		}
		switch strings.ToLower(k) {
		case MetaDate:
			if _, err := time.Parse("2006-01-02", v); err != nil {
				return DocMeta{}, fmt.Errorf("%w: metadata date %q is not a day written YYYY-MM-DD", graph.ErrInvalid, v)
			}
			d.Date = v
		case MetaSourceName, MetaNewspaper, "source-name":
			d.Newspaper = v
		case MetaURL:
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return DocMeta{}, fmt.Errorf("%w: metadata url %q is not an absolute http(s) URL", graph.ErrInvalid, v)
			}
			d.URL = v
		case MetaTitle:
			d.Title = v
		default:
			if d.Extra == nil {
				d.Extra = map[string]string{}
			}
			d.Extra[k] = v
		}
	}
	return d, nil
}

// SidecarSuffix names a document's metadata file: report.html's is
// report.meta.json (or report.html.meta.json).
const SidecarSuffix = ".meta.json"

// sidecarKeys are the keys a sidecar may hold: a typo is an error, not a
// silently ignored key.
var sidecarKeys = map[string]bool{MetaDate: true, MetaSourceName: true, MetaNewspaper: true, MetaURL: true, MetaTitle: true}

// ReadSidecar reads path's NAME.meta.json, if there is one: a JSON object
// of strings, {"date": "2025-12-26", "source_name": "株洲日报", "url":
// "https://…", "title": "…"}. No sidecar is no metadata and no error.
func ReadSidecar(path string) (map[string]string, error) {
	ext := filepath.Ext(path)
	for _, side := range []string{strings.TrimSuffix(path, ext) + SidecarSuffix, path + SidecarSuffix} {
		b, err := os.ReadFile(side)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("metadata %s: %w", side, err)
		}
		var raw map[string]any
		dec := json.NewDecoder(bytes.NewReader(b))
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("metadata %s: not a JSON object: %w", side, err)
		}
		m := map[string]string{}
		for k, v := range raw {
			if !sidecarKeys[k] {
				return nil, fmt.Errorf("metadata %s: unknown key %q (known: date, source_name, url, title)", side, k)
			}
			s, ok := v.(string)
			if !ok && v != nil {
				return nil, fmt.Errorf("metadata %s: %q must be a string", side, k)
			}
			m[k] = s
		}
		if _, err := ParseMeta(m); err != nil {
			return nil, fmt.Errorf("metadata %s: %w", side, err)
		}
		return m, nil
	}
	return nil, nil
}

// mergeMeta: the values of over win over base's.
func mergeMeta(base, over map[string]string) map[string]string {
	if len(over) == 0 {
		return base
	}
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if strings.TrimSpace(v) != "" {
			out[k] = v
		}
	}
	return out
}
