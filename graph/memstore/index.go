package memstore

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

// The store's derived indexes. Every change to s.nodes goes through putNode,
// dropNode or refold, and every change to s.rels through addRel or
// removeRel, so the indexes always describe exactly the stored graph. All
// of them are called with mu held for writing.
//
// Search folds its query once and compares it with text folded at write
// time: graph.Fold (NFKC rune by rune) on every name and sentence of the
// graph per query was most of a search's time.

// foldedNode is a node's searchable text, folded with graph.Fold.
type foldedNode struct {
	node    *graph.Node
	name    string
	aliases []string
}

// sentenceRefs is one evidence sentence, folded, and the relationships that
// cite it. Many relationships share a sentence (a fact and the MENTIONS of
// both its ends), so Search scans each sentence once.
type sentenceRefs struct {
	folded string
	rels   []*graph.Relationship // unordered
}

// asciiFold is graph.Fold of each ASCII character.
var asciiFold = func() (t [utf8.RuneSelf]rune) {
	for i := range t {
		t[i], _ = utf8.DecodeRuneInString(graph.Fold(string(rune(i))))
	}
	return t
}()

// fold returns graph.Fold(str), sharing str's memory when folding changes
// nothing. graph.Fold works rune by rune, so fold remembers each rune's
// fold (s.runeFold) instead of normalising it again: writes fold every
// name and sentence they bring.
func (s *Store) fold(str string) string {
	for i, r := range str {
		// An invalid byte decodes as RuneError and folds to U+FFFD.
		if r == utf8.RuneError || s.foldRune(r) != r {
			var b strings.Builder
			b.Grow(len(str))
			b.WriteString(str[:i])
			for _, r := range str[i:] {
				b.WriteRune(s.foldRune(r))
			}
			return b.String()
		}
	}
	return str
}

func (s *Store) foldRune(r rune) rune {
	if r >= 0 && r < utf8.RuneSelf {
		return asciiFold[r]
	}
	f, ok := s.runeFold[r]
	if !ok {
		f, _ = utf8.DecodeRuneInString(graph.Fold(string(r)))
		s.runeFold[r] = f
	}
	return f
}

// putNode stores n, replacing any node with its id.
func (s *Store) putNode(n *graph.Node) {
	if old := s.nodes[n.ID]; old != nil && old.Label != n.Label {
		delete(s.byLabel[old.Label], n.ID)
	}
	s.nodes[n.ID] = n
	m := s.byLabel[n.Label]
	if m == nil {
		m = map[string]*graph.Node{}
		s.byLabel[n.Label] = m
	}
	m[n.ID] = n
	s.refold(n)
}

// refold recomputes n's folded text after its name or aliases changed.
func (s *Store) refold(n *graph.Node) {
	f := &foldedNode{node: n, name: s.fold(n.Name)}
	if len(n.Aliases) > 0 {
		f.aliases = make([]string, len(n.Aliases))
		for i, a := range n.Aliases {
			f.aliases[i] = s.fold(a)
		}
	}
	s.folded[n.ID] = f
}

// dropNode removes the node with id (not its relationships).
func (s *Store) dropNode(id string) {
	n := s.nodes[id]
	if n == nil {
		return
	}
	delete(s.nodes, id)
	delete(s.folded, id)
	if m := s.byLabel[n.Label]; m != nil {
		delete(m, id)
		if len(m) == 0 {
			delete(s.byLabel, n.Label)
		}
	}
}

func (s *Store) indexSentence(r *graph.Relationship) {
	if r.Evidence == nil {
		return
	}
	e := s.sentences[r.Evidence.Sentence]
	if e == nil {
		e = &sentenceRefs{folded: s.fold(r.Evidence.Sentence)}
		s.sentences[r.Evidence.Sentence] = e
	}
	e.rels = append(e.rels, r)
}

func (s *Store) unindexSentence(r *graph.Relationship) {
	if r.Evidence == nil {
		return
	}
	e := s.sentences[r.Evidence.Sentence]
	if e == nil {
		return
	}
	i := slices.Index(e.rels, r)
	if i < 0 {
		return
	}
	last := len(e.rels) - 1
	e.rels[i] = e.rels[last]
	e.rels[last] = nil
	e.rels = e.rels[:last]
	if len(e.rels) == 0 {
		delete(s.sentences, r.Evidence.Sentence)
	}
}
