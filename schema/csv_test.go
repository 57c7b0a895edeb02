package schema

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphql-go/graphql/language/parser"
)

func flattenCase(t *testing.T, query, data string, rows []string) (Table, bool) {
	t.Helper()
	doc, err := parser.Parse(parser.ParseParams{Source: query})
	if err != nil {
		t.Fatal(err)
	}
	op, ferr := selectOperation(doc, "")
	if ferr != nil {
		t.Fatal(ferr.Message)
	}
	dec := json.NewDecoder(strings.NewReader(data))
	dec.UseNumber()
	var m map[string]interface{}
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return Flatten(doc, op, m, rows)
}

// TestFlattenRows: rows= makes the items of a list under the first list
// the rows, beside their outer item's leaves.
func TestFlattenRows(t *testing.T) {
	const q = `{ crossReference(topic: "x") { topic groups { city { name } date items { name quotes { text } } } } }`
	const data = `{"crossReference":{"topic":"x","groups":[
		{"city":{"name":"株洲市"},"date":"2025-01-08","items":[{"name":"甲","quotes":[{"text":"一"},{"text":"二"}]},{"name":"乙","quotes":[]}]},
		{"city":null,"date":null,"items":[]}]}}`
	cols := []string{"city.name", "date", "items.name", "items.quotes.text"}
	cases := []struct {
		rows []string
		ok   bool
		want Table
	}{
		{nil, true, Table{Name: "crossReference-groups", Columns: cols,
			Rows: [][]string{{"株洲市", "2025-01-08", "甲; 乙", "一; 二"}, {"", "", "", ""}}}},
		{[]string{"crossReference", "groups"}, true, Table{Name: "crossReference-groups", Columns: cols,
			Rows: [][]string{{"株洲市", "2025-01-08", "甲; 乙", "一; 二"}, {"", "", "", ""}}}},
		{[]string{"crossReference", "groups", "items"}, true, Table{Name: "crossReference-groups-items", Columns: cols,
			Rows: [][]string{{"株洲市", "2025-01-08", "甲", "一; 二"}, {"株洲市", "2025-01-08", "乙", ""}, {"", "", "", ""}}}},
		{[]string{"crossReference", "groups", "items", "quotes"}, true, Table{Name: "crossReference-groups-items-quotes", Columns: cols,
			Rows: [][]string{{"株洲市", "2025-01-08", "甲", "一"}, {"株洲市", "2025-01-08", "甲", "二"}, {"株洲市", "2025-01-08", "乙", ""}, {"", "", "", ""}}}},
		{[]string{"crossReference", "topic"}, false, Table{}},
		{[]string{"crossReference"}, false, Table{}},
		{[]string{"nothing"}, false, Table{}},
	}
	for _, c := range cases {
		got, ok := flattenCase(t, q, data, c.rows)
		if ok != c.ok || (ok && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("rows %v: got %v %+v\nwant %v %+v", c.rows, ok, got, c.ok, c.want)
		}
	}
}

func TestFlatten(t *testing.T) {
	cases := []struct {
		name, query, data string
		ok                bool
		want              Table
	}{
		{"connection nodes, nested list of objects",
			`{ officials(first: 2) { totalCount nodes { name positions { title organization { name } } } } }`,
			`{"officials":{"totalCount":9,"nodes":[
				{"name":"张三","positions":[{"title":"市长","organization":null},{"title":"人大代表","organization":{"name":"市人大"}}]},
				{"name":"李四","positions":[]}]}}`,
			true, Table{Name: "officials", Columns: []string{"name", "positions.title", "positions.organization.name"},
				Rows: [][]string{{"张三", "市长; 人大代表", "; 市人大"}, {"李四", "", ""}}}},
		{"edges lose node.",
			`{ officials { edges { cursor node { id name } } } }`,
			`{"officials":{"edges":[{"cursor":"c1","node":{"id":"o1","name":"甲"}}]}}`,
			true, Table{Name: "officials", Columns: []string{"cursor", "id", "name"}, Rows: [][]string{{"c1", "o1", "甲"}}}},
		{"edges keep node. on a clash",
			`{ officials { edges { name: cursor node { name } } } }`,
			`{"officials":{"edges":[{"name":"c1","node":{"name":"甲"}}]}}`,
			true, Table{Name: "officials", Columns: []string{"name", "node.name"}, Rows: [][]string{{"c1", "甲"}}}},
		{"plain list, scalar list, numbers, booleans, nulls, aliases",
			`{ search(text: "x") { who: name aliases score hit date } }`,
			`{"search":[{"who":"a,b","aliases":["甲","乙"],"score":1.5,"hit":true,"date":null}]}`,
			true, Table{Name: "search", Columns: []string{"who", "aliases", "score", "hit", "date"},
				Rows: [][]string{{"a,b", "甲; 乙", "1.5", "true", ""}}}},
		{"fragments in place, each column once",
			`query { proposals { nodes { ...P ... on Proposal { name city { name } } } } } fragment P on Proposal { id name }`,
			`{"proposals":{"nodes":[{"id":"p1","name":"建议","city":{"name":"株洲市"}}]}}`,
			true, Table{Name: "proposals", Columns: []string{"id", "name", "city.name"}, Rows: [][]string{{"p1", "建议", "株洲市"}}}},
		{"first list in selection order, depth first",
			`{ stats { nodes } city(id: "c") { name officials { nodes { name } } } }`,
			`{"stats":{"nodes":3},"city":{"name":"株洲市","officials":{"nodes":[{"name":"甲"}]}}}`,
			true, Table{Name: "city-officials", Columns: []string{"name"}, Rows: [][]string{{"甲"}}}},
		{"empty list: header only",
			`{ officials { nodes { name } } }`, `{"officials":{"nodes":[]}}`,
			true, Table{Name: "officials", Columns: []string{"name"}, Rows: [][]string{}}},
		{"no list", `{ stats { nodes } }`, `{"stats":{"nodes":3}}`, false, Table{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := flattenCase(t, c.query, c.data, nil)
			if ok != c.ok || (ok && !reflect.DeepEqual(got, c.want)) {
				t.Errorf("got %v %+v\nwant %v %+v", ok, got, c.ok, c.want)
			}
		})
	}
}

// TestCSVTimeout: an answer with errors beside its data (a resolver out of
// time) is a 400 with the errors alone, not half a table; the timeout is
// the GraphQL handler's own.
func TestCSVTimeout(t *testing.T) {
	ts := newServer(t, slow{mustLoaded(t)}, func(c *Config) { c.Limits.Timeout = 50 * time.Millisecond })
	rec := httptest.NewRecorder()
	q := url.Values{"query": {`{ officials { totalCount nodes { name } } }`}}
	ts.h.CSV().ServeHTTP(rec, httptest.NewRequest("GET", "/graphql.csv?"+q.Encode(), nil))
	var body map[string]json.RawMessage
	if rec.Code != 400 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") ||
		json.Unmarshal(rec.Body.Bytes(), &body) != nil || body["data"] != nil || !strings.Contains(string(body["errors"]), CodeTimeout) {
		t.Errorf("%d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if !strings.Contains(ts.logs.String(), "graphql request") {
		t.Errorf("not served (and logged) by the GraphQL handler: %s", ts.logs)
	}
	rec = httptest.NewRecorder()
	ts.h.CSV().ServeHTTP(rec, httptest.NewRequest("POST", "/graphql.csv", nil))
	if rec.Code != 405 || rec.Header().Get("Allow") != "GET" {
		t.Errorf("POST: %d %v", rec.Code, rec.Header())
	}
}
