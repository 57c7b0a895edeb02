package ingest

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

var (
	testPipeOnce sync.Once
	testPipe     *Pipeline
)

func pipeline(t testing.TB) *Pipeline {
	testPipeOnce.Do(func() {
		p, err := New(nil)
		if err != nil {
			t.Fatal(err)
		}
		testPipe = p
	})
	return testPipe
}

// facts renders a batch as sorted lines "LABEL name" and "TYPE from -> to
// (title)", which table tests compare against.
func facts(t *testing.T, text string) map[string]bool {
	t.Helper()
	b, _, err := pipeline(t).Analyze("t.txt", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{}
	for _, n := range b.Nodes {
		name[n.ID] = n.Name
	}
	mentioned := map[string]bool{}
	for _, r := range b.Relationships {
		if r.Type == graph.Mentions {
			mentioned[r.To] = true
		}
	}
	out := map[string]bool{}
	for _, n := range b.Nodes {
		if mentioned[n.ID] {
			out[fmt.Sprintf("%s %s", n.Label, n.Name)] = true
		}
	}
	for _, r := range b.Relationships {
		if r.Type == graph.Mentions {
			continue
		}
		line := fmt.Sprintf("%s %s -> %s", r.Type, name[r.From], name[r.To])
		if title := r.Props.String("title"); title != "" {
			line += " (" + title + ")"
		}
		out[line] = true
		if r.Evidence != nil {
			ev := r.Evidence
			if []rune(b.Document.Props.String("text"))[ev.Start] != []rune(ev.Sentence)[0] {
				t.Errorf("%s: evidence offset %d does not point at its sentence", line, ev.Start)
			}
		}
	}
	return out
}

func dump(m map[string]bool) string {
	var lines []string
	for k := range m {
		lines = append(lines, k)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestExtract(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		want    []string
		notWant []string
	}{
		{
			name:    "a name whose first character closes a verb is none; a list item opening with a describing word is no organisation",
			text:    "做强省纺织集团，纺织产业增加值增长15%左右。推进危化品重大危险源、煤矿等企业安全风险监测预警全覆盖。支持湖南钢铁、三一集团等龙头企业发展。",
			want:    []string{"Organization 湖南钢铁"},
			notWant: []string{"Organization 强省纺织集团", "Organization 省纺织集团", "Organization 重大危险源"},
		},
		{
			name: "a long section head is read whole, and a numbered line too long for a head is none",
			text: "政府工作报告\n三、2026年工作安排\n（四）推动供需高水平动态适配，在建设强大国内市场中努力扩大有潜能的消费、有需求的生产、有效益的投资。\n" +
				"（五）实现城镇新增就业18万人以上，发布就业岗位50万个以上，释放政策性岗位4.5万个，城镇调查失业率控制在5.5%左右，居民收入增长和经济增长同步。",
			want:    []string{"Goal 推动供需高水平动态适配,在建设强大国内市场中努力扩大有潜能的消费、有需求的生产、有效益的投资"},
			notWant: []string{"Goal 推动供需高水平动态适配,在建设强大国内市场中努力扩大有潜能的消费、有需求的生产、", "Goal 实现城镇新增就业18万人以上,发布就业岗位50万个以上,释放政策性岗位4.5万个"},
		},
		{
			name:    "a quotation of the matters a task addresses (counted, or questions) is no slogan; a slogan is",
			text:    "政府工作报告\n三、2026年工作安排\n围绕“钱从哪里来、用到哪里去、怎么用得好”三个关键问题，加快重构国有资源治理模式。围绕“文旅文创融合”，打造特色品牌。",
			want:    []string{"Goal 围绕“文旅文创融合”"},
			notWant: []string{"Goal 围绕钱从哪里来、用到哪里去、怎么用得好", "Goal 围绕“钱从哪里来、用到哪里去、怎么用得好”"},
		},
		{
			name:    "under numbered section heads, the tasks in a section's paragraph are its details",
			text:    "政府工作报告\n三、2026年工作安排\n（一）加快建设现代化产业体系。四川将着力打造西部地区创新高地，建设国家先进制造业基地。",
			want:    []string{"Goal 加快建设现代化产业体系"},
			notWant: []string{"Goal 着力打造西部地区创新高地", "Goal 建设国家先进制造业基地"},
		},
		{
			name: "a plan without section heads: its tasks in running text are goals",
			text: "政府工作报告\n三、2026年工作安排\n四川将着力打造西部地区创新高地，建设国家先进制造业基地。我们要努力奋斗。",
			want: []string{"Goal 着力打造西部地区创新高地", "Goal 建设国家先进制造业基地"},
		},
		{
			name:    "a town before its post is a place, not a person, whether the gazetteer lists it or not",
			text:    "株洲日报讯 市委召开会议。\n龙泉镇镇长刘洋、白关镇党委书记李娜参加调研。",
			want:    []string{"Official 刘洋", "Official 李娜"},
			notWant: []string{"Official 龙泉镇", "Official 白关镇"},
		},
		{
			name:    "what a CPPCC chair says should be done is an instruction, not a member's proposal",
			text:    "株洲日报讯 市政协十届三次会议开幕。\n市政协主席周鸿出席并讲话。他指出，要围绕中心服务大局。",
			want:    []string{"Official 周鸿"},
			notWant: []string{"Proposal 围绕中心服务大局"},
		},
		{
			name:    "a counted programme in quotes followed by its noun: the goal runs to the noun",
			text:    "政府工作报告\n三、2026年工作安排\n（一）扩大有效投资。推进“两重”项目建设，实施“两新”政策，加快发展。",
			want:    []string{"Goal 推进“两重”项目建设", "Goal 实施“两新”政策"},
			notWant: []string{"Goal 推进“两重”", "Goal 实施“两新”"},
		},
		{
			name:    "a counted programme in quotes that modifies a noun: the goal runs to the noun",
			text:    "政府工作报告\n三、2026年工作安排\n积极创造条件构建“一张床、一间房、一套房”的多层次住房供应保障体系，吸引人才。",
			want:    []string{"Goal 构建“一张床、一间房、一套房”的多层次住房供应保障体系"},
			notWant: []string{"Goal 构建“一张床、一间房、一套房”"},
		},
		{
			name: "an interview transcript: the answer's 我建议 is the answerer's, its other sentences propose nothing, the question proposes nothing",
			text: "全国人大代表黄丽娟接受了本报记者专访。\n记者：您今年带来了哪些建议？\n黄丽娟：我今年关注的是乡村振兴。我建议加大对县域特色产业的支持力度。\n" +
				"记者：具体怎么做？\n黄丽娟：要加快发展冷链物流。",
			want:    []string{"PROPOSES 黄丽娟 -> 加大对县域特色产业的支持力度", "SAID 黄丽娟 -> 要加快发展冷链物流。"},
			notWant: []string{"Proposal 今年关注的是乡村振兴", "Proposal 要加快发展冷链物流", "Statement 您今年带来了哪些建议？"},
		},
		{
			name: "an unnamed answer (答：) is the interviewee's",
			text: "专访全国政协委员、湖南大学教授李明\n问：您关注什么？\n答：我建议设立县域数字经济发展专项资金。",
			want: []string{"PROPOSES 李明 -> 设立县域数字经济发展专项资金"},
		},
		{
			name:    "a member's colon line that counts suggestions: the counted item is the proposal, not the count",
			text:    "全国政协委员黄丽娟：我今年带来了3份建议，其中一份是关于加快发展低空经济的建议。",
			want:    []string{"PROPOSES 黄丽娟 -> 关于加快发展低空经济"},
			notWant: []string{"Proposal 今年带来了3份建议", "Proposal 其中一份是关于加快发展低空经济"},
		},
		{
			name: "a speaker's label on a page with no interviewer is no transcript: a member's line stays a suggestion",
			text: "分组讨论现场\n李四委员：加快推进城市数字化转型",
			want: []string{"PROPOSES 李四 -> 加快推进城市数字化转型"},
		},
		{
			name: "a deputy's seat alone before a comma, then the post and the name",
			text: "全国人大代表，宜宾市长张正红建议设立国家动力电池创新中心。会上，市长王强，副市长李明出席。",
			want: []string{"PROPOSES 张正红 -> 设立国家动力电池创新中心", "HOLDS_POSITION 张正红 -> 宜宾市 (市长)"},
		},
		{
			name:    "a province-level seat placed by the place its chain names, not by the page",
			text:    "四川省成都市召开座谈会。成都市委书记曹立军主持。省人大代表、咸宁市通山县人民医院副院长陈小红建议，加大对县级医院的投入。",
			want:    []string{"HOLDS_POSITION 陈小红 -> 湖北省 (省人大代表)", "HOLDS_POSITION 曹立军 -> 成都市 (书记)"},
			notWant: []string{"HOLDS_POSITION 陈小红 -> 四川省 (省人大代表)"},
		},
		{
			name: "a township's post under its province, city and county; a party's central committee in a chain; a pronoun presents titles",
			text: "全国人大代表、湖南省岳阳市平江县三市镇党委书记黄小兵说，要发展乡村产业。\n" +
				"全国政协委员、民建中央常委、上海市工商联副主席王均金表示，民营企业是重要力量。今年，他带来了《关于支持民营企业参与低空经济发展的提案》和《关于完善养老服务体系的提案》。",
			want: []string{"HOLDS_POSITION 黄小兵 -> 三市镇 (党委书记)", "HOLDS_POSITION 王均金 -> 民建中央 (常委)",
				"PROPOSES 王均金 -> 关于支持民营企业参与低空经济发展的提案", "PROPOSES 王均金 -> 关于完善养老服务体系的提案"},
			notWant: []string{"Organization 湖南省岳阳市平江县三市镇"},
		},
		{
			name: "a plan's Arabic-numbered heads are goals; a lead-in and a glossary term are not",
			text: "政府工作报告\n二、2024年工作安排\n我们将重点抓好以下工作：\n1.聚力产业发展，加快建设先进制造业强县。坚持工业立县不动摇。\n" +
				"（2）打造湘东粮仓。\n3、聚力城市提质，建设宜居宜业美丽县城。\n名词解释\n1.稳增长“21”条：省政府印发的政策措施。",
			want:    []string{"Goal 聚力产业发展,加快建设先进制造业强县", "Goal 打造湘东粮仓", "Goal 聚力城市提质,建设宜居宜业美丽县城"},
			notWant: []string{"Goal 重点抓好以下工作", "Goal 稳增长“21”条"},
		},
		{
			name:    "a counted list of suggestions, one proposal per item, the list's opener dropped",
			text:    "全国人大代表、衡阳市市长朱健说，我今年带来了3份建议，主要是关于支持衡阳建设国家物流枢纽的建议，以及推动湘南湘西承接产业转移示范区建设的建议。",
			want:    []string{"PROPOSES 朱健 -> 关于支持衡阳建设国家物流枢纽的建议", "PROPOSES 朱健 -> 推动湘南湘西承接产业转移示范区建设"},
			notWant: []string{"Proposal 主要是关于支持衡阳建设国家物流枢纽的建议", "Proposal 以及推动湘南湘西承接产业转移示范区建设"},
		},
		{
			name:    "a mayor who is a deputy suggests: a proposal, not a goal",
			text:    "在审议时，全国人大代表、成都市市长王凤朝建议，支持成都建设国际消费中心城市。",
			want:    []string{"PROPOSES 王凤朝 -> 支持成都建设国际消费中心城市"},
			notWant: []string{"Goal 支持成都建设国际消费中心城市"},
		},
		{
			name: "posts in brackets after a deputy named with the title after the name",
			text: "李杰代表（四川长虹电器股份有限公司董事长）建议，加大农村人才引进力度。王芳委员（湘潭大学教授）发言。",
			want: []string{"HOLDS_POSITION 李杰 -> 四川长虹电器股份有限公司 (董事长)", "HOLDS_POSITION 王芳 -> 湘潭大学 (教授)"},
		},
		{
			name:    "a generic word the segmenter cuts into pieces does not open a name; one inside a word does",
			text:    "新央企中国长安汽车集团落户重庆。推动国际贸易中心提质升级，虹桥国际贸易中心新平台建设加快。",
			want:    []string{"Organization 中国长安汽车集团", "Organization 虹桥国际贸易中心"},
			notWant: []string{"Organization 新央企中国长安汽车集团", "Organization 贸易中心"},
		},
		{
			name:    "a firm's brand the dictionary cuts into single characters heads a title chain",
			text:    "全国人大代表，通威集团董事局主席刘汉元提出，要加快光伏产业发展。",
			want:    []string{"HOLDS_POSITION 刘汉元 -> 通威集团 (董事局主席)"},
			notWant: []string{"Organization 威集团"},
		},
		{
			name:    "a democratic party's member named by the party's word for one",
			text:    "市人大代表、民建会员刘志刚建议加快建设智慧园区。九三学社社员李强发言。本市有会员企业300家。",
			want:    []string{"HOLDS_POSITION 刘志刚 -> 中国民主建国会 (会员)", "HOLDS_POSITION 李强 -> 九三学社 (社员)"},
			notWant: []string{"Official 企业"},
		},
		{
			name:    "the short name of a special committee, spoken for at a session",
			text:    "上海市政协会议举行大会发言。李芬华委员代表市政协社法委作“关于推动托育服务发展的建议”。荷塘区人大教科文卫委主任李明华出席。",
			want:    []string{"Organization 上海市政协社法委", "Organization 荷塘区人大教科文卫委", "PROPOSES 李芬华 -> 关于推动托育服务发展的建议"},
			notWant: []string{"HOLDS_POSITION 李芬华 -> 上海市政协社法委"},
		},
		{
			name:    "no body: a centre a city serves as, a generic kind of school",
			text:    "提升国际航运中心资源配置能力。提升芜湖省域副中心能级。全疆普通高等学校达66所。国家技术转移郑州中心揭牌。",
			want:    []string{"Organization 国家技术转移郑州中心"},
			notWant: []string{"Organization 国际航运中心", "Organization 芜湖省域副中心", "Organization 全疆普通高等学校", "Organization 普通高等学校"},
		},
		{
			name: "posts beside a name: in brackets, in a biography; a list closed by an adverb",
			text: "张海（市人大代表、湘潭电机集团董事长）在会上说，要加快发展。\n陈晓，女，汉族，1972年生，现任湘潭县副县长。\n" +
				"刘明（右二）在车间调研。市政协委员李建国、王海燕、赵丽分别作了发言。",
			want:    []string{"HOLDS_POSITION 张海 -> 湘潭电机集团 (董事长)", "HOLDS_POSITION 陈晓 -> 湘潭县 (副县长)", "Official 赵丽", "Official 王海燕"},
			notWant: []string{"Official 刘明"},
		},
		{
			name:    "a suggestion named as what a deputy hands in",
			text:    "省人大代表王芳带来了一份关于发展低空经济的建议。市人大代表吴敏聚焦养老服务，提出了推进社区嵌入式养老的建议。市政协委员陈静对报告提出了很多中肯的建议。",
			want:    []string{"PROPOSES 王芳 -> 关于发展低空经济的建议", "PROPOSES 吴敏 -> 推进社区嵌入式养老"},
			notWant: []string{"Proposal 很多中肯", "Proposal 对报告提出了很多中肯"},
		},
		{
			name: "a roster: padded two-character names, sex and nationality, separators",
			text: "济宁市选出的全国人民代表大会代表名单\n\n王　刚　济宁市委书记\n马金凤（女）　兖矿能源集团股份有限公司总工程师\n" +
				"刘　洋（女，回族）　曲阜市人民医院院长\n孙志强，嘉祥县人民医院院长\n张红霞 女 汉族 邹城市人民医院副院长",
			want: []string{"Official 王刚", "HOLDS_POSITION 王刚 -> 济宁市 (书记)", "HOLDS_POSITION 马金凤 -> 兖矿能源集团股份有限公司 (总工程师)",
				"HOLDS_POSITION 刘洋 -> 曲阜市人民医院 (院长)", "HOLDS_POSITION 孙志强 -> 嘉祥县人民医院 (院长)",
				"HOLDS_POSITION 张红霞 -> 邹城市人民医院 (副院长)"},
			notWant: []string{"HOLDS_POSITION 孙志强 -> 曲阜市人民医院 (院长)"},
		},
		{
			name: "a list of plenary speeches: members speaking for a body, titles in quotes",
			text: "市政协会议举行大会发言。发言分别是韩青林代表九三学社株洲市委作的“建设生命科创中心 打造健康产业高地”、" +
				"方立可的“健全人才政策”、程伟委员代表民进市委作“发挥城市优势，打造‘技术转移之都’”。区长雷永华代表区人民政府作《政府工作报告》。",
			want: []string{"Official 韩青林", "Official 方立可", "Official 程伟", "Organization 九三学社株洲市委",
				"PROPOSES 韩青林 -> 建设生命科创中心 打造健康产业高地", "PROPOSES 方立可 -> 健全人才政策",
				"PROPOSES 程伟 -> 发挥城市优势,打造‘技术转移之都’"},
			notWant: []string{"Proposal 政府工作报告", "PROPOSES 雷永华 -> 政府工作报告"},
		},
		{
			name:    "title chain with a county and an inherited place",
			text:    "12月26日,醴陵市委副书记、代理市长蒋长富接受株洲日报记者专访。",
			want:    []string{"Official 蒋长富", "City 醴陵市", "HOLDS_POSITION 蒋长富 -> 醴陵市 (副书记)", "HOLDS_POSITION 蒋长富 -> 醴陵市 (代理市长)"},
			notWant: []string{"Official 株洲日报"},
		},
		{
			name: "relative title and organisation, page city from the outlet",
			text: "株洲日报全媒体记者/王娜\n\n市政协委员、市中心医院副院长龙云铸在调研中发现问题。",
			want: []string{"Official 龙云铸", "Organization 株洲市中心医院", "HOLDS_POSITION 龙云铸 -> 株洲市中心医院 (副院长)",
				"HOLDS_POSITION 龙云铸 -> 株洲市 (市政协委员)"},
			notWant: []string{"Official 王娜", "City 市中区"},
		},
		{
			name: "name after title then a list sharing it",
			text: "九三学社南京市委员会主委李奇,副主委王小姗、盛俭带领社员参加会议。",
			want: []string{"Organization 九三学社南京市委员会", "HOLDS_POSITION 李奇 -> 九三学社南京市委员会 (主委)",
				"HOLDS_POSITION 王小姗 -> 九三学社南京市委员会 (副主委)", "HOLDS_POSITION 盛俭 -> 九三学社南京市委员会 (副主委)"},
			notWant: []string{"Official 南京市"},
		},
		{
			name: "names before a title and before 等",
			text: "听取了市政协王立平主席所作的报告。朱春明、陈玲等南京市人大代表积极履职。",
			want: []string{"Official 王立平", "Official 朱春明", "Official 陈玲", "HOLDS_POSITION 王立平 -> 南京市 (主席)",
				"HOLDS_POSITION 陈玲 -> 南京市 (市人大代表)"},
		},
		{
			// Posts in a place's own organs are positions in the place.
			name:    "party standing committee member and city secretary serve their places",
			text:    "中共江苏省委常委、南京市委书记周红波出席会议。",
			want:    []string{"HOLDS_POSITION 周红波 -> 南京市 (书记)", "HOLDS_POSITION 周红波 -> 江苏省 (常委)"},
			notWant: []string{"Official 江苏省委"},
		},
		{
			name: "deputy proposes, with where and what",
			text: "市人大代表邹云生说,希望进一步提升重庆枢纽港产业园开放程度。市政协委员褚文博则建议,持续围绕智能网联汽车的产业创新发展,支持重庆打造车路云一体化的先行城市。",
			want: []string{"PROPOSES 邹云生 -> 进一步提升重庆枢纽港产业园开放程度", "LOCATED_IN 进一步提升重庆枢纽港产业园开放程度 -> 重庆市",
				"PROPOSES 褚文博 -> 支持重庆打造车路云一体化的先行城市", "TARGETS 支持重庆打造车路云一体化的先行城市 -> 智能网联汽车"},
		},
		{
			name: "titled proposals and their presenters",
			text: "刘天姿代表作《关于特殊学校毕业学生就业方面的建议和呼吁》大会发言,谭光明代表领衔提出的《关于强化自动驾驶汽车运营安全保障的建议》聚焦安全。",
			want: []string{"PROPOSES 刘天姿 -> 关于特殊学校毕业学生就业方面的建议和呼吁", "PROPOSES 谭光明 -> 关于强化自动驾驶汽车运营安全保障的建议",
				"TARGETS 关于强化自动驾驶汽车运营安全保障的建议 -> 自动驾驶汽车"},
			notWant: []string{"TARGETS 关于特殊学校毕业学生就业方面的建议和呼吁 -> 自动驾驶汽车"},
		},
		{
			name: "numbered programme and its parts, each targeting its industries",
			text: "聚力两大攻坚。打好安全生产攻坚战。织密安全体系。在产业转型升级上实现新突破。推动陶瓷产业向高端化迈进,大力发展新材料等新兴产业。",
			want: []string{"Goal 聚力两大攻坚", "HAS_PART 聚力两大攻坚 -> 打好安全生产攻坚战", "HAS_PART 聚力两大攻坚 -> 在产业转型升级上实现新突破",
				"TARGETS 在产业转型升级上实现新突破 -> 陶瓷", "TARGETS 在产业转型升级上实现新突破 -> 新材料"},
			notWant: []string{"TARGETS 聚力两大攻坚 -> 陶瓷"},
		},
		{
			name:    "reporters and photographers are not officials",
			text:    "把握工作思路 系统推进高质量发展\n\n——访市人大代表辛绍河\n\n蒋长富 廖威 摄\n\n本报记者章杨梓昕郑州报道\n\n登封市将抢抓郑州都市圈建设机遇。",
			want:    []string{"Official 辛绍河", "City 登封市", "City 郑州市", "Goal 把握工作思路 系统推进高质量发展", "SETS 辛绍河 -> 把握工作思路 系统推进高质量发展"},
			notWant: []string{"Official 廖威", "Official 章杨梓昕", "Proposal 把握工作思路 系统推进高质量发展"},
		},
		{
			name: "enumerated tasks are the parts of a numbered programme",
			text: "市人大代表、耒阳市委书记王志刚表示,耒阳将重点抓好三项工作:\n\n一是聚焦产业升级。大力发展新材料、电子信息等产业。\n\n二是聚焦城乡融合。打好农村人居环境整治攻坚战。\n\n三是聚焦民生改善。",
			want: []string{"HAS_PART 重点抓好三项工作 -> 聚焦产业升级", "HAS_PART 重点抓好三项工作 -> 聚焦城乡融合", "HAS_PART 重点抓好三项工作 -> 聚焦民生改善",
				"TARGETS 聚焦产业升级 -> 新材料", "SETS 王志刚 -> 聚焦产业升级", "APPLIES_TO 聚焦产业升级 -> 耒阳市"},
			notWant: []string{"HAS_PART 重点抓好三项工作 -> 打好农村人居环境整治攻坚战"},
		},
		{
			name:    "a section head is a goal; sub-items end its text",
			text:    "(一)坚定不移推进产业强市。大力发展生物医药、电子信息两大主导产业。\n\n(二)深耕细作,产业提质增效。一是特色农业精彩出圈。",
			want:    []string{"Goal 坚定不移推进产业强市", "TARGETS 坚定不移推进产业强市 -> 生物医药", "Goal 深耕细作,产业提质增效"},
			notWant: []string{"TARGETS 深耕细作,产业提质增效 -> 农业"},
		},
		{
			name: "a pronoun stands for the official named before it",
			text: "市政协委员陈丽华表示,常德文旅资源丰富,她建议打造沅江风光带旅游品牌。",
			want: []string{"PROPOSES 陈丽华 -> 打造沅江风光带旅游品牌", "TARGETS 打造沅江风光带旅游品牌 -> 文旅"},
		},
		{
			name: "numbers in firm names, ordinary words as given names, industries running into 行业",
			text: "来自企业界的周立新代表认为,要持续优化营商环境。全国人大代表,三一集团董事长向文波建议,加快工程机械行业数字化转型。",
			want: []string{"Official 周立新", "HOLDS_POSITION 向文波 -> 三一集团 (董事长)", "PROPOSES 向文波 -> 加快工程机械行业数字化转型",
				"TARGETS 加快工程机械行业数字化转型 -> 工程机械"},
		},
		{
			name:    "colon headlines, suggestions' places, captions with trailing credits",
			text:    "代表委员之声\n\n市政协委员刘芳芳：让孩子们在家门口上好学\n\n刘芳芳建议,加大学位供给,在株洲天元区新建两所公办小学。\n\n图为市长曹慧泉在会上作政府工作报告。记者 李军 摄",
			want:    []string{"PROPOSES 刘芳芳 -> 让孩子们在家门口上好学", "LOCATED_IN 让孩子们在家门口上好学 -> 天元区", "Official 曹慧泉"},
			notWant: []string{"Official 李军"},
		},
		{
			name: "lists before a title that follows names",
			text: "株洲两会期间,张建国、李秀英等代表围绕乡村振兴发言。王红梅、赵志强委员就生态环境保护提出意见。",
			want: []string{"Official 张建国", "Official 李秀英", "Official 王红梅", "Official 赵志强"},
			// A title after a name says no more than that: no place.
			notWant: []string{"Official 红梅", "HOLDS_POSITION 王红梅 -> 株洲市 (政协委员)"},
		},
		{
			name: "government bureaus, academicians, newer sectors; 格局 is no bureau",
			text: "株洲市教育局局长张三表示,要办好人民满意的教育。中国工程院院士、中南大学教授李四建议,大力发展海洋经济和冰雪经济。大家都在谈新格局。",
			want: []string{"HOLDS_POSITION 张三 -> 株洲市教育局 (局长)", "HOLDS_POSITION 李四 -> 中南大学 (教授)",
				"TARGETS 大力发展海洋经济和冰雪经济 -> 海洋经济", "TARGETS 大力发展海洋经济和冰雪经济 -> 冰雪经济"},
			notWant: []string{"Organization 新格局", "Organization 格局"},
		},
		{
			name:    "words that look like places",
			text:    "天心种业获评国家级示范场。文化和平安建设通道畅通,中原网报道了示范县创建。",
			want:    []string{"Organization 天心种业"},
			notWant: []string{"City 天心区", "City 范县", "City 中原区", "City 通道侗族自治县"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := facts(t, c.text)
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
