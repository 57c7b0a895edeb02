package decode

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// signatures are the formats people mistake for text when they collect
// reports: the original PDF or Word file, a scanned page, an archive.
// Checked before anything else, so that the error names the format instead
// of complaining about the encoding.
var signatures = []struct {
	magic string
	kind  string
}{
	{"%PDF-", "PDF"},
	{"\x89PNG\r\n\x1a\n", "PNG image"},
	{"\xff\xd8\xff", "JPEG image"},
	{"GIF87a", "GIF image"},
	{"GIF89a", "GIF image"},
	{"II*\x00", "TIFF image"},
	{"MM\x00*", "TIFF image"},
	{"PK\x03\x04", "ZIP archive (also DOCX/XLSX/PPTX/EPUB/ODT)"},
	{"PK\x05\x06", "ZIP archive (empty)"},
	{"PK\x07\x08", "ZIP archive (spanned)"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 compound file (DOC/XLS/PPT/WPS)"},
	{"\x1f\x8b", "GZIP"},
	{"BZh", "BZIP2"}, // checked further in signature
	{"\xfd7zXZ\x00", "XZ"},
	{"\x28\xb5\x2f\xfd", "Zstandard"},
	{"7z\xbc\xaf\x27\x1c", "7-Zip archive"},
	{"Rar!\x1a\x07", "RAR archive"},
	{"\x7fELF", "ELF executable"},
	{"{\\rtf", "RTF document"},
	{"SQLite format 3\x00", "SQLite database"},
}

// signature names the binary format data starts with, or returns "".
func signature(data []byte) string {
	for _, s := range signatures {
		if !bytes.HasPrefix(data, []byte(s.magic)) {
			continue
		}
		// "BZh" alone is a plausible start of a text; the block header that
		// follows it is not.
		if s.magic == "BZh" && !(len(data) >= 10 && data[3] >= '1' && data[3] <= '9' &&
			string(data[4:10]) == "\x31\x41\x59\x26\x53\x59") {
			continue
		}
		return s.kind
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "WEBP image"
	}
	return ""
}

// byteStats are counted in one pass over the input so that the UTF-16 and
// binary decisions cost nothing extra.
type byteStats struct {
	nulEven, nulOdd int // NUL bytes at even and odd offsets
	controls        int // C0 controls other than \t \n \r \f (NUL included), and DEL
}

func countBytes(data []byte) byteStats {
	var st byteStats
	for i, c := range data {
		if c >= 0x20 && c != 0x7f {
			continue
		}
		switch c {
		case 0:
			if i&1 == 0 {
				st.nulEven++
			} else {
				st.nulOdd++
			}
			st.controls++
		case '\t', '\n', '\r', '\f':
		default:
			st.controls++
		}
	}
	return st
}

// tooManyControls is the "high share of control characters" test: text has
// none beyond the odd stray byte, random or compressed data about 11%. The
// floor of 4 keeps a short note with a few stray bytes from failing.
func tooManyControls(controls, total int) bool {
	return controls >= 4 && controls*20 > total
}

// decodeBytes detects the encoding and returns data as a UTF-8 string that
// still has to be cleaned.
func decodeBytes(name string, data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		body := dropCutRune(data[3:])
		if bad := firstInvalidUTF8(body); bad >= 0 {
			return "", "", fail(name, ErrEncoding, "starts with a UTF-8 byte-order mark but byte %d is not valid UTF-8", bad+3)
		}
		if st := countBytes(body); tooManyControls(st.controls, len(body)) {
			return "", "", fail(name, ErrBinary, "%d control bytes in %d", st.controls, len(body))
		}
		return string(body), "utf-8-bom", nil
	case bytes.HasPrefix(data, []byte("\xff\xfe\x00\x00")), bytes.HasPrefix(data, []byte("\x00\x00\xfe\xff")):
		return "", "", fail(name, ErrEncoding, "UTF-32 byte-order mark; UTF-32 is not supported")
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return fromUTF16(name, data[2:], false, "utf-16le")
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return fromUTF16(name, data[2:], true, "utf-16be")
	}

	st := countBytes(data)
	nul := st.nulEven + st.nulOdd
	nulHeavy := nul >= 4 && nul*50 >= len(data) && (nul*4 >= len(data) || !utf8.Valid(data))
	// Chinese set in full-width punctuation has almost no NULs in UTF-16,
	// but its 、。， (U+3001, U+3002, U+FF0C) put control bytes 01 02 0C
	// in every sentence: invalid UTF-8 full of controls may still be UTF-16.
	if nulHeavy || tooManyControls(st.controls, len(data)) && !utf8.Valid(data) {
		// BOM-less UTF-16: its ASCII characters put their NUL byte on the
		// same side (CJK characters like 一 U+4E00 and 开 U+5F00 put a few
		// on the other). Chinese UTF-16 is never valid UTF-8, and English
		// UTF-16 is half NULs, which keeps valid UTF-8 with stray NULs out
		// of here: read as UTF-16, ASCII pairs would become CJK characters.
		//
		// The parity only orders the two guesses: text set in full-width
		// punctuation has few ASCII characters, and 一 (U+4E00) is common
		// enough in work reports to put a third of the NULs on the wrong
		// side. utf16Plausible rejects the wrong byte order, which turns
		// Chinese into scattered, mostly non-CJK code points.
		order := []bool{false, true} // little endian: NULs of ASCII at odd offsets
		if st.nulEven > st.nulOdd {
			order = []bool{true, false}
		}
		for _, be := range order {
			if s, ok := utf16Plausible(data, be); ok {
				enc := "utf-16le"
				if be {
					enc = "utf-16be"
				}
				return s, enc, nil
			}
		}
	}
	if tooManyControls(st.controls, len(data)) {
		return "", "", fail(name, ErrBinary, "%d NUL/control bytes in %d", st.controls, len(data))
	}

	if utf8.Valid(data) {
		return string(data), "utf-8", nil
	}
	if body := dropCutRune(data); len(body) < len(data) && utf8.Valid(body) {
		return string(body), "utf-8", nil
	}
	valid, bad, first := utf8Census(data)
	if valid >= bad {
		// GB18030 would accept most of these bytes and turn the whole file
		// into plausible-looking nonsense, so a clear refusal is safer.
		return "", "", fail(name, ErrEncoding,
			"mostly UTF-8, but %d bytes are not, the first at offset %d: damaged file or mixed encodings", bad, first)
	}
	gb, gbWhy := legacy(data, simplifiedchinese.GB18030)
	if gbWhy == "" {
		return gb, "gb18030", nil
	}
	// Only after GB18030 failed: GBK bytes are almost always valid Big5 too,
	// while Big5 read as GB18030 is full of kana and private-use characters.
	b5, b5Why := legacy(data, traditionalchinese.Big5)
	if b5Why == "" {
		return b5, "big5", nil
	}
	return "", "", fail(name, ErrEncoding,
		"not UTF-8 (first bad byte at offset %d); as GB18030 it %s; as Big5 it %s", first, gbWhy, b5Why)
}

// dropCutRune removes an incomplete UTF-8 sequence at the very end, which is
// what a file cut at a byte count looks like; the cut character is lost
// either way.
func dropCutRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < utf8.RuneSelf {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// firstInvalidUTF8 returns the offset of the first invalid byte, or -1.
func firstInvalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// utf8Census counts valid multi-byte sequences and invalid bytes. Real GBK
// text forms a valid UTF-8 sequence only by accident (a few percent of its
// characters); damaged UTF-8 is nearly all valid sequences.
func utf8Census(b []byte) (valid, bad, first int) {
	first = -1
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if first < 0 {
				first = i
			}
			bad++
		} else {
			valid++
		}
		i += size
	}
	return valid, bad, first
}

// fromUTF16 decodes UTF-16 that came with a BOM; the BOM settles the
// encoding, so only content problems are reported.
func fromUTF16(name string, data []byte, be bool, enc string) (string, string, error) {
	s, st := utf16ToString(data, be)
	if st.replaced > 1+st.runes/1000 {
		return "", "", fail(name, ErrEncoding, "%s byte-order mark, but %d of %d characters are broken surrogate pairs", enc, st.replaced, st.runes)
	}
	if tooManyControls(st.controls, st.runes) {
		return "", "", fail(name, ErrBinary, "%s byte-order mark, but %d of %d characters are NUL/control characters", enc, st.controls, st.runes)
	}
	return s, enc, nil
}

type runeStats struct {
	runes, replaced, controls, implausible int
}

func utf16ToString(data []byte, be bool) (string, runeStats) {
	var st runeStats
	unit := func(i int) rune {
		if be {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	var b strings.Builder
	b.Grow(len(data) * 3 / 2)
	n := len(data) &^ 1 // an odd last byte is half a character cut off
	for i := 0; i < n; i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) {
			high := r < 0xdc00
			if high && i+2 >= n {
				break // the second half of the pair was cut off
			}
			r = utf8.RuneError // unpaired
			if high {
				if r2 := unit(i + 2); r2 >= 0xdc00 && r2 <= 0xdfff {
					r = utf16.DecodeRune(unit(i), r2)
					i += 2
				}
			}
		}
		st.add(r)
		b.WriteRune(r)
	}
	return b.String(), st
}

func (st *runeStats) add(r rune) {
	st.runes++
	switch {
	case r == utf8.RuneError:
		st.replaced++
	case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f', r == 0x7f:
		st.controls++
	}
	if !plausible(r) {
		st.implausible++
	}
}

// utf16Plausible decodes BOM-less UTF-16 and accepts it only if it reads
// like Chinese text: the NUL-parity hint alone is too weak.
func utf16Plausible(data []byte, be bool) (string, bool) {
	s, st := utf16ToString(data, be)
	return s, st.runes > 0 && st.replaced <= st.runes/1000 && st.controls*100 <= st.runes &&
		st.implausible*20 <= st.runes
}

// legacy decodes data with a legacy Chinese encoding and returns why the
// result is not believable, or "" if it is.
func legacy(data []byte, enc encoding.Encoding) (string, string) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", "fails to decode: " + err.Error()
	}
	var st runeStats
	for i := 0; i < len(out); {
		if out[i] < utf8.RuneSelf {
			st.add(rune(out[i]))
			i++
			continue
		}
		r, size := utf8.DecodeRune(out[i:])
		st.add(r)
		i += size
	}
	switch {
	case st.replaced > 1+st.runes/1000:
		return "", fmt.Sprintf("has %d undecodable byte sequences", st.replaced)
	case st.implausible*10 > st.runes:
		return "", fmt.Sprintf("gives %d of %d characters outside CJK, ASCII and common punctuation", st.implausible, st.runes)
	}
	return string(out), ""
}

// plausible reports whether r is something a Chinese report plausibly
// contains. Mis-decoded bytes land on kana, Hangul, private-use and other
// scripts far more often than real text does.
func plausible(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 0x20 && r != 0x7f || r == '\t' || r == '\n' || r == '\r' || r == '\f'
	case r < 0x300:
		// Latin-1 and spacing modifiers that GB2312 has: ° ± · × ÷ § ¨ ˇ ˉ ˊ ˋ
		return r == 0xa0 || r == 0xa7 || r == 0xa8 || r == 0xb0 || r == 0xb1 ||
			r == 0xb7 || r == 0xd7 || r == 0xf7 || r >= 0x2c6 && r <= 0x2dd
	}
	for _, rg := range plausibleRanges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

var plausibleRanges = [][2]rune{
	{0x4e00, 0x9fff},   // CJK unified ideographs, first as the most frequent
	{0x3000, 0x303f},   // CJK symbols and punctuation
	{0xff01, 0xffe6},   // full- and half-width forms
	{0x2000, 0x206f},   // general punctuation: “”‘’—…
	{0x3400, 0x4dbf},   // extension A
	{0x2100, 0x22ff},   // letterlike, number forms (Ⅰ Ⅱ ℃), arrows, maths
	{0x2460, 0x24ff},   // ①②③
	{0x2500, 0x26ff},   // box drawing, shapes ■□▲○●, ★☆
	{0x3200, 0x33ff},   // ㈠㈡, ㎡
	{0xf900, 0xfaff},   // CJK compatibility ideographs
	{0xfe30, 0xfe4f},   // vertical forms
	{0x20000, 0x3134f}, // extensions B–G
}
