package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NodeID returns the stable id of the node with the given label and key. The
// key is what makes the entity unique: the canonical name for most labels, an
// administrative code for gazetteer cities, the source file name for
// documents. Ids stay readable ("city:430281", "official:蒋长富") because
// researchers paste them into queries and URLs.
//
// Long keys (a proposal named by its whole sentence) keep a readable prefix
// and end with a hash of the whole key, so ids stay short and still unique.
func NodeID(label Label, key string) string {
	key = CanonicalKey(key)
	if len(key) > maxKeyBytes {
		sum := sha256.Sum256([]byte(key))
		r := []rune(key)
		key = string(r[:24]) + "~" + hex.EncodeToString(sum[:])[:16]
	}
	return strings.ToLower(string(label)) + ":" + key
}

// maxKeyBytes keeps ids well inside MaxIDBytes and readable in a URL.
const maxKeyBytes = 120

// DocumentID is the id of the Document node for a source file base name.
func DocumentID(source string) string { return NodeID(Document, source) }

// CanonicalKey normalises a key so that trivially different spellings (full-
// width letters, stray spaces) give the same id.
func CanonicalKey(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// RelID returns the stable id of a relationship. A fact read from a document
// is keyed by that document too (doc is "" for reference facts), so each
// document owns its own copy and replacing a document cannot touch another's
// evidence. extra distinguishes parallel facts, such as two titles an
// official holds in the same body.
func RelID(t RelType, from, to, doc, extra string) string {
	h := sha256.New()
	for _, part := range []string{string(t), from, to, doc, extra} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "rel:" + hex.EncodeToString(h.Sum(nil))[:24]
}

// StatementID is the stable id of the statement printed at rune offsets
// [start, end) of a document. doc is whatever identifies the document's
// text to its writer (its id, or a fingerprint of the text): offsets alone
// repeat across documents, and a statement belongs to the text it is in.
func StatementID(doc string, start, end int) string {
	return NodeID(Statement, StatementKey(doc, start, end))
}

// StatementKey is the key StatementID hashes into an id, for writers that
// build ids from keys (NodeID(Statement, key)).
func StatementKey(doc string, start, end int) string {
	return fmt.Sprintf("%s@%d-%d", doc, start, end)
}

// statementNameRunes is how much of a statement its name shows: enough to
// recognise it in a list or a graph view, short enough for a label.
const statementNameRunes = 40

// StatementName is a statement's name: the start of its text, with an
// ellipsis when the text goes on.
func StatementName(text string) string {
	text = strings.TrimSpace(text)
	r := []rune(text)
	if len(r) <= statementNameRunes {
		return text
	}
	return strings.TrimRightFunc(string(r[:statementNameRunes]), unicode.IsSpace) + "…"
}
