package schema

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// TestAggregates: xAggregate counts in the store, groups largest first
// with ties by key, the same on both stores. The fixture's proposals:
// 共建硬质合金复合材料中试基地 and 推广厂所结合模式 (硬质材料),
// 人工智能赋能基层医疗 (人工智能, 医疗), 建设人工智能算力中心 (人工智能,
// 长沙市), 推行老幼共托融合服务模式 (养老服务), 加快打通湘江东岸沿江南路
// (none); 株洲市 has two of them.
func TestAggregates(t *testing.T) {
	var first string
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		d := ts.ok(`{ proposalsAggregate { count
			industry: by(field: INDUSTRY) { key count id node { id ... on Industry { name } } }
			city: by(field: CITY) { key count id }
			year: by(field: YEAR) { key count id }
			top: by(field: INDUSTRY, first: 1) { key count }
			none: by(field: INDUSTRY, first: 0) { key } }
			ai: proposalsAggregate(where: {targets: {some: {name: {eq: "人工智能"}}}}) { count by(field: INDUSTRY) { key count } }
			statementsAggregate { count by(field: KIND) { key count id } }
			documentsAggregate { count by(field: NEWSPAPER) { key count } } }`)
		agg := at(d, "proposalsAggregate")
		if at(agg, "count") != float64(6) {
			t.Errorf("count = %v", at(agg, "count"))
		}
		type kc struct {
			Key   string  `json:"key"`
			Count float64 `json:"count"`
		}
		groups := func(v interface{}) []kc {
			var out []kc
			for _, g := range v.([]interface{}) {
				out = append(out, kc{at(g, "key").(string), at(g, "count").(float64)})
			}
			return out
		}
		check := func(what string, got interface{}, want ...kc) {
			t.Helper()
			g := groups(got)
			if len(g) != len(want) {
				t.Errorf("%s = %v, want %v", what, g, want)
				return
			}
			for i := range g {
				if g[i] != want[i] {
					t.Errorf("%s = %v, want %v", what, g, want)
					return
				}
			}
		}
		check("by industry", at(agg, "industry"), kc{"人工智能", 2}, kc{"硬质材料", 2}, kc{"养老服务", 1}, kc{"医疗", 1})
		if at(agg, "industry", 0, "id") != "industry:人工智能" || at(agg, "industry", 0, "node", "name") != "人工智能" {
			t.Errorf("a node group's id and node: %v", at(agg, "industry", 0))
		}
		check("by city", at(agg, "city"), kc{"株洲市", 2}, kc{"长沙市", 1})
		check("top", at(agg, "top"), kc{"人工智能", 2})
		check("first: 0", at(agg, "none"))
		check("filtered", at(d, "ai", "by"), kc{"人工智能", 2}, kc{"医疗", 1})
		if at(d, "ai", "count") != float64(2) {
			t.Errorf("filtered count = %v", at(d, "ai", "count"))
		}
		check("statements by kind", at(d, "statementsAggregate", "by"), kc{"direct", 1}, kc{"reported", 1})
		if at(d, "statementsAggregate", "by", 0, "id") != nil {
			t.Errorf("a property group has an id: %v", at(d, "statementsAggregate", "by", 0))
		}
		check("documents by newspaper", at(d, "documentsAggregate", "by"), kc{"株洲日报", 2}, kc{"长沙晚报", 1})
		for _, g := range at(agg, "year").([]interface{}) {
			if k := at(g, "key").(string); len(k) != 4 || at(g, "id") != nil {
				t.Errorf("year group %v", g)
			}
		}

		// A table out: the groups are the first list of the answer.
		rec := httptest.NewRecorder()
		q := url.Values{"query": {`{ proposalsAggregate { by(field: CITY) { key count } } }`}}
		ts.h.CSV().ServeHTTP(rec, httptest.NewRequest("GET", "/graphql.csv?"+q.Encode(), nil))
		if body := strings.TrimPrefix(rec.Body.String(), "\ufeff"); rec.Code != 200 || !strings.Contains(body, "key,count\r\n株洲市,2\r\n长沙市,1") {
			t.Errorf("CSV of groups: %d %q", rec.Code, body)
		}

		// Both stores give the same answer, to the group.
		js, _ := json.Marshal(d)
		if first == "" {
			first = string(js)
		} else if string(js) != first {
			t.Errorf("aggregates differ between stores:\n %s\n %s", js, first)
		}

		for _, c := range []struct{ q, code, msg string }{
			{`{ proposalsAggregate { by(field: INDUSTRY, first: 101) { key } } }`, CodeArgumentLimit, "first"},
			{`{ proposalsAggregate { by(field: KIND) { key } } }`, "GRAPHQL_VALIDATION_FAILED", "KIND"},
			{`{ proposalsAggregate(where: {positionsConnection: {some: {}}}) { count } }`, "GRAPHQL_VALIDATION_FAILED", "positionsConnection"},
		} {
			res := ts.query(c.q)
			if res.code() != c.code || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, c.msg) {
				t.Errorf("%s: %s", c.q, res.raw)
			}
		}
	})
}
