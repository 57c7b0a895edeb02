package schema

import (
	"reflect"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// TestConnectionFilters: where filters in the Neo4j GraphQL Library's
// connection shape (positionsConnection: {some: {edge: {title: …}, node:
// …}}) test a relationship's own properties and its far node together,
// at the root and nested, with some, none, all and single, the same on
// both stores. The fixture's titles: 蒋长富 代理市长 of 醴陵市, 何翌滔
// 总经理 of 株洲跃达建筑, 黎婷 主任 of 荷塘区人大教科文卫委, 龙云铸 副院长
// of 株洲市中心医院, 王清华 市长 of 株洲市, 张明 市人大代表 of 长沙市;
// 石纪虎 holds none.
func TestConnectionFilters(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		names := func(root, where string) []string {
			t.Helper()
			d := ts.ok(`{ ` + root + `(where: ` + where + `, sort: [{name: ASC}], first: 100) { nodes { name } } }`)
			return pluck(at(d, root, "nodes"), "name")
		}
		for _, c := range []struct {
			root, where string
			want        []string
		}{
			{"officials", `{positionsConnection: {some: {edge: {title: {contains: "人大代表"}}}}}`, []string{"张明"}},
			// Title and place of one position: 蒋长富 is 代理市长 of 醴陵市, not 株洲市.
			{"officials", `{positionsConnection: {some: {edge: {title: {contains: "市长"}}, node: {name: {eq: "株洲市"}}}}}`, []string{"王清华"}},
			{"officials", `{citiesConnection: {some: {edge: {title: {endsWith: "市长"}}}}}`, []string{"王清华", "蒋长富"}},
			{"officials", `{organizationsConnection: {some: {edge: {title: {endsWith: "市长"}}}}}`, nil},
			{"officials", `{positionsConnection: {none: {edge: {title: {contains: "市"}}}}}`, []string{"何翌滔", "石纪虎", "黎婷", "龙云铸"}},
			{"officials", `{positionsConnection: {all: {edge: {title: {contains: "市"}}}}}`, []string{"张明", "王清华", "石纪虎", "蒋长富"}},
			{"officials", `{positionsConnection: {single: {edge: {title: {contains: "长"}}}}}`, []string{"王清华", "蒋长富", "龙云铸"}},
			{"officials", `{positionsConnection: {some: {edge: {OR: [{title: {eq: "市长"}}, {title: {eq: "总经理"}}]}}}}`, []string{"何翌滔", "王清华"}},
			{"officials", `{positionsConnection: {some: {edge: {NOT: {title: {contains: "市"}}}}}}`, []string{"何翌滔", "黎婷", "龙云铸"}},
			{"officials", `{positionsConnection: {some: {edge: {AND: [{}]}}}}`, []string{"何翌滔", "张明", "王清华", "蒋长富", "黎婷", "龙云铸"}},
			{"officials", `{positionsConnection: {some: {}}}`, []string{"何翌滔", "张明", "王清华", "蒋长富", "黎婷", "龙云铸"}},
			// Beside other keys, and with a relationship filter in the node part.
			{"officials", `{name: {startsWith: "王"}, positionsConnection: {some: {edge: {title: {eq: "市长"}}}}}`, []string{"王清华"}},
			{"officials", `{positionsConnection: {some: {node: {name: {contains: "株洲"}}, edge: {title: {in: ["总经理", "副院长"]}}}}}`, []string{"何翌滔", "龙云铸"}},
			// Relationships without properties have node only.
			{"officials", `{proposalsConnection: {some: {node: {name: {contains: "人工智能"}}}}}`, []string{"张明", "龙云铸"}},
			// From the other end.
			{"cities", `{officialsConnection: {some: {edge: {title: {eq: "市长"}}}}}`, []string{"株洲市"}},
			{"organizations", `{officialsConnection: {some: {edge: {title: {eq: "总经理"}}, node: {name: {eq: "何翌滔"}}}}}`, []string{"株洲跃达建筑"}},
			{"organizations", `{officialsConnection: {some: {edge: {title: {eq: "总经理"}}, node: {name: {eq: "黎婷"}}}}}`, nil},
			// Nested: proposals whose proposer is a 总经理.
			{"proposals", `{proposersConnection: {some: {node: {positionsConnection: {some: {edge: {title: {eq: "总经理"}}}}}}}}`, []string{"加快打通湘江东岸沿江南路"}},
		} {
			if got := names(c.root, c.where); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s(where: %s) = %v, want %v", c.root, c.where, got, c.want)
			}
		}

		// On a nested connection, batched by the loader through the store.
		d := ts.ok(`{ node(id: "city:430200") { ... on City { proposals(where: {proposersConnection: {some: {node: {positionsConnection: {some: {edge: {title: {eq: "总经理"}}}}}}}}) { nodes { name } } } } }`)
		if got := pluck(at(d, "node", "proposals", "nodes"), "name"); !reflect.DeepEqual(got, []string{"加快打通湘江东岸沿江南路"}) {
			t.Errorf("nested connection filter: %v", got)
		}

		// An explicit null (from a variable) is no constraint, as
		// elsewhere in where.
		res := ts.post(mediaGraphQLResponse, `query($e: HoldsPositionEdgeWhere) { officials(where: {positionsConnection: {some: {edge: $e}}}) { totalCount } }`,
			map[string]interface{}{"e": nil})
		if len(res.Errors) > 0 || at(res.Data, "officials", "totalCount") != float64(6) {
			t.Errorf("null edge: %s", res.raw)
		}

		for _, c := range []struct{ q, code, msg string }{
			{`{ officials(where: {positionsConnection: {}}) { totalCount } }`, CodeBadUserInput, "positionsConnection needs one of some, none, all or single"},
			{`{ officials(where: {positionsConnection: {some: {edge: {sentence: {eq: "x"}}}}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "sentence"},
			{`{ officials(where: {proposalsConnection: {some: {edge: {title: {eq: "x"}}}}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "edge"},
		} {
			res := ts.query(c.q)
			if res.code() != c.code || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, c.msg) {
				t.Errorf("%s: %s", c.q, res.raw)
			}
		}
	})
}
