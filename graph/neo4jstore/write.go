package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
)

// errUnchanged rolls back a write transaction that found the document's
// fingerprint equal to the batch's (another writer got there first).
var errUnchanged = errors.New("document unchanged")

// Statements of the write path. Relationship types appear in patterns only
// through unionOverTypes or relTypeToken (ontology constants) or as
// $(row.type), Cypher's parameterised dynamic type; everything else is a
// parameter.
//
// A new document's transaction makes two statements (more only for
// batches beyond Config.BatchSize rows, or to lock the nodes a replaced
// version named and the new one does not): prepareQuery locks and reads
// the document, what it owns and the batch's nodes, and one statement
// built by writeStatement applies the whole change. Later statements find
// the nodes by the element ids the first returned: the nodes are locked,
// so nothing can delete them in between.
var (
	// Takes the document node's write lock (creating a bare node if the
	// document is new), so writers of one document serialise, then the
	// locks of the batch's nodes, in the order of $rows (sorted by id, so
	// two writers lock shared nodes in the same order). MERGE on the
	// constrained id makes a concurrent creator of the same node wait for
	// this transaction rather than create a duplicate. Once all locks are
	// held (the eager count(*)), it finds the nodes again and reads them:
	// a node this transaction found and then waited for may have been
	// deleted by the transaction it waited for (garbage collection), and
	// the second MERGE creates it afresh. With the document come the
	// facts its previous version owned, with their element ids to delete
	// them by (nothing else writes a fact the document owns without its
	// lock).
	prepareQuery = "CYPHER replan=skip\n" +
		"MERGE (d0:" + entityLabel + " {id: $id})\n" +
		"SET d0.`pg.lock` = true\n" +
		"REMOVE d0.`pg.lock`\n" +
		"WITH count(*) AS locked\n" +
		"UNWIND $rows AS row\n" +
		"MERGE (n0:" + entityLabel + " {id: row.id})\n" +
		"SET n0.`pg.lock` = true\n" +
		"REMOVE n0.`pg.lock`\n" +
		"WITH count(*) AS locked\n" +
		"MERGE (d:" + entityLabel + " {id: $id})\n" +
		"WITH d\n" +
		"CALL () {\n" +
		"  UNWIND $rows AS row\n" +
		"  MERGE (n:" + entityLabel + " {id: row.id})\n" +
		"  RETURN collect([row.id, elementId(n), labels(n), CASE WHEN row.full THEN properties(n) END]) AS nodes\n" +
		"}\n" +
		"RETURN elementId(d), labels(d), d." + graph.FingerprintProp + ", nodes, COLLECT {\n" +
		unionOverTypes("MATCH (a)-[r:%s]->(b) WHERE r.doc = $id RETURN [r.id, type(r), a.id, b.id, elementId(r)] AS x") +
		"\n} AS owned"

	// prepareQuery's lock and read of nodes alone: for the rows of a batch
	// beyond the first chunk, and for the nodes only the previous version
	// named (taken after the others, so two writers can deadlock here; the
	// server detects it and the driver retries).
	lockNodesQuery = "UNWIND $rows AS row\n" +
		"MERGE (n0:" + entityLabel + " {id: row.id})\n" +
		"SET n0.`pg.lock` = true\n" +
		"REMOVE n0.`pg.lock`\n" +
		"WITH count(*) AS locked\n" +
		"UNWIND $rows AS row\n" +
		"MERGE (n:" + entityLabel + " {id: row.id})\n" +
		"RETURN collect([row.id, elementId(n), labels(n), CASE WHEN row.full THEN properties(n) END]) AS nodes"

	// Locks existing nodes only (DeleteDocument: nothing to create).
	lockExistingQuery = "UNWIND $rows AS id\n" +
		"MATCH (n:" + entityLabel + " {id: id})\n" +
		"SET n.`pg.lock` = true\n" +
		"REMOVE n.`pg.lock`"

	// The garbage-collection rule of memstore's collect: an entity node
	// that a removed fact touched and that has no relationship left goes.
	collectQuery = "UNWIND $rows AS id\n" +
		"MATCH (n:" + entityLabel + " {id: id})\n" +
		"WHERE NOT n:" + string(graph.Document) + " AND NOT EXISTS { (n)--() }\n" +
		"DELETE n"

	// Removes the facts a document owned (DeleteDocument) and returns what
	// they were.
	deleteOwnedQuery = "CALL () {\n" +
		unionOverTypes("MATCH (a)-[r:%s]->(b) WHERE r.doc = $doc RETURN r, a.id AS rfrom, b.id AS rto") +
		"\n}\nWITH r, r.id AS rid, type(r) AS rtype, rfrom, rto\nDELETE r\nRETURN rid, rtype, rfrom, rto"

	// Removes a document node with whatever still touches it and returns
	// the ids of the nodes at the other ends.
	deleteDocQuery = "MATCH (d:" + entityLabel + " {id: $id})\n" +
		"WITH d, COLLECT { MATCH (d)--(o) RETURN o.id } AS others\n" +
		"DETACH DELETE d\n" +
		"RETURN others"

	// Fingerprints of stored documents (DocumentFingerprints).
	fingerprintsQuery = "UNWIND $ids AS id\n" +
		"MATCH (d:" + entityLabel + " {id: id}) WHERE d:" + string(graph.Document) + "\n" +
		"RETURN d.id, d." + graph.FingerprintProp
)

// The parts of the write statement, in the order they must run: the old
// facts go before new ones take their ids, and garbage is collected once
// everything is written. Each is an UNWIND over its own parameter (%[1]s);
// the counted ones return how many rows matched their nodes, as c%[2]d, so
// a row whose MATCH found nothing cannot vanish silently.
const (
	partDelete = iota
	partDoc
	partNodes
	partRels // one per relationship type: the type's token is %[3]s
	partCollect
)

var writeParts = [...]struct {
	body    string
	counted bool
}{
	partDelete: {body: "UNWIND $%[1]s AS eid\n" +
		"MATCH ()-[r]->() WHERE elementId(r) = eid\n" +
		"DELETE r\n" +
		"RETURN count(*) AS c%[2]d", counted: true},
	partDoc: {body: "UNWIND $%[1]s AS row\n" +
		"MATCH (d) WHERE elementId(d) = row.eid\n" +
		"SET d = row.props, d:" + string(graph.Document) + "\n" +
		"RETURN count(*) AS c%[2]d", counted: true},
	partNodes: {body: "UNWIND $%[1]s AS row\n" +
		"MATCH (n) WHERE elementId(n) = row.eid\n" +
		"SET n = row.props, n:$(row.label)\n" +
		"RETURN count(*) AS c%[2]d", counted: true},
	// A fact that exists between the same nodes under the same type and id
	// is replaced if it carries evidence and kept as it is if it is a
	// reference fact (merged, never owned); otherwise it is created, and
	// the type's uniqueness constraint refuses an id another fact of the
	// type holds. The type is static so MERGE seeks the constraint's index
	// (a dynamic type would scan every relationship).
	partRels: {body: "UNWIND $%[1]s AS row\n" +
		"MATCH (a) WHERE elementId(a) = row.a\n" +
		"MATCH (b) WHERE elementId(b) = row.b\n" +
		"MERGE (a)-[r:%[3]s {id: row.id}]->(b)\n" +
		"ON CREATE SET r.`pg.new` = true\n" +
		"WITH r, row\n" +
		"FOREACH (_ IN CASE WHEN row.ev OR r.`pg.new` THEN [1] ELSE [] END | SET r = row.props)\n" +
		"RETURN count(*) AS c%[2]d", counted: true},
	partCollect: {body: "UNWIND $%[1]s AS id\n" +
		"MATCH (n:" + entityLabel + " {id: id})\n" +
		"WHERE NOT n:" + string(graph.Document) + " AND NOT EXISTS { (n)--() }\n" +
		"DELETE n"},
}

// writeChunk is one part's rows (at most Config.BatchSize of them).
type writeChunk struct {
	part int
	typ  string // partRels: the relationship type's token
	rows []any
}

// writeStatement joins chunks into one statement of CALL subqueries, run
// in order, and returns it with its parameters and the row count each
// counted chunk must report. The statement's text depends only on which
// parts are present: a document that fits one batch sends every part (see
// docWriter.run), so it is always the same statement.
//
// The rows go in one map parameter ($w.p0, $w.p1, …), never as lists of
// their own: the server's plan cache keys a statement on the size bucket
// (1, 2–10, 11–100, …) of every list parameter, so a dozen lists of
// varying lengths gave most writes a plan of their own, and planning
// this statement takes hundreds of milliseconds, where running it takes a
// few.
func writeStatement(chunks []writeChunk) (string, map[string]any, []int) {
	var sb strings.Builder
	// Its plan seeks by element id whatever the graph's statistics say, so
	// the server need not plan it again as the graph grows.
	sb.WriteString("CYPHER replan=skip\n")
	rows := make(map[string]any, len(chunks))
	var want []int
	var cols []string
	for i, c := range chunks {
		p := writeParts[c.part]
		key := fmt.Sprintf("p%d", i)
		rows[key] = c.rows
		if c.rows == nil {
			rows[key] = []any{} // an empty list, not null: the type a part with rows has
		}
		sb.WriteString("CALL () {\n")
		fmt.Fprintf(&sb, p.body, "w."+key, len(want), c.typ)
		sb.WriteString("\n}\n")
		if p.counted {
			cols = append(cols, fmt.Sprintf("c%d", len(want)))
			want = append(want, len(c.rows))
		}
	}
	if len(cols) == 0 {
		sb.WriteString("RETURN 0")
	} else {
		sb.WriteString("RETURN " + strings.Join(cols, ", "))
	}
	return sb.String(), map[string]any{"w": rows}, want
}

// unionOverTypes instantiates a statement template (one %s for the
// relationship type) for every type of the ontology, joined by UNION ALL.
// Neo4j's relationship indexes are per type, so a lookup by owner across
// types is this union of index seeks. Only graph.RelTypes constants are
// interpolated.
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
// write transaction, which returns once the server has committed it; any
// error (a conflict, a cancelled context, a lost connection) rolls all of
// it back, and the driver retries transient failures such as deadlocks
// between concurrent writers. An unchanged document is found under the
// document's lock and rolled back (a caller re-ingesting many documents
// asks DocumentFingerprints first, in one read).
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

	w := &docWriter{b: &b, fp: fp, batch: s.batch}
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		w.replaced = 0
		return w.run(ctx, tx)
	})
	var ne *neo4j.Neo4jError
	switch {
	case errors.Is(err, errUnchanged):
		stats.Unchanged = true
		return stats, nil
	case errors.As(err, &ne) && ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
		// Only relationship ids can clash (nodes are merged on theirs).
		return graph.WriteStats{}, fmt.Errorf("neo4jstore: write document %s: %w", docID,
			invalidf("a relationship id is already used by another fact: %s", ne.Msg))
	case err != nil:
		return graph.WriteStats{}, fmt.Errorf("neo4jstore: write document %s: %w", docID, err)
	}
	stats.Replaced = w.replaced
	return stats, nil
}

// DocumentFingerprints returns the stored fingerprint of each of the
// documents ids names that the graph holds, in one read transaction: the
// ingest pipeline asks it for many documents at once and writes only those
// that changed.
func (s *Store) DocumentFingerprints(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for lo := 0; lo < len(ids); lo += s.batch {
		chunk := ids[lo:min(lo+s.batch, len(ids))]
		err := s.readPatiently(ctx, func(tx neo4j.ManagedTransaction) error {
			return run(ctx, tx, fingerprintsQuery, map[string]any{"ids": chunk}, func(rec *neo4j.Record) error {
				id, _ := rec.Values[0].(string)
				fp, _ := rec.Values[1].(string)
				out[id] = fp
				return nil
			})
		})
		if err != nil {
			return nil, fmt.Errorf("neo4jstore: document fingerprints: %w", err)
		}
	}
	return out, nil
}

// docWriter is one WriteDocument transaction.
type docWriter struct {
	b        *graph.DocumentBatch
	fp       string
	batch    int
	replaced int
}

// lockedNode is a node as prepareQuery or lockNodesQuery read it.
type lockedNode struct {
	eid    string
	stored *graph.Node // nil: not asked for, or new
}

// readLocked decodes the nodes column of prepareQuery and lockNodesQuery.
func readLocked(v any, into map[string]lockedNode) error {
	list, _ := v.([]any)
	for _, x := range list {
		t, ok := x.([]any)
		if !ok || len(t) != 4 {
			return fmt.Errorf("locked node: unexpected %T", x)
		}
		id, err := asString(t[0])
		if err != nil {
			return fmt.Errorf("locked node: %w", err)
		}
		eid, err := asString(t[1])
		if err != nil {
			return fmt.Errorf("locked node %s: %w", id, err)
		}
		ln := lockedNode{eid: eid}
		if pm, ok := t[3].(map[string]any); ok {
			if _, ok := pm["name"]; ok { // else created by this MERGE: a new node
				n, err := decodeNode(t[2], pm)
				if err != nil {
					return fmt.Errorf("stored node: %w", err)
				}
				ln.stored = &n
			}
		}
		into[id] = ln
	}
	return nil
}

func (w *docWriter) run(ctx context.Context, tx neo4j.ManagedTransaction) error {
	b := w.b
	docID := b.Document.ID

	// 1. Lock the document and the batch's nodes (in id order); read them
	// and the facts the previous version owned.
	ids := make([]string, len(b.Nodes))
	for i, n := range b.Nodes {
		ids[i] = n.ID
	}
	sort.Strings(ids)
	rows := make([]map[string]any, len(ids))
	for i, id := range ids {
		rows[i] = map[string]any{"id": id, "full": true}
	}
	first := rows[:min(len(rows), w.batch)]
	locked := make(map[string]lockedNode, len(rows))
	var docEID string
	var docLabels, oldFP any
	deleted := map[string]relKey{}
	var deletedEIDs []any
	touched := map[string]bool{}
	err := run(ctx, tx, prepareQuery, map[string]any{"id": docID, "rows": first}, func(rec *neo4j.Record) error {
		var err error
		if docEID, err = asString(rec.Values[0]); err != nil {
			return fmt.Errorf("document element id: %w", err)
		}
		docLabels, oldFP = rec.Values[1], rec.Values[2]
		if err := readLocked(rec.Values[3], locked); err != nil {
			return err
		}
		owned, _ := rec.Values[4].([]any)
		for _, o := range owned {
			k, id, eid, err := relKeyOfList(o)
			if err != nil {
				return fmt.Errorf("owned fact: %w", err)
			}
			deleted[id] = k
			deletedEIDs = append(deletedEIDs, eid)
			touched[k.from], touched[k.to] = true, true
		}
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
	w.replaced = len(deleted)

	// The rest of a big batch, then the nodes only the previous version
	// named (they may be collected), each in id order.
	inBatch := make(map[string]bool, len(ids))
	for _, id := range ids {
		inBatch[id] = true
	}
	var extra []map[string]any
	for _, id := range sortedKeys(touched) {
		if !inBatch[id] && id != docID {
			extra = append(extra, map[string]any{"id": id, "full": false})
		}
	}
	for _, list := range [][]map[string]any{rows[len(first):], extra} {
		for lo := 0; lo < len(list); lo += w.batch {
			err := run(ctx, tx, lockNodesQuery, map[string]any{"rows": list[lo:min(lo+w.batch, len(list))]}, func(rec *neo4j.Record) error {
				return readLocked(rec.Values[0], locked)
			})
			if err != nil {
				return err
			}
		}
	}

	// 2. Conflicts, checked against the graph as it was (as memstore
	// checks before changing anything). A fact of the same type holding
	// one of the batch's ids between other nodes is refused by the type's
	// uniqueness constraint when step 3 creates the new one.
	for _, n := range b.Nodes {
		if old := locked[n.ID].stored; old != nil && old.Label != n.Label {
			return invalidf("node %s is a %s in the graph, the batch says %s", n.ID, old.Label, n.Label)
		}
	}
	for _, r := range b.Relationships {
		if old, ok := deleted[r.ID]; ok && (old.typ != string(r.Type) || old.from != r.From || old.to != r.To) {
			return invalidf("relationship id %s is already used by another fact", r.ID)
		}
	}

	// 3. One statement: the old facts go, the document node is replaced
	// whole, entity nodes are merged by graph.MergeNode as memstore merges
	// them (written only where that changes something), facts are merged,
	// and the nodes the removed facts left without relationships are
	// collected (all of them locked in step 1).
	//
	// A part with no rows still gets its (empty) chunk, so that every
	// document that fits one statement sends the same text, planned once
	// (writeStatement says why that matters).
	var chunks []writeChunk
	total := 0
	add := func(part int, typ string, rows []any) {
		total += len(rows)
		if len(rows) == 0 {
			chunks = append(chunks, writeChunk{part: part, typ: typ})
			return
		}
		for lo := 0; lo < len(rows); lo += w.batch {
			chunks = append(chunks, writeChunk{part: part, typ: typ, rows: rows[lo:min(lo+w.batch, len(rows))]})
		}
	}
	add(partDelete, "", deletedEIDs)

	doc := b.Document.Clone()
	if doc.Props == nil {
		doc.Props = graph.Props{}
	}
	doc.Props[graph.FingerprintProp] = w.fp
	doc.Aliases = graph.MergeAliases(doc.Name, doc.Aliases, nil)
	add(partDoc, "", []any{map[string]any{"eid": docEID, "props": encodeNode(doc)}})

	eids := map[string]string{docID: docEID}
	var nodeRows []any
	for _, n := range b.Nodes {
		ln := locked[n.ID]
		eids[n.ID] = ln.eid
		merged := graph.MergeNode(ln.stored, n)
		if ln.stored != nil && reflect.DeepEqual(merged, *ln.stored) {
			continue
		}
		nodeRows = append(nodeRows, map[string]any{"eid": ln.eid, "label": string(n.Label), "props": encodeNode(merged)})
	}
	add(partNodes, "", nodeRows)

	byType := map[graph.RelType][]any{}
	for _, r := range b.Relationships {
		byType[r.Type] = append(byType[r.Type], map[string]any{
			"id": r.ID, "a": eids[r.From], "b": eids[r.To], "ev": r.Evidence != nil, "props": encodeRel(r)})
	}
	for _, t := range graph.RelTypes {
		if tok, ok := relTypeToken(t); ok {
			add(partRels, tok, byType[t])
		}
	}
	var collect []any
	for _, id := range sortedKeys(touched) {
		collect = append(collect, id)
	}
	add(partCollect, "", collect)

	// Chunks go in statements of at most about one batch of rows each: a
	// document that fits one batch in one statement of every part, a
	// bigger one in statements of the parts it has.
	if total > w.batch {
		chunks = slices.DeleteFunc(chunks, func(c writeChunk) bool { return len(c.rows) == 0 })
	}
	for lo := 0; lo < len(chunks); {
		hi, n := lo, 0
		for hi < len(chunks) && (hi == lo || n+len(chunks[hi].rows) <= w.batch) {
			n += len(chunks[hi].rows)
			hi++
		}
		query, params, want := writeStatement(chunks[lo:hi])
		err := run(ctx, tx, query, params, func(rec *neo4j.Record) error {
			for i, v := range rec.Values {
				if got, _ := v.(int64); i < len(want) && got != int64(want[i]) {
					return fmt.Errorf("write: %d of %d rows matched their nodes", got, want[i])
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		lo = hi
	}
	return nil
}

// relKeyOfList reads [id, type, from, to, elementId] lists.
func relKeyOfList(v any) (relKey, string, string, error) {
	l, ok := v.([]any)
	if !ok || len(l) != 5 {
		return relKey{}, "", "", fmt.Errorf("unexpected %T", v)
	}
	var vals [5]string
	for i := range vals {
		s, err := asString(l[i])
		if err != nil {
			return relKey{}, "", "", fmt.Errorf("column %d: %w", i, err)
		}
		vals[i] = s
	}
	return relKey{typ: vals[1], from: vals[2], to: vals[3]}, vals[0], vals[4], nil
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
