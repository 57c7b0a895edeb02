package neo4jstore

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/rank"
)

// awaitRefreshQuery waits until the eventually consistent full-text
// indexes have applied every committed update.
const awaitRefreshQuery = "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"

// Search implements graph.Store in two steps. Candidates come from the cjk
// full-text indexes when the query has a run of two or more CJK ideographs
// (the cjk analyzer indexes overlapping bigrams, so a phrase of the run's
// bigrams finds every text that contains the run), and from a substring
// scan otherwise. Both read the folded copies of the text the store keeps
// (pg.search, pg.sentence), so they find a superset of what
// rank.Matches accepts; rank.Matches then filters exactly and
// rank.Rank orders, as on memstore.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	folded := graph.Fold(strings.TrimSpace(q.Text))
	if folded == "" {
		return nil, nil
	}
	var allowed []string
	if len(q.Labels) == 0 {
		for _, l := range graph.Labels {
			if graph.SearchedByDefault(l) {
				allowed = append(allowed, string(l))
			}
		}
	} else {
		allowed = labelStrings(q.Labels)
	}

	var nodeQuery, relQuery string
	params := map[string]any{"labels": allowed}
	lucene := luceneQuery(folded)
	if lucene != "" {
		params["q"] = lucene
		nodeQuery = "CALL db.index.fulltext.queryNodes('" + indexEntityText + "', $q) YIELD node AS n\n" +
			"WHERE any(l IN labels(n) WHERE l IN $labels)\n" +
			"RETURN labels(n), properties(n)"
		relQuery = "CALL db.index.fulltext.queryRelationships('" + indexEvidenceText + "', $q) YIELD relationship AS r\n" +
			"RETURN properties(r), startNode(r).id, endNode(r).id"
	} else {
		params["q"] = folded
		nodeQuery = "MATCH (n:" + entityLabel + ")\n" +
			"WHERE any(l IN labels(n) WHERE l IN $labels) AND n.`" + propSearch + "` CONTAINS $q\n" +
			"RETURN labels(n), properties(n)"
		relQuery = "MATCH (a)-[r]->(b)\n" +
			"WHERE coalesce(r.`" + propSentence + "`, r." + propSentText + ") CONTAINS $q\n" +
			"RETURN properties(r), a.id, b.id"
	}

	var list []rank.Candidate
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		if lucene != "" {
			// The full-text indexes are eventually consistent (see
			// schema): wait until they hold every committed write.
			if err := run(ctx, tx, awaitRefreshQuery, nil, nil); err != nil {
				return err
			}
		}
		cands := map[string]*rank.Candidate{}
		err := run(ctx, tx, nodeQuery, params, func(rec *neo4j.Record) error {
			n, err := decodeNode(rec.Values[0], rec.Values[1])
			if err != nil {
				return err
			}
			if nameMatches(folded, n) {
				cands[n.ID] = &rank.Candidate{Node: n}
			}
			return nil
		})
		if err != nil {
			return err
		}
		type sentence struct {
			ends [2]string
			ev   graph.Evidence
		}
		var sentences []sentence
		var need []string
		err = run(ctx, tx, relQuery, params, func(rec *neo4j.Record) error {
			pm, err := asMap(rec.Values[0])
			if err != nil {
				return err
			}
			if _, ok := pm[propDoc]; !ok {
				return nil
			}
			ev, err := decodeEvidence(pm)
			if err != nil {
				return err
			}
			if !rank.Matches(folded, ev.Sentence) {
				return nil
			}
			var st sentence
			st.ev = ev
			for i := range st.ends {
				if st.ends[i], err = asString(rec.Values[1+i]); err != nil {
					return fmt.Errorf("relationship end: %w", err)
				}
				need = append(need, st.ends[i])
			}
			sentences = append(sentences, st)
			return nil
		})
		if err != nil {
			return err
		}
		// The nodes named by matching sentences, where their label is
		// allowed.
		nodes, err := fetchNodes(ctx, tx, need, allowed)
		if err != nil {
			return err
		}
		for _, st := range sentences {
			for _, id := range st.ends {
				n, ok := nodes[id]
				if !ok {
					continue
				}
				c := cands[id]
				if c == nil {
					c = &rank.Candidate{Node: n}
					cands[id] = c
				}
				c.Sentences = append(c.Sentences, st.ev)
			}
		}
		list = list[:0]
		for _, c := range cands {
			list = append(list, *c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("neo4jstore: search %q: %w", abbreviate(q.Text), err)
	}
	return rank.Rank(q.Text, list, q.Limit), nil
}

// abbreviate keeps error messages (and the logs they end up in) short
// whatever the caller searched for.
func abbreviate(s string) string {
	const keep = 40
	if r := []rune(s); len(r) > keep {
		return string(r[:keep]) + fmt.Sprintf("… (%d characters)", len(r))
	}
	return s
}

func nameMatches(folded string, n graph.Node) bool {
	if rank.Matches(folded, n.Name) {
		return true
	}
	for _, a := range n.Aliases {
		if rank.Matches(folded, a) {
			return true
		}
	}
	return false
}

// Bounds on what a search sends to Lucene. A phrase costs Lucene one
// postings list per bigram, and Lucene checks for termination only
// between documents: a 100,000-character phrase kept the server busy for
// 10 s after its transaction was terminated at the deadline. A few short
// phrases select as well as the whole query, since the exact match runs in
// Go afterwards.
const (
	maxLucenePhrases     = 3
	maxLucenePhraseRunes = 16
)

// luceneQuery returns a full-text query that finds every text containing
// the folded query, or "" when the index cannot be trusted to (then the
// caller scans). It is the conjunction of one phrase per run of two or
// more ideographs: inside such a run the cjk analyzer emits every
// overlapping bigram at consecutive positions, whatever surrounds the run,
// so the phrase of the run's bigrams matches exactly the texts that
// contain the run. Other characters are left out rather than trusted to
// the analyzer (a Latin query word can be part of a longer indexed token,
// "i" in "ai"). Past maxLucenePhrases runs only the longest are kept
// (earliest first among equals), each cut to maxLucenePhraseRunes: a text
// containing a run contains its prefix, so the result is still a superset.
func luceneQuery(folded string) string {
	runs := ideographRuns(folded)
	if len(runs) > maxLucenePhrases {
		order := make([]int, len(runs))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			return utf8.RuneCountInString(runs[order[a]]) > utf8.RuneCountInString(runs[order[b]])
		})
		keep := order[:maxLucenePhrases]
		sort.Ints(keep)
		kept := make([]string, 0, maxLucenePhrases)
		for _, i := range keep {
			kept = append(kept, runs[i])
		}
		runs = kept
	}
	var phrases []string
	for _, run := range runs {
		if r := []rune(run); len(r) > maxLucenePhraseRunes {
			run = string(r[:maxLucenePhraseRunes])
		}
		phrases = append(phrases, `"`+escapeLucene(run)+`"`)
	}
	return strings.Join(phrases, " AND ")
}

// ideographRuns returns the runs of at least two CJK unified ideographs
// (the basic block and extension A, which Lucene's tokenizer always treats
// as one-character ideographic tokens).
func ideographRuns(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) >= 2 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	for _, r := range s {
		if (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) {
			cur = append(cur, r)
			continue
		}
		flush()
	}
	flush()
	return out
}

// escapeLucene backslash-escapes every character that Lucene's classic
// query parser treats as syntax, so user text is only ever text (the
// runs passed here have none, but the index must not depend on that).
func escapeLucene(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '+', '-', '!', '(', ')', ':', '^', '[', ']', '"', '{', '}', '~', '*', '?', '|', '&', '/':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
