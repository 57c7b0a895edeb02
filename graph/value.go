package graph

import (
	"cmp"
	"strings"
)

// evalPredicate applies op to a stored value v (nil when missing) and the
// filter's value, with Cypher's semantics reduced to two values: a missing
// value, mismatched types or incomparable values give false. On a list
// value the predicate holds when it holds for any element. It is what
// Filter.Match means by a predicate (and neo4jstore's Cypher mirrors it).
func evalPredicate(v any, op Op, want any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case []string:
		for _, e := range x {
			if evalPredicate(e, op, want) {
				return true
			}
		}
		return false
	case []int64:
		for _, e := range x {
			if evalPredicate(e, op, want) {
				return true
			}
		}
		return false
	}
	switch op {
	case OpEq:
		c, ok := compareScalars(v, want)
		return ok && c == 0
	case OpGt, OpGte, OpLt, OpLte:
		c, ok := compareScalars(v, want)
		if !ok {
			return false
		}
		switch op {
		case OpGt:
			return c > 0
		case OpGte:
			return c >= 0
		case OpLt:
			return c < 0
		}
		return c <= 0
	case OpContains, OpStartsWith, OpEndsWith:
		s, ok1 := v.(string)
		w, ok2 := want.(string)
		if !ok1 || !ok2 {
			return false
		}
		switch op {
		case OpContains:
			return strings.Contains(s, w)
		case OpStartsWith:
			return strings.HasPrefix(s, w)
		}
		return strings.HasSuffix(s, w)
	case OpIn:
		s, ok := v.(string)
		list, _ := want.([]string)
		if !ok {
			return false
		}
		for _, w := range list {
			if s == w {
				return true
			}
		}
	}
	return false
}

// compareScalars compares two values of the same kind (strings, numbers,
// booleans); ok is false for different kinds.
func compareScalars(a, b any) (int, bool) {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		if !ok {
			return 0, false
		}
		return strings.Compare(x, y), true
	case bool:
		y, ok := b.(bool)
		if !ok {
			return 0, false
		}
		switch {
		case x == y:
			return 0, true
		case !x:
			return -1, true
		}
		return 1, true
	case int64:
		// Exactly, as Cypher does: float64 cannot tell 2^53 from 2^53+1.
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y), true
		}
	}
	fa, ok1 := toFloat(a)
	fb, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	switch {
	case fa < fb:
		return -1, true
	case fa > fb:
		return 1, true
	}
	return 0, true
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// typeRank orders kinds as Cypher's ORDER BY does ascending: lists, strings,
// booleans, numbers, then missing values.
func typeRank(v any) int {
	switch v.(type) {
	case []string, []int64:
		return 0
	case string:
		return 1
	case bool:
		return 2
	case int64, int, float64:
		return 3
	}
	return 4
}

// CompareValues orders two property values for sorting as Cypher does.
func CompareValues(a, b any) int {
	ra, rb := typeRank(a), typeRank(b)
	if ra != rb {
		return ra - rb
	}
	switch ra {
	case 0:
		la, lb := listOf(a), listOf(b)
		for i := 0; i < len(la) && i < len(lb); i++ {
			if c := CompareValues(la[i], lb[i]); c != 0 {
				return c
			}
		}
		return len(la) - len(lb)
	case 4:
		return 0
	}
	c, _ := compareScalars(a, b)
	return c
}

func listOf(v any) []any {
	var out []any
	switch x := v.(type) {
	case []string:
		for _, e := range x {
			out = append(out, e)
		}
	case []int64:
		for _, e := range x {
			out = append(out, e)
		}
	}
	return out
}
