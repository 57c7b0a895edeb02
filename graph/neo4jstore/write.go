package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
)

// errUnchanged rolls back a write transaction that found the document's
// fingerprint equal to the batch's (another writer got there first).
var errUnchanged = errors.New("document unchanged")

// Statements of the write path. Relationship types appear in patterns only
// through unionOverTypes (ontology constants) or as $(row.type), Cypher's
// parameterised dynamic type; everything else is a parameter.
var (
	// Takes the document node's write lock (creating a bare node if the
	// document is new), so writers of one document serialise, and reads
	// what the fingerprint and label checks need.
	lockDocQuery = "MERGE (d:" + entityLabel + " {id: $id})\n" +
		"SET d.`pg.lock` = true\n" +
		"REMOVE d.`pg.lock`"

	// Reads the document once it is locked (see readLockedQuery for why
	// this is a second MERGE).
	readDocQuery = "MERGE (d:" + entityLabel + " {id: $id})\n" +
		"RETURN labels(d), d." + graph.FingerprintProp

	// Deletes the facts a document owned and returns what they were, so
	// conflicts can be checked against the graph as it was and the nodes
	// they touched can be collected afterwards.
	deleteOwnedQuery = "CALL () {\n" +
		unionOverTypes("MATCH (a)-[r:%s]->(b) WHERE r.doc = $doc RETURN r, a.id AS rfrom, b.id AS rto") +
		"\n}\nWITH r, r.id AS rid, type(r) AS rtype, rfrom, rto\nDELETE r\nRETURN rid, rtype, rfrom, rto"

	// Takes the write locks of the nodes a write touches (callers pass
	// them sorted by id, so two writers lock shared nodes in the same
	// order) and returns the stored form of those the batch merges into.
	// MERGE on the constrained id makes a concurrent creator of the same
	// node wait for this transaction rather than create a duplicate.
	lockNodesQuery = "UNWIND $rows AS row\n" +
		"MERGE (n:" + entityLabel + " {id: row.id})\n" +
		"SET n.`pg.lock` = true\n" +
		"REMOVE n.`pg.lock`"

	// Reads the nodes once they are locked. A node this transaction found
	// and then waited for may have been deleted by the transaction it
	// waited for (garbage collection); MERGE again creates it afresh.
	readLockedQuery = "UNWIND $rows AS row\n" +
		"MERGE (n:" + entityLabel + " {id: row.id})\n" +
		"RETURN row.id, labels(n), CASE WHEN row.full THEN properties(n) END"

	// Locks existing nodes only (DeleteDocument: nothing to create).
	lockExistingQuery = "UNWIND $rows AS id\n" +
		"MATCH (n:" + entityLabel + " {id: id})\n" +
		"SET n.`pg.lock` = true\n" +
		"REMOVE n.`pg.lock`"

	// Finds relationships by id whatever their type, through each type's
	// id index.
	relsByIDQuery = unionOverTypes("UNWIND $rows AS id MATCH (a)-[r:%s {id: id}]->(b) RETURN r.id, type(r), a.id, b.id")

	writeDocQuery = "MERGE (d:" + entityLabel + " {id: $id})\n" +
		"SET d = $props, d:" + string(graph.Document)

	writeNodesQuery = "UNWIND $rows AS row\n" +
		"MATCH (n:" + entityLabel + " {id: row.id})\n" +
		"SET n = row.props, n:$(row.label)\n" +
		"RETURN count(*)"

	createRelsQuery = "UNWIND $rows AS row\n" +
		"MATCH (a:" + entityLabel + " {id: row.from})\n" +
		"MATCH (b:" + entityLabel + " {id: row.to})\n" +
		"CREATE (a)-[r:$(row.type)]->(b)\n" +
		"SET r = row.props\n" +
		"RETURN count(*)"

	replaceRelsQuery = "UNWIND $rows AS row\n" +
		"MATCH (a:" + entityLabel + " {id: row.from})-[r {id: row.id}]->(b:" + entityLabel + " {id: row.to})\n" +
		"WHERE type(r) = row.type\n" +
		"SET r = row.props\n" +
		"RETURN count(*)"

	// The garbage-collection rule of memstore's collect: an entity node
	// that a removed fact touched and that has no relationship left goes.
	collectQuery = "UNWIND $rows AS id\n" +
		"MATCH (n:" + entityLabel + " {id: id})\n" +
		"WHERE NOT n:" + string(graph.Document) + " AND NOT EXISTS { (n)--() }\n" +
		"DELETE n"

	// Removes a document node with whatever still touches it and returns
	// the ids of the nodes at the other ends.
	deleteDocQuery = "MATCH (d:" + entityLabel + " {id: $id})\n" +
		"WITH d, COLLECT { MATCH (d)--(o) RETURN o.id } AS others\n" +
		"DETACH DELETE d\n" +
		"RETURN others"
)

// unionOverTypes instantiates a statement template (one %s for the
// relationship type) for every type of the ontology, joined by UNION ALL.
// Neo4j's relationship indexes are per type, so a lookup by id or owner
// across types is this union of index seeks. Only graph.RelTypes
// constants are interpolated.
func unionOverTypes(template string) string {
	var parts []string
	for _, t := range graph.RelTypes {
		if tok, ok := relTypeToken(t); ok {
			parts = append(parts, fmt.Sprintf(template, tok))
		}
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// relKey is what identifies a fact apart from its id.
type relKey struct{ typ, from, to string }

// WriteDocument implements graph.Store. Everything happens in one managed
// write transaction; any error (a conflict, a cancelled context, a lost
// connection) rolls all of it back, and the driver retries transient
// failures such as deadlocks between concurrent writers.
func (s *Store) WriteDocument(ctx context.Context, b graph.DocumentBatch) (graph.WriteStats, error) {
	if err := ctx.Err(); err != nil {
		return graph.WriteStats{}, err
	}
	if err := b.Validate(); err != nil {
		return graph.WriteStats{}, err
	}
	fp := b.Fingerprint()
	stats := graph.WriteStats{Nodes: len(b.Nodes) + 1, Relationships: len(b.Relationships)}
	docID := b.Document.ID

	// Re-ingesting an unchanged corpus is common; answer it from a read
	// without taking any lock. The write transaction checks again.
	var stored string
	err := s.readPatiently(ctx, func(tx neo4j.ManagedTransaction) error {
		stored = ""
		return run(ctx, tx, "MATCH (d:"+entityLabel+" {id: $id}) WHERE d:"+string(graph.Document)+" RETURN d."+graph.FingerprintProp,
			map[string]any{"id": docID}, func(rec *neo4j.Record) error {
				stored, _ = rec.Values[0].(string)
				return nil
			})
	})
	if err != nil {
		return graph.WriteStats{}, fmt.Errorf("neo4jstore: write document %s: %w", docID, err)
	}
	if stored == fp {
		stats.Unchanged = true
		return stats, nil
	}

	w := &docWriter{b: &b, fp: fp, batch: s.batch}
	err = s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		w.replaced = 0
		return w.run(ctx, tx)
	})
	switch {
	case errors.Is(err, errUnchanged):
		stats.Unchanged = true
		return stats, nil
	case err != nil:
		return graph.WriteStats{}, fmt.Errorf("neo4jstore: write document %s: %w", docID, err)
	}
	stats.Replaced = w.replaced
	return stats, nil
}

// docWriter is one WriteDocument transaction.
type docWriter struct {
	b        *graph.DocumentBatch
	fp       string
	batch    int
	replaced int
}

func (w *docWriter) run(ctx context.Context, tx neo4j.ManagedTransaction) error {
	b := w.b
	docID := b.Document.ID

	// 1. Lock the document; check its label and fingerprint.
	if err := run(ctx, tx, lockDocQuery, map[string]any{"id": docID}, nil); err != nil {
		return err
	}
	var docLabels, oldFP any
	err := run(ctx, tx, readDocQuery, map[string]any{"id": docID}, func(rec *neo4j.Record) error {
		docLabels, oldFP = rec.Values[0], rec.Values[1]
		return nil
	})
	if err != nil {
		return err
	}
	if l, err := domainLabel(docLabels); err == nil && l != graph.Document {
		// memstore would overwrite the entity with the document; refusing
		// is the only choice that loses nothing.
		return invalidf("node %s is a %s in the graph, the batch says %s", docID, l, graph.Document)
	}
	if fp, _ := oldFP.(string); fp == w.fp {
		return errUnchanged
	}

	// 2. Remove what the previous version owned.
	deleted := map[string]relKey{}
	touched := map[string]bool{}
	err = run(ctx, tx, deleteOwnedQuery, map[string]any{"doc": docID}, func(rec *neo4j.Record) error {
		k, id, err := relKeyOf(rec)
		if err != nil {
			return err
		}
		deleted[id] = k
		touched[k.from], touched[k.to] = true, true
		return nil
	})
	if err != nil {
		return err
	}
	w.replaced = len(deleted)

	// 3. Lock every node this write merges or may collect, in id order,
	// and read the stored form of the batch's nodes.
	inBatch := make(map[string]bool, len(b.Nodes))
	for _, n := range b.Nodes {
		inBatch[n.ID] = true
	}
	lockIDs := make([]string, 0, len(inBatch)+len(touched))
	for id := range inBatch {
		lockIDs = append(lockIDs, id)
	}
	for id := range touched {
		if !inBatch[id] && id != docID {
			lockIDs = append(lockIDs, id)
		}
	}
	sort.Strings(lockIDs)
	rows := make([]map[string]any, len(lockIDs))
	for i, id := range lockIDs {
		rows[i] = map[string]any{"id": id, "full": inBatch[id]}
	}
	if err := runChunks(ctx, tx, w.batch, lockNodesQuery, rows, nil); err != nil {
		return err
	}
	stored := map[string]graph.Node{}
	err = runChunks(ctx, tx, w.batch, readLockedQuery, rows, func(rec *neo4j.Record) error {
		pm, ok := rec.Values[2].(map[string]any)
		if !ok {
			return nil // not in the batch
		}
		if _, ok := pm["name"]; !ok {
			return nil // created by this MERGE: a new node
		}
		n, err := decodeNode(rec.Values[1], pm)
		if err != nil {
			return fmt.Errorf("stored node: %w", err)
		}
		stored[n.ID] = n
		return nil
	})
	if err != nil {
		return err
	}

	// 4. Conflicts, checked against the graph as it was before step 2 (as
	// memstore checks before changing anything).
	for _, n := range b.Nodes {
		if old, ok := stored[n.ID]; ok && old.Label != n.Label {
			return invalidf("node %s is a %s in the graph, the batch says %s", n.ID, old.Label, n.Label)
		}
	}
	relIDs := make([]string, len(b.Relationships))
	for i, r := range b.Relationships {
		relIDs[i] = r.ID
	}
	present := map[string]relKey{}
	err = runChunks(ctx, tx, w.batch, relsByIDQuery, relIDs, func(rec *neo4j.Record) error {
		k, id, err := relKeyOf(rec)
		if err != nil {
			return err
		}
		present[id] = k
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range b.Relationships {
		old, ok := present[r.ID]
		if !ok {
			old, ok = deleted[r.ID]
		}
		if ok && (old.typ != string(r.Type) || old.from != r.From || old.to != r.To) {
			return invalidf("relationship id %s is already used by another fact", r.ID)
		}
	}

	// 5. The document node, replaced whole.
	doc := b.Document.Clone()
	if doc.Props == nil {
		doc.Props = graph.Props{}
	}
	doc.Props[graph.FingerprintProp] = w.fp
	doc.Aliases = graph.MergeAliases(doc.Name, doc.Aliases, nil)
	if err := run(ctx, tx, writeDocQuery, map[string]any{"id": docID, "props": encodeNode(doc)}, nil); err != nil {
		return err
	}

	// 6. Entity nodes: merged by graph.MergeNode, as memstore merges
	// them, and written only where that changes something.
	var nodeRows []map[string]any
	for _, n := range b.Nodes {
		old, exists := stored[n.ID]
		var prev *graph.Node
		if exists {
			prev = &old
		}
		merged := graph.MergeNode(prev, n)
		if exists && reflect.DeepEqual(merged, old) {
			continue
		}
		nodeRows = append(nodeRows, map[string]any{"id": n.ID, "label": string(n.Label), "props": encodeNode(merged)})
	}
	if err := runCounted(ctx, tx, w.batch, writeNodesQuery, nodeRows, "nodes written"); err != nil {
		return err
	}

	// 7. Relationships. A fact that exists is replaced if it carries
	// evidence and kept as it is if it is a reference fact (merged, never
	// owned); a new one is created.
	var create, replace []map[string]any
	for _, r := range b.Relationships {
		row := map[string]any{"id": r.ID, "type": string(r.Type), "from": r.From, "to": r.To, "props": encodeRel(r)}
		_, exists := present[r.ID]
		switch {
		case !exists:
			create = append(create, row)
		case r.Evidence != nil:
			replace = append(replace, row)
		}
	}
	if err := runCounted(ctx, tx, w.batch, createRelsQuery, create, "relationships created"); err != nil {
		return err
	}
	if err := runCounted(ctx, tx, w.batch, replaceRelsQuery, replace, "relationships replaced"); err != nil {
		return err
	}

	// 8. Collect the nodes the removed facts left without relationships
	// (all of them are locked since step 3).
	return runChunks(ctx, tx, w.batch, collectQuery, sortedKeys(touched), nil)
}

// runCounted runs an UNWIND statement that returns count(*) and checks
// that every row took effect: a row whose MATCH found nothing would
// otherwise vanish silently.
func runCounted(ctx context.Context, tx neo4j.ManagedTransaction, size int, query string, rows []map[string]any, what string) error {
	for lo := 0; lo < len(rows); lo += size {
		hi := min(lo+size, len(rows))
		var n int64
		err := run(ctx, tx, query, map[string]any{"rows": rows[lo:hi]}, func(rec *neo4j.Record) error {
			n, _ = rec.Values[0].(int64)
			return nil
		})
		if err != nil {
			return err
		}
		if n != int64(hi-lo) {
			return fmt.Errorf("%s: %d of %d rows matched their nodes", what, n, hi-lo)
		}
	}
	return nil
}

// relKeyOf reads (id, type, from, to) records.
func relKeyOf(rec *neo4j.Record) (relKey, string, error) {
	var vals [4]string
	for i := range vals {
		s, err := asString(rec.Values[i])
		if err != nil {
			return relKey{}, "", fmt.Errorf("relationship column %d: %w", i, err)
		}
		vals[i] = s
	}
	return relKey{typ: vals[1], from: vals[2], to: vals[3]}, vals[0], nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// DeleteDocument implements graph.Store, in one write transaction.
func (s *Store) DeleteDocument(ctx context.Context, id string) error {
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		var labels any
		found := false
		err := run(ctx, tx, "MATCH (d:"+entityLabel+" {id: $id})\nSET d.`pg.lock` = true\nREMOVE d.`pg.lock`\nRETURN labels(d)",
			map[string]any{"id": id}, func(rec *neo4j.Record) error {
				labels, found = rec.Values[0], true
				return nil
			})
		if err != nil || !found {
			return err
		}
		if l, err := domainLabel(labels); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		} else if l != graph.Document {
			return invalidf("%s is a %s, not a Document", id, l)
		}
		touched := map[string]bool{}
		err = run(ctx, tx, deleteOwnedQuery, map[string]any{"doc": id}, func(rec *neo4j.Record) error {
			k, _, err := relKeyOf(rec)
			if err != nil {
				return err
			}
			touched[k.from], touched[k.to] = true, true
			return nil
		})
		if err != nil {
			return err
		}
		err = run(ctx, tx, deleteDocQuery, map[string]any{"id": id}, func(rec *neo4j.Record) error {
			others, err := asStrings(rec.Values[0])
			if err != nil {
				return fmt.Errorf("neighbours: %w", err)
			}
			for _, o := range others {
				touched[o] = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		delete(touched, id)
		ids := sortedKeys(touched)
		// Lock before testing for remaining relationships, so a concurrent
		// writer that is adding one to a node either finishes first (and
		// the node stays) or waits for this transaction.
		if err := runChunks(ctx, tx, s.batch, lockExistingQuery, ids, nil); err != nil {
			return err
		}
		return runChunks(ctx, tx, s.batch, collectQuery, ids, nil)
	})
	if err != nil {
		return fmt.Errorf("neo4jstore: delete document %s: %w", id, err)
	}
	return nil
}
