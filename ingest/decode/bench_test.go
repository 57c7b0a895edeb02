package decode

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// benchText is about 1 MB of report-like text: mostly simplified prose with
// full-width digits and punctuation, a traditional paragraph every fourth
// one, and ASCII figures.
func benchText() string {
	paras := []string{
		"株洲市第十六届人民代表大会第二次会议期间，市人大代表积极履职，共提交建议２２８件，涉及落实“三高四新”战略定位和使命任务、发展实体经济、环境保护、民生改善等多方面。\n",
		"２０２３年全市地区生产总值增长５．２％，规模以上工业增加值增长6.8%，固定资产投资增长（初步核算）７．１％；城乡居民人均可支配收入分别增长５．１％和６．９％。\n",
		"政府工作报告指出：要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。\n",
		"記者從市人大常委會聯工委獲悉，這些建議涉及湘贛邊區域合作示範區建設、產業鏈供應鏈生態體系試點建設，以及專精特新企業的培育。\n",
	}
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		b.WriteString(paras[i%len(paras)])
	}
	return b.String()
}

func BenchmarkDecode(b *testing.B) {
	text := benchText()
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"utf-8", []byte(text)},
		{"gb18030", []byte(gb)},
		{"utf-16le", encode(b, le16BOM, text)},
		{"crlf", []byte(strings.ReplaceAll(text, "\n", "\r\n"))},
	} {
		b.Run(c.name, func(b *testing.B) {
			tables() // the one-off table load is not per-file work
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (Decoder{}).Decode("bench.txt", c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
