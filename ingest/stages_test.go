package ingest

import (
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/decode"
)

// docOf segments a text into a Doc, as the pipeline does before the
// recognizers run.
func docOf(t *testing.T, text string) *Doc {
	t.Helper()
	p := pipeline(t)
	dec, err := decode.Decoder{}.Decode("t.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	page := p.Layout.Repair(dec)
	layout, page := p.Splitter.Split(page)
	return p.Extract.newDoc(page, layout)
}

// TestNameAt reads the name a title is followed by: where it ends is the
// whole question.
func TestNameAt(t *testing.T) {
	cases := []struct{ text, want string }{
		{"张应平向大会建议", "张应平"},        // a name character, then a preposition
		{"李明用三年时间", "李明"},          // a verb after a two-character name
		{"刘事青等市领导", "刘事青"},         // 等 ends the name
		{"龙晓华代表", "龙晓华"},           // a postfix title ends it
		{"陈丽华表示", "陈丽华"},           // 华表 is a word, but 表示 is a cue
		{"张社年出席", "张社年"},           // 年 alone before 出席 is no word
		{"龚 正", "龚正"},              // padded to three characters
		{"艾尔肯·吐尼亚孜表示", "艾尔肯·吐尼亚孜"}, // a dotted minority name
		{"关于东北全面振兴", ""},           // 关于 is a preposition
		{"向北京市报到", ""},             // a preposition and a place
		{"党的十八大", ""},              // a particle after the surname
	}
	for _, c := range cases {
		d := docOf(t, c.text)
		r := d.Page.Norm
		got, _, ok := d.nameAt(r, 0, len(r))
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("nameAt(%s) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestNameBefore reads the name a postfix title follows.
func TestNameBefore(t *testing.T) {
	cases := []struct{ text, want string }{
		{"如宋慧玲代表", "宋慧玲"},
		{"来自社区的汤小莉代表", "汤小莉"},
		{"我校九三张华容委员", "张华容"},
		{"13位盟员委员", ""}, // a count, a measure word, a noun
		{"始终爱戴总书记", ""}, // 终爱戴 would start inside 始终
	}
	for _, c := range cases {
		d := docOf(t, c.text)
		r := d.Page.Norm
		j := len(r)
		for _, pf := range d.Lex.Postfixes() {
			if strings.HasSuffix(string(r), pf.Word) {
				j = len(r) - len([]rune(pf.Word))
				break
			}
		}
		got, _, ok := d.nameBefore(r, 0, j)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("nameBefore(%s) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestChain parses title chains into posts: the body or place of each
// title, and how the posts are separated.
func TestChain(t *testing.T) {
	cases := []struct {
		text  string
		posts []string // title@body (org name, organ, or place name)
	}{
		{"株洲市人大代表、株洲跃达建筑总经理何翌滔", []string{"市人大代表@株洲市", "总经理@株洲跃达建筑"}},
		{"中共江苏省委常委、南京市委书记周红波", []string{"常委@江苏省/party", "书记@南京市/party"}},
		{"湖北省高级人民法院院长李静", []string{"院长@湖北省高级人民法院"}},
		{"长沙市芙蓉区区长兼长沙高新区管委会主任王五", []string{"区长@芙蓉区", "主任@长沙高新区管委会"}},
		{"三一集团董事长向文波", []string{"董事长@三一集团"}},
		{"九三学社南京市委员会主委李奇", []string{"主委@九三学社南京市委员会"}},
	}
	for _, c := range cases {
		d := docOf(t, c.text)
		r := d.Page.Norm
		k := 0
		s := d.Sentences[k]
		var last int
		var title string
		for i := s.Start; i < s.End && title == ""; i++ {
			if tt, ok := d.titleHere(k, i); ok {
				if _, _, named := d.nameAt(r, i+len([]rune(tt.Text)), s.End); named {
					last, title = i, tt.Text
				}
			}
		}
		if title == "" {
			t.Errorf("%s: no title before a name", c.text)
			continue
		}
		posts := d.chain(r, s.Span, last, d.Lex.Titles[title])
		var got []string
		for _, p := range posts {
			where := p.Body.Org
			if where == "" && p.Body.Place != nil {
				where = p.Body.Place.Name
				if p.Body.Organ != "" {
					where += "/" + string(p.Body.Organ)
				}
			}
			got = append(got, p.Title.Text+"@"+where)
		}
		if strings.Join(got, " ") != strings.Join(c.posts, " ") {
			t.Errorf("%s: posts %q, want %q", c.text, got, c.posts)
		}
	}
}

// TestHome decides where a page is from the places it names.
func TestHome(t *testing.T) {
	cases := []struct {
		text                   string
		province, city, county string
	}{
		{"株洲日报\n\n醴陵市召开会议。醴陵将加快发展。", "湖南省", "株洲市", "醴陵市"},
		{"陕西代表团抵达北京。陕西代表们表示，陕西将加快追赶超越。西安文化遗址。", "陕西省", "西安市", ""},
		{"天全县第十七届人民政府召开务虚会。", "四川省", "雅安市", "天全县"},
		{"重庆正式进入两会时间。重庆的首次两会。", "重庆市", "重庆市", ""},
	}
	for _, c := range cases {
		d := docOf(t, c.text)
		var prov, city, county string
		if d.Home.Province != nil {
			prov = d.Home.Province.Name
		}
		if d.Home.City != nil {
			city = d.Home.City.Name
		}
		if d.Home.County != nil {
			county = d.Home.County.Name
		}
		if prov != c.province || city != c.city || county != c.county {
			t.Errorf("%s: home %s/%s/%s, want %s/%s/%s", c.text, prov, city, county, c.province, c.city, c.county)
		}
	}
}

// TestPlaces finds administrative places, townships among them, and
// leaves alone the words that only look like places.
func TestPlaces(t *testing.T) {
	cases := []struct {
		text    string
		want    []string
		notWant []string
	}{
		{"新化县县委书记参加了桑梓、曹家代表团的讨论。", []string{"新化县", "桑梓镇", "曹家镇"}, nil},
		{"麻阳县人大代表建议青少年活动中心落户到锦和镇。锦和作为老城区文化底蕴深厚。", []string{"锦和镇"}, []string{"老城区"}},
		{"加快建设临河至哈密铁路、富裕至加格达奇铁路。", []string{"富裕县", "加格达奇区"}, nil},
		{"文化和平安建设通道畅通,持续推动义务教育发展和县域医疗。", nil, []string{"通道侗族自治县", "和县"}},
		{"我校九三张华容委员作了发言。", nil, []string{"华容区", "华容县"}},
	}
	for _, c := range cases {
		got := facts(t, c.text)
		for _, w := range c.want {
			if !got["City "+w] {
				t.Errorf("%s: missing City %s\n%s", c.text, w, dump(got))
			}
		}
		for _, w := range c.notWant {
			if got["City "+w] {
				t.Errorf("%s: unexpected City %s", c.text, w)
			}
		}
	}
}

// TestTasks reads the goals of running text: clauses that open with a
// task and say what a government builds, split where a new task starts.
func TestTasks(t *testing.T) {
	cases := []struct {
		text    string
		want    []string
		notWant []string
	}{
		{"2024年，龙华区将全力加速“五个区”建设、全域推进数字化发展，高标准打造数字龙华。",
			[]string{"全力加速“五个区”建设", "全域推进数字化发展", "高标准打造数字龙华"}, nil},
		{"加快打造学研、医养、旅居、兴业“四个在汉中”区域特色品牌。",
			[]string{"加快打造学研、医养、旅居、兴业“四个在汉中”区域特色品牌"}, []string{"加快打造学研"}},
		{"会议强调，要全力完成年度目标任务。", []string{"全力完成年度目标任务"}, nil},
		{"我们必须坚持长期主义，保持历史耐心。", nil, []string{"坚持长期主义", "保持历史耐心"}},
		{"市政协委员褚文博建议，支持重庆打造车路云一体化的先行城市。", nil, []string{"支持重庆打造车路云一体化的先行城市"}},
	}
	for _, c := range cases {
		got := facts(t, c.text)
		for _, w := range c.want {
			if !got["Goal "+w] {
				t.Errorf("%s: missing Goal %s\n%s", c.text, w, dump(got))
			}
		}
		for _, w := range c.notWant {
			if got["Goal "+w] {
				t.Errorf("%s: unexpected Goal %s", c.text, w)
			}
		}
	}
}

// TestIndustryCompounds reads fields the lexicon does not list by their
// head, and keeps umbrella sectors out.
func TestIndustryCompounds(t *testing.T) {
	cases := []struct {
		text    string
		want    []string
		notWant []string
	}{
		{"培育算力装备制造业，科学布局金属新材料、脑机接口等细分赛道。", []string{"算力装备制造业", "金属新材料", "脑机接口"}, nil},
		{"坚持先进制造业当家，加快发展现代服务业和未来产业。", nil, []string{"先进制造业", "现代服务业", "未来产业", "制造业"}},
		{"共建硬质合金复合材料中试基地。", []string{"硬质材料", "复合材料"}, []string{"硬质合金复合材料"}},
		// A modifier that is a level, a verb or a firm narrows nothing; a
		// compound that goes on modifying what follows is no field.
		{"加快国家新能源综合示范区建设，扛牢保障国家能源安全政治责任。", nil, []string{"国家新能源", "国家能源"}},
		{"实施新一轮农业转移人口市民化行动，重构农业投资农民受益机制。", nil, []string{"新一轮农业", "重构农业"}},
		{"实施中石化催化剂、中海油新材料等项目，力争储能产业规模翻番。", nil, []string{"中海油新材料", "力争储能"}},
	}
	for _, c := range cases {
		got := facts(t, c.text)
		for _, w := range c.want {
			if !got["Industry "+w] {
				t.Errorf("%s: missing Industry %s\n%s", c.text, w, dump(got))
			}
		}
		for _, w := range c.notWant {
			if got["Industry "+w] {
				t.Errorf("%s: unexpected Industry %s", c.text, w)
			}
		}
	}
}

// TestProposalForms reads the forms a suggestion takes in reports.
func TestProposalForms(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"“希望青少年活动中心能够落户到锦和镇。”县人大代表张应平向大会建议。",
			[]string{"PROPOSES 张应平 -> 青少年活动中心能够落户到锦和镇"}},
		{"民盟邵阳市委副主委王放银委员点评了报告,并就邵阳市实行阶梯式电价政策问题提出了中肯建议。",
			[]string{"PROPOSES 王放银 -> 邵阳市实行阶梯式电价政策问题"}},
		{"“我带来的建议是打造更高水平的‘天府粮仓’。”杨勇代表分享自己的建议时说。",
			[]string{"PROPOSES 杨勇 -> 打造更高水平的‘天府粮仓’"}},
		{"立法会议员葛珮帆呼吁当局加强对长者的医疗支援。",
			[]string{"PROPOSES 葛珮帆 -> 加强对长者的医疗支援"}},
		{"王建华委员代表市工商联作题为“让中小企业融资更便利”的发言。",
			[]string{"PROPOSES 王建华 -> 让中小企业融资更便利"}},
		{"张三、李四委员联名提交的《关于加快发展低空经济的提案》受到关注。",
			[]string{"PROPOSES 张三 -> 关于加快发展低空经济的提案", "PROPOSES 李四 -> 关于加快发展低空经济的提案"}},
		{"赵六委员代表市工商联发言，题目是《激发民营经济活力》。", []string{"PROPOSES 赵六 -> 激发民营经济活力"}},
		{"李四委员（代表民建上海市委）：加快推进城市数字化转型。", []string{"PROPOSES 李四 -> 加快推进城市数字化转型"}},
		{"张三代表：我们要进一步优化营商环境。", []string{"PROPOSES 张三 -> 进一步优化营商环境"}},
	}
	for _, c := range cases {
		got := facts(t, c.text)
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%s: missing %s\n%s", c.text, w, dump(got))
			}
		}
	}
	// Titles that are no deputy's proposal: a party committee's plan
	// recommendations, plays and laws listed after one another, a leader's
	// plan.
	for _, text := range []string{
		"全会审议通过了《中共白城市委关于制定白城市国民经济和社会发展第十五个五年规划的建议》。",
		"全会审议通过了《中共西藏自治区委员会关于制定“十五五”时期国民经济和社会发展规划的建议》。",
		"推出《张骞》《五星出东方》《本巴》等一批深受各族群众喜爱的精品力作。",
		"以《海南自由贸易港建设总体方案》《中华人民共和国海南自由贸易港法》为制度基石。",
		"省委书记王清宪在会上提出《关于加快建设现代化产业体系的实施方案》。",
	} {
		for k := range facts(t, text) {
			if strings.HasPrefix(k, string(graph.Proposal)+" ") || strings.HasPrefix(k, string(graph.Proposes)+" ") {
				t.Errorf("%s: read as %s", text, k)
			}
		}
	}
	// 提出，应当…: one suggestion, not a second one read from the modal.
	got := facts(t, "孙七委员在发言中提出，应当加快推进养老服务体系建设。")
	for k := range got {
		if strings.HasPrefix(k, string(graph.Proposal)+" 当") {
			t.Errorf("modal read as a second suggestion: %s", k)
		}
	}
	// A leader's instruction on a member's proposal keeps the proposal but
	// does not make the leader its presenter.
	got = facts(t, "市委书记李明对《关于加强农村养老服务的提案》作出批示。")
	if !got[string(graph.Proposal)+" 关于加强农村养老服务的提案"] {
		t.Errorf("proposal lost:\n%s", dump(got))
	}
	for k := range got {
		if strings.HasPrefix(k, string(graph.Proposes)+" ") {
			t.Errorf("leader read as presenter: %s", k)
		}
	}
}

// TestNameConsistency settles one form of a name per document: a reading
// a character short that the page never prints alone is the longer name,
// and its facts move to it; a shorter name the page does print alone stays.
func TestNameConsistency(t *testing.T) {
	for _, c := range []struct {
		text  string
		merge bool
	}{
		{"县人大代表张应平向大会建议。张应平说,锦和镇有场地。", true},
		{"张应平说。张应说,锦和镇有场地。", false},
	} {
		d := docOf(t, c.text)
		b := newBuilder(d)
		o := officialRecognizer{}
		o.official(d, b, "张应", Span{0, 2}, []post{{Title: d.Lex.Titles["县人大代表"]}}, 0)
		o.official(d, b, "张应平", Span{0, 3}, nil, 0)
		o.consistent(d, b)
		_, short := b.entities[ref{graph.Official, "张应"}]
		if short == c.merge {
			t.Errorf("%s: 张应 kept %v, want merged %v", c.text, short, c.merge)
		}
		if c.merge && b.people["张应平"] != nil && !b.people["张应平"].Deputy {
			t.Errorf("%s: the merged name lost the deputy's post", c.text)
		}
	}
}

// TestOrganisationNames keeps Latin letters and digits in firms' names
// (folded to half width), so two firms are two nodes, and reads a place in
// brackets as part of the name.
func TestOrganisationNames(t *testing.T) {
	got := facts(t, "市人大代表、富士康电子(昆山)有限公司总经理王强表示,ＡＢＣ科技有限公司和XYZ科技有限公司是两家企业。91科技集团董事长许泽玮出席。")
	for _, w := range []string{"Organization ABC科技有限公司", "Organization XYZ科技有限公司", "Organization 91科技集团",
		"HOLDS_POSITION 王强 -> 富士康电子(昆山)有限公司 (总经理)", "HOLDS_POSITION 许泽玮 -> 91科技集团 (董事长)"} {
		if !got[w] {
			t.Errorf("missing %s\n%s", w, dump(got))
		}
	}
	for _, w := range []string{"Organization 科技有限公司", "Organization 有限公司", "Organization 科技集团"} {
		if got[w] {
			t.Errorf("unexpected %s", w)
		}
	}
}

// TestSharedSuffix reads lists whose last name lends its suffix to bare
// names before it, and only those.
func TestSharedSuffix(t *testing.T) {
	for _, c := range []struct {
		text      string
		want, not []string
	}{
		{"支持大青山、鄂尔多斯实验室做大做强。", []string{"大青山实验室", "鄂尔多斯实验室"}, nil},
		{"支持嵩山实验室、神农实验室等进入国家战略科技体系。", []string{"嵩山实验室", "神农实验室"}, []string{"嵩山实验室实验室"}},
		{"台州弗迪新能源动力电池、杭衢高铁、西湖大学三期等项目建成投用。", []string{"西湖大学"}, []string{"杭衢高铁大学", "能源动力电池大学"}},
		{"省人民医院南院、北京大学口腔医院三亚医院等医疗项目投入使用。", nil, []string{"人民医院南院大学", "人民医院南院医院"}},
		{"环湖医院天塔院区、南开医院中西医结合临床中心等开诊。", nil, []string{"医院天塔院区医院"}},
		{"持续加强云南大学建设，力争昆明理工大学进入“双一流”建设行列。", []string{"昆明理工大学"}, []string{"力争昆明理工大学"}},
		{"深化龙煤集团、龙江森工集团改革。", []string{"龙煤集团", "龙江森工集团"}, []string{"深化龙煤集团"}},
		{"建设长江、黄河等五大中心。", nil, []string{"五大中心"}},
	} {
		got := facts(t, c.text)
		for _, w := range c.want {
			if !got["Organization "+w] {
				t.Errorf("%s: missing %s\n%s", c.text, w, dump(got))
			}
		}
		for _, w := range c.not {
			if got["Organization "+w] {
				t.Errorf("%s: unexpected %s", c.text, w)
			}
		}
	}
}

// TestProposalTitleOneNode: a title printed with and without 《》 is one
// proposal.
func TestProposalTitleOneNode(t *testing.T) {
	b, _, err := pipeline(t).Analyze("t.txt", []byte("李红委员提交了《关于加快发展低空经济的建议》。会上，李红委员介绍了关于加快发展低空经济的建议。"), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, node := range b.Nodes {
		if node.Label == graph.Proposal {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d proposal nodes, want 1: %+v", n, b.Nodes)
	}
}
