package decode

import (
	"bytes"
	"errors"
	"mime"
	"path/filepath"
	"strings"
)

// Formats Read tells apart, by content.
const (
	FormatText = "text"
	FormatHTML = "html"
	FormatDOCX = "docx"
	FormatPDF  = "pdf"
)

// More sentinel errors, for the formats Read opens.
var (
	// ErrCorrupt: the file is of a known format but damaged (a truncated
	// zip, a PDF whose structure is broken, a DOCX without its document).
	ErrCorrupt = errors.New("damaged file")
	// ErrNoText: the file opens but holds no text to read: an HTML page
	// with no main content, a PDF of scanned images (no text layer; there
	// is no OCR), an empty Word document.
	ErrNoText = errors.New("no text in file")
	// ErrEncrypted: a password-protected PDF or DOCX.
	ErrEncrypted = errors.New("password-protected file")
	// ErrNoReader: reading the format needs a tool that is not installed
	// (pdftotext for PDF).
	ErrNoReader = errors.New("no reader for this format")
)

// Meta is what a file says about itself besides its text: an HTML page's
// title, date, site and address. Empty fields are unknown.
type Meta struct {
	Title string
	// Date is the publication date, YYYY-MM-DD, and DateFrom where it was
	// read: "meta" (meta tags, JSON-LD) or "dateline" (the page's own
	// text: 发布时间, the e-paper masthead).
	Date     string
	DateFrom string
	// SiteName is the site that published the page (og:site_name,
	// JSON-LD publisher); Source is the outlet the page credits
	// (来源：衡阳日报, ContentSource), which is the newspaper.
	SiteName string
	Source   string
	// URL is the page's canonical address.
	URL    string
	Author string
	// Edition is an e-paper page's 版次 (A03 in 第A03版).
	Edition string
}

// Read decodes a file of any supported format, told by its content (the
// name's extension only breaks ties): plain text (as Decode), HTML (main
// content), DOCX (paragraphs and table rows) and PDF with a text layer
// (through pdftotext). The result is what Decode returns for the
// extracted text, with Format and Meta set. Like Decode it never panics,
// and its errors are *Error.
func (d Decoder) Read(name string, data []byte) (Text, error) {
	return d.ReadTyped(name, data, "")
}

// ReadTyped is Read for a file that came with an HTTP Content-Type
// (contentType; empty is none). The content still tells the format; the
// type only breaks ties, as a file's extension does (text/html for markup
// that does not open like a page). Its charset is a page's when the page
// declares none: a <meta> declaration wins, as does a BOM.
func (d Decoder) ReadTyped(name string, data []byte, contentType string) (Text, error) {
	media, charset := parseContentType(contentType)
	limit := d.Limit()
	if int64(len(data)) > limit {
		return Text{}, fail(name, ErrTooLarge, "%d bytes, limit %d", len(data), limit)
	}
	if bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) && bytes.Contains(data, utf16le("EncryptedPackage")) {
		return Text{}, fail(name, ErrEncrypted, "a password-protected Office document")
	}
	format := Sniff(name, data)
	if format == FormatText && (media == "text/html" || media == "application/xhtml+xml") && bytes.HasPrefix(bytes.TrimSpace(trimBOM(data)), []byte("<")) {
		format = FormatHTML
	}
	switch format {
	case FormatPDF:
		s, meta, err := readPDF(name, data)
		if err != nil {
			return Text{}, err
		}
		return d.finish(name, s, "pdf", FormatPDF, meta)
	case FormatDOCX:
		s, meta, err := readDOCX(name, data)
		if err != nil {
			return Text{}, err
		}
		return d.finish(name, s, "docx", FormatDOCX, meta)
	case FormatHTML:
		s, enc, meta, err := readHTML(name, data, charset)
		if err != nil {
			return Text{}, err
		}
		return d.finish(name, s, enc, FormatHTML, meta)
	}
	t, err := d.Decode(name, data)
	t.Format = FormatText
	if err != nil {
		t = Text{}
	}
	return t, err
}

// parseContentType is a Content-Type's media type and charset, lower
// case; a malformed one is none.
func parseContentType(ct string) (media, charset string) {
	if strings.TrimSpace(ct) == "" {
		return "", ""
	}
	media, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", ""
	}
	return strings.ToLower(media), strings.ToLower(strings.Trim(strings.TrimSpace(params["charset"]), `"'`))
}

// finish gives text extracted from a document the checks and the forms
// Decode gives a text file.
func (d Decoder) finish(name, s, enc, format string, meta Meta) (Text, error) {
	orig := clean(s)
	if blank(orig) {
		return Text{}, fail(name, ErrNoText, "the %s holds no text", strings.ToUpper(format))
	}
	if bad, runes := replacements(orig); bad*1000 > runes*MaxReplacementPermille {
		return Text{}, fail(name, ErrEncoding, "%d of %d characters (%.1f%%) are U+FFFD replacement characters", bad, runes, float64(bad)*100/float64(runes))
	}
	norm, trad := normalize(orig)
	return Text{Original: orig, Normalized: norm, Encoding: enc, Traditional: trad, Format: format, Meta: meta}, nil
}

// Sniff names the format of data: FormatPDF for the PDF signature in the
// first kilobyte (where readers look for it), FormatDOCX for a zip holding
// word/document.xml, FormatHTML for markup that opens like a page, else
// FormatText (which Decode may still refuse as binary).
func Sniff(name string, data []byte) string {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	if bytes.Contains(head, []byte("%PDF-")) {
		return FormatPDF
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) && zipHas(data, "word/document.xml") {
		return FormatDOCX
	}
	if looksHTML(data) {
		return FormatHTML
	}
	ext := strings.ToLower(filepath.Ext(name))
	if (ext == ".html" || ext == ".htm") && bytes.HasPrefix(bytes.TrimSpace(trimBOM(data)), []byte("<")) {
		return FormatHTML
	}
	return FormatText
}

func trimBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
}

// looksHTML: the file opens with markup (after a BOM, blank lines and
// comments) and names a page element early on. A report that quotes a
// tag in its text does not start with one.
func looksHTML(data []byte) bool {
	b := bytes.TrimLeft(trimBOM(data), " \t\r\n")
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	if len(b) > 4096 {
		b = b[:4096]
	}
	low := bytes.ToLower(b)
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta ", "<title"} {
		if bytes.Contains(low, []byte(tag)) {
			return true
		}
	}
	return false
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}
