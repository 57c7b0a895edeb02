package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/ingest/ingesttest"
)

// facts lists a batch's entities and evidenced relationships by name, so
// that two batches of different documents compare.
func facts(b graph.DocumentBatch) []string {
	names := map[string]string{}
	var out []string
	for _, n := range b.Nodes {
		names[n.ID] = string(n.Label) + ":" + n.Name
		if n.Label != graph.Statement {
			out = append(out, names[n.ID])
		}
	}
	for _, r := range b.Relationships {
		if r.Evidence != nil {
			out = append(out, string(r.Type)+" "+names[r.From]+" -> "+names[r.To]+" "+r.Props.String("title"))
		}
	}
	sort.Strings(out)
	return out
}

// TestFormatTwins: each HTML, DOCX and PDF fixture ingests to the same
// entities and relations as its plain-text twin, and its Document
// carries the page's metadata (absent, not "", where the page says
// nothing).
func TestFormatTwins(t *testing.T) {
	p, err := ingest.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	_, pdf := exec.LookPath("pdftotext")
	cases := []struct {
		file, twin string
		dropTwin   int // twin paragraphs the page does not print
		props      map[string]any
	}{
		{"zhuzhou_epaper_gbk.html", "000_e809176d26951911.txt", 0, map[string]any{
			"format": "html", "date": "2025-12-27", "date_source": "dateline", "title": "把握“1234”工作思路 系统推进高质量发展", "newspaper": "株洲日报", "url": nil, "site_name": nil}},
		{"xiangtan_portal.html", "xiangtan_daibiao_jianyi_gbk.txt", 2, map[string]any{
			"format": "html", "date": "2026-01-08", "date_source": "meta", "newspaper": "湘潭日报", "site_name": "湘潭在线",
			"url": "https://www.xtol.cn/news/2026/0108/123456.html"}},
		{"hengyang_gov_gbk.html", "hengyang_fangtan.txt", 0, map[string]any{
			"format": "html", "date": "2026-01-09", "date_source": "meta", "newspaper": "衡阳日报", "site_name": "耒阳市人民政府"}},
		{"hengyang_fangtan.docx", "hengyang_fangtan.txt", 0, map[string]any{"format": "docx", "date": nil, "date_source": nil, "url": nil}},
		{"hengyang_fangtan.pdf", "hengyang_fangtan.txt", 0, map[string]any{"format": "pdf", "date": nil}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			if strings.HasSuffix(c.file, ".pdf") && pdf != nil {
				if os.Getenv("CI") != "" {
					t.Fatal("pdftotext is not installed")
				}
				t.Skip("pdftotext not installed")
			}
			data, err := os.ReadFile("../testdata/formats/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := p.Analyze(c.file, data, nil)
			if err != nil {
				t.Fatal(err)
			}
			twin, err := p.Decoder.Read(c.twin, must(os.ReadFile("../testdata/reports/"+c.twin)))
			if err != nil {
				t.Fatal(err)
			}
			paras := strings.Split(strings.TrimSpace(twin.Original), "\n")
			var keep []string
			for _, l := range paras {
				if strings.TrimSpace(l) != "" {
					keep = append(keep, l)
				}
			}
			text := twin.Original
			if c.dropTwin > 0 {
				text = strings.Join(keep[c.dropTwin:], "\n\n")
			}
			want, _, err := p.Analyze(c.twin, []byte(text), nil)
			if err != nil {
				t.Fatal(err)
			}
			g, w := facts(got), facts(want)
			if strings.Join(g, "\n") != strings.Join(w, "\n") {
				t.Errorf("facts differ from the twin's:\n%s", diff(g, w))
			}
			if len(w) < 5 {
				t.Errorf("the twin has only %d facts: a weak test", len(w))
			}
			for k, v := range c.props {
				gv, ok := got.Document.Props[k]
				if v == nil {
					if ok {
						t.Errorf("%s = %#v, want absent", k, gv)
					}
					continue
				}
				if gv != v {
					t.Errorf("%s = %#v, want %#v", k, gv, v)
				}
			}
			for k, v := range got.Document.Props {
				if v == "" {
					t.Errorf("%s is an empty string; unknown values are absent", k)
				}
			}
		})
	}
}

func names(ns []graph.Node) (out []string) {
	for _, n := range ns {
		out = append(out, n.Name+"@"+n.Props.String("date"))
	}
	return out
}

func diff(got, want []string) string {
	in := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var b strings.Builder
	for _, x := range got {
		if !w[x] {
			b.WriteString("  + " + x + "\n")
		}
	}
	for _, x := range want {
		if !g[x] {
			b.WriteString("  - " + x + "\n")
		}
	}
	return b.String()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestMetadataPrecedence: what the caller gives wins over the page's
// metadata, which wins over the text's own date line; a bad date or URL
// is refused with the key named.
func TestMetadataPrecedence(t *testing.T) {
	p, err := ingest.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	page := must(os.ReadFile("../testdata/formats/xiangtan_portal.html"))
	b, _, err := p.Analyze("a.html", page, map[string]string{"date": "2026-01-07", "source_name": "湘潭晚报", "url": "https://example.org/a", "note": "x"})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"date": "2026-01-07", "date_source": "flag", "newspaper": "湘潭晚报", "url": "https://example.org/a", "site_name": "湘潭在线", "meta_note": "x"} {
		if got := b.Document.Props[k]; got != v {
			t.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
	// A text whose masthead prints a full date.
	txt := must(os.ReadFile("../testdata/reports/xiangtan_daibiao_jianyi_gbk.txt"))
	b, _, err = p.Analyze("b.txt", txt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Document.Props["date"] != "2026-01-08" || b.Document.Props["date_source"] != "dateline" || b.Document.Props["format"] != "text" {
		t.Errorf("dateline: %v %v %v", b.Document.Props["date"], b.Document.Props["date_source"], b.Document.Props["format"])
	}
	for _, bad := range []map[string]string{{"date": "2026-13-01"}, {"date": "26/12/2025"}, {"url": "www.example.org"}, {"url": "ftp://x/y"}} {
		if _, _, err := p.Analyze("c.txt", txt, bad); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("%v: %v, want ErrInvalid", bad, err)
		}
	}
}

// TestFolderFormats: a folder contributes its .txt .html .htm .docx .pdf
// (each with its sidecar's metadata) and lists the rest as skipped; a
// folder with nothing to ingest is an error.
func TestFolderFormats(t *testing.T) {
	dir := t.TempDir()
	copyFile := func(from, to string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, to), must(os.ReadFile(from)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("../testdata/formats/hengyang_gov_gbk.html", "gov.htm")
	copyFile("../testdata/formats/xiangtan_portal.html", "portal.HTML")
	copyFile("../testdata/formats/hengyang_fangtan.docx", "interview.docx")
	copyFile("../testdata/reports/hengyang_fangtan.txt", "fangtan.txt")
	os.WriteFile(filepath.Join(dir, "fangtan.meta.json"), []byte(`{"date": "2026-01-09", "source_name": "衡阳日报", "url": "https://example.org/hy"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# notes"), 0o644)
	os.WriteFile(filepath.Join(dir, "scan.jpg"), []byte("\xff\xd8\xff"), 0o644)
	in, err := ingest.Walk([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	base := func(xs []string) (out []string) {
		for _, x := range xs {
			out = append(out, filepath.Base(x))
		}
		return out
	}
	if got := strings.Join(base(in.Files), " "); got != "fangtan.txt gov.htm interview.docx portal.HTML" {
		t.Errorf("files %s", got)
	}
	if got := strings.Join(base(in.Skipped), " "); got != "notes.md scan.jpg" {
		t.Errorf("skipped %s", got)
	}

	s := memstore.New()
	p, err := ingest.New(s)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := p.IngestPaths(context.Background(), []string{dir})
	if err != nil || sum.Files != 4 || sum.Failed != 0 || len(sum.Skipped) != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
	docs, err := s.Nodes(context.Background(), []string{graph.DocumentID("fangtan.txt"), graph.DocumentID("interview.docx")})
	if err != nil || len(docs) != 2 {
		t.Fatalf("%v %v", docs, err)
	}
	for _, d := range docs {
		if d.Name == "fangtan.txt" && (d.Props.String("date") != "2026-01-09" || d.Props.String("date_source") != "flag" || d.Props.String("url") != "https://example.org/hy") {
			t.Errorf("sidecar not applied: %v", d.Props)
		}
		if d.Name == "interview.docx" && d.Props.String("url") != "" {
			t.Errorf("another file's sidecar applied: %v", d.Props)
		}
	}

	// The undated document (the DOCX) sorts last and matches no date
	// filter.
	page, err := s.FindNodes(context.Background(), graph.NodeQuery{Labels: []graph.Label{graph.Document}, Sort: []graph.SortKey{{Field: "date"}}})
	if err != nil || len(page.Nodes) != 4 || page.Nodes[3].Name != "interview.docx" {
		t.Errorf("by date: %v %v", names(page.Nodes), err)
	}
	page, err = s.FindNodes(context.Background(), graph.NodeQuery{Labels: []graph.Label{graph.Document}, Where: &graph.Filter{Field: "date", Op: graph.OpLt, Value: "2030-01-01"}})
	if err != nil || len(page.Nodes) != 3 {
		t.Errorf("date < 2030: %v %v", names(page.Nodes), err)
	}

	// A sidecar with a typo fails its file, not the run.
	os.WriteFile(filepath.Join(dir, "fangtan.meta.json"), []byte(`{"dat": "2026-01-09"}`), 0o644)
	sum, err = p.IngestPaths(context.Background(), []string{dir})
	if !errors.Is(err, ingest.ErrSomeFailed) || sum.Failed != 1 || !strings.Contains(sum.Failures[0].Err.Error(), `unknown key "dat"`) {
		t.Errorf("%+v %v", sum, err)
	}

	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "notes.md"), []byte("# notes"), 0o644)
	sum, err = p.IngestPaths(context.Background(), []string{empty})
	if !errors.Is(err, ingest.ErrNothingToIngest) || len(sum.Skipped) != 1 {
		t.Errorf("empty folder: %+v %v", sum, err)
	}
}

// TestFormatsDeterministic: the same file gives the same batch, byte for
// byte in its text.
func TestFormatsDeterministic(t *testing.T) {
	p, err := ingest.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"zhuzhou_epaper_gbk.html", "xiangtan_table.docx"} {
		data := must(os.ReadFile("../testdata/formats/" + f))
		a, _, err := p.Analyze(f, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _, _ := p.Analyze(f, data, nil)
		if a.Document.Props.String("text") != b.Document.Props.String("text") || strings.Join(facts(a), "\n") != strings.Join(facts(b), "\n") {
			t.Errorf("%s: two analyses differ", f)
		}
	}
}

// TestDevCorpusAsPages wraps every dev report, in the test (third-party
// text stays out of the repository), in a news portal's page with
// navigation, share bar, related list and ICP footer, and in a Word
// document, and checks that both ingest to the plain text's facts: the
// furniture rules cut no line of a real report.
func TestDevCorpusAsPages(t *testing.T) {
	dir := ingesttest.DevCorpus(t)
	p, err := ingest.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	same := 0
	for _, f := range files {
		data := must(os.ReadFile(f))
		text, err := p.Decoder.Read(filepath.Base(f), data)
		if err != nil {
			t.Fatal(err)
		}
		var paras []string
		for _, l := range strings.Split(text.Original, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				paras = append(paras, l)
			}
		}
		// The twin: the report's paragraphs as a page and a document
		// have them, one a block.
		want, _, err := p.Analyze(filepath.Base(f), []byte(strings.Join(paras, "\n\n")), nil)
		if err != nil {
			t.Fatal(err)
		}
		w := strings.Join(facts(want), "\n")
		ok := true
		for _, doc := range []struct {
			name string
			data []byte
		}{{"page.html", portalPage(paras)}, {"doc.docx", wordDoc(t, paras)}} {
			got, _, err := p.Analyze(filepath.Base(f), doc.data, nil)
			if err != nil {
				t.Errorf("%s as %s: %v", filepath.Base(f), doc.name, err)
				ok = false
				continue
			}
			if g := facts(got); strings.Join(g, "\n") != w {
				t.Errorf("%s as %s: facts differ:\n%s", filepath.Base(f), doc.name, diff(g, facts(want)))
				ok = false
			}
		}
		if ok {
			same++
		}
	}
	t.Logf("%d of %d dev reports read the same as a page and as a Word document", same, len(files))
}

func portalPage(paras []string) []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>` + html.EscapeString(paras[0]) + `_新闻_某某网</title></head><body>
<header><nav><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/lianghui/">两会</a></nav></header>
<div class="crumb">当前位置：首页 &gt; 新闻 &gt; 正文</div>
<div class="main"><div class="article"><div class="share-bar">分享到：微信 微博 QQ空间</div><div class="content">
`)
	for _, p := range paras {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
	}
	b.WriteString(`</div></div><div class="related"><h3>相关新闻</h3><ul><li><a href="/1">攸县召开全县经济工作会议</a></li><li><a href="/2">炎陵县黄桃产业带动群众增收</a></li></ul></div></div>
<footer><p>版权所有 某某网 <a href="https://beian.miit.gov.cn/">湘ICP备05003917号</a> 湘公网安备 43020302000123号</p></footer></body></html>`)
	return []byte(b.String())
}

func wordDoc(t *testing.T, paras []string) []byte {
	var body strings.Builder
	for _, p := range paras {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + html.EscapeString(p) + `</w:t></w:r></w:p>`)
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
