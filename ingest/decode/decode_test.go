package decode

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding test input: %v", err)
	}
	return b
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

const (
	simp = "关于2024年政府工作报告的决议\n株洲市第十六届人民代表大会第二次会议听取和审议了市长所作的政府工作报告。\n"
	trad = "株洲市人大代表共提交228件建議\n記者從市人大常委會聯工委獲悉，建議涉及發展實體經濟、環境保護、民生改善等多方面。\n"
)

var (
	le16    = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	be16    = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	le16BOM = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	be16BOM = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
)

// fullWidth is work-report prose: full-width punctuation, no ASCII at all.
const fullWidth = "（一）立足壮大实体经济，建设现代化产业体系。一要加快传统产业提质升级，推进冶金、化工、有色、建材等产业数智化转型。二要培育壮大新兴产业和未来产业，有序发展低空经济。三要促进服务业优质高效发展，实施服务业扩能提质行动。\n"

var fullWidthFolded = strings.NewReplacer("（", "(", "）", ")", "，", ",").Replace(fullWidth)

func TestDecode(t *testing.T) {
	type want struct {
		orig, norm string // norm "" means same as orig
		enc        string
		trad       bool
		err        error
		detail     string // substring of the error message
	}
	cases := []struct {
		name string
		data []byte
		max  int64
		want want
	}{
		{"utf8.txt", []byte(simp), 0, want{orig: simp, enc: "utf-8"}},
		{"utf8-bom.txt", []byte("\uFEFF" + simp), 0, want{orig: simp, enc: "utf-8-bom"}},
		{"gbk.txt", encode(t, simplifiedchinese.GBK, simp), 0, want{orig: simp, enc: "gb18030"}},
		{"gb18030-4byte.txt", encode(t, simplifiedchinese.GB18030, "南汉刘䶮与𠀾字都在GB18030里。\n"), 0,
			want{orig: "南汉刘䶮与𠀾字都在GB18030里。\n", enc: "gb18030"}},
		{"gbk-trad.txt", encode(t, simplifiedchinese.GBK, trad), 0,
			want{orig: trad, norm: "株洲市人大代表共提交228件建议\n记者从市人大常委会联工委获悉,建议涉及发展实体经济、环境保护、民生改善等多方面。\n",
				enc: "gb18030", trad: true}},
		{"big5.txt", encode(t, traditionalchinese.Big5, trad), 0,
			want{orig: trad, norm: "株洲市人大代表共提交228件建议\n记者从市人大常委会联工委获悉,建议涉及发展实体经济、环境保护、民生改善等多方面。\n",
				enc: "big5", trad: true}},
		{"utf16le-bom.txt", encode(t, le16BOM, simp), 0, want{orig: simp, enc: "utf-16le"}},
		{"utf16be-bom.txt", encode(t, be16BOM, simp), 0, want{orig: simp, enc: "utf-16be"}},
		{"utf16le-nobom.txt", encode(t, le16, simp), 0, want{orig: simp, enc: "utf-16le"}},
		{"utf16be-nobom.txt", encode(t, be16, simp), 0, want{orig: simp, enc: "utf-16be"}},
		// Full-width punctuation and no ASCII: hardly a NUL byte, but the
		// low bytes of 、。， are control bytes.
		{"utf16le-fullwidth.txt", encode(t, le16, fullWidth), 0, want{orig: fullWidth, norm: fullWidthFolded, enc: "utf-16le"}},
		{"utf16be-fullwidth.txt", encode(t, be16, fullWidth), 0, want{orig: fullWidth, norm: fullWidthFolded, enc: "utf-16be"}},
		{"utf16le-odd.txt", append(encode(t, le16BOM, "第一条\n"), 0x41), 0, want{orig: "第一条\n", enc: "utf-16le"}},
		{"headline-trad.txt", []byte("株洲市人大代表共提交228件建議"), 0,
			want{orig: "株洲市人大代表共提交228件建議", norm: "株洲市人大代表共提交228件建议", enc: "utf-8", trad: true}},
		{"phrases.txt", []byte("乾隆年間，天氣乾燥；反覆思量後答覆。"), 0,
			want{orig: "乾隆年間，天氣乾燥；反覆思量後答覆。", norm: "乾隆年间,天气干燥;反复思量后答复。", enc: "utf-8", trad: true}},
		{"fullwidth.txt", []byte("２０２４年ＧＤＰ增长５．２％，总额１３４万亿元（初步核算）：好！对？是；\u3000“三高四新”、《报告》—￥１"), 0,
			want{orig: "２０２４年ＧＤＰ增长５．２％，总额１３４万亿元（初步核算）：好！对？是；\u3000“三高四新”、《报告》—￥１",
				norm: "2024年GDP增长5.2%,总额134万亿元(初步核算):好!对?是; “三高四新”、《报告》—¥1", enc: "utf-8"}},
		{"controls.txt", []byte("第一行\r\n第二\x00行\r第三行\uFEFF。\x01\x7f\u0085\t末\r\n"), 0,
			want{orig: "第一行\n第二行\n第三行。\t末\n", enc: "utf-8"}},
		{"cut-rune.txt", []byte("政府工作报告")[:len("政府工作报告")-1], 0, want{orig: "政府工作报", enc: "utf-8"}},
		{"simplified-with-keepers.txt", []byte("著名学者覆盖全市，乾隆年间"), 0,
			want{orig: "著名学者覆盖全市，乾隆年间", norm: "著名学者覆盖全市,乾隆年间", enc: "utf-8"}},

		{"empty.txt", nil, 0, want{err: ErrEmpty, detail: "0 bytes"}},
		{"blank.txt", []byte(" \t\r\n\u3000\u00a0\uFEFF\u200b\n"), 0, want{err: ErrEmpty, detail: "only whitespace"}},
		{"bom-only.txt", []byte("\uFEFF"), 0, want{err: ErrEmpty}},
		{"big.txt", []byte(simp), 10, want{err: ErrTooLarge, detail: "limit 10"}},
		{"a.png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), randomBytes(64, 1)...), 0, want{err: ErrBinary, detail: "PNG image signature"}},
		{"a.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), 0, want{err: ErrBinary, detail: "PDF signature"}},
		{"a.jpg", append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), randomBytes(64, 2)...), 0, want{err: ErrBinary, detail: "JPEG"}},
		{"a.docx", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), 0, want{err: ErrBinary, detail: "DOCX"}},
		{"a.doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), 0, want{err: ErrBinary, detail: "OLE2"}},
		{"a.gz", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), 0, want{err: ErrBinary, detail: "GZIP"}},
		{"a.out", []byte("\x7fELF\x02\x01\x01\x00"), 0, want{err: ErrBinary, detail: "ELF"}},
		{"random.bin", randomBytes(4096, 3), 0, want{err: ErrBinary, detail: "control bytes"}},
		{"controls.bin", []byte("abc\x01\x02\x03\x04\x05def"), 0, want{err: ErrBinary}},
		{"utf16-binary.bin", append([]byte{0xff, 0xfe}, randomBytes(512, 4)...), 0, want{err: ErrEncoding, detail: "utf-16le"}},
		{"utf32.txt", []byte("\xff\xfe\x00\x00\x2d\x4e\x00\x00"), 0, want{err: ErrEncoding, detail: "UTF-32"}},
		{"damaged-utf8.txt", []byte(strings.Repeat("政府工作报告", 20) + "\xff\xfe" + simp), 0,
			want{err: ErrEncoding, detail: "mostly UTF-8, but 2 bytes are not, the first at offset 360"}},
		{"bad-bom.txt", []byte("\uFEFF中文\xff"), 0, want{err: ErrEncoding, detail: "byte-order mark"}},
		{"latin1.txt", []byte("Caf\xe9 na\xefve r\xe9sum\xe9 \xe0 la cr\xe8me br\xfbl\xe9e"), 0, want{err: ErrEncoding, detail: "as GB18030"}},
		{"high-bytes.bin", bytes.Repeat([]byte{0x80, 0xff, 0xc1}, 50), 0, want{err: ErrEncoding}},
		// U+FFFD is what an earlier lossy conversion leaves: 0.5% of the
		// characters pass, more is refused.
		{"fffd-0.5pct.txt", withReplacements(1000, 5), 0, want{orig: string(withReplacements(1000, 5)), enc: "utf-8"}},
		{"fffd-0.6pct.txt", withReplacements(1000, 6), 0, want{err: ErrEncoding, detail: "6 of 1000 characters (0.6%) are U+FFFD"}},
		{"fffd-1pct.txt", withReplacements(2000, 20), 0, want{err: ErrEncoding, detail: "20 of 2000 characters (1.0%) are U+FFFD"}},
		{"fffd-5pct.txt", withReplacements(2000, 100), 0, want{err: ErrEncoding, detail: "(5.0%) are U+FFFD"}},
		{"fffd-gb18030.txt", encode(t, simplifiedchinese.GB18030, strings.Repeat(simp, 3)+"\uFFFD\uFFFD"), 0,
			want{err: ErrEncoding, detail: "as GB18030 it has 2 undecodable byte sequences"}},
		{"fffd-utf16.txt", encode(t, le16BOM, strings.Repeat("政府工作报告", 30)+strings.Repeat("\uFFFD", 2)), 0,
			want{err: ErrEncoding, detail: "2 of 182 characters are broken surrogate pairs"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Decoder{MaxBytes: c.max}.Decode(c.name, c.data)
			checkInvariants(t, c.data, got, err)
			if c.want.err != nil {
				if !errors.Is(err, c.want.err) {
					t.Fatalf("err = %v, want %v", err, c.want.err)
				}
				msg := err.Error()
				if !strings.HasPrefix(msg, c.name+": ") || !strings.Contains(msg, c.want.detail) || !strings.Contains(msg, hint(c.want.err)) {
					t.Errorf("message %q: want the file name, %q and the fix", msg, c.want.detail)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			norm := c.want.norm
			if norm == "" {
				norm = c.want.orig
			}
			if got.Original != c.want.orig {
				t.Errorf("Original = %q, want %q", got.Original, c.want.orig)
			}
			if got.Normalized != norm {
				t.Errorf("Normalized = %q, want %q", got.Normalized, norm)
			}
			if got.Encoding != c.want.enc || got.Traditional != c.want.trad {
				t.Errorf("Encoding, Traditional = %q, %v; want %q, %v", got.Encoding, got.Traditional, c.want.enc, c.want.trad)
			}
		})
	}
}

// withReplacements is a text of n characters, bad of them U+FFFD spread
// evenly.
func withReplacements(n, bad int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if bad > 0 && i%(n/bad) == n/bad-1 && strings.Count(b.String(), "\uFFFD") < bad {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString("政")
		}
	}
	return []byte(b.String())
}

// checkInvariants holds for every input; the fuzz test relies on it too.
func checkInvariants(t testing.TB, data []byte, got Text, err error) {
	t.Helper()
	if err != nil {
		var de *Error
		if !errors.As(err, &de) {
			t.Fatalf("error %v is not an *Error", err)
		}
		if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrEncoding) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
		if got != (Text{}) {
			t.Fatalf("non-zero Text with error: %+v", got)
		}
		return
	}
	if !utf8.ValidString(got.Original) || !utf8.ValidString(got.Normalized) {
		t.Fatalf("invalid UTF-8 output for %q", data)
	}
	o, n := []rune(got.Original), []rune(got.Normalized)
	if len(o) != len(n) {
		t.Fatalf("rune counts differ: Original %d, Normalized %d", len(o), len(n))
	}
	for i, r := range o {
		switch {
		case r == '\uFEFF' || r == 0x7f || r < 0x20 && r != '\n' && r != '\t' || r >= 0x80 && r <= 0x9f:
			t.Fatalf("Original keeps control/BOM %U at rune %d", r, i)
		case r < 0x80 && n[i] != r:
			t.Fatalf("ASCII %q at rune %d became %q in Normalized", r, i, n[i])
		case r != n[i] && fold(r) != n[i] && !isHan(r):
			t.Fatalf("non-Han %q at rune %d became %q, not its width fold", r, i, n[i])
		}
	}
	if blank(got.Original) {
		t.Fatalf("blank text accepted")
	}
	switch got.Encoding {
	case "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030", "big5":
	default:
		t.Fatalf("Encoding %q", got.Encoding)
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := Decoder{}.Decode("a.pdf", []byte("%PDF-1.4\n"))
	want := "a.pdf: binary file, not text (PDF signature); save it as text, HTML, DOCX or a PDF with a text layer, which Read reads"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	_, err = Decoder{}.Decode("", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "input: empty file (0 bytes)") {
		t.Errorf("unnamed input: %v", err)
	}
}

// TestMaxBytesBeforeWork makes sure an oversized file is refused by size
// alone, whatever it contains.
func TestMaxBytesBeforeWork(t *testing.T) {
	_, err := Decoder{}.Decode("huge.bin", make([]byte, DefaultMaxBytes+1))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if _, err := (Decoder{}).Decode("ok.txt", append(bytes.Repeat([]byte("a"), DefaultMaxBytes-1), '\n')); err != nil {
		t.Fatalf("file at the limit: %v", err)
	}
}

// TestStrayNULs: a few NULs (in any parity pattern) in UTF-8 text are
// debris to strip, not a reason to read the file as UTF-16 or refuse it.
func TestStrayNULs(t *testing.T) {
	for _, in := range []string{
		"hello world, this is plain ASCII\x00 text\n",
		"ab\x00cd\x00ef\x00gh\x00ij\x00kl\x00mn\x00op\x00" + strings.Repeat("plain ascii text ", 30),
		strings.Repeat("政府工作报告\x00", 4) + strings.Repeat("政府工作报告", 60),
	} {
		got, err := Decoder{}.Decode("nul.txt", []byte(in))
		checkInvariants(t, []byte(in), got, err)
		if err != nil || got.Encoding != "utf-8" || got.Original != strings.ReplaceAll(in, "\x00", "") {
			t.Errorf("%q: got %q %q %v", in, got.Original, got.Encoding, err)
		}
	}
}

// TestGBKNotValidUTF8 guards the census rule that sends GBK to GB18030: real
// GBK text only rarely forms valid UTF-8 sequences.
func TestGBKNotValidUTF8(t *testing.T) {
	data := encode(t, simplifiedchinese.GBK, strings.Repeat(simp+trad, 20))
	valid, bad, _ := utf8Census(data)
	if valid*4 > bad {
		t.Errorf("GBK text: %d valid UTF-8 sequences, %d bad bytes; the 1:1 cut-off is too close", valid, bad)
	}
}
