package schema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/graphql-go/graphql/language/parser"
)

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
			doc, err := parser.Parse(parser.ParseParams{Source: c.query})
			if err != nil {
				t.Fatal(err)
			}
			op, ferr := selectOperation(doc, "")
			if ferr != nil {
				t.Fatal(ferr.Message)
			}
			dec := json.NewDecoder(strings.NewReader(c.data))
			dec.UseNumber()
			var data map[string]interface{}
			if err := dec.Decode(&data); err != nil {
				t.Fatal(err)
			}
			got, ok := Flatten(doc, op, data)
			if ok != c.ok || (ok && !reflect.DeepEqual(got, c.want)) {
				t.Errorf("got %v %+v\nwant %v %+v", ok, got, c.ok, c.want)
			}
		})
	}
}
