package neo4jstore

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
)

// Names of the schema objects this store owns. Every name starts with pg_
// so Migrate can tell its own objects from anything else in the database.
const (
	constraintEntityID = "pg_entity_id"
	indexEntityText    = "pg_entity_text"
	indexEvidenceText  = "pg_evidence_text"
	fulltextAnalyzer   = "cjk"
	fulltextEventual   = true
)

// schemaItem is one constraint or index and the statement that creates it.
type schemaItem struct {
	name   string
	create string
	// For full-text indexes: the definition Migrate compares with the
	// server's, to rebuild an index whose analyzer or fields changed.
	fulltext       bool
	labelsOrTypes  []string
	properties     []string
	descriptionFor string // for error messages
}

// schema lists everything Migrate creates. Labels and relationship types
// come from the ontology's constants (see labelToken), which are the only
// values interpolated.
func schema() []schemaItem {
	items := []schemaItem{{
		name:           constraintEntityID,
		create:         "CREATE CONSTRAINT " + constraintEntityID + " IF NOT EXISTS FOR (n:" + entityLabel + ") REQUIRE n.id IS UNIQUE",
		descriptionFor: "node ids",
	}}
	for _, l := range graph.Labels {
		tok, ok := labelToken(l)
		if !ok {
			continue
		}
		name := "pg_" + strings.ToLower(tok) + "_name"
		items = append(items, schemaItem{
			name:           name,
			create:         "CREATE RANGE INDEX " + name + " IF NOT EXISTS FOR (n:" + tok + ") ON (n.name)",
			descriptionFor: tok + " names",
		})
	}
	var types []string
	for _, t := range graph.RelTypes {
		tok, ok := relTypeToken(t)
		if !ok {
			continue
		}
		types = append(types, tok)
		lower := strings.ToLower(tok)
		// Relationship ids are unique per type (Neo4j has no constraint
		// across types); WriteDocument checks across types itself. The
		// constraint's index also serves id lookups and Scan's order.
		items = append(items, schemaItem{
			name:           "pg_" + lower + "_id",
			create:         "CREATE CONSTRAINT pg_" + lower + "_id IF NOT EXISTS FOR ()-[r:" + tok + "]-() REQUIRE r.id IS UNIQUE",
			descriptionFor: tok + " ids",
		}, schemaItem{
			// Finds the facts a document owns when it is replaced.
			name:           "pg_" + lower + "_doc",
			create:         "CREATE RANGE INDEX pg_" + lower + "_doc IF NOT EXISTS FOR ()-[r:" + tok + "]-() ON (r.doc)",
			descriptionFor: tok + " owners",
		})
	}
	// Eventually consistent: a commit hands the index its updates and does
	// not wait for Lucene to apply them (waiting made the commit of a
	// document's write cost about five times the rest of it). Search
	// waits for the updates instead (awaitRefreshQuery), so a search
	// still sees every write that returned before it began.
	ftOptions := " OPTIONS {indexConfig: {`fulltext.analyzer`: '" + fulltextAnalyzer + "', `fulltext.eventually_consistent`: " + fmt.Sprint(fulltextEventual) + "}}"
	items = append(items, schemaItem{
		name:           indexEntityText,
		create:         "CREATE FULLTEXT INDEX " + indexEntityText + " IF NOT EXISTS FOR (n:" + entityLabel + ") ON EACH [n.`" + propSearch + "`]" + ftOptions,
		fulltext:       true,
		labelsOrTypes:  []string{entityLabel},
		properties:     []string{propSearch},
		descriptionFor: "names and aliases",
	}, schemaItem{
		name:           indexEvidenceText,
		create:         "CREATE FULLTEXT INDEX " + indexEvidenceText + " IF NOT EXISTS FOR ()-[r:" + strings.Join(types, "|") + "]-() ON EACH [r." + propSentText + ", r.`" + propSentence + "`]" + ftOptions,
		fulltext:       true,
		labelsOrTypes:  types,
		properties:     []string{propSentText, propSentence},
		descriptionFor: "evidence sentences",
	})
	return items
}

// Migrate creates the store's constraints and indexes where they are
// missing and waits until all of them are online. It is idempotent and
// cheap when nothing is missing, and safe to run from several processes at
// once (every statement is IF NOT EXISTS). A full-text index of this store
// whose definition differs from the current one (another analyzer, other
// relationship types) is dropped and rebuilt.
func (s *Store) Migrate(ctx context.Context) error {
	type existing struct {
		kind     string
		labels   []string
		props    []string
		analyzer string
		eventual bool
	}
	have := map[string]existing{}
	err := s.readPatiently(ctx, func(tx neo4j.ManagedTransaction) error {
		clear(have)
		return run(ctx, tx, "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options RETURN name, type, labelsOrTypes, properties, options", nil, func(rec *neo4j.Record) error {
			name, _ := rec.Values[0].(string)
			kind, _ := rec.Values[1].(string)
			labels, _ := asStrings(rec.Values[2])
			props, _ := asStrings(rec.Values[3])
			var analyzer string
			var eventual bool
			if opts, ok := rec.Values[4].(map[string]any); ok {
				if cfg, ok := opts["indexConfig"].(map[string]any); ok {
					analyzer, _ = cfg["fulltext.analyzer"].(string)
					eventual, _ = cfg["fulltext.eventually_consistent"].(bool)
				}
			}
			have[name] = existing{kind: kind, labels: labels, props: props, analyzer: analyzer, eventual: eventual}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("neo4jstore: migrate: list indexes: %w", err)
	}
	for _, it := range schema() {
		old, ok := have[it.name]
		if ok && it.fulltext {
			same := old.kind == "FULLTEXT" && old.analyzer == fulltextAnalyzer && old.eventual == fulltextEventual &&
				sameSet(old.labels, it.labelsOrTypes) && sameSet(old.props, it.properties)
			if same {
				continue
			}
			if err := s.schemaWrite(ctx, "DROP INDEX "+it.name+" IF EXISTS"); err != nil {
				return fmt.Errorf("neo4jstore: migrate: drop outdated index %s: %w", it.name, err)
			}
		} else if ok {
			// A constraint owns an index of the same name, so this also
			// finds constraints.
			continue
		}
		if err := s.schemaWrite(ctx, it.create); err != nil {
			return fmt.Errorf("neo4jstore: migrate: create %s (%s): %w", it.name, it.descriptionFor, err)
		}
	}
	// Wait even when nothing was created: indexes found by name may still
	// be populating after a restart or a Migrate that timed out. On a
	// settled database this returns at once.
	wait := s.indexTimeout
	if d, ok := ctx.Deadline(); ok {
		wait = time.Until(d)
	}
	secs := int64(math.Ceil(max(wait, time.Second).Seconds()))
	err = s.readPatiently(ctx, func(tx neo4j.ManagedTransaction) error {
		return run(ctx, tx, "CALL db.awaitIndexes($seconds)", map[string]any{"seconds": secs}, nil)
	})
	if err != nil {
		return fmt.Errorf("neo4jstore: migrate: wait for indexes to come online: %w", err)
	}
	return nil
}

// schemaWrite runs one schema statement in its own write transaction:
// Neo4j refuses schema and data changes in the same transaction.
func (s *Store) schemaWrite(ctx context.Context, stmt string) error {
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		return run(ctx, tx, stmt, nil, nil)
	})
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
