package ingest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// speech renders what a page says its officials said, as lines a table
// test compares against:
//
//	STATEMENT kind: text
//	SAID speaker -> text
//	ABOUT text -> Label name
//
// and checks what every statement must carry on the way: offsets that
// index its text in the document, and evidence that prints it.
func speech(t *testing.T, text string) map[string]bool {
	t.Helper()
	b, _, err := pipeline(t).Analyze("t.txt", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := []rune(b.Document.Props.String("text"))
	nodes := map[string]graph.Node{}
	for _, n := range b.Nodes {
		nodes[n.ID] = n
	}
	out := map[string]bool{}
	for _, n := range b.Nodes {
		if n.Label != graph.Statement {
			continue
		}
		said := n.Props.String("text")
		out[fmt.Sprintf("STATEMENT %s: %s", n.Props.String("kind"), said)] = true
		start, okStart := n.Props["start"].(int64)
		end, okEnd := n.Props["end"].(int64)
		if !okStart || !okEnd || start < 0 || end > int64(len(doc)) || string(doc[start:end]) != said {
			t.Errorf("statement %q: offsets %v-%v do not index its text in the document", said, n.Props["start"], n.Props["end"])
		}
		if want := graph.StatementName(said); n.Name != want {
			t.Errorf("statement %q is named %q, want %q", said, n.Name, want)
		}
	}
	for _, r := range b.Relationships {
		from, to := nodes[r.From], nodes[r.To]
		switch r.Type {
		case graph.Said:
			out[fmt.Sprintf("SAID %s -> %s", from.Name, to.Props.String("text"))] = true
		case graph.About:
			out[fmt.Sprintf("ABOUT %s -> %s %s", from.Props.String("text"), to.Label, to.Name)] = true
		default:
			continue
		}
		said := nodes[r.From].Props.String("text")
		if r.Type == graph.Said {
			said = to.Props.String("text")
		}
		if r.Evidence == nil || !strings.Contains(r.Evidence.Sentence, said) {
			t.Errorf("%s of %q: evidence %+v does not print the statement", r.Type, said, r.Evidence)
		} else if string(doc[r.Evidence.Start:r.Evidence.End]) != r.Evidence.Sentence {
			t.Errorf("%s of %q: evidence offsets do not point at its sentence", r.Type, said)
		}
	}
	return out
}

func TestStatements(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		want    []string
		notWant []string
	}{
		{
			name: "direct speech attributed after the quotation",
			text: "株洲日报全媒体记者/王娜\n\n“株洲要打好硬质材料这张牌。”市人大代表、株洲跃达建筑总经理何翌滔说。",
			want: []string{"STATEMENT direct: 株洲要打好硬质材料这张牌。", "SAID 何翌滔 -> 株洲要打好硬质材料这张牌。",
				"ABOUT 株洲要打好硬质材料这张牌。 -> Industry 硬质材料", "ABOUT 株洲要打好硬质材料这张牌。 -> City 株洲市"},
		},
		{
			name: "direct speech attributed before the quotation, after a verb or a colon",
			text: "市政协委员、市中心医院副院长龙云铸说:“人工智能正在重塑基层医疗。”市人大代表黎婷:“硬质材料是株洲的优势产业。”",
			want: []string{"SAID 龙云铸 -> 人工智能正在重塑基层医疗。", "ABOUT 人工智能正在重塑基层医疗。 -> Industry 人工智能",
				"SAID 黎婷 -> 硬质材料是株洲的优势产业。", "ABOUT 硬质材料是株洲的优势产业。 -> Industry 硬质材料"},
			notWant: []string{"SAID 龙云铸 -> 硬质材料是株洲的优势产业。"},
		},
		{
			name: "reported speech runs from the verb to the sentence's end",
			text: "市人大代表邹云生说,希望进一步提升重庆枢纽港产业园开放程度。市政协委员居梁告诉记者,希望重点推进老旧小区改造。",
			want: []string{"STATEMENT reported: 希望进一步提升重庆枢纽港产业园开放程度",
				"SAID 邹云生 -> 希望进一步提升重庆枢纽港产业园开放程度",
				"ABOUT 希望进一步提升重庆枢纽港产业园开放程度 -> Proposal 进一步提升重庆枢纽港产业园开放程度",
				"ABOUT 希望进一步提升重庆枢纽港产业园开放程度 -> City 重庆市",
				"SAID 居梁 -> 希望重点推进老旧小区改造"},
		},
		{
			name:    "a later clause with no subject of its own carries the sentence's",
			text:    "蘭建波代表關注農村小學布局，建議將閒置校舍改造為養老服務中心。记者采访了市人大代表王芳，建议加快建设停车场。",
			want:    []string{"SAID 兰建波 -> 將閒置校舍改造為養老服務中心"},
			notWant: []string{"SAID 王芳 -> 加快建设停车场"},
		},
		{
			name:    "a bare title stands for the one official of the page who holds it",
			text:    "汉中市市长王建军接受了本报记者专访。\n\n市长说:今年我们将加快发展航空产业。\n\n副市长表示,要让群众有更多获得感。",
			want:    []string{"SAID 王建军 -> 今年我们将加快发展航空产业"},
			notWant: []string{"SAID 王建军 -> 要让群众有更多获得感"},
		},
		{
			name: "a pronoun stands for the official named last in the article",
			text: "市政协委员陈丽华参加分组讨论。她认为,常德文旅资源丰富,应打造沅江风光带旅游品牌。",
			want: []string{"SAID 陈丽华 -> 常德文旅资源丰富,应打造沅江风光带旅游品牌",
				"ABOUT 常德文旅资源丰富,应打造沅江风光带旅游品牌 -> Industry 文旅",
				"ABOUT 常德文旅资源丰富,应打造沅江风光带旅游品牌 -> City 常德市"},
		},
		{
			name: "two speakers in one sentence each say their part",
			text: "市人大代表邹云生表示,要加快职业本科建设,市政协委员居梁则认为,要推进老旧小区改造。",
			want: []string{"SAID 邹云生 -> 要加快职业本科建设", "SAID 居梁 -> 要推进老旧小区改造"},
		},
		{
			name: "officials listed together say it together",
			text: "胡润泽、孙维等代表在接受采访时表示,将在发展都市农业等方面提出议案和建议。",
			want: []string{"SAID 胡润泽 -> 将在发展都市农业等方面提出议案和建议", "SAID 孙维 -> 将在发展都市农业等方面提出议案和建议",
				"ABOUT 将在发展都市农业等方面提出议案和建议 -> Industry 都市农业"},
		},
		{
			name: "a quotation a reported statement runs into is the speaker's own words",
			text: "四川省全国政协委员曾勇认为,当前AI赋能科研日渐成熟,“与之相比,AI赋能哲学社会科学领域的发展相对滞后”。",
			want: []string{"STATEMENT reported: 当前AI赋能科研日渐成熟", "STATEMENT direct: 与之相比,AI赋能哲学社会科学领域的发展相对滞后",
				"SAID 曾勇 -> 与之相比,AI赋能哲学社会科学领域的发展相对滞后", "ABOUT 当前AI赋能科研日渐成熟 -> Industry 人工智能"},
		},
		{
			name:    "a quotation that follows an official's statement goes on in their words",
			text:    "市人大代表许泽玮说,延庆区无人机产业发展迅猛。“延庆区具备得天独厚的空域条件。”",
			want:    []string{"SAID 许泽玮 -> 延庆区无人机产业发展迅猛", "SAID 许泽玮 -> 延庆区具备得天独厚的空域条件。"},
			notWant: []string{"STATEMENT reported: 延庆区无人机产业发展迅猛。“延庆区具备得天独厚的空域条件。”"},
		},
		{
			name:    "a quoted phrase is part of what is said, not speech of its own",
			text:    "市人大代表石纪虎认为,“老幼共托”融合服务能充分利用幼儿园闲置资源。",
			want:    []string{"SAID 石纪虎 -> “老幼共托”融合服务能充分利用幼儿园闲置资源"},
			notWant: []string{"STATEMENT direct: 老幼共托"},
		},
		{
			name: "a reporter's words and questions are no official's",
			text: "株洲日报全媒体记者/王娜\n\n市长曹慧泉作政府工作报告。记者王娜说:“会场气氛热烈,代表们认真聆听。”" +
				"“今年带来了什么建议?”记者问市人大代表何翌滔。记者问:“硬质材料产业前景如何?”何翌滔笑着回答。" +
				"“何代表,您今年最关注什么?”面对镜头,市人大代表何翌滔笑了。记者王娜说,“产业园区人气很旺。”何翌滔表示赞同。" +
				"何翌滔说:“硬质材料产业前景广阔。”",
			want: []string{"SAID 何翌滔 -> 硬质材料产业前景广阔。"},
			notWant: []string{"STATEMENT direct: 会场气氛热烈,代表们认真聆听。", "STATEMENT direct: 今年带来了什么建议?",
				"STATEMENT direct: 硬质材料产业前景如何?", "STATEMENT direct: 何代表,您今年最关注什么?",
				"STATEMENT direct: 产业园区人气很旺。", "Official 王娜"},
		},
		{
			name:    "an official spoken to is not speaking",
			text:    "企业家代表向市长曹慧泉表示,将扩大在株洲的投资。曹慧泉表示,要办好民生实事。",
			want:    []string{"SAID 曹慧泉 -> 要办好民生实事"},
			notWant: []string{"SAID 曹慧泉 -> 将扩大在株洲的投资"},
		},
		{
			name: "words that only look like speech verbs",
			text: "市长曹慧泉说明了今年的工作安排。据说市长曹慧泉将出席会议并作重要讲话。曹慧泉说,要抓好项目建设。",
			want: []string{"SAID 曹慧泉 -> 要抓好项目建设"},
			notWant: []string{"STATEMENT reported: 明了今年的工作安排", "SAID 曹慧泉 -> 市长曹慧泉将出席会议并作重要讲话",
				"SAID 曹慧泉 -> 了今年的工作安排"},
		},
		{
			name: "a proposal verb reports what the official proposes",
			text: "市人大代表王建国建议,加快建设城市地下综合管廊。市政协委员刘芳则建议推广社区嵌入式养老服务。她还呼吁,完善困难群体帮扶机制。",
			want: []string{"STATEMENT reported: 加快建设城市地下综合管廊", "SAID 王建国 -> 加快建设城市地下综合管廊",
				"SAID 刘芳 -> 推广社区嵌入式养老服务", "SAID 刘芳 -> 完善困难群体帮扶机制"},
		},
		{
			name:    "提出 reports a clause, not its object",
			text:    "市人大代表王建国提出,要加快老旧管网改造。市政协委员刘芳提出三条关于社区养老的建议。",
			want:    []string{"SAID 王建国 -> 要加快老旧管网改造"},
			notWant: []string{"STATEMENT reported: 三条关于社区养老的建议", "SAID 刘芳 -> 三条关于社区养老的建议"},
		},
		{
			name: "希望, 提交 and the noun 建议 report no speech",
			text: "市人大代表王建国提交关于加快老旧管网改造的议案。市政协委员刘芳希望社区养老服务更加完善。王建国的建议被有关部门采纳。",
			notWant: []string{"STATEMENT reported: 关于加快老旧管网改造的议案", "STATEMENT reported: 社区养老服务更加完善",
				"STATEMENT reported: 被有关部门采纳", "SAID 王建国 -> 被有关部门采纳"},
		},
		{
			name: "a verb of view reports what the official holds, and a quotation after it goes on in their words",
			text: "市人大代表王建国在报到现场与代表们交流。他相信,县域经济必将迎来新的发展机遇。“我们要抓住机遇,干出实绩。”\n\n市政协委员刘芳坚信,乡村旅游大有可为。",
			want: []string{"SAID 王建国 -> 县域经济必将迎来新的发展机遇", "SAID 王建国 -> 我们要抓住机遇,干出实绩。",
				"SAID 刘芳 -> 乡村旅游大有可为"},
		},
		{
			name:    "a circumstance of the speaker's own may hold a 的; a possessor is no speaker",
			text:    "“我带来的建议是发展智慧农业。”市人大代表王建国在介绍自己的建议时说,他一直关注全县的农业现代化。刘芳的秘书表示,刘芳将出席会议。",
			want:    []string{"SAID 王建国 -> 我带来的建议是发展智慧农业。", "SAID 王建国 -> 他一直关注全县的农业现代化"},
			notWant: []string{"SAID 刘芳 -> 刘芳将出席会议"},
		},
		{
			name: "ABOUT reaches the goals a statement names",
			text: "醴陵市委副书记、代理市长蒋长富接受专访。蒋长富表示,醴陵将聚力三大攻坚,打好安全生产攻坚战。",
			want: []string{"SAID 蒋长富 -> 醴陵将聚力三大攻坚,打好安全生产攻坚战",
				"ABOUT 醴陵将聚力三大攻坚,打好安全生产攻坚战 -> Goal 打好安全生产攻坚战",
				"ABOUT 醴陵将聚力三大攻坚,打好安全生产攻坚战 -> City 醴陵市"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := speech(t, c.text)
			all := facts(t, c.text)
			for k := range all {
				got[k] = true
			}
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("missing %q", w)
				}
			}
			for _, w := range c.notWant {
				if got[w] {
					t.Errorf("unexpected %q", w)
				}
			}
			if t.Failed() {
				t.Logf("extracted:\n%s", dump(got))
			}
		})
	}
}

// TestStatementsStable checks that statements are the same however often
// a page is read (nothing may depend on map order) and that their ids
// belong to the document: the same offsets in another report are another
// statement, and each statement names its document.
func TestStatementsStable(t *testing.T) {
	text := "市人大代表邹云生表示,要加快职业本科建设,市政协委员居梁则认为,要推进老旧小区改造。“老旧小区改造要因地制宜。”居梁说。"
	statements := func(name, text string) []graph.Node {
		b, _, err := pipeline(t).Analyze(name, []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []graph.Node
		for _, n := range b.Nodes {
			if n.Label == graph.Statement {
				out = append(out, n)
			}
		}
		return out
	}
	first := statements("t.txt", text)
	if len(first) != 3 {
		t.Fatalf("%d statements, want 3: %v", len(first), first)
	}
	for i := 0; i < 5; i++ {
		if again := statements("t.txt", text); !reflect.DeepEqual(again, first) {
			t.Fatalf("read %d differs:\n%v\n%v", i+2, again, first)
		}
	}
	for _, n := range first {
		if !strings.HasPrefix(n.ID, "statement:") || !strings.HasSuffix(n.ID, fmt.Sprintf("@%d-%d", n.Props["start"], n.Props["end"])) {
			t.Errorf("id %q is not keyed by the statement's offsets", n.ID)
		}
		if n.Props["document"] != graph.DocumentID("t.txt") {
			t.Errorf("statement %s names document %v", n.ID, n.Props["document"])
		}
	}
	// Same length, same offsets, another report: other statements.
	other := statements("u.txt", strings.Replace(text, "职业本科", "高职院校", 1))
	if len(other) != 3 || other[0].ID == first[0].ID || other[2].ID == first[2].ID {
		t.Errorf("another page's statements share ids: %v", other)
	}
}
