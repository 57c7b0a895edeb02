package decode

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultMaxBytes is the size limit used when Decoder.MaxBytes is zero or
// negative: a newspaper report is a few kilobytes, so anything this big is a
// wrong file or a whole dump that should be split.
const DefaultMaxBytes = 16 << 20

// Sentinel errors, for errors.Is. Decode returns them wrapped in an *Error
// whose message names the file, says what exactly was wrong and how to fix it.
var (
	ErrEmpty    = errors.New("empty file")
	ErrBinary   = errors.New("binary file, not text")
	ErrTooLarge = errors.New("file too large")
	ErrEncoding = errors.New("unknown or broken text encoding")
)

// Error is the error Decode returns. Unwrap gives one of the sentinels.
type Error struct {
	Name   string // the name passed to Decode
	Err    error  // ErrEmpty, ErrBinary, ErrTooLarge or ErrEncoding
	Detail string // what exactly was found, e.g. "PNG image signature"
}

func (e *Error) Error() string {
	name := e.Name
	if name == "" {
		name = "input"
	}
	return name + ": " + e.Err.Error() + " (" + e.Detail + "); " + hint(e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// hint is the fix, so that whoever sees the message in a log knows what to do
// without reading this package.
func hint(err error) string {
	switch err {
	case ErrEmpty:
		return "nothing to ingest: check the export that produced it, or drop the file"
	case ErrBinary:
		return "save it as text, HTML, DOCX or a PDF with a text layer, which Read reads"
	case ErrTooLarge:
		return "split it into one file per report, or raise --max-file-size (POLICYGRAPH_MAX_FILE_SIZE)"
	case ErrCorrupt:
		return "the file is damaged or cut short: get it again, or open and re-save it in the program that made it"
	case ErrNoText:
		return "nothing to ingest: save the page or document with its text (a scanned PDF needs OCR first), or drop the file"
	case ErrEncrypted:
		return "save an unprotected copy (remove the password) and ingest that"
	case ErrNoReader:
		return "install poppler-utils (apt-get install poppler-utils), or convert the PDF to text first"
	default:
		return "re-save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8, or your editor's \"save with encoding\")"
	}
}

func fail(name string, err error, format string, args ...any) error {
	return &Error{Name: name, Err: err, Detail: fmt.Sprintf(format, args...)}
}

// Decoder turns file contents into Text. The zero value is ready to use and
// safe for concurrent use.
type Decoder struct {
	// MaxBytes refuses larger inputs with ErrTooLarge; zero or negative means
	// DefaultMaxBytes.
	MaxBytes int64
}

// Limit is the size limit in effect, so callers can refuse a file before
// reading it.
func (d Decoder) Limit() int64 {
	if d.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return d.MaxBytes
}

// Text is a decoded file.
type Text struct {
	// Original is the text as printed (traditional characters and full-width
	// forms kept), valid UTF-8, without U+FEFF, NUL and other control
	// characters except \t and \n, with \n line endings. Quote and report
	// offsets from this.
	Original string
	// Normalized is Original folded for matching: traditional→simplified and
	// full-width→half-width, one rune for one rune. It always has the same
	// number of runes as Original, and []rune(Normalized)[i] stands for
	// []rune(Original)[i].
	Normalized string
	// Encoding is what the bytes were: "utf-8", "utf-8-bom", "utf-16le",
	// "utf-16be", "gb18030" (also GBK and GB2312 files) or "big5".
	Encoding string
	// Traditional reports that the text is mostly in traditional characters.
	Traditional bool
	// Format is what Read found the file to be: FormatText, FormatHTML,
	// FormatDOCX or FormatPDF (empty from Decode).
	Format string
	// Meta is what the file says about itself (HTML pages).
	Meta Meta
}

// Decode decodes data, the contents of the file called name (used only in
// error messages). It never panics; on error the Text is zero and the error
// is an *Error wrapping one of the sentinel errors.
func (d Decoder) Decode(name string, data []byte) (Text, error) {
	limit := d.Limit()
	if int64(len(data)) > limit {
		return Text{}, fail(name, ErrTooLarge, "%d bytes, limit %d", len(data), limit)
	}
	if len(data) == 0 {
		return Text{}, fail(name, ErrEmpty, "0 bytes")
	}
	if kind := signature(data); kind != "" {
		return Text{}, fail(name, ErrBinary, "%s signature", kind)
	}
	s, enc, err := decodeBytes(name, data)
	if err != nil {
		return Text{}, err
	}
	orig := clean(s)
	if blank(orig) {
		return Text{}, fail(name, ErrEmpty, "only whitespace or invisible characters in %d bytes", len(data))
	}
	if bad, runes := replacements(orig); bad*1000 > runes*MaxReplacementPermille {
		return Text{}, fail(name, ErrEncoding, "%d of %d characters (%.1f%%) are U+FFFD replacement characters, left where an earlier conversion lost the original ones; at most %.1f%% are accepted, so find the original file",
			bad, runes, float64(bad)*100/float64(runes), float64(MaxReplacementPermille)/10)
	}
	norm, trad := normalize(orig)
	return Text{Original: orig, Normalized: norm, Encoding: enc, Traditional: trad}, nil
}

// MaxReplacementPermille is the share of U+FFFD (in thousandths of the
// characters) above which a text is refused: a few stand for characters
// that got lost on the way, but past that names and numbers are missing
// too, and the graph would quote sentences nobody printed.
const MaxReplacementPermille = 5

// replacements counts U+FFFD and all runes. The decoders leave U+FFFD for
// what they could not decode (within their own, stricter limits), and
// UTF-8 files carry them from an earlier lossy conversion.
func replacements(s string) (bad, runes int) {
	if !strings.Contains(s, "\uFFFD") {
		return 0, 1
	}
	for _, r := range s {
		runes++
		if r == utf8.RuneError {
			bad++
		}
	}
	return bad, runes
}

// clean removes what no later stage should ever see and unifies line
// endings. It returns s itself when there is nothing to do, which is the
// common case and saves a copy of the whole file.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\r':
				b.WriteByte('\n')
				if i < len(s) && s[i] == '\n' {
					i++
				}
			case c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f):
				b.WriteByte(c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '\uFEFF' && !(r >= 0x80 && r <= 0x9f) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if !cleanSuspect[s[i]] {
			continue
		}
		switch c := s[i]; {
		case c == 0xef:
			if strings.HasPrefix(s[i:], "\uFEFF") {
				return true
			}
		case c == 0xc2:
			if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f { // C1 control
				return true
			}
		default:
			return true
		}
	}
	return false
}

// cleanSuspect marks the bytes that may start something clean removes: C0
// controls but \t and \n, DEL, and the lead bytes of U+FEFF and of C1
// controls. A table keeps the scan of a clean file (the usual case) cheap.
var cleanSuspect = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\n' && c != '\t'
	}
	t[0x7f], t[0xef], t[0xc2] = true, true, true
	return t
}()

// blank reports whether s has nothing a reader would see.
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !(r >= '\u200B' && r <= '\u200D') && r != '\u2060' {
			return false
		}
	}
	return true
}
