package ingest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/ingest/decode"
)

func page(t *testing.T, text string) *Page {
	t.Helper()
	d, err := decode.Decoder{}.Decode("t.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return LayoutRepairer{}.Repair(d)
}

func paras(p *Page) []string {
	var out []string
	for _, s := range p.Paras {
		out = append(out, p.Quote(s))
	}
	return out
}

func TestLayoutRepair(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"mid-word column break", "以蓝天常驻、碧水长\n\n流、净土永续为目标,协同推进降碳。", []string{"以蓝天常驻、碧水长流、净土永续为目标,协同推进降碳。"}},
		{"break after an enumeration comma", "为此,成都、重\n\n庆、连云港等地正在探索。", []string{"为此,成都、重庆、连云港等地正在探索。"}},
		{"headline with a title chain then body", "市人大代表、某公司总经理张立新 加快发展低空经济\n\n张立新建议,加快建设通用机场。", []string{"市人大代表、某公司总经理张立新 加快发展低空经济", "张立新建议,加快建设通用机场。"}},
		{"question split mid-word", "如何抢抓战略机遇,让百姓看病就\n\n医更有温度?\n\n这是关键。", []string{"如何抢抓战略机遇,让百姓看病就医更有温度?", "这是关键。"}},
		{"complete paragraphs stay apart", "第一段话说完了。\n\n第二段开始。", []string{"第一段话说完了。", "第二段开始。"}},
		{"headline after a broken column is not joined", "其次要强化人才支撑,也要拿出更有\n\n市人大代表、某某学校校长张三 推行新模式\n\n某某日报全媒体记者/李四\n\n正文。",
			[]string{"其次要强化人才支撑,也要拿出更有", "市人大代表、某某学校校长张三 推行新模式", "某某日报全媒体记者/李四", "正文。"}},
		{"speaker label is not joined", "周斌周斌:\n信息化履职实现高效联动\n正文开始。", []string{"周斌周斌:", "信息化履职实现高效联动", "正文开始。"}},
		{"a transcript's turn label opens its own paragraph", "专访全国政协委员李明\n问:您关注什么?\n答:乡村振兴。", []string{"专访全国政协委员李明", "问:您关注什么?", "答:乡村振兴。"}},
		{"furniture and blank lines dropped", "图片\n\n  \n\u3000正文。\n图片", []string{"正文。"}},
		{"CRLF", "甲段,未完\r\n乙段结束。\r\n", []string{"甲段,未完乙段结束。"}},
		{"anti-scraping junk inside and after a line", "记者采访了市长,来看看咋说的。( l8 f, \\' ^* _& h$ \\\n. Q1 I3 i1 J  q0 W' S3 v- u  一问:成绩如何?",
			[]string{"记者采访了市长,来看看咋说的。", "一问:成绩如何?"}},
		{"a junk line ends a paragraph", "两会即将落下帷幕,记者三问市长\n& H$ S1 a! M: Q\n两会即将落下帷幕,记者三问市长",
			[]string{"两会即将落下帷幕,记者三问市长", "两会即将落下帷幕,记者三问市长"}},
		{"widget leftovers dropped", "正文开始,\na\n0 0\n继续正文。", []string{"正文开始,继续正文。"}},
		{"roster entries stay lines", "刘　洋（女，回族）　某镇某村党支部书记、村委会主任\n孙志强，某县人民医院院长\n李建华:某某股份有限公司董事长",
			[]string{"刘\u3000洋（女，回族）\u3000某镇某村党支部书记、村委会主任", "孙志强，某县人民医院院长", "李建华:某某股份有限公司董事长"}},
		{"an Arabic-numbered item starts its own paragraph; a figure broken across columns does not", "重点抓好以下工作:\n1.聚力产业发展,建设制造强县。\n坚持工业立县,全年新增\n1.5万亩高标准农田。",
			[]string{"重点抓好以下工作:", "1.聚力产业发展,建设制造强县。", "坚持工业立县,全年新增1.5万亩高标准农田。"}},
		{"ASCII that is not junk stays", "全国首台国产体外膜肺氧合仪(ECMO)获批上市,科学布局5G-A、算力等设施。", []string{"全国首台国产体外膜肺氧合仪(ECMO)获批上市,科学布局5G-A、算力等设施。"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := page(t, c.in)
			if got := paras(p); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
			if len(p.Orig) != len(p.Norm) {
				t.Errorf("Orig and Norm not aligned")
			}
			if got := string(p.Orig); got != strings.Join(c.want, "\n") {
				t.Errorf("text %q", got)
			}
		})
	}
}

func TestLayoutKeepsTraditionalForEvidence(t *testing.T) {
	p := page(t, "蘭建波代表關注農村小學布局。")
	if got := p.Quote(p.Paras[0]); got != "蘭建波代表關注農村小學布局。" {
		t.Errorf("Orig changed: %q", got)
	}
	if got := p.Text(p.Paras[0]); got != "兰建波代表关注农村小学布局。" {
		t.Errorf("Norm: %q", got)
	}
}
