package ingest

import (
	"reflect"
	"strings"
	"testing"
)

// TestTurns reads a page's transcript turns: labels with a colon that open
// paragraphs, only where an interviewer's turn and an answer both occur; a
// turn runs over the paragraphs that follow it.
func TestTurns(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string // label, asks, the turn's text
	}{
		{
			name: "interviewer and a named answerer, an answer over two paragraphs",
			text: "全国人大代表黄丽娟接受专访。\n记者：您关注什么？\n黄丽娟：乡村振兴。\n还有县域经济。\n记者：谢谢。",
			want: []string{"记者 asks 您关注什么?", "黄丽娟 answers 乡村振兴。\n还有县域经济。", "记者 asks 谢谢。"},
		},
		{
			name: "问 and 答",
			text: "专访李明\n问：您关注什么？\n答：乡村振兴。",
			want: []string{"问 asks 您关注什么?", "答 answers 乡村振兴。"},
		},
		{
			name: "labels with no interviewer are no transcript",
			text: "分组讨论现场\n李四委员：加快推进城市数字化转型。\n王五：建设数字政府。",
			want: nil,
		},
		{
			name: "a clause before a colon is no label",
			text: "记者：会议怎么说？\n会议强调，要做好三件事：一是稳就业。\n黄丽娟：好。",
			want: []string{"记者 asks 会议怎么说?\n会议强调,要做好三件事:一是稳就业。", "黄丽娟 answers 好。"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := docOf(t, c.text)
			var got []string
			for _, tn := range d.Turns {
				role := "answers"
				if tn.Asks {
					role = "asks"
				}
				got = append(got, tn.Label+" "+role+" "+strings.TrimSpace(d.Text(tn.Text)))
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
