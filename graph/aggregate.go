package graph

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// AggregateQuery counts the nodes of Labels matching Where, and, with By,
// how many fall in each group.
type AggregateQuery struct {
	Labels []Label // any of these; empty means all labels
	Where  *Filter
	By     *GroupBy // nil: the count only
	Limit  int      // groups kept, in SortGroups order; 0 means all
}

// Validate checks the query's filter and grouping, as every store does
// before reading.
func (q AggregateQuery) Validate() error {
	if err := q.Where.Validate(); err != nil {
		return err
	}
	return q.By.Validate()
}

// GroupBy says what groups a node: the string value of Field on the node
// itself (Type "") or on each node related to it through Type in
// Direction (with a label in Labels, if given). A node counts once in
// every distinct group it reaches (a proposal for two cities counts for
// both) and in none when it reaches no non-empty string value.
type GroupBy struct {
	Type      RelType
	Direction Direction
	Labels    []Label
	Field     string // "id", "name" or a property name
	// Prefix, when positive, keeps the value's first Prefix characters
	// (runes): the year of a YYYY-MM-DD date. Neo4j's substring counts
	// UTF-16 units, so prefixes are for ASCII values such as dates.
	Prefix int
}

// Group is one group of an aggregate: its key, the name to show (the
// related node's name when grouping by "id", else the key) and the nodes
// in it.
type Group struct {
	Key   string
	Name  string
	Count int
}

// Aggregate is the answer to an AggregateQuery.
type Aggregate struct {
	Count  int     // the nodes matching, grouped or not
	Groups []Group // in SortGroups order, cut at Limit
}

// Validate checks the group's shape; Field and Labels are written into
// no query text (the Neo4j store passes Field as a parameter), but an
// unknown one would match nothing on one store and fail on the other.
func (g *GroupBy) Validate() error {
	if g == nil {
		return nil
	}
	if g.Type != "" {
		if !g.Type.Valid() {
			return invalid("group by: unknown relationship type %q", g.Type)
		}
		switch g.Direction {
		case Out, In, Both:
		default:
			return invalid("group by: unknown direction %q", g.Direction)
		}
	}
	for _, l := range g.Labels {
		if !l.Valid() {
			return invalid("group by: unknown label %q", l)
		}
	}
	if g.Field != "id" && g.Field != "name" && !isIdent(g.Field) {
		return invalid("group by: bad field name %q", g.Field)
	}
	if g.Prefix < 0 {
		return invalid("group by: negative prefix %d", g.Prefix)
	}
	if g.Prefix > 0 && g.Field == "id" {
		// A prefix of ids would merge nodes under one of their names.
		return invalid("group by: a prefix of ids")
	}
	return nil
}

// GroupKey returns the key a field value gives, false for a value that
// groups nothing: missing, not a string, or empty (ingest writes "" for
// an unknown date or newspaper).
func (g *GroupBy) GroupKey(v any) (string, bool) {
	s, ok := v.(string)
	if !ok || s == "" {
		return "", false
	}
	if g.Prefix > 0 && utf8.RuneCountInString(s) > g.Prefix {
		s = string([]rune(s)[:g.Prefix])
	}
	return s, true
}

// SortGroups orders groups by count, largest first, then by name and key
// (byte order, as every other string order the stores share in Go), and
// cuts them at limit (0: all). Both stores sort here, so the order cannot
// depend on a database's collation.
func SortGroups(gs []Group, limit int) []Group {
	sort.Slice(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c < 0
		}
		return a.Key < b.Key
	})
	if limit > 0 && len(gs) > limit {
		gs = gs[:limit]
	}
	return gs
}
