package decode

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PDFTimeout bounds one pdftotext run.
const PDFTimeout = 60 * time.Second

// readPDF reads a PDF's text layer with poppler's pdftotext (on PATH; the
// Debian package poppler-utils). No pure-Go reader we tried decodes the
// CID fonts with ToUnicode maps that Chinese PDFs use (see the README).
// It runs with -bbox-layout, and paragraphs are rebuilt from where the
// lines sit on the page.
func readPDF(name string, data []byte) (string, Meta, error) {
	if !bytes.Contains(data, []byte("%%EOF")) && !bytes.Contains(data[max(0, len(data)-2048):], []byte("startxref")) {
		return "", Meta{}, fail(name, ErrCorrupt, "a PDF without its end (%d bytes; truncated?)", len(data))
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", Meta{}, fail(name, ErrNoReader, "reading PDF needs pdftotext, which is not on PATH")
	}
	tmp, err := os.CreateTemp("", "policygraph-*.pdf")
	if err != nil {
		return "", Meta{}, fail(name, ErrNoReader, "no temporary file for pdftotext: %v", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", Meta{}, fail(name, ErrNoReader, "writing a temporary file for pdftotext: %v", err)
	}
	tmp.Close()
	ctx, cancel := context.WithTimeout(context.Background(), PDFTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, "-q", "-enc", "UTF-8", "-bbox-layout", tmp.Name(), "-")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// -q silences the messages; run again without it only to say why.
	if err := cmd.Run(); err != nil {
		why := pdfError(tool, tmp.Name())
		switch {
		case ctx.Err() != nil:
			return "", Meta{}, fail(name, ErrCorrupt, "pdftotext took longer than %s", PDFTimeout)
		case strings.Contains(why, "password"):
			return "", Meta{}, fail(name, ErrEncrypted, "a password-protected PDF (pdftotext: %s)", why)
		default:
			return "", Meta{}, fail(name, ErrCorrupt, "pdftotext cannot read it (%s)", first(why, err.Error()))
		}
	}
	var lay pdfLayout
	dec := xml.NewDecoder(&stdout)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&lay); err != nil {
		return "", Meta{}, fail(name, ErrCorrupt, "pdftotext's layout does not parse: %v", err)
	}
	text := pdfParagraphs(lay)
	if strings.TrimSpace(text) == "" {
		return "", Meta{}, fail(name, ErrNoText, "a PDF with no text layer (%d pages of scanned images?), which would need OCR, not done here", len(lay.Pages))
	}
	return text, Meta{Title: strings.TrimSpace(lay.Title)}, nil
}

func pdfError(tool, path string) string {
	ctx, cancel := context.WithTimeout(context.Background(), PDFTimeout)
	defer cancel()
	out, _ := exec.CommandContext(ctx, tool, "-l", "1", path, os.DevNull).CombinedOutput()
	s := strings.TrimSpace(string(out))
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// pdfLayout is pdftotext -bbox-layout's XHTML: pages of blocks of lines
// of words, with their boxes.
type pdfLayout struct {
	Title string `xml:"head>title"`
	Pages []struct {
		Lines []pdfLine `xml:"flow>block>line"`
	} `xml:"body>doc>page"`
}

type pdfLine struct {
	XMin  float64   `xml:"xMin,attr"`
	YMin  float64   `xml:"yMin,attr"`
	XMax  float64   `xml:"xMax,attr"`
	YMax  float64   `xml:"yMax,attr"`
	Words []pdfWord `xml:"word"`
}

type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	Text string  `xml:",chardata"`
}

// pdfParagraphs rebuilds paragraphs from the lines' boxes, page by page:
// a line joins the one before it when it follows closely (the gap above
// it under half a line's height) and the line before reaches the right
// edge of the page's text (within 4% of its width), that is, wrapped.
// A wider gap, or a short line before, starts a paragraph. Words join
// without a space where either side is Chinese.
func pdfParagraphs(lay pdfLayout) string {
	var out []string
	for _, page := range lay.Pages {
		left, right := 0.0, 0.0
		for i, l := range page.Lines {
			if i == 0 || l.XMin < left {
				left = l.XMin
			}
			right = max(right, l.XMax)
		}
		var cur strings.Builder
		var prev *pdfLine
		flush := func() {
			if t := strings.TrimSpace(cur.String()); t != "" {
				out = append(out, t)
			}
			cur.Reset()
		}
		for i := range page.Lines {
			l := &page.Lines[i]
			text := joinWords(l.Words, l.YMax-l.YMin)
			if text == "" {
				continue
			}
			if prev != nil {
				height := prev.YMax - prev.YMin
				gap := l.YMin - prev.YMax
				wrapped := right-prev.XMax <= (right-left)*0.04
				if gap > height/2 || gap < -height/2 || !wrapped {
					flush()
				}
			}
			appendJoined(&cur, text)
			prev = l
		}
		flush()
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n\n") + "\n"
}

// joinWords: pdftotext splits a line into words where it sees a gap; a
// gap of an eighth of the line's height or more is a space as printed
// (记者 赵磊), a smaller one only Chinese text set without spaces.
func joinWords(words []pdfWord, height float64) string {
	var b strings.Builder
	for i, w := range words {
		t := strings.TrimSpace(w.Text)
		if i > 0 && b.Len() > 0 && t != "" && w.XMin-words[i-1].XMax >= height/8 {
			b.WriteByte(' ')
			b.WriteString(t)
			continue
		}
		appendJoined(&b, t)
	}
	return b.String()
}

func appendJoined(b *strings.Builder, s string) {
	if s == "" {
		return
	}
	if b.Len() > 0 {
		prev, _ := utf8.DecodeLastRuneInString(b.String())
		next, _ := utf8.DecodeRuneInString(s)
		if !wide(prev) && !wide(next) {
			b.WriteByte(' ')
		}
	}
	b.WriteString(s)
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) || r == '“' || r == '”' || r == '‘' || r == '’'
}
