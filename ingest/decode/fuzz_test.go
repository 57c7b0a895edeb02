package decode

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"unicode/utf8"
)

func FuzzDecode(f *testing.F) {
	f.Add([]byte(simp))
	f.Add([]byte(trad))
	f.Add([]byte("\uFEFF" + trad))
	f.Add(encode(f, le16BOM, trad))
	f.Add(encode(f, be16, simp))
	f.Add([]byte("乾隆年間，天氣乾燥；反覆思量後答覆。２０２４ＡＢＣ\u3000"))
	f.Add([]byte("第一行\r\n第二\x00行\r第三行\uFEFF。\x01\x7f\u0085"))
	f.Add([]byte("%PDF-1.7\n"))
	f.Add([]byte("\xff\xfe\x00\x00"))
	f.Add([]byte("\xff\xfe\x00\xd8"))
	f.Add([]byte("中文\xe4\xb8"))
	f.Add([]byte{0x81, 0x30, 0x81, 0x30, 0xd6, 0xd0})
	f.Add(randomBytes(64, 9))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Decoder{MaxBytes: 1 << 20}.Decode("fuzz.txt", data)
		checkInvariants(t, data, got, err)
	})
}

// FuzzRead: any bytes, as any format, give text or an *Error, never a
// panic. The seeds are the HTML and DOCX fixtures (PDFs would run
// pdftotext on every input).
func FuzzRead(f *testing.F) {
	for _, name := range []string{"zhuzhou_epaper_gbk.html", "xiangtan_portal.html", "hengyang_gov_gbk.html", "hengyang_fangtan.docx", "xiangtan_table.docx"} {
		if b, err := os.ReadFile(formats + name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<html><body><p>株洲</p>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
			return
		}
		got, err := Decoder{MaxBytes: 1 << 20}.Read("fuzz.html", data)
		var de *Error
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("%T %v", err, err)
		}
		if err == nil && !utf8.ValidString(got.Original) {
			t.Fatal("invalid UTF-8")
		}
	})
}
