package decode

import (
	"testing"
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
