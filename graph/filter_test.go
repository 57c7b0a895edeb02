package graph_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

func pred(field string, op graph.Op, v any) graph.Filter {
	return graph.Filter{Field: field, Op: op, Value: v}
}

// nestNot wraps f in n NOTs.

func nestNot(f graph.Filter, n int) *graph.Filter {
	out := &f
	for i := 0; i < n; i++ {
		out = &graph.Filter{Not: out}
	}
	return out
}

func TestFilterValidate(t *testing.T) {
	nameEq := pred("name", graph.OpEq, "株洲市")
	rel := func(r graph.RelFilter) *graph.Filter { return &graph.Filter{Rel: &r} }
	cases := []struct {
		name string
		f    *graph.Filter
		want string // "" when valid; else part of the error
	}{
		{"nil", nil, ""},
		{"predicate", &nameEq, ""},
		{"and", &graph.Filter{And: []graph.Filter{nameEq, pred("id", graph.OpIn, []string{"a"})}}, ""},
		{"empty and", &graph.Filter{And: []graph.Filter{}}, ""},
		{"or", &graph.Filter{Or: []graph.Filter{nameEq, pred("aliases", graph.OpContains, "株")}}, ""},
		{"not", &graph.Filter{Not: &nameEq}, ""},
		{"relationship", rel(graph.RelFilter{Type: graph.Proposes, Direction: graph.Out, Quantifier: graph.Some,
			Labels: []graph.Label{graph.Proposal}, Where: &nameEq}), ""},
		{"relationship without where", rel(graph.RelFilter{Type: graph.Targets, Direction: graph.Both, Quantifier: graph.All}), ""},
		{"property field", &graph.Filter{Field: "population", Op: graph.OpGt, Value: int64(100)}, ""},

		{"no part", &graph.Filter{}, "has 0"},
		{"op without field", &graph.Filter{Op: graph.OpEq, Value: "x"}, "has 0"},
		{"two parts", &graph.Filter{Field: "name", Op: graph.OpEq, Value: "x", And: []graph.Filter{nameEq}}, "has 2"},
		{"and and or", &graph.Filter{And: []graph.Filter{}, Or: []graph.Filter{}}, "has 2"},
		{"bad inside and", &graph.Filter{And: []graph.Filter{nameEq, {}}}, "has 0"},
		{"bad inside or", &graph.Filter{Or: []graph.Filter{pred("name", "like", "x")}}, "unknown operator"},
		{"bad inside not", &graph.Filter{Not: &graph.Filter{}}, "has 0"},
		{"bad inside relationship", rel(graph.RelFilter{Type: graph.Proposes, Direction: graph.Out, Quantifier: graph.Some,
			Where: &graph.Filter{Field: "bad field", Op: graph.OpEq, Value: "x"}}), "bad field name"},

		{"depth limit", nestNot(nameEq, graph.MaxFilterDepth), ""},
		{"too deep", nestNot(nameEq, graph.MaxFilterDepth+1), "nested deeper"},
		{"too deep through and", func() *graph.Filter {
			f := nameEq
			for i := 0; i <= graph.MaxFilterDepth; i++ {
				f = graph.Filter{And: []graph.Filter{f}}
			}
			return &f
		}(), "nested deeper"},
		{"too deep through relationships", func() *graph.Filter {
			f := &nameEq
			for i := 0; i <= graph.MaxFilterDepth; i++ {
				f = rel(graph.RelFilter{Type: graph.LocatedIn, Direction: graph.Out, Quantifier: graph.Some, Where: f})
			}
			return f
		}(), "nested deeper"},

		{"unknown relationship type", rel(graph.RelFilter{Type: "KNOWS", Direction: graph.Out, Quantifier: graph.Some}), "unknown relationship type"},
		{"missing direction", rel(graph.RelFilter{Type: graph.Proposes, Quantifier: graph.Some}), "unknown direction"},
		{"unknown quantifier", rel(graph.RelFilter{Type: graph.Proposes, Direction: graph.In, Quantifier: "most"}), "unknown quantifier"},
		{"unknown related label", rel(graph.RelFilter{Type: graph.Proposes, Direction: graph.In, Quantifier: graph.None,
			Labels: []graph.Label{"Person"}}), "unknown label"},

		{"bad field name", &graph.Filter{Field: "a-b", Op: graph.OpEq, Value: "x"}, "bad field name"},
		{"field with a dot", &graph.Filter{Field: "pg.search", Op: graph.OpContains, Value: "x"}, "bad field name"},
		{"unknown operator", &graph.Filter{Field: "name", Op: "like", Value: "x"}, "unknown operator"},
		{"eq bool", &graph.Filter{Field: "active", Op: graph.OpEq, Value: true}, ""},
		{"eq float", &graph.Filter{Field: "score", Op: graph.OpLte, Value: 1.5}, ""},
		{"eq list", &graph.Filter{Field: "name", Op: graph.OpEq, Value: []string{"x"}}, "needs a scalar"},
		{"gt nil", &graph.Filter{Field: "population", Op: graph.OpGt, Value: nil}, "needs a scalar"},
		{"gte unsigned", &graph.Filter{Field: "population", Op: graph.OpGte, Value: uint(3)}, "needs a scalar"},
		{"contains int", &graph.Filter{Field: "name", Op: graph.OpContains, Value: int64(3)}, "needs a string"},
		{"startsWith list", &graph.Filter{Field: "name", Op: graph.OpStartsWith, Value: []string{"株"}}, "needs a string"},
		{"endsWith string", &graph.Filter{Field: "name", Op: graph.OpEndsWith, Value: "市"}, ""},
		{"in string", &graph.Filter{Field: "name", Op: graph.OpIn, Value: "株洲市"}, "list of strings"},
		{"in ints", &graph.Filter{Field: "population", Op: graph.OpIn, Value: []int64{1}}, "list of strings"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.f.Validate()
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case c.want != "" && err == nil:
				t.Fatalf("Validate accepted %s", c.f)
			case c.want != "" && (!errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("Validate = %v, want ErrInvalid saying %q", err, c.want)
			}
		})
	}
}

func TestFilterValidateNormalisesInt(t *testing.T) {
	f := graph.Filter{And: []graph.Filter{{Field: "population", Op: graph.OpGte, Value: 100}}}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	if v := f.And[0].Value; v != int64(100) {
		t.Errorf("value = %#v, want int64(100)", v)
	}
}

func TestFilterString(t *testing.T) {
	var nilFilter *graph.Filter
	if s := nilFilter.String(); s != "true" {
		t.Errorf("nil filter renders %q", s)
	}
	f := &graph.Filter{Not: &graph.Filter{Rel: &graph.RelFilter{Type: graph.Targets, Direction: graph.Out, Quantifier: graph.Some,
		Where: &graph.Filter{Field: "name", Op: graph.OpEq, Value: "硬质材料"}}}}
	if s := f.String(); !strings.Contains(s, "not(") || !strings.Contains(s, "TARGETS") || !strings.Contains(s, "硬质材料") {
		t.Errorf("String() = %q", s)
	}
}

func TestEvalPredicate(t *testing.T) {
	cases := []struct {
		v    any
		op   graph.Op
		want any
		ok   bool
	}{
		// A missing value never matches, whatever the operator.
		{nil, graph.OpEq, "x", false},
		{nil, graph.OpEq, nil, false},
		{nil, graph.OpContains, "", false},
		{nil, graph.OpIn, []string{""}, false},
		{nil, graph.OpLt, int64(1), false},
		{nil, graph.OpGte, int64(0), false},

		// Strings, case-sensitive.
		{"株洲市", graph.OpEq, "株洲市", true},
		{"株洲市", graph.OpEq, "株洲", false},
		{"株洲市", graph.OpContains, "洲", true},
		{"株洲市", graph.OpContains, "", true},
		{"株洲市", graph.OpStartsWith, "株洲", true},
		{"株洲市", graph.OpStartsWith, "洲", false},
		{"株洲市", graph.OpEndsWith, "市", true},
		{"株洲市", graph.OpEndsWith, "株", false},
		{"ABC", graph.OpContains, "b", false},
		{"ABC", graph.OpEq, "abc", false},
		{"b", graph.OpGt, "a", true},
		{"b", graph.OpLte, "a", false},
		{"株洲市", graph.OpIn, []string{"醴陵市", "株洲市"}, true},
		{"株洲市", graph.OpIn, []string{"醴陵市"}, false},
		{"株洲市", graph.OpIn, []string{}, false},

		// Lists: any element.
		{[]string{"株洲", "株洲市"}, graph.OpEq, "株洲", true},
		{[]string{"株洲", "株洲市"}, graph.OpEq, "醴陵", false},
		{[]string{"株洲", "株洲市"}, graph.OpEndsWith, "市", true},
		{[]string{"a", "b"}, graph.OpIn, []string{"b", "c"}, true},
		{[]string{}, graph.OpEq, "", false},
		{[]string(nil), graph.OpContains, "", false},
		{[]int64{1, 5}, graph.OpGt, int64(3), true},
		{[]int64{1, 2}, graph.OpGt, int64(3), false},
		{[]int64{1, 2}, graph.OpEq, 2.0, true},
		{[]int64{}, graph.OpLt, int64(100), false},

		// Numbers compare across int and float.
		{int64(3), graph.OpEq, int64(3), true},
		{int64(3), graph.OpEq, 3.0, true},
		{3.0, graph.OpEq, int64(3), true},
		{int64(3), graph.OpLt, 3.5, true},
		{2.5, graph.OpGte, int64(2), true},
		{2.5, graph.OpGt, int64(3), false},
		{int64(-1), graph.OpLte, int64(-1), true},
		{3, graph.OpEq, int64(3), true}, // a plain int, as callers may hold
		{int64(1<<53 + 1), graph.OpEq, int64(1 << 53), false},
		{int64(1<<53 + 1), graph.OpGt, int64(1 << 53), true},

		// Booleans.
		{true, graph.OpEq, true, true},
		{true, graph.OpGt, false, true},
		{false, graph.OpLt, true, true},
		{false, graph.OpEq, true, false},

		// Different kinds never compare.
		{"3", graph.OpEq, int64(3), false},
		{int64(3), graph.OpEq, "3", false},
		{"3", graph.OpLt, int64(4), false},
		{true, graph.OpEq, "true", false},
		{true, graph.OpEq, int64(1), false},
		{int64(1), graph.OpGt, false, false},
		{int64(3), graph.OpContains, "3", false},
		{int64(3), graph.OpIn, []string{"3"}, false},
		{"x", graph.OpContains, int64(1), false},
		{"x", graph.OpEq, []string{"x"}, false},
		{"x", "like", "x", false},
	}
	for _, c := range cases {
		if got := graph.EvalPredicate(c.v, c.op, c.want); got != c.ok {
			t.Errorf("EvalPredicate(%#v %s %#v) = %v, want %v", c.v, c.op, c.want, got, c.ok)
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestCompareValues(t *testing.T) {
	cases := []struct {
		a, b any
		want int
	}{
		// Kinds: lists < strings < booleans < numbers < missing.
		{[]string{"z"}, "a", -1},
		{[]int64{9}, "", -1},
		{"z", false, -1},
		{"", true, -1},
		{true, int64(-100), -1},
		{false, -1.5, -1},
		{int64(1 << 60), nil, -1},
		{1e300, nil, -1},
		{[]string{}, nil, -1},
		{nil, nil, 0},
		{nil, "a", 1},

		// Within a kind.
		{"株洲", "株洲市", -1},
		{"b", "a", 1},
		{"a", "a", 0},
		{false, true, -1},
		{true, true, 0},
		{int64(1), 1.5, -1},
		{int64(2), 2.0, 0},
		{2.5, int64(2), 1},
		{3, int64(3), 0},
		{int64(1<<53 + 1), int64(1 << 53), 1},
		{int64(-1 << 62), int64(1 << 62), -1},
		{[]string{"a"}, []string{"a", "b"}, -1},
		{[]string{"b"}, []string{"a", "z"}, 1},
		{[]string{"a", "b"}, []string{"a", "b"}, 0},
		{[]string{}, []string{"a"}, -1},
		{[]int64{1, 2}, []int64{1, 3}, -1},
		{[]string{"a"}, []int64{1}, -1}, // element kinds: strings before numbers
	}
	for _, c := range cases {
		if got := graph.CompareValues(c.a, c.b); sign(got) != c.want {
			t.Errorf("CompareValues(%#v, %#v) = %d, want sign %d", c.a, c.b, got, c.want)
		}
		if got := graph.CompareValues(c.b, c.a); sign(got) != -c.want {
			t.Errorf("CompareValues(%#v, %#v) = %d, want sign %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestFilterMatchAndHasRel(t *testing.T) {
	n := &graph.Node{ID: "city:430281", Label: graph.City, Name: "醴陵市", Aliases: []string{"醴陵"}, Props: graph.Props{"level": "county"}}
	rel := &graph.Filter{Rel: &graph.RelFilter{Type: graph.LocatedIn, Direction: graph.Out, Quantifier: graph.Some}}
	cases := []struct {
		name   string
		f      *graph.Filter
		hasRel bool
		want   bool // with rel evaluated as true
		local  bool // with rel nil
	}{
		{"nil", nil, false, true, true},
		{"alias", &graph.Filter{Field: "aliases", Op: graph.OpEq, Value: "醴陵"}, false, true, true},
		{"property", &graph.Filter{Field: "level", Op: graph.OpEq, Value: "county"}, false, true, true},
		{"not missing", &graph.Filter{Not: &graph.Filter{Field: "code", Op: graph.OpEq, Value: "x"}}, false, true, true},
		{"rel", rel, true, true, false},
		{"rel deep in and", &graph.Filter{And: []graph.Filter{{Field: "name", Op: graph.OpContains, Value: "醴"}, {Not: rel}}}, true, false, true},
		{"or", &graph.Filter{Or: []graph.Filter{{Field: "id", Op: graph.OpEq, Value: "x"}, *rel}}, true, true, false},
	}
	for _, c := range cases {
		if got := c.f.HasRel(); got != c.hasRel {
			t.Errorf("%s: HasRel = %v", c.name, got)
		}
		if got := c.f.Match(n, func(*graph.RelFilter) bool { return true }); got != c.want {
			t.Errorf("%s: Match with rel = %v", c.name, got)
		}
		if got := c.f.Match(n, nil); got != c.local {
			t.Errorf("%s: Match without rel = %v", c.name, got)
		}
	}
}
