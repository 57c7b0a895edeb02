package memstore_test

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/graph/storetest"
)

// Pools for chineseCorpus: the kinds of names and sentences the ingest
// pipeline writes from 两会 reports.
var (
	benchSurnames = []rune("张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
	benchGiven    = []rune("长富翌滔婷云铸清华明纪虎建国志强海涛晓红丽娟军平伟芳敏静磊洋勇艳杰娜超秀英玉兰宏斌")
	benchCities   = [][2]string{
		{"株洲市", "株洲"}, {"醴陵市", "醴陵"}, {"长沙市", "长沙"}, {"湘潭市", "湘潭"}, {"渌口区", "渌口"},
		{"荷塘区", "荷塘"}, {"芦淞区", "芦淞"}, {"石峰区", "石峰"}, {"天元区", "天元"}, {"茶陵县", "茶陵"},
		{"炎陵县", "炎陵"}, {"衡阳市", "衡阳"}, {"岳阳市", "岳阳"}, {"常德市", "常德"}, {"深圳市", "深圳"},
		{"成都市", "成都"}, {"重庆市", "重庆"}, {"湖南省", "湖南"}, {"攸县", ""}, {"益阳市", "益阳"},
	}
	benchIndustries = [][2]string{
		{"先进陶瓷", "陶瓷产业"}, {"低空经济", ""}, {"功率半导体", "半导体"}, {"硬质材料", "硬质合金"},
		{"人工智能", "AI"}, {"轨道交通装备", "轨道交通"}, {"中小航空发动机", "航空发动机"}, {"新能源汽车", ""},
		{"生物医药", ""}, {"电子信息", ""}, {"智慧医疗", "医疗"}, {"养老服务", "养老"}, {"文化旅游", "文旅"},
		{"现代农业", ""}, {"数字经济", ""}, {"服装产业", "服饰"},
	}
	benchOrgKinds = []string{"中心医院", "第一中学", "职业技术学院", "交通投资集团", "城市建设发展集团",
		"人大教科文卫委", "政协经济委员会", "科技局", "发展和改革委员会", "硬质合金有限公司"}
	benchVerbs   = []string{"加快", "推动", "支持", "共建", "完善", "推广", "打通", "建设", "培育", "设立"}
	benchObjects = []string{"产业园区", "中试基地", "公共服务平台", "人才引进机制", "沿江南路", "算力中心",
		"老幼共托融合服务模式", "厂所结合模式", "产学研合作", "职业教育体系"}
	benchTitles = []string{"市人大代表", "市政协委员", "代理市长", "总经理", "院长", "校长", "主任委员"}
)

// chineseCorpus builds docs reports of about perDoc entities each, the same
// on every call: officials, organisations, proposals and goals of their
// own, cities and industries shared by all, and evidence sentences of 40
// to 90 characters that name the entities, as ingest writes them.
func chineseCorpus(docs, perDoc int) []graph.DocumentBatch {
	rng := rand.New(rand.NewSource(1))
	pick := func(ss []string) string { return ss[rng.Intn(len(ss))] }
	out := make([]graph.DocumentBatch, 0, docs)
	for d := 0; d < docs; d++ {
		src := fmt.Sprintf("两会报道-%03d.txt", d)
		docID := graph.DocumentID(src)
		var text strings.Builder
		runes := 0
		say := func(s string) *graph.Evidence {
			n := utf8.RuneCountInString(s)
			e := &graph.Evidence{Document: docID, Sentence: s, Start: runes, End: runes + n, Headline: "聚焦全国两会"}
			text.WriteString(s)
			runes += n
			return e
		}
		nodes := map[string]graph.Node{}
		var rels []graph.Relationship
		use := func(n graph.Node) string {
			nodes[n.ID] = n
			return n.ID
		}
		add := func(t graph.RelType, from, to string, ev *graph.Evidence, props graph.Props, extra string) {
			doc := ""
			if ev != nil {
				doc = docID
			}
			rels = append(rels, graph.Relationship{ID: graph.RelID(t, from, to, doc, extra), Type: t, From: from, To: to, Props: props, Evidence: ev})
		}
		mention := func(id string, ev *graph.Evidence, i int) {
			add(graph.Mentions, docID, id, ev, nil, fmt.Sprint(i))
		}
		city := func() (string, string) {
			c := benchCities[rng.Intn(len(benchCities))]
			var aliases []string
			if c[1] != "" {
				aliases = []string{c[1]}
			}
			return use(graph.Node{ID: graph.NodeID(graph.City, c[0]), Label: graph.City, Name: c[0], Aliases: aliases,
				Props: graph.Props{"level": "prefecture"}}), c[0]
		}
		industry := func() (string, string) {
			c := benchIndustries[rng.Intn(len(benchIndustries))]
			var aliases []string
			if c[1] != "" {
				aliases = []string{c[1]}
			}
			return use(graph.Node{ID: graph.NodeID(graph.Industry, c[0]), Label: graph.Industry, Name: c[0], Aliases: aliases}), c[0]
		}
		for i := 0; len(nodes) < perDoc; i++ {
			cityID, cityName := city()
			indID, indName := industry()
			short := strings.TrimRight(cityName, "市区县省")
			official := string(benchSurnames[rng.Intn(len(benchSurnames))]) + string(benchGiven[rng.Intn(len(benchGiven))]) + string(benchGiven[rng.Intn(len(benchGiven))])
			if d == 0 && i == 0 {
				official = "蒋长富"
			}
			offID := use(graph.Node{ID: graph.NodeID(graph.Official, official), Label: graph.Official, Name: official})
			org := short + pick(benchOrgKinds)
			orgID := use(graph.Node{ID: graph.NodeID(graph.Organization, org), Label: graph.Organization, Name: org})
			title := pick(benchTitles)
			proposal := pick(benchVerbs) + short + indName + pick(benchObjects)
			propID := use(graph.Node{ID: graph.NodeID(graph.Proposal, proposal), Label: graph.Proposal, Name: proposal})

			s1 := say(fmt.Sprintf("%s%s、%s%s%s接受记者专访时表示，今年将围绕%s产业链持续发力，推动经济社会高质量发展。", cityName, title, org, title, official, indName))
			s2 := say(fmt.Sprintf("%s建议，%s，进一步完善配套政策，为建设现代化新%s贡献更多力量。", official, proposal, short))
			add(graph.HoldsPosition, offID, orgID, s1, graph.Props{"title": title}, title)
			add(graph.LocatedIn, orgID, cityID, s1, nil, "")
			add(graph.Proposes, offID, propID, s2, nil, "")
			add(graph.Targets, propID, indID, s2, nil, "")
			add(graph.LocatedIn, propID, cityID, s2, nil, "")
			for _, id := range []string{cityID, indID, offID, orgID} {
				mention(id, s1, 2*i)
			}
			mention(offID, s2, 2*i+1)
			mention(propID, s2, 2*i+1)
			if i%3 == 0 {
				goal := "打造" + indName + "产业集群"
				goalID := use(graph.Node{ID: graph.NodeID(graph.Goal, goal), Label: graph.Goal, Name: goal})
				s3 := say(fmt.Sprintf("%s提出，要%s，力争三年内产值突破千亿元，把%s建设成为全国有影响力的%s高地。", official, goal, cityName, indName))
				add(graph.Sets, offID, goalID, s3, nil, "")
				add(graph.Targets, goalID, indID, s3, nil, "")
				add(graph.AppliesTo, goalID, cityID, s3, nil, "")
				mention(goalID, s3, 10000+i)
			}
		}
		ids := make([]string, 0, len(nodes))
		for id := range nodes {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		b := graph.DocumentBatch{Document: graph.Node{ID: docID, Label: graph.Document, Name: src,
			Props: graph.Props{"source": src, "text": text.String(), "date": fmt.Sprintf("2025-12-%02d", 1+d%28)}}}
		for _, id := range ids {
			b.Nodes = append(b.Nodes, nodes[id])
		}
		// Distinct facts may share a relationship id (the same official
		// holding the same title twice); keep the first.
		seen := map[string]bool{}
		for _, r := range rels {
			if !seen[r.ID] {
				seen[r.ID] = true
				b.Relationships = append(b.Relationships, r)
			}
		}
		out = append(out, b)
	}
	return out
}

var benchStores = struct {
	sync.Mutex
	m map[string]*memstore.Store
}{m: map[string]*memstore.Store{}}

// benchStore returns a store loaded with the named corpus, built once per
// test binary.
func benchStore(tb testing.TB, corpus string) *memstore.Store {
	benchStores.Lock()
	defer benchStores.Unlock()
	if s := benchStores.m[corpus]; s != nil {
		return s
	}
	var batches []graph.DocumentBatch
	switch corpus {
	case "chinese":
		batches = chineseCorpus(200, 60)
	case "synthetic":
		batches = storetest.SyntheticCorpus(100, 100)
	default:
		tb.Fatalf("unknown corpus %q", corpus)
	}
	s := memstore.New()
	for _, b := range batches {
		if _, err := s.WriteDocument(context.Background(), b); err != nil {
			tb.Fatalf("write %s: %v", b.Document.ID, err)
		}
	}
	benchStores.m[corpus] = s
	return s
}

// BenchmarkSearch measures one Search (limit 10, as the explorer asks) on
// two graphs: "chinese" (200 reports: 5,519 nodes and 32,288 relationships
// citing 6,167 distinct Chinese sentences) and storetest's "synthetic"
// corpus (8,500 nodes, 20,900 relationships). The queries cover each kind
// of match: an exact name, an alias, a word in thousands of sentences, an
// evidence-only phrase, a person, full-width Latin, and no match.
func BenchmarkSearch(b *testing.B) {
	cases := []struct{ corpus, name, text string }{
		{"chinese", "exact", "硬质材料"},
		{"chinese", "alias", "株洲"},
		{"chinese", "common", "产业"},
		{"chinese", "evidence", "高质量发展"},
		{"chinese", "person", "蒋长富"},
		{"chinese", "fullwidth", "ａｉ"},
		{"chinese", "none", "不存在的词"},
		{"synthetic", "prefix", "城市01"},
		{"synthetic", "fold", "OFFICIAL-0042"},
		{"synthetic", "evidence", "报告第5句"},
		{"synthetic", "none", "深圳"},
	}
	ctx := context.Background()
	for _, c := range cases {
		b.Run(c.corpus+"/"+c.name, func(b *testing.B) {
			s := benchStore(b, c.corpus)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Search(ctx, graph.SearchQuery{Text: c.text, Limit: 10}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindNodes measures the FindNodes shapes that GraphQL connections
// and the query loader send.
func BenchmarkFindNodes(b *testing.B) {
	s := benchStore(b, "chinese")
	ctx := context.Background()
	// The loader's batched nested filter: id in a candidate set, and a
	// condition.
	page, err := s.FindNodes(ctx, graph.NodeQuery{Labels: []graph.Label{graph.Proposal}, Limit: 200})
	if err != nil {
		b.Fatal(err)
	}
	var cands []string
	for _, n := range page.Nodes {
		cands = append(cands, n.ID)
	}
	cases := []struct {
		name string
		q    graph.NodeQuery
	}{
		{"label", graph.NodeQuery{Labels: []graph.Label{graph.Official}, Limit: 20}},
		{"name-contains", graph.NodeQuery{Labels: []graph.Label{graph.Proposal}, Where: &graph.Filter{Field: "name", Op: graph.OpContains, Value: "硬质"}, Limit: 20}},
		{"sort-name", graph.NodeQuery{Labels: []graph.Label{graph.Official}, Sort: []graph.SortKey{{Field: "name"}}, Limit: 20}},
		{"rel-filter", graph.NodeQuery{Labels: []graph.Label{graph.Official}, Where: &graph.Filter{Rel: &graph.RelFilter{
			Type: graph.Proposes, Direction: graph.Out, Quantifier: graph.Some,
			Where: &graph.Filter{Rel: &graph.RelFilter{Type: graph.Targets, Direction: graph.Out, Quantifier: graph.Some,
				Where: &graph.Filter{Field: "name", Op: graph.OpEq, Value: "硬质材料"}}}}}, Limit: 20}},
		{"id-in-and", graph.NodeQuery{Labels: []graph.Label{graph.Proposal}, Where: &graph.Filter{And: []graph.Filter{
			{Field: "id", Op: graph.OpIn, Value: cands}, {Field: "name", Op: graph.OpContains, Value: "株洲"}}}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.FindNodes(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExpand measures Expand of a resolver batch (50 officials, the
// loader's usual size) and of one hub (a shared city).
func BenchmarkExpand(b *testing.B) {
	s := benchStore(b, "chinese")
	ctx := context.Background()
	page, err := s.FindNodes(ctx, graph.NodeQuery{Labels: []graph.Label{graph.Official}, Limit: 50})
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, n := range page.Nodes {
		ids = append(ids, n.ID)
	}
	cases := []struct {
		name string
		q    graph.ExpandQuery
	}{
		{"batch", graph.ExpandQuery{IDs: ids, Direction: graph.Out, Types: []graph.RelType{graph.Proposes, graph.HoldsPosition}}},
		{"hub", graph.ExpandQuery{IDs: []string{graph.NodeID(graph.City, "株洲市")}, Direction: graph.In, Types: []graph.RelType{graph.LocatedIn}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Expand(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
