package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

func TestParseByline(t *testing.T) {
	cases := []struct {
		in     string
		outlet string
		names  []string
	}{
		{"株洲日报全媒体记者/刘毅", "株洲日报", []string{"刘毅"}},
		{"文/羊城晚报全媒体记者徐炜伦 秦小杰", "羊城晚报", []string{"徐炜伦", "秦小杰"}},
		{"本报记者章杨梓昕长沙报道", "", []string{"章杨梓昕"}},
		{"记者 张三", "", []string{"张三"}},
		{"(通讯员 李四 王五)", "", []string{"李四", "王五"}},
		{"记者从市人大常委会获悉,代表共提交建议228件。", "", nil},
		{"市人大代表、株洲跃达建筑总经理何翌滔", "", nil},
	}
	for _, c := range cases {
		outlet, names := ParseByline(c.in)
		if outlet != c.outlet || !reflect.DeepEqual(names, c.names) {
			t.Errorf("ParseByline(%q) = %q %q, want %q %q", c.in, outlet, names, c.outlet, c.names)
		}
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		in   string
		want lineKind
	}{
		{"蒋长富 廖威 摄", kindCredit},
		{"上接1版", kindMarker},
		{"(下转2版)", kindMarker},
		{"发布时间:2025-01-20  作者:本站编辑  来源:本站原创", kindMeta},
		{"2024-02-04 11:32:57 来源:中原网", kindMeta},
		{"▲中共某县县委书记 李鹏程", kindCaption},
		{"前来报到的代表在整理证件。图/记者孔东亮", kindCaption},
		{"图为市长在会上作报告。记者 李军 摄", kindCaption},
		{"记者 李军 摄", kindByline},
		{"周斌周斌:", kindLabel},
		{"湘潭日报", kindMeta},
		{"2025年12月27日 星期六", kindMeta},
		{"把握“1234”工作思路 系统推进高质量发展", kindHeading},
		{"12月26日,代理市长接受专访时表示,将推进高质量发展。", kindBody},
	}
	for _, c := range cases {
		if got := defaultLines().classify(c.in); got != c.want {
			t.Errorf("classify(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestLayoutMetadata(t *testing.T) {
	cases := []struct {
		text, newspaper, date string
	}{
		{"湘潭日报\n\n2025年12月27日 星期六\n\n正文。", "湘潭日报", "2025-12-27"},
		{"政府工作报告\n\n——2025年1月10日在浏阳市第十八届人民代表大会第四次会议上\n\n正文。", "", "2025-01-10"},
		{"标题\n\n2023-01-04 11:05:52 来源:株洲日报\n\n正文。", "株洲日报", "2023-01-04"},
		{"标题\n\n株洲日报全媒体记者/刘毅\n\n12月26日,正文。", "株洲日报", ""},
	}
	for _, c := range cases {
		l, _ := ArticleSplitter{Lex: lexicon.Default()}.Split(page(t, c.text))
		if l.Newspaper != c.newspaper || l.Date != c.date {
			t.Errorf("%q: newspaper %q date %q, want %q %q", c.text, l.Newspaper, l.Date, c.newspaper, c.date)
		}
	}
}

func TestSplitArticles(t *testing.T) {
	text := strings.Join([]string{
		"当前报纸名称:某某晨报",
		"日期:2026-01-07",
		"代表委员说",
		"市人大代表、某某建筑总经理何一明 加快打通沿江南路",
		"某某日报全媒体记者/邹怡",
		"何一明认为,道路拥堵问题突出。",
		"何一明建议,尽快启动南段建设。",
		"吸引力的人才政策,引进领军人物和团队落户。",
		"在技术研发方面,她还建议推广厂所结合模式。",
		"市政协委员、某区人大教科文卫委主任黎一 共建中试基地",
		"某某日报全媒体记者/刘芳",
		"硬质材料是主导产业之一。",
		"其次要强化人才支撑,也要拿出更有",
	}, "\n\n")
	p := page(t, text)
	l, np := ArticleSplitter{Lex: lexicon.Default()}.Split(p)
	if l.Newspaper != "某某晨报" || l.Date != "2026-01-07" {
		t.Errorf("meta: %q %q", l.Newspaper, l.Date)
	}
	if len(l.Articles) != 2 {
		t.Fatalf("%d articles", len(l.Articles))
	}
	a, b := l.Articles[0], l.Articles[1]
	if got := a.HeadlineText(np); got != "市人大代表、某某建筑总经理何一明 加快打通沿江南路" {
		t.Errorf("headline %q", got)
	}
	if !reflect.DeepEqual(a.Reporters, []string{"邹怡"}) {
		t.Errorf("reporters %q", a.Reporters)
	}
	// The two paragraphs after 何一明's article never name him: they are
	// the tail of the next article, printed before its headline.
	if len(a.Body) != 2 || len(b.Body) != 3 {
		t.Fatalf("bodies: %d and %d paragraphs", len(a.Body), len(b.Body))
	}
	if got := np.Text(b.Body[1]); got != "其次要强化人才支撑,也要拿出更有吸引力的人才政策,引进领军人物和团队落户。" {
		t.Errorf("tail not rejoined: %q", got)
	}
	if got := np.Text(b.Body[2]); !strings.HasPrefix(got, "在技术研发方面") {
		t.Errorf("tail order: %q", got)
	}
}

// TestArticleExtents: over the dev corpus, a document records where each
// of its articles starts (in runes, in page order, inside the text) with
// its headline, and every evidence sentence lies in one article whose
// headline is the one the evidence carries: what the explorer's reader
// shows a sentence in.
func TestArticleExtents(t *testing.T) {
	dev, _ := corpusReports(t)
	p := pipeline(t)
	multi := 0
	for _, path := range dev {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		b, _, err := p.Analyze(name, data, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		props := b.Document.Props
		text := []rune(props.String(graph.PropText))
		starts, _ := props[graph.PropArticleStarts].([]int64)
		heads := props.Strings(graph.PropArticleHeadlines)
		if len(starts) == 0 || len(starts) != len(heads) {
			t.Errorf("%s: %d article starts, %d headlines", name, len(starts), len(heads))
			continue
		}
		if len(starts) > 1 {
			multi++
		}
		for i, s := range starts {
			if s < 0 || s >= int64(len(text)) || i > 0 && s <= starts[i-1] {
				t.Errorf("%s: article starts %v are not increasing offsets in a text of %d", name, starts, len(text))
				break
			}
		}
		for _, r := range b.Relationships {
			ev := r.Evidence
			if ev == nil {
				continue
			}
			i := sort.Search(len(starts), func(i int) bool { return starts[i] > int64(ev.Start) }) - 1
			end := int64(len(text))
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			switch {
			case i < 0 || int64(ev.End) > end:
				t.Errorf("%s: %s's sentence [%d,%d) is in no one article of %v", name, r.ID, ev.Start, ev.End, starts)
			case heads[i] != ev.Headline:
				t.Errorf("%s: %s's sentence is in article %d, headed %q; its evidence says %q", name, r.ID, i, heads[i], ev.Headline)
			case string(text[ev.Start:ev.End]) != ev.Sentence:
				t.Errorf("%s: %s's offsets [%d,%d) do not index its sentence", name, r.ID, ev.Start, ev.End)
			}
		}
	}
	if multi < 5 {
		t.Errorf("only %d dev reports have several articles", multi)
	}
}
