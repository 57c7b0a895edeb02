package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
)

// Aggregate implements graph.Store: the count as FindNodes counts, and the
// groups counted by Cypher (count of distinct nodes per key), then ordered
// and cut by graph.SortGroups, as memstore does, so that the order never
// depends on Neo4j's string collation.
func (s *Store) Aggregate(ctx context.Context, q graph.AggregateQuery) (graph.Aggregate, error) {
	if err := ctx.Err(); err != nil {
		return graph.Aggregate{}, err
	}
	if err := q.Validate(); err != nil {
		return graph.Aggregate{}, err
	}
	match, where, params, ok, err := compileNodeQuery(graph.NodeQuery{Labels: q.Labels, Where: q.Where})
	if err != nil {
		return graph.Aggregate{}, err
	}
	if !ok {
		return graph.Aggregate{}, nil // only unknown labels: nothing matches
	}
	countQuery := match + "\nWHERE " + where + "\nRETURN count(n)"
	groupQuery := ""
	if q.By != nil {
		if groupQuery, err = compileGroup(q.By, match+"\nWHERE "+where, params); err != nil {
			return graph.Aggregate{}, err
		}
	}
	var out graph.Aggregate
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = graph.Aggregate{}
		err := run(ctx, tx, countQuery, params, func(rec *neo4j.Record) error {
			n, err := asInt(rec.Values[0])
			out.Count = int(n)
			return err
		})
		if err != nil || groupQuery == "" {
			return err
		}
		return run(ctx, tx, groupQuery, params, func(rec *neo4j.Record) error {
			var g graph.Group
			var err error
			if g.Key, err = asString(rec.Values[0]); err != nil {
				return fmt.Errorf("group key: %w", err)
			}
			if g.Name, err = asString(rec.Values[1]); err != nil {
				return fmt.Errorf("group %q name: %w", g.Key, err)
			}
			n, err := asInt(rec.Values[2])
			if err != nil {
				return fmt.Errorf("group %q count: %w", g.Key, err)
			}
			g.Count = int(n)
			out.Groups = append(out.Groups, g)
			return nil
		})
	})
	if err != nil {
		return graph.Aggregate{}, fmt.Errorf("neo4jstore: aggregate: %w", err)
	}
	out.Groups = graph.SortGroups(out.Groups, q.Limit)
	return out, nil
}

// compileGroup returns the query counting the nodes of matched (a MATCH
// and WHERE binding n) per group of g. The field is a parameter (read as
// x[$gfield]) and the relationship type an ontology constant, so nothing
// of the caller's is written into the text. A related node reached twice
// (two reports stating one fact) is one: nodes are counted distinct.
func compileGroup(g *graph.GroupBy, matched string, params map[string]any) (string, error) {
	// NOT NULL: in Cypher null IS :: STRING holds, and a node without
	// the field groups nothing, nor one with "" (graph.GroupBy.GroupKey).
	params["gfield"] = g.Field
	params["gprefix"] = int64(g.Prefix)
	key := "CASE WHEN $gprefix > 0 THEN substring(v, 0, $gprefix) ELSE v END"
	if g.Type == "" {
		return matched + "\nWITH n, n[$gfield] AS v WHERE v IS :: STRING NOT NULL AND v <> ''" +
			"\nWITH " + key + " AS key, count(n) AS c RETURN key, key AS name, c", nil
	}
	typ, ok := relTypeToken(g.Type)
	if !ok {
		return "", invalidf("unknown relationship type %q", g.Type)
	}
	var pattern string
	switch g.Direction {
	case graph.Out:
		pattern = "(n)-[:" + typ + "]->(m)"
	case graph.In:
		pattern = "(n)<-[:" + typ + "]-(m)"
	case graph.Both:
		pattern = "(n)-[:" + typ + "]-(m)"
	default:
		return "", invalidf("unknown direction %q", g.Direction)
	}
	cond := "v IS :: STRING NOT NULL AND v <> ''"
	if len(g.Labels) > 0 {
		params["glabels"] = validLabels(g.Labels)
		cond += " AND any(l IN labels(m) WHERE l IN $glabels)"
	}
	q := matched + "\nMATCH " + pattern + "\nWITH n, m, m[$gfield] AS v WHERE " + cond
	if g.Field == "id" {
		// One key, one node: its name is what to show.
		return q + "\nWITH DISTINCT n, v AS key, m.name AS name\nRETURN key, name, count(n)", nil
	}
	return q + "\nWITH DISTINCT n, " + key + " AS key\nRETURN key, key AS name, count(n)", nil
}
