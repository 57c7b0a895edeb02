package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// TestAnswers asserts real answers on the fixture (queries/querytest), on
// every backend. Expected data is written out in full, worked out from the
// fixture's sentences, never read back from a store.
func TestAnswers(t *testing.T) {
	tests := []struct {
		name, query, want string
	}{
		{"who proposes what about 硬质材料 in 株洲市",
			`{ proposals(where: {targets: {some: {name: {eq: "硬质材料"}}}, locatedIn: {some: {name: {eq: "株洲市"}}}}) {
				totalCount nodes { name proposers { nodes { name } } } } }`,
			`{"proposals": {"totalCount": 1, "nodes": [{"name": "共建硬质合金复合材料中试基地", "proposers": {"nodes": [{"name": "黎婷"}]}}]}}`},
		{"positions in a place and in a body",
			`{ jiang: node(id: "official:蒋长富") { ... on Official { positions { title city { name } organization { name } } } }
			   he: node(id: "official:何翌滔") { ... on Official { positions { title city { name } organization { name } evidence { headline } } } } }`,
			`{"jiang": {"positions": [{"title": "代理市长", "city": {"name": "醴陵市"}, "organization": null}]},
			  "he": {"positions": [{"title": "总经理", "city": {"name": "株洲市"}, "organization": {"name": "株洲跃达建筑"}, "evidence": [{"headline": "代表委员建言"}]}]}}`},
		{"city relationships both ways",
			`{ cities(where: {name: {eq: "株洲市"}}) { nodes { code level parent { name }
				children(sort: [{code: ASC}]) { nodes { name } }
				officials { nodes { name } edges { relationships { title } } }
				organizations(sort: [{name: ASC}]) { nodes { name } }
				proposals(sort: [{name: ASC}]) { nodes { name } }
				goals(sort: [{name: DESC}]) { nodes { name } } } } }`,
			`{"cities": {"nodes": [{"code": "430200", "level": "prefecture", "parent": {"name": "湖南省"},
				"children": {"nodes": [{"name": "荷塘区"}, {"name": "醴陵市"}]},
				"officials": {"nodes": [{"name": "王清华"}], "edges": [{"relationships": [{"title": "市长"}]}]},
				"organizations": {"nodes": [{"name": "株洲市中心医院"}, {"name": "株洲跃达建筑"}]},
				"proposals": {"nodes": [{"name": "共建硬质合金复合材料中试基地"}, {"name": "加快打通湘江东岸沿江南路"}]},
				"goals": {"nodes": [{"name": "打造硬质材料产业集群"}, {"name": "冲刺国家级先进制造业集群"}]}}]}}`},
		{"goal structure",
			`{ goals(where: {name: {eq: "打好安全生产攻坚战"}}) { nodes { partOf { nodes { name setBy { nodes { name } }
				parts(sort: [{name: ASC}]) { totalCount } appliesTo { nodes { name } } } } } } }`,
			`{"goals": {"nodes": [{"partOf": {"nodes": [{"name": "聚力三大攻坚", "setBy": {"nodes": [{"name": "蒋长富"}]},
				"parts": {"totalCount": 2}, "appliesTo": {"nodes": [{"name": "醴陵市"}]}}]}}]}}`},
		{"industry targetedBy, by label",
			`{ industries(where: {name: {eq: "硬质材料"}}) { nodes { aliases
				targetedBy { totalCount } proposals { totalCount } goals { totalCount }
				onlyGoals: targetedBy(labels: [Goal]) { totalCount }
				none: targetedBy(labels: [Official]) { totalCount } } } }`,
			`{"industries": {"nodes": [{"aliases": ["先进硬质材料", "硬质合金"], "targetedBy": {"totalCount": 4}, "proposals": {"totalCount": 2},
				"goals": {"totalCount": 2}, "onlyGoals": {"totalCount": 2}, "none": {"totalCount": 0}}]}}`},
		{"OR, startsWith, endsWith, sort DESC",
			`{ officials(where: {OR: [{name: {startsWith: "黎"}}, {name: {endsWith: "明"}}]}, sort: [{name: DESC}]) { nodes { name } } }`,
			`{"officials": {"nodes": [{"name": "黎婷"}, {"name": "张明"}]}}`},
		{"NOT, some with an empty where",
			`{ officials(where: {NOT: {proposals: {some: {}}}}, sort: [{name: ASC}]) { nodes { name } } }`,
			`{"officials": {"nodes": [{"name": "王清华"}, {"name": "蒋长富"}]}}`},
		{"all and none quantifiers",
			`{ only: officials(where: {proposals: {all: {targets: {some: {name: {eq: "硬质材料"}}}}, some: {}}}) { nodes { name } }
			   notAI: proposals(where: {targets: {none: {name: {eq: "人工智能"}}}}) { totalCount } }`,
			`{"only": {"nodes": [{"name": "黎婷"}]}, "notAI": {"totalCount": 4}}`},
		{"single quantifier",
			`{ one: officials(where: {proposals: {single: {}}}, sort: [{name: ASC}]) { nodes { name } }
			   oneAI: proposals(where: {targets: {single: {name: {eq: "人工智能"}}}}) { totalCount }
			   oneTarget: proposals(where: {targets: {single: {}}}) { totalCount } }`,
			`{"one": {"nodes": [{"name": "何翌滔"}, {"name": "张明"}, {"name": "石纪虎"}, {"name": "龙云铸"}]}, "oneAI": {"totalCount": 2}, "oneTarget": {"totalCount": 4}}`},
		{"aliases and in",
			`{ ai: industries(where: {aliases: {eq: "AI"}}) { nodes { name } }
			   two: cities(where: {name: {in: ["株洲市", "长沙市"]}}) { totalCount }
			   ids: cities(where: {id: {in: ["city:430281"]}}) { nodes { name } } }`,
			`{"ai": {"nodes": [{"name": "人工智能"}]}, "two": {"totalCount": 2}, "ids": {"nodes": [{"name": "醴陵市"}]}}`},
		{"nested where, local and relationship",
			`{ node(id: "official:黎婷") { ... on Official {
				local: proposals(where: {name: {contains: "厂所"}}) { nodes { name } }
				rel: proposals(where: {locatedIn: {some: {name: {eq: "株洲市"}}}}) { nodes { name } } } } }`,
			`{"node": {"local": {"nodes": [{"name": "推广厂所结合模式"}]}, "rel": {"nodes": [{"name": "共建硬质合金复合材料中试基地"}]}}}`},
		{"documents by date, null for empty properties",
			`{ documents(sort: [{date: DESC}]) { nodes { source newspaper date city { name } } } }`,
			`{"documents": {"nodes": [
				{"source": "zz2.txt", "newspaper": "株洲日报", "date": "2026-01-20", "city": {"name": "株洲市"}},
				{"source": "cs1.txt", "newspaper": "长沙晚报", "date": "2026-01-15", "city": {"name": "长沙市"}},
				{"source": "zz1.txt", "newspaper": "株洲日报", "date": "2025-12-27", "city": {"name": "株洲市"}},
				{"source": "web.txt", "newspaper": null, "date": null, "city": null}]}}`},
		{"document mentions and headlines",
			`{ documents(where: {source: {eq: "zz1.txt"}}) { nodes { headlines officials: mentions(labels: [Official], sort: [{name: ASC}]) { totalCount }
				first: mentions(first: 1, labels: [Industry], sort: [{name: ASC}]) { nodes { id } edges { evidence { sentence } } } } } }`,
			`{"documents": {"nodes": [{"headlines": ["把握工作思路 系统推进高质量发展", "代表委员建言"], "officials": {"totalCount": 4},
				"first": {"nodes": [{"id": "industry:人工智能"}], "edges": [{"evidence": [{"sentence": "市政协委员、市中心医院副院长龙云铸建议以人工智能赋能基层医疗。"},
					{"sentence": "“人工智能让基层看病更方便。”龙云铸说。"}]}]}}]}}`},
		{"node and nodes",
			`{ nodes(ids: ["city:430200", "nope", "industry:人工智能"]) { id __typename } node(id: "nope") { id } }`,
			`{"nodes": [{"id": "city:430200", "__typename": "City"}, null, {"id": "industry:人工智能", "__typename": "Industry"}], "node": null}`},
		{"search with highlights",
			`{ search(query: "硬质", first: 2) { field highlighted node { id } } }`,
			`{"search": [{"field": "NAME", "highlighted": "<mark>硬质</mark>材料", "node": {"id": "industry:硬质材料"}},
				{"field": "NAME", "highlighted": "打造<mark>硬质</mark>材料产业集群", "node": {"id": "goal:打造硬质材料产业集群"}}]}`},
		{"search in evidence",
			`{ search(query: "工作报告", labels: [Official]) { field snippet start end document { source } node { id } } }`,
			`{"search": [{"field": "EVIDENCE", "snippet": "株洲市市长王清华在政府工作报告中提出,打造硬质材料产业集群。", "start": 11, "end": 15,
				"document": {"source": "zz2.txt"}, "node": {"id": "official:王清华"}}]}`},
		{"neighborhood for a graph view",
			`{ neighborhood(id: "official:黎婷", depth: 1, relationshipTypes: [PROPOSES, HOLDS_POSITION]) { truncated nodes { id label } edges { type source target title } } }`,
			`{"neighborhood": {"truncated": false, "nodes": [{"id": "official:黎婷", "label": "Official"},
				{"id": "organization:荷塘区人大教科文卫委", "label": "Organization"},
				{"id": "proposal:共建硬质合金复合材料中试基地", "label": "Proposal"}, {"id": "proposal:推广厂所结合模式", "label": "Proposal"}],
				"edges": ` + neighborhoodEdges() + `}}`},
		{"shortest path and k paths",
			`{ any: shortestPath(from: "official:黎婷", to: "official:王清华") { length nodes { id } }
			   viaReports: shortestPath(from: "official:黎婷", to: "official:王清华", relationshipTypes: [MENTIONS, PROPOSES]) { length nodes { id } }
			   anyK: paths(from: "official:黎婷", to: "official:王清华", k: 1) { length nodes { id } }
			   typed: paths(from: "official:黎婷", to: "official:王清华", relationshipTypes: [PROPOSES, TARGETS, SETS], k: 3) { length nodes { name } }
			   none: shortestPath(from: "official:黎婷", to: "official:石纪虎", maxDepth: 2) { length } }`,
			`{"any": {"length": 3, "nodes": [{"id": "official:黎婷"}, {"id": "proposal:共建硬质合金复合材料中试基地"}, {"id": "city:430200"}, {"id": "official:王清华"}]},
			  "viaReports": {"length": 2, "nodes": [{"id": "official:黎婷"}, {"id": "document:zz2.txt"}, {"id": "official:王清华"}]},
			  "anyK": [{"length": 3, "nodes": [{"id": "official:黎婷"}, {"id": "proposal:共建硬质合金复合材料中试基地"}, {"id": "city:430200"}, {"id": "official:王清华"}]}],
			  "typed": [{"length": 4, "nodes": [{"name": "黎婷"}, {"name": "共建硬质合金复合材料中试基地"}, {"name": "硬质材料"}, {"name": "打造硬质材料产业集群"}, {"name": "王清华"}]},
			            {"length": 4, "nodes": [{"name": "黎婷"}, {"name": "推广厂所结合模式"}, {"name": "硬质材料"}, {"name": "打造硬质材料产业集群"}, {"name": "王清华"}]}],
			  "none": null}`},
		{"crossReference by city and date",
			`{ crossReference(topic: "硬质材料", cities: ["株洲"]) { industries { name } totalCount truncated
				groups { city { name } date items { label name } } } }`,
			`{"crossReference": {"industries": [{"name": "硬质材料"}], "totalCount": 7, "truncated": false, "groups": [
				{"city": {"name": "株洲市"}, "date": "2026-01-20", "items": [{"label": "Official", "name": "王清华"}, {"label": "Goal", "name": "打造硬质材料产业集群"}]},
				{"city": {"name": "株洲市"}, "date": "2025-12-27", "items": [{"label": "Goal", "name": "冲刺国家级先进制造业集群"}, {"label": "Proposal", "name": "共建硬质合金复合材料中试基地"}]},
				{"city": {"name": "荷塘区"}, "date": "2026-01-20", "items": [{"label": "Official", "name": "黎婷"}, {"label": "Proposal", "name": "推广厂所结合模式"}]},
				{"city": {"name": "荷塘区"}, "date": "2025-12-27", "items": [{"label": "Official", "name": "黎婷"}]}]}}`},
		{"crossReference statements, titles and citations",
			`{ crossReference(topic: "人工智能", cities: ["株洲"]) { groups { date items { name titles quotes { kind text sentence citation relationshipType statement { id } } } } } }`,
			`{"crossReference": {"groups": [{"date": "2025-12-27", "items": [
				{"name": "龙云铸", "titles": ["株洲市中心医院副院长"], "quotes": [
					{"kind": "direct", "text": "人工智能让基层看病更方便。", "sentence": "“人工智能让基层看病更方便。”龙云铸说。", "citation": "《代表委员建言》，株洲日报，2025-12-27",
					 "relationshipType": "SAID", "statement": {"id": "statement:document:zz1.txt@246-259"}},
					{"kind": null, "text": "市政协委员、市中心医院副院长龙云铸建议以人工智能赋能基层医疗。", "sentence": "市政协委员、市中心医院副院长龙云铸建议以人工智能赋能基层医疗。",
					 "citation": "《代表委员建言》，株洲日报，2025-12-27", "relationshipType": "PROPOSES", "statement": null}]},
				{"name": "人工智能赋能基层医疗", "titles": [], "quotes": [
					{"kind": null, "text": "市政协委员、市中心医院副院长龙云铸建议以人工智能赋能基层医疗。", "sentence": "市政协委员、市中心医院副院长龙云铸建议以人工智能赋能基层医疗。",
					 "citation": "《代表委员建言》，株洲日报，2025-12-27", "relationshipType": "PROPOSES", "statement": null}]}]}]}}`},
		{"crossReference quotes and sources",
			`{ crossReference(topic: "老幼共托") { groups { city { name } date items { name related { id } quotes { sentence headline source newspaper date relationshipType } } } } }`,
			`{"crossReference": {"groups": [{"city": null, "date": null, "items": [
				{"name": "石纪虎", "related": [{"id": "proposal:推行老幼共托融合服务模式"}], "quotes": [{"sentence": "石纪虎建议推行老幼共托融合服务模式,发展养老服务。", "headline": "代表建议", "source": "web.txt", "newspaper": null, "date": null, "relationshipType": "PROPOSES"}]},
				{"name": "推行老幼共托融合服务模式", "related": [{"id": "official:石纪虎"}], "quotes": [{"sentence": "石纪虎建议推行老幼共托融合服务模式,发展养老服务。", "headline": "代表建议", "source": "web.txt", "newspaper": null, "date": null, "relationshipType": "PROPOSES"}]}]}]}}`},
		{"stats",
			`{ stats { nodes labels { label count } } }`,
			`{"stats": {"nodes": 40, "labels": [{"label": "Document", "count": 4}, {"label": "Official", "count": 7}, {"label": "City", "count": 5},
				{"label": "Organization", "count": 4}, {"label": "Industry", "count": 5}, {"label": "Goal", "count": 7}, {"label": "Proposal", "count": 6}, {"label": "Statement", "count": 2}]}}`},
		{"evidence on edges and entities",
			`{ officials(where: {name: {eq: "何翌滔"}}) { nodes { proposals { edges { evidence { sentence start end headline document { newspaper } }
				relationships { type source target evidence { documentId } } } } } }
			   node(id: "industry:硬质材料") { ... on Industry { evidence(first: 2) { documentId relationshipType sentence } } } }`,
			`{"officials": {"nodes": [{"proposals": {"edges": [{"evidence": [{"sentence": "市人大代表、株洲跃达建筑总经理何翌滔建议加快打通湘江东岸沿江南路。",
				"start": 105, "end": 138, "headline": "代表委员建言", "document": {"newspaper": "株洲日报"}}],
				"relationships": [{"type": "PROPOSES", "source": "official:何翌滔", "target": "proposal:加快打通湘江东岸沿江南路", "evidence": {"documentId": "document:zz1.txt"}}]}]}}]},
			  "node": {"evidence": [{"documentId": "document:zz1.txt", "relationshipType": "TARGETS", "sentence": "她认为,硬质材料是株洲的优势产业,应冲刺国家级先进制造业集群。"},
				{"documentId": "document:zz2.txt", "relationshipType": "TARGETS", "sentence": "株洲市市长王清华在政府工作报告中提出,打造硬质材料产业集群。"}]}}`},
		{"statements: what was said, by whom, about what, where to cite it",
			`{ ai: statements(where: {about: {some: {name: {eq: "人工智能"}}}}) { totalCount nodes { id name text kind start end sentence
				speaker { name } speakers { totalCount } about { nodes { id } } document { source }
				citation { start end headline documentId relationshipType } mentionedIn { totalCount } } }
			   li: node(id: "official:黎婷") { ... on Official { statements { nodes { kind text about(labels: [Goal]) { nodes { id } } }
				edges { evidence { sentence } } } } }
			   hard: industries(where: {name: {eq: "硬质材料"}}) { nodes { statements { nodes { speaker { name } } } } }
			   order: statements(sort: [{start: DESC}]) { nodes { kind } }
			   reported: statements(where: {kind: {eq: "reported"}, text: {contains: "优势产业"}}) { totalCount }
			   speakers: officials(where: {statements: {some: {kind: {eq: "direct"}}}}) { nodes { name } }
			   found: search(query: "硬质材料是株洲", labels: [Statement]) { field node { id } } }`,
			`{"ai": {"totalCount": 1, "nodes": [{"id": "statement:document:zz1.txt@246-259", "name": "人工智能让基层看病更方便。",
				"text": "人工智能让基层看病更方便。", "kind": "direct", "start": 246, "end": 259, "sentence": "“人工智能让基层看病更方便。”龙云铸说。",
				"speaker": {"name": "龙云铸"}, "speakers": {"totalCount": 1}, "about": {"nodes": [{"id": "industry:人工智能"}]},
				"document": {"source": "zz1.txt"}, "citation": {"start": 245, "end": 265, "headline": "代表委员建言",
				"documentId": "document:zz1.txt", "relationshipType": "SAID"}, "mentionedIn": {"totalCount": 1}}]},
			  "li": {"statements": {"nodes": [{"kind": "reported", "text": "硬质材料是株洲的优势产业,应冲刺国家级先进制造业集群",
				"about": {"nodes": [{"id": "goal:冲刺国家级先进制造业集群"}]}}],
				"edges": [{"evidence": [{"sentence": "她认为,硬质材料是株洲的优势产业,应冲刺国家级先进制造业集群。"}]}]}},
			  "hard": {"nodes": [{"statements": {"nodes": [{"speaker": {"name": "黎婷"}}]}}]},
			  "order": {"nodes": [{"kind": "direct"}, {"kind": "reported"}]},
			  "reported": {"totalCount": 1},
			  "speakers": {"nodes": [{"name": "龙云铸"}]},
			  "found": [{"field": "NAME", "node": {"id": "statement:document:zz1.txt@183-209"}}]}`},
		{"reference facts have no evidence",
			`{ node(id: "city:430281") { ... on City { parent { name } evidence(relationshipTypes: [LOCATED_IN]) { sentence } } } }`,
			`{"node": {"parent": {"name": "株洲市"}, "evidence": []}}`},
	}
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got := ts.ok(tc.query)
				var want map[string]interface{}
				if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
					t.Fatalf("bad want: %v", err)
				}
				if !reflect.DeepEqual(got, want) {
					g, _ := json.Marshal(got)
					t.Errorf("\n got %s\nwant %s", g, compact(tc.want))
				}
			})
		}
	})
}

// neighborhoodEdges are 黎婷's PROPOSES and HOLDS_POSITION relationships,
// ordered by relationship id as the store orders them.
func neighborhoodEdges() string {
	type e struct{ id, js string }
	es := []e{
		{graph.RelID(graph.HoldsPosition, "official:黎婷", "organization:荷塘区人大教科文卫委", "document:zz1.txt", "主任"),
			`{"type": "HOLDS_POSITION", "source": "official:黎婷", "target": "organization:荷塘区人大教科文卫委", "title": "主任"}`},
		{graph.RelID(graph.Proposes, "official:黎婷", "proposal:共建硬质合金复合材料中试基地", "document:zz1.txt", ""),
			`{"type": "PROPOSES", "source": "official:黎婷", "target": "proposal:共建硬质合金复合材料中试基地", "title": null}`},
		{graph.RelID(graph.Proposes, "official:黎婷", "proposal:推广厂所结合模式", "document:zz2.txt", ""),
			`{"type": "PROPOSES", "source": "official:黎婷", "target": "proposal:推广厂所结合模式", "title": null}`},
	}
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			if es[j].id < es[i].id {
				es[i], es[j] = es[j], es[i]
			}
		}
	}
	var parts []string
	for _, x := range es {
		parts = append(parts, x.js)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// TestPagination walks root and nested connections with cursors.
func TestPagination(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		const q = `query($after: String) { officials(first: 3, after: $after, sort: [{name: ASC}]) {
			totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }`
		var names []string
		var after interface{}
		for page := 0; page < 5; page++ {
			res := ts.post(mediaGraphQLResponse, q, map[string]interface{}{"after": after})
			if len(res.Errors) > 0 {
				t.Fatal(res.raw)
			}
			c := at(res.Data, "officials")
			if at(c, "totalCount") != float64(7) {
				t.Fatalf("totalCount = %v", at(c, "totalCount"))
			}
			edges, _ := at(c, "edges").([]interface{})
			for _, e := range edges {
				names = append(names, at(e, "node", "name").(string))
			}
			if at(c, "pageInfo", "hasPreviousPage") != (page > 0) {
				t.Errorf("page %d hasPreviousPage = %v", page, at(c, "pageInfo", "hasPreviousPage"))
			}
			if at(c, "pageInfo", "endCursor") != at(edges[len(edges)-1], "cursor") {
				t.Errorf("endCursor is not the last edge's cursor")
			}
			if at(c, "pageInfo", "hasNextPage") == false {
				break
			}
			after = at(c, "pageInfo", "endCursor")
		}
		want := []string{"何翌滔", "张明", "王清华", "石纪虎", "蒋长富", "黎婷", "龙云铸"}
		if !reflect.DeepEqual(names, want) {
			t.Errorf("paged names = %v, want %v", names, want)
		}

		// Nested: 黎婷 has two proposals; page through them one at a time.
		const nq = `query($after: String) { node(id: "official:黎婷") { ... on Official { proposals(first: 1, after: $after, sort: [{name: ASC}]) {
			totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } }`
		res := ts.post(mediaGraphQLResponse, nq, nil)
		p := at(res.Data, "node", "proposals")
		if at(p, "totalCount") != float64(2) || at(p, "pageInfo", "hasNextPage") != true || at(p, "nodes", 0, "name") != "共建硬质合金复合材料中试基地" {
			t.Fatalf("first nested page: %s", res.raw)
		}
		res = ts.post(mediaGraphQLResponse, nq, map[string]interface{}{"after": at(p, "pageInfo", "endCursor")})
		p = at(res.Data, "node", "proposals")
		if at(p, "pageInfo", "hasNextPage") != false || at(p, "nodes", 0, "name") != "推广厂所结合模式" {
			t.Fatalf("second nested page: %s", res.raw)
		}

		// first: 0 gives only the count.
		d := ts.ok(`{ proposals(first: 0) { totalCount nodes { id } pageInfo { hasNextPage startCursor } } }`)
		if at(d, "proposals", "totalCount") != float64(6) || len(at(d, "proposals", "nodes").([]interface{})) != 0 || at(d, "proposals", "pageInfo", "startCursor") != nil {
			t.Errorf("first: 0 = %v", d)
		}
		// A bad cursor is the caller's error.
		res = ts.query(`{ officials(after: "bm9wZQ==") { totalCount } }`)
		if res.code() != CodeBadUserInput || !strings.Contains(res.Errors[0].Message, "not a cursor") {
			t.Errorf("bad cursor: %s", res.raw)
		}
		// Sort objects need exactly one field.
		res = ts.query(`{ officials(sort: [{name: ASC, id: DESC}]) { totalCount } }`)
		if res.code() != CodeBadUserInput || !strings.Contains(res.Errors[0].Message, "exactly one field") {
			t.Errorf("two-field sort: %s", res.raw)
		}
	})
}

// TestExamples runs every schema/examples/*.graphql (the README's queries)
// and requires data without errors and without empty answers.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("examples/*.graphql")
	if err != nil || len(files) < 6 {
		t.Fatalf("examples: %v %v", files, err)
	}
	for _, kind := range []string{"researcher_", "explorer_", "speechwriter_"} {
		found := false
		for _, f := range files {
			found = found || strings.HasPrefix(filepath.Base(f), kind)
		}
		if !found {
			t.Errorf("no %s example", kind)
		}
	}
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		for _, f := range files {
			t.Run(filepath.Base(f), func(t *testing.T) {
				q, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				d := ts.ok(string(q))
				for k, v := range d {
					if empty(v) {
						t.Errorf("%s: %s is empty", f, k)
					}
				}
			})
		}
	})
}

// empty reports whether a result holds no node at all: null, [] or a
// connection with totalCount 0.
func empty(v interface{}) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []interface{}:
		return len(x) == 0
	case map[string]interface{}:
		if n, ok := x["totalCount"]; ok && n == float64(0) {
			return true
		}
		if g, ok := x["groups"]; ok {
			return empty(g)
		}
		if n, ok := x["nodes"]; ok {
			return empty(n)
		}
	}
	return false
}
