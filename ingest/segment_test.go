package ingest

import (
	"reflect"
	"testing"
)

// TestSentences cuts paragraphs into sentences: at their end marks, with
// the closing quotation mark kept, but not inside a title or a short
// quotation that goes on after the mark.
func TestSentences(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"end marks", "第一句。第二句！第三句？", []string{"第一句。", "第二句!", "第三句?"}},
		{"a short quotation goes on after its mark", "开展“你好！重庆”等品牌推介。落地联盟总部。", []string{"开展“你好!重庆”等品牌推介。", "落地联盟总部。"}},
		{"speech closing on its mark", "“加油！”他说。", []string{"“加油!”", "他说。"}},
		{"speech going on into another sentence", "“加油！明年更好。”他说。", []string{"“加油!", "明年更好。”", "他说。"}},
		{"a title", "《奋斗吧！少年》热播。", []string{"《奋斗吧!少年》热播。"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := page(t, c.text)
			var got []string
			for _, s := range sentences(p, Span{0, len(p.Norm)}) {
				got = append(got, p.Text(s))
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
