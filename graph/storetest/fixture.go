package storetest

import (
	"strings"

	"github.com/policygraph/policygraph/graph"
)

// A tiny world of two reports, hand-built so that every expectation in the
// suite can be worked out by reading this file.
//
//	湖南省 ← 株洲市 ← 醴陵市            (reference LOCATED_IN, no evidence)
//	docA: 蒋长富 HOLDS_POSITION 醴陵市 (代理市长); 何翌滔 PROPOSES p1 → 株洲市;
//	      p1 TARGETS 硬质材料; 何翌滔 HOLDS_POSITION 跃达建筑 (总经理)
//	docB: 黎婷 PROPOSES p2 TARGETS 硬质材料 and 人工智能; 黎婷 HOLDS_POSITION 株洲市
//
// Each document MENTIONS every entity it names.

const (
	textA = "醴陵市委副书记、代理市长蒋长富接受专访。何翌滔建议,加快打通湘江东岸沿江南路。推动硬质材料产业发展。"
	textB = "市政协委员黎婷建议共建硬质合金复合材料中试基地。人工智能赋能医疗。"
)

var (
	idDocA     = graph.DocumentID("a.txt")
	idDocB     = graph.DocumentID("b.txt")
	idDocD     = graph.DocumentID("d.txt") // testFindSingle's
	idHunan    = graph.NodeID(graph.City, "430000")
	idZhuzhou  = graph.NodeID(graph.City, "430200")
	idLiling   = graph.NodeID(graph.City, "430281")
	idJiang    = graph.NodeID(graph.Official, "蒋长富")
	idHe       = graph.NodeID(graph.Official, "何翌滔")
	idLi       = graph.NodeID(graph.Official, "黎婷")
	idYueda    = graph.NodeID(graph.Organization, "株洲跃达建筑")
	idHard     = graph.NodeID(graph.Industry, "硬质材料")
	idAI       = graph.NodeID(graph.Industry, "人工智能")
	idP1       = graph.NodeID(graph.Proposal, "加快打通湘江东岸沿江南路")
	idP2       = graph.NodeID(graph.Proposal, "共建硬质合金复合材料中试基地")
	allFixture = []string{idDocA, idDocB, idHunan, idZhuzhou, idLiling, idJiang, idHe, idLi, idYueda, idHard, idAI, idP1, idP2}
)

func node(id string, l graph.Label, name string, aliases []string, props graph.Props) graph.Node {
	return graph.Node{ID: id, Label: l, Name: name, Aliases: aliases, Props: props}
}

func cities() []graph.Node {
	return []graph.Node{
		node(idHunan, graph.City, "湖南省", []string{"湖南"}, graph.Props{graph.PropCode: "430000", graph.PropLevel: "province"}),
		node(idZhuzhou, graph.City, "株洲市", []string{"株洲"}, graph.Props{graph.PropCode: "430200", graph.PropLevel: "prefecture", "population": int64(390)}),
		node(idLiling, graph.City, "醴陵市", []string{"醴陵"}, graph.Props{graph.PropCode: "430281", graph.PropLevel: "county", "population": int64(95)}),
	}
}

func refLocated(from, to string) graph.Relationship {
	return graph.Relationship{ID: graph.RelID(graph.LocatedIn, from, to, "", ""), Type: graph.LocatedIn, From: from, To: to}
}

// fact builds a relationship read from sentence of the document's text.
func fact(doc, text string, t graph.RelType, from, to, sentence string, props graph.Props) graph.Relationship {
	start := strings.Index(text, sentence)
	if start < 0 {
		panic("fixture sentence not in text: " + sentence)
	}
	rs := []rune(text[:start])
	extra := ""
	if props != nil {
		extra = props.String(graph.PropTitle)
	}
	return graph.Relationship{
		ID: graph.RelID(t, from, to, doc, extra), Type: t, From: from, To: to, Props: props,
		Evidence: &graph.Evidence{Document: doc, Sentence: sentence, Start: len(rs), End: len(rs) + len([]rune(sentence)), Headline: "两会特刊"},
	}
}

func mentions(doc, text string, ids map[string]string) []graph.Relationship {
	var out []graph.Relationship
	for id, sentence := range ids {
		out = append(out, fact(doc, text, graph.Mentions, doc, id, sentence, nil))
	}
	return out
}

// batchA is report a.txt.
func batchA() graph.DocumentBatch {
	s1 := "醴陵市委副书记、代理市长蒋长富接受专访。"
	s2 := "何翌滔建议,加快打通湘江东岸沿江南路。"
	s3 := "推动硬质材料产业发展。"
	b := graph.DocumentBatch{
		Document: node(idDocA, graph.Document, "a.txt", nil, graph.Props{"source": "a.txt", "text": textA, "paragraphs": []string{textA}, "date": "2025-12-27"}),
		Nodes: append(cities(),
			node(idJiang, graph.Official, "蒋长富", nil, nil),
			node(idHe, graph.Official, "何翌滔", nil, nil),
			node(idYueda, graph.Organization, "株洲跃达建筑", []string{"跃达建筑"}, nil),
			node(idHard, graph.Industry, "硬质材料", []string{"先进硬质材料"}, graph.Props{graph.PropSector: "材料"}),
			node(idP1, graph.Proposal, "加快打通湘江东岸沿江南路", nil, nil),
		),
		Relationships: []graph.Relationship{
			refLocated(idLiling, idZhuzhou),
			refLocated(idZhuzhou, idHunan),
			fact(idDocA, textA, graph.HoldsPosition, idJiang, idLiling, s1, graph.Props{graph.PropTitle: "代理市长"}),
			fact(idDocA, textA, graph.HoldsPosition, idHe, idYueda, s2, graph.Props{graph.PropTitle: "总经理"}),
			fact(idDocA, textA, graph.Proposes, idHe, idP1, s2, nil),
			fact(idDocA, textA, graph.LocatedIn, idP1, idZhuzhou, s2, nil),
			fact(idDocA, textA, graph.Targets, idP1, idHard, s3, nil),
		},
	}
	b.Relationships = append(b.Relationships, mentions(idDocA, textA, map[string]string{
		idLiling: s1, idJiang: s1, idHe: s2, idP1: s2, idHard: s3, idYueda: s2, idZhuzhou: s2,
	})...)
	return b
}

// batchB is report b.txt; it shares 株洲市 and 硬质材料 with a.txt.
func batchB() graph.DocumentBatch {
	s1 := "市政协委员黎婷建议共建硬质合金复合材料中试基地。"
	s2 := "人工智能赋能医疗。"
	b := graph.DocumentBatch{
		Document: node(idDocB, graph.Document, "b.txt", nil, graph.Props{"source": "b.txt", "text": textB, "paragraphs": []string{textB}, "date": "2025-12-24"}),
		Nodes: append(cities()[:2],
			node(idLi, graph.Official, "黎婷", nil, nil),
			node(idHard, graph.Industry, "硬质材料", []string{"硬质合金"}, graph.Props{graph.PropSector: "材料"}),
			node(idAI, graph.Industry, "人工智能", []string{"AI", "人工智能+"}, nil),
			node(idP2, graph.Proposal, "共建硬质合金复合材料中试基地", nil, nil),
		),
		Relationships: []graph.Relationship{
			refLocated(idZhuzhou, idHunan),
			fact(idDocB, textB, graph.HoldsPosition, idLi, idZhuzhou, s1, graph.Props{graph.PropTitle: "市政协委员"}),
			fact(idDocB, textB, graph.Proposes, idLi, idP2, s1, nil),
			fact(idDocB, textB, graph.Targets, idP2, idHard, s1, nil),
			fact(idDocB, textB, graph.Targets, idP2, idAI, s2, nil),
		},
	}
	b.Relationships = append(b.Relationships, mentions(idDocB, textB, map[string]string{
		idLi: s1, idP2: s1, idHard: s1, idAI: s2, idZhuzhou: s1,
	})...)
	return b
}

// Report c.txt is speech: 何翌滔 (of a.txt) says, in reported speech, that
// 株洲 should grow 硬质材料, and in direct speech that the road p1 must
// open soon. It names 株洲市 and 硬质材料 as a.txt does, so its statements
// hang off shared nodes.
//
//	docC: 何翌滔 SAID s1 ABOUT 硬质材料, 株洲市; 何翌滔 SAID s2 ABOUT p1
const textC = "何翌滔表示,株洲要做强硬质材料产业。“沿江南路要早日打通。”何翌滔说。"

var (
	idDocC = graph.DocumentID("c.txt")
	idS1   = graph.StatementID(idDocC, 6, 17)
	idS2   = graph.StatementID(idDocC, 19, 29)
)

// statement builds a Statement printed in text, found by its words.
func statement(doc, text, said, kind string) graph.Node {
	start := len([]rune(text[:strings.Index(text, said)]))
	end := start + len([]rune(said))
	return node(graph.StatementID(doc, start, end), graph.Statement, graph.StatementName(said), nil,
		graph.Props{graph.PropText: said, graph.PropKind: kind, graph.PropDocument: doc, graph.PropStart: int64(start), graph.PropEnd: int64(end)})
}

// statementS1 and statementS2 are c.txt's statements as written.
func statementS1() graph.Node {
	return statement(idDocC, textC, "株洲要做强硬质材料产业", graph.KindReported)
}

func statementS2() graph.Node {
	return statement(idDocC, textC, "沿江南路要早日打通。", graph.KindDirect)
}

// batchC is report c.txt.
func batchC() graph.DocumentBatch {
	s1 := "何翌滔表示,株洲要做强硬质材料产业。"
	s2 := "“沿江南路要早日打通。”何翌滔说。"
	b := graph.DocumentBatch{
		Document: node(idDocC, graph.Document, "c.txt", nil, graph.Props{"source": "c.txt", "text": textC, "paragraphs": []string{textC}, "date": "2025-12-29"}),
		Nodes: append(cities()[:2],
			node(idHe, graph.Official, "何翌滔", nil, nil),
			node(idHard, graph.Industry, "硬质材料", nil, graph.Props{graph.PropSector: "材料"}),
			node(idP1, graph.Proposal, "加快打通湘江东岸沿江南路", nil, nil),
			statementS1(),
			statementS2(),
		),
		Relationships: []graph.Relationship{
			refLocated(idZhuzhou, idHunan),
			fact(idDocC, textC, graph.Said, idHe, idS1, s1, nil),
			fact(idDocC, textC, graph.About, idS1, idHard, s1, nil),
			fact(idDocC, textC, graph.About, idS1, idZhuzhou, s1, nil),
			fact(idDocC, textC, graph.Said, idHe, idS2, s2, nil),
			fact(idDocC, textC, graph.About, idS2, idP1, s2, nil),
		},
	}
	b.Relationships = append(b.Relationships, mentions(idDocC, textC, map[string]string{
		idHe: s1, idS1: s1, idHard: s1, idZhuzhou: s1, idS2: s2, idP1: s2,
	})...)
	return b
}
