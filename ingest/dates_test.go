package ingest

import (
	"testing"

	"github.com/policygraph/policygraph/ingest/decode"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

func TestSessionYear(t *testing.T) {
	cases := map[string]int{
		"出席第十四届全国人民代表大会第四次会议":            2026,
		"十四届全国人大三次会议期间":                  2025,
		"十二届全国人大五次会议":                    2017,
		"全国政协十四届二次会议开幕":                  2024,
		"十三届全国政协一次会议":                    2018,
		"中国人民政治协商会议第十四届全国委员会第四次会议":       2026,
		"全国政协第十三届委员会第五次会议":               2022,
		"市十六届人大三次会议":                     0, // a local congress: no known year
		"省十四届人大四次会议、省政协十三届四次会议":          0,
		"十四届全国人大四次会议和十四届全国人大三次会议的建议办理情况": 0, // two years: no cue
		"今年全国两会":                         0,
	}
	for text, want := range cases {
		if got := sessionYear(text); got != want {
			t.Errorf("sessionYear(%q) = %d, want %d", text, got, want)
		}
	}
}

// TestInferDate: a day in the lead and a national session's year give a
// date; either alone gives none, and neither does a late-year day.
func TestInferDate(t *testing.T) {
	cases := []struct {
		text, want string
	}{
		{"赴京参会\n\n本报讯（记者 林存正）3月3日，出席第十四届全国人民代表大会第四次会议的代表启程赴京。\n", "2026-03-03"},
		{"代表建议\n\n3月5日至11日，十四届全国人大三次会议在京召开，代表们提出建议。\n", "2025-03-05"},
		{"代表建议\n\n3月5日，代表们在驻地认真审议政府工作报告，提出建议。\n", ""},         // no year
		{"代表建议\n\n出席十四届全国人大四次会议的代表在驻地认真审议政府工作报告，提出建议。\n", ""}, // no day
		{"代表建议\n\n12月26日，代表们为十四届全国人大四次会议作准备，开展调研。\n", ""},     // after June: ambiguous
		{"代表建议\n\n1月13日，市十六届人大三次会议开幕，代表们认真审议政府工作报告。\n", ""},   // local session
	}
	seg, err := DefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExtractor(seg)
	sp := ArticleSplitter{Lex: lexicon.Default()}
	for _, c := range cases {
		txt, err := decode.Decoder{}.Decode("t.txt", []byte(c.text))
		if err != nil {
			t.Fatal(err)
		}
		page := LayoutRepairer{}.Repair(txt)
		layout, page := sp.Split(page)
		x := ex.Extract(page, layout)
		if got := inferDate(page, x); got != c.want {
			t.Errorf("%q: %q, want %q", c.text, got, c.want)
		}
	}
}
