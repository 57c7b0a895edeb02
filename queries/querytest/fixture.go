// Package querytest is the API tests' world: four short reports, written
// through Store.WriteDocument in the shape ingest produces (Document
// properties, evidence with offsets and headlines, gazetteer LOCATED_IN
// facts without evidence), and the list of stores to run the tests on.
//
// The sentences are the fixture's own, modelled on the kinds of pages in
// shared/corpus (two Zhuzhou Daily pages, a Changsha page, an undated web
// page), so every expected answer can be worked out by reading this file:
//
//	湖南省 ← 株洲市 ← 醴陵市, 荷塘区;  湖南省 ← 长沙市     (reference facts)
//	zz1 (株洲日报 2025-12-27): 蒋长富 代理市长 of 醴陵市, SETS 聚力三大攻坚
//	    (HAS_PART 打好安全生产攻坚战, 打好生态环保攻坚战) and 唱响一个品牌 (→ 陶瓷);
//	    何翌滔 总经理 of 株洲跃达建筑 PROPOSES 加快打通湘江东岸沿江南路 (株洲市);
//	    黎婷 主任 of 荷塘区人大教科文卫委 PROPOSES 共建硬质合金复合材料中试基地
//	    (→ 硬质材料, 株洲市); goal 冲刺国家级先进制造业集群 (→ 硬质材料, 株洲市);
//	    龙云铸 副院长 of 株洲市中心医院 PROPOSES 人工智能赋能基层医疗 (→ 人工智能, 医疗)
//	zz2 (株洲日报 2026-01-20): 王清华 市长 of 株洲市 SETS 打造硬质材料产业集群
//	    (→ 硬质材料, 株洲市); 黎婷 PROPOSES 推广厂所结合模式 (→ 硬质材料)
//	cs1 (长沙晚报 2026-01-15): 张明 市人大代表 of 长沙市 PROPOSES
//	    建设人工智能算力中心 (→ 人工智能, 长沙市); goal 建设全球研发中心城市 (长沙市)
//	web (undated, no newspaper): 石纪虎 PROPOSES 推行老幼共托融合服务模式 (→ 养老服务)
//
// and two statements, in zz1: 黎婷 SAID (reported) that 硬质材料 is 株洲's
// strength (ABOUT 硬质材料, 株洲市, 冲刺国家级先进制造业集群), and 龙云铸 SAID
// (direct) that 人工智能 makes care at the grassroots easier (ABOUT 人工智能).
// Each headline starts an article (zz1 has two), recorded as ingest does
// (article_starts, article_headlines), except on web, a document written
// before ingest recorded them.
package querytest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

// Node ids of the fixture, for tests to assert on.
var (
	Hunan    = graph.NodeID(graph.City, "430000")
	Zhuzhou  = graph.NodeID(graph.City, "430200")
	Hetang   = graph.NodeID(graph.City, "430202")
	Liling   = graph.NodeID(graph.City, "430281")
	Changsha = graph.NodeID(graph.City, "430100")

	Jiang   = graph.NodeID(graph.Official, "蒋长富")
	He      = graph.NodeID(graph.Official, "何翌滔")
	Li      = graph.NodeID(graph.Official, "黎婷")
	Long    = graph.NodeID(graph.Official, "龙云铸")
	Wang    = graph.NodeID(graph.Official, "王清华")
	Zhang   = graph.NodeID(graph.Official, "张明")
	Shi     = graph.NodeID(graph.Official, "石纪虎")
	Yueda   = graph.NodeID(graph.Organization, "株洲跃达建筑")
	Wenwei  = graph.NodeID(graph.Organization, "荷塘区人大教科文卫委")
	Central = graph.NodeID(graph.Organization, "株洲市中心医院")
	CSU     = graph.NodeID(graph.Organization, "中南大学")

	Hard     = graph.NodeID(graph.Industry, "硬质材料")
	AI       = graph.NodeID(graph.Industry, "人工智能")
	Medical  = graph.NodeID(graph.Industry, "医疗")
	Ceramics = graph.NodeID(graph.Industry, "陶瓷")
	Elderly  = graph.NodeID(graph.Industry, "养老服务")

	GoalAttack   = graph.NodeID(graph.Goal, "聚力三大攻坚")
	GoalSafety   = graph.NodeID(graph.Goal, "打好安全生产攻坚战")
	GoalEco      = graph.NodeID(graph.Goal, "打好生态环保攻坚战")
	GoalBrand    = graph.NodeID(graph.Goal, "唱响一个品牌")
	GoalCluster  = graph.NodeID(graph.Goal, "冲刺国家级先进制造业集群")
	GoalHard     = graph.NodeID(graph.Goal, "打造硬质材料产业集群")
	GoalResearch = graph.NodeID(graph.Goal, "建设全球研发中心城市")

	PropRoad    = graph.NodeID(graph.Proposal, "加快打通湘江东岸沿江南路")
	PropBase    = graph.NodeID(graph.Proposal, "共建硬质合金复合材料中试基地")
	PropAI      = graph.NodeID(graph.Proposal, "人工智能赋能基层医疗")
	PropFactory = graph.NodeID(graph.Proposal, "推广厂所结合模式")
	PropCompute = graph.NodeID(graph.Proposal, "建设人工智能算力中心")
	PropElderly = graph.NodeID(graph.Proposal, "推行老幼共托融合服务模式")

	DocZZ1 = graph.DocumentID("zz1.txt")
	DocZZ2 = graph.DocumentID("zz2.txt")
	DocCS1 = graph.DocumentID("cs1.txt")
	DocWeb = graph.DocumentID("web.txt")
)

// entities is the fixture's node registry: documents pick what they need.
var entities = map[string]graph.Node{}

func def(id string, l graph.Label, name string, aliases []string, props graph.Props) {
	entities[id] = graph.Node{ID: id, Label: l, Name: name, Aliases: aliases, Props: props}
}

// cityParent is the gazetteer: every batch that names a city carries its
// chain of parents as reference facts, as ingest does.
var cityParent = map[string]string{Zhuzhou: Hunan, Liling: Zhuzhou, Hetang: Zhuzhou, Changsha: Hunan}

func init() {
	def(Hunan, graph.City, "湖南省", []string{"湖南"}, graph.Props{graph.PropCode: "430000", graph.PropLevel: "province"})
	def(Zhuzhou, graph.City, "株洲市", []string{"株洲"}, graph.Props{graph.PropCode: "430200", graph.PropLevel: "prefecture"})
	def(Hetang, graph.City, "荷塘区", []string{"荷塘"}, graph.Props{graph.PropCode: "430202", graph.PropLevel: "county"})
	def(Liling, graph.City, "醴陵市", []string{"醴陵"}, graph.Props{graph.PropCode: "430281", graph.PropLevel: "county"})
	def(Changsha, graph.City, "长沙市", []string{"长沙"}, graph.Props{graph.PropCode: "430100", graph.PropLevel: "prefecture"})

	for id, name := range map[string]string{Jiang: "蒋长富", He: "何翌滔", Li: "黎婷", Long: "龙云铸", Wang: "王清华", Zhang: "张明", Shi: "石纪虎"} {
		def(id, graph.Official, name, nil, nil)
	}
	def(Yueda, graph.Organization, "株洲跃达建筑", []string{"跃达建筑"}, nil)
	def(Wenwei, graph.Organization, "荷塘区人大教科文卫委", nil, nil)
	def(Central, graph.Organization, "株洲市中心医院", []string{"市中心医院"}, nil)
	def(CSU, graph.Organization, "中南大学", nil, nil)

	def(Hard, graph.Industry, "硬质材料", []string{"先进硬质材料", "硬质合金"}, nil)
	def(AI, graph.Industry, "人工智能", []string{"AI", "人工智能+"}, nil)
	def(Medical, graph.Industry, "医疗", []string{"智慧医疗"}, nil)
	def(Ceramics, graph.Industry, "陶瓷", []string{"陶瓷产业"}, nil)
	def(Elderly, graph.Industry, "养老服务", []string{"养老"}, nil)

	def(GoalAttack, graph.Goal, "聚力三大攻坚", nil, nil)
	def(GoalSafety, graph.Goal, "打好安全生产攻坚战", nil, nil)
	def(GoalEco, graph.Goal, "打好生态环保攻坚战", nil, nil)
	def(GoalBrand, graph.Goal, "唱响一个品牌", nil, nil)
	def(GoalCluster, graph.Goal, "冲刺国家级先进制造业集群", nil, nil)
	def(GoalHard, graph.Goal, "打造硬质材料产业集群", nil, nil)
	def(GoalResearch, graph.Goal, "建设全球研发中心城市", []string{"全球研发中心城市"}, nil)

	def(PropRoad, graph.Proposal, "加快打通湘江东岸沿江南路", nil, nil)
	def(PropBase, graph.Proposal, "共建硬质合金复合材料中试基地", nil, nil)
	def(PropAI, graph.Proposal, "人工智能赋能基层医疗", nil, nil)
	def(PropFactory, graph.Proposal, "推广厂所结合模式", []string{"厂所结合"}, nil)
	def(PropCompute, graph.Proposal, "建设人工智能算力中心", nil, nil)
	def(PropElderly, graph.Proposal, "推行老幼共托融合服务模式", []string{"老幼共托"}, nil)
}

// doc builds one report's batch: sentences are appended to the text one
// paragraph each, and facts cite them by index.
type doc struct {
	id, source, newspaper, date, city string
	text                              strings.Builder
	runes                             int
	sentences                         []graph.Evidence
	headlines                         []string
	articleStarts                     []int64
	nodes                             map[string]bool
	order                             []string
	own                               map[string]graph.Node // the document's statements
	rels                              []graph.Relationship
	mentioned                         map[string]bool
}

func newDoc(source, newspaper, date, city string) *doc {
	return &doc{id: graph.DocumentID(source), source: source, newspaper: newspaper, date: date, city: city,
		nodes: map[string]bool{}, mentioned: map[string]bool{}, own: map[string]graph.Node{}}
}

// say appends a sentence under a headline and returns its index.
func (d *doc) say(headline, sentence string) int {
	if len(d.headlines) == 0 || d.headlines[len(d.headlines)-1] != headline {
		d.headlines = append(d.headlines, headline)
		d.articleStarts = append(d.articleStarts, int64(d.runes))
		d.text.WriteString(headline + "\n\n")
		d.runes += utf8.RuneCountInString(headline) + 2
	}
	n := utf8.RuneCountInString(sentence)
	d.sentences = append(d.sentences, graph.Evidence{Document: d.id, Sentence: sentence, Start: d.runes, End: d.runes + n, Headline: headline})
	d.text.WriteString(sentence + "\n\n")
	d.runes += n + 2
	return len(d.sentences) - 1
}

func (d *doc) use(id string) {
	if d.nodes[id] {
		return
	}
	_, own := d.own[id]
	if _, ok := entities[id]; !ok && !own {
		panic("fixture: unknown node " + id)
	}
	d.nodes[id] = true
	d.order = append(d.order, id)
	if p, ok := cityParent[id]; ok {
		d.use(p)
		d.rels = append(d.rels, graph.Relationship{ID: graph.RelID(graph.LocatedIn, id, p, "", ""), Type: graph.LocatedIn, From: id, To: p})
	}
}

// fact states from -t-> to in sentence s; both ends are mentioned there.
func (d *doc) fact(t graph.RelType, from, to string, s int, props graph.Props) {
	d.use(from)
	d.use(to)
	ev := d.sentences[s]
	d.rels = append(d.rels, graph.Relationship{ID: graph.RelID(t, from, to, d.id, props.String(graph.PropTitle)),
		Type: t, From: from, To: to, Props: props, Evidence: &ev})
	d.mention(from, s)
	d.mention(to, s)
}

// statement records that speaker says text, printed in sentence s, about
// the topics: a Statement node of the document's own (ids and offsets as
// ingest makes them), SAID and ABOUT with the sentence as evidence.
func (d *doc) statement(speaker, text, kind string, s int, about ...string) {
	ev := d.sentences[s]
	i := strings.Index(ev.Sentence, text)
	if i < 0 {
		panic("fixture: statement not in its sentence: " + text)
	}
	start := ev.Start + utf8.RuneCountInString(ev.Sentence[:i])
	end := start + utf8.RuneCountInString(text)
	id := graph.StatementID(d.id, start, end)
	d.own[id] = graph.Node{ID: id, Label: graph.Statement, Name: graph.StatementName(text),
		Props: graph.Props{graph.PropText: text, graph.PropKind: kind, graph.PropDocument: d.id, graph.PropStart: int64(start), graph.PropEnd: int64(end)}}
	d.fact(graph.Said, speaker, id, s, nil)
	for _, t := range about {
		d.fact(graph.About, id, t, s, nil)
	}
}

// mention records that sentence s names id (one MENTIONS per sentence).
func (d *doc) mention(id string, s int) {
	key := fmt.Sprint(id, "#", s)
	if d.mentioned[key] {
		return
	}
	d.mentioned[key] = true
	d.use(id)
	ev := d.sentences[s]
	d.rels = append(d.rels, graph.Relationship{ID: graph.RelID(graph.Mentions, d.id, id, d.id, fmt.Sprint(s)),
		Type: graph.Mentions, From: d.id, To: id, Evidence: &ev})
}

func (d *doc) batch() graph.DocumentBatch {
	text := d.text.String()
	var paragraphs []string
	for _, e := range d.sentences {
		paragraphs = append(paragraphs, e.Sentence)
	}
	sum := sha256.Sum256([]byte(text))
	props := graph.Props{"source": d.source, "title": d.headlines[0], "text": text, "paragraphs": paragraphs,
		"newspaper": d.newspaper, "date": d.date, "city": d.city, "headlines": d.headlines,
		"reporters": []string{}, "encoding": "utf-8", "sha256": hex.EncodeToString(sum[:])}
	if d.source != "web.txt" {
		// Where each article starts, as ingest records it; the web page
		// is a document written before it did (one article, the whole text).
		props["article_starts"], props["article_headlines"] = d.articleStarts, d.headlines
	}
	b := graph.DocumentBatch{Document: graph.Node{ID: d.id, Label: graph.Document, Name: d.source, Props: props}, Relationships: d.rels}
	for _, id := range d.order {
		if n, ok := d.own[id]; ok {
			b.Nodes = append(b.Nodes, n.Clone())
			continue
		}
		b.Nodes = append(b.Nodes, entities[id].Clone())
	}
	return b
}

func title(t string) graph.Props { return graph.Props{graph.PropTitle: t} }

// Batches returns the fixture's four reports.
func Batches() []graph.DocumentBatch {
	zz1 := newDoc("zz1.txt", "株洲日报", "2025-12-27", Zhuzhou)
	h1 := "把握工作思路 系统推进高质量发展"
	s := zz1.say(h1, "醴陵市委副书记、代理市长蒋长富接受记者专访。")
	zz1.fact(graph.HoldsPosition, Jiang, Liling, s, title("代理市长"))
	s = zz1.say(h1, "蒋长富表示,醴陵将聚力三大攻坚,打好安全生产攻坚战和生态环保攻坚战。")
	zz1.fact(graph.Sets, Jiang, GoalAttack, s, nil)
	zz1.fact(graph.HasPart, GoalAttack, GoalSafety, s, nil)
	zz1.fact(graph.HasPart, GoalAttack, GoalEco, s, nil)
	zz1.fact(graph.AppliesTo, GoalAttack, Liling, s, nil)
	s = zz1.say(h1, "醴陵将唱响一个品牌,做强陶瓷产业。")
	zz1.fact(graph.Sets, Jiang, GoalBrand, s, nil)
	zz1.fact(graph.Targets, GoalBrand, Ceramics, s, nil)
	zz1.fact(graph.AppliesTo, GoalBrand, Liling, s, nil)
	h2 := "代表委员建言"
	s = zz1.say(h2, "市人大代表、株洲跃达建筑总经理何翌滔建议加快打通湘江东岸沿江南路。")
	zz1.fact(graph.HoldsPosition, He, Yueda, s, title("总经理"))
	zz1.fact(graph.Proposes, He, PropRoad, s, nil)
	zz1.fact(graph.LocatedIn, PropRoad, Zhuzhou, s, nil)
	zz1.fact(graph.LocatedIn, Yueda, Zhuzhou, s, nil)
	s = zz1.say(h2, "市政协委员、荷塘区人大教科文卫委主任黎婷建议共建硬质合金复合材料中试基地。")
	zz1.fact(graph.HoldsPosition, Li, Wenwei, s, title("主任"))
	zz1.fact(graph.LocatedIn, Wenwei, Hetang, s, nil)
	zz1.fact(graph.Proposes, Li, PropBase, s, nil)
	zz1.fact(graph.LocatedIn, PropBase, Zhuzhou, s, nil)
	s = zz1.say(h2, "她认为,硬质材料是株洲的优势产业,应冲刺国家级先进制造业集群。")
	zz1.fact(graph.Targets, PropBase, Hard, s, nil)
	zz1.fact(graph.Targets, GoalCluster, Hard, s, nil)
	zz1.fact(graph.AppliesTo, GoalCluster, Zhuzhou, s, nil)
	zz1.statement(Li, "硬质材料是株洲的优势产业,应冲刺国家级先进制造业集群", graph.KindReported, s, Hard, Zhuzhou, GoalCluster)
	s = zz1.say(h2, "市政协委员、市中心医院副院长龙云铸建议以人工智能赋能基层医疗。")
	zz1.fact(graph.HoldsPosition, Long, Central, s, title("副院长"))
	zz1.fact(graph.LocatedIn, Central, Zhuzhou, s, nil)
	zz1.fact(graph.Proposes, Long, PropAI, s, nil)
	zz1.fact(graph.Targets, PropAI, AI, s, nil)
	zz1.fact(graph.Targets, PropAI, Medical, s, nil)
	s = zz1.say(h2, "“人工智能让基层看病更方便。”龙云铸说。")
	zz1.statement(Long, "人工智能让基层看病更方便。", graph.KindDirect, s, AI)

	zz2 := newDoc("zz2.txt", "株洲日报", "2026-01-20", Zhuzhou)
	h3 := "政府工作报告解读"
	s = zz2.say(h3, "株洲市市长王清华在政府工作报告中提出,打造硬质材料产业集群。")
	zz2.fact(graph.HoldsPosition, Wang, Zhuzhou, s, title("市长"))
	zz2.fact(graph.Sets, Wang, GoalHard, s, nil)
	zz2.fact(graph.Targets, GoalHard, Hard, s, nil)
	zz2.fact(graph.AppliesTo, GoalHard, Zhuzhou, s, nil)
	s = zz2.say(h3, "硬质合金企业将与中南大学共建研发平台。")
	zz2.mention(Hard, s)
	zz2.mention(CSU, s)
	s = zz2.say(h3, "黎婷再次建议推广厂所结合模式,推动硬质材料规模化应用。")
	zz2.fact(graph.Proposes, Li, PropFactory, s, nil)
	zz2.fact(graph.Targets, PropFactory, Hard, s, nil)

	cs1 := newDoc("cs1.txt", "长沙晚报", "2026-01-15", Changsha)
	h4 := "长沙两会"
	s = cs1.say(h4, "长沙市人大代表张明建议建设人工智能算力中心。")
	cs1.fact(graph.HoldsPosition, Zhang, Changsha, s, title("市人大代表"))
	cs1.fact(graph.Proposes, Zhang, PropCompute, s, nil)
	cs1.fact(graph.Targets, PropCompute, AI, s, nil)
	cs1.fact(graph.LocatedIn, PropCompute, Changsha, s, nil)
	s = cs1.say(h4, "长沙将加快建设全球研发中心城市。")
	cs1.fact(graph.AppliesTo, GoalResearch, Changsha, s, nil)

	web := newDoc("web.txt", "", "", "")
	h5 := "代表建议"
	s = web.say(h5, "石纪虎建议推行老幼共托融合服务模式,发展养老服务。")
	web.fact(graph.Proposes, Shi, PropElderly, s, nil)
	web.fact(graph.Targets, PropElderly, Elderly, s, nil)

	return []graph.DocumentBatch{zz1.batch(), zz2.batch(), cs1.batch(), web.batch()}
}

// Load writes the fixture into s.
func Load(ctx context.Context, s graph.Store) error {
	for _, b := range Batches() {
		if _, err := s.WriteDocument(ctx, b); err != nil {
			return fmt.Errorf("fixture %s: %w", b.Document.ID, err)
		}
	}
	return nil
}

// LoadScaled writes the fixture and copies-1 renamed copies of it (every
// id, name, alias and source suffixed "~i"), for benchmarks that should
// not run on a 40-node graph. Copy 0 is the fixture itself, so the
// examples still find 株洲市 and 硬质材料.
func LoadScaled(ctx context.Context, s graph.Store, copies int) error {
	for i := 0; i < copies; i++ {
		for _, b := range Batches() {
			if i > 0 {
				b = renamed(b, fmt.Sprintf("~%d", i))
			}
			if _, err := s.WriteDocument(ctx, b); err != nil {
				return fmt.Errorf("scaled fixture copy %d %s: %w", i, b.Document.ID, err)
			}
		}
	}
	return nil
}

func renamed(b graph.DocumentBatch, sfx string) graph.DocumentBatch {
	node := func(n graph.Node) graph.Node {
		n = n.Clone()
		n.ID += sfx
		n.Name += sfx
		for i := range n.Aliases {
			n.Aliases[i] += sfx
		}
		if c := n.Props.String(graph.PropCity); c != "" {
			n.Props[graph.PropCity] = c + sfx
		}
		if src := n.Props.String(graph.PropSource); src != "" {
			n.Props[graph.PropSource] = src + sfx
		}
		return n
	}
	out := graph.DocumentBatch{Document: node(b.Document)}
	for _, n := range b.Nodes {
		out.Nodes = append(out.Nodes, node(n))
	}
	for _, r := range b.Relationships {
		r = r.Clone()
		r.ID += sfx
		r.From += sfx
		r.To += sfx
		if r.Evidence != nil {
			r.Evidence.Document += sfx
		}
		out.Relationships = append(out.Relationships, r)
	}
	return out
}
