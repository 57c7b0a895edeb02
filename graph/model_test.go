package graph_test

import (
	"reflect"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

func TestMergeNode(t *testing.T) {
	city := func(name string, aliases []string, props graph.Props) graph.Node {
		return graph.Node{ID: "city:430281", Label: graph.City, Name: name, Aliases: aliases, Props: props}
	}
	cases := []struct {
		name string
		old  *graph.Node
		n    graph.Node
		want graph.Node
	}{
		{"new: aliases sorted, deduplicated, without the name", nil,
			city("醴陵市", []string{"醴陵", "醴陵市", "", "Liling", "醴陵"}, graph.Props{"code": "430281"}),
			city("醴陵市", []string{"Liling", "醴陵"}, graph.Props{"code": "430281"})},
		{"new without aliases or props", nil, city("醴陵市", nil, nil), city("醴陵市", nil, nil)},
		{"existing keeps its name, unions aliases", ptr(city("醴陵市", []string{"醴陵"}, nil)),
			city("醴陵", []string{"醴陵市", "Liling"}, nil),
			city("醴陵市", []string{"Liling", "醴陵"}, nil)},
		{"the batch's properties win, others stay", ptr(city("醴陵市", nil, graph.Props{"code": "430281", "population": int64(95)})),
			city("醴陵市", nil, graph.Props{"population": int64(96), "level": "county"}),
			city("醴陵市", nil, graph.Props{"code": "430281", "population": int64(96), "level": "county"})},
		{"properties onto none", ptr(city("醴陵市", nil, nil)),
			city("醴陵市", nil, graph.Props{"level": "county"}),
			city("醴陵市", nil, graph.Props{"level": "county"})},
		{"nothing new changes nothing", ptr(city("醴陵市", []string{"醴陵"}, graph.Props{"code": "430281"})),
			city("醴陵市", []string{"醴陵"}, graph.Props{"code": "430281"}),
			city("醴陵市", []string{"醴陵"}, graph.Props{"code": "430281"})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before graph.Node
			if c.old != nil {
				before = c.old.Clone()
			}
			nBefore := c.n.Clone()
			got := graph.MergeNode(c.old, c.n)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("MergeNode = %#v\nwant %#v", got, c.want)
			}
			if c.old != nil && !reflect.DeepEqual(*c.old, before) || !reflect.DeepEqual(c.n, nBefore) {
				t.Errorf("MergeNode changed its arguments")
			}
			// The result shares nothing with them.
			if got.Props != nil {
				got.Props["x"] = "y"
				if c.n.Props["x"] != nil || c.old != nil && c.old.Props["x"] != nil {
					t.Errorf("the result shares a property map")
				}
			}
		})
	}
}

func ptr(n graph.Node) *graph.Node { return &n }
