package graph

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strconv"
)

// FingerprintProp is the Document property where stores keep the batch
// fingerprint, so re-writing an unchanged document is recognised and skipped.
const FingerprintProp = "fingerprint"

// Fingerprint hashes the batch canonically: the same content gives the same
// value whatever the order of its nodes, relationships and properties.
func (b *DocumentBatch) Fingerprint() string {
	h := sha256.New()
	doc := b.Document.Clone()
	delete(doc.Props, FingerprintProp)
	hashNode(h, doc)
	nodes := append([]Node(nil), b.Nodes...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
	for _, n := range nodes {
		hashNode(h, n)
	}
	rels := append([]Relationship(nil), b.Relationships...)
	sort.Slice(rels, func(i, j int) bool { return rels[i].ID < rels[j].ID })
	for _, r := range rels {
		hashStrings(h, "R", r.ID, string(r.Type), r.From, r.To)
		hashProps(h, r.Props)
		if e := r.Evidence; e != nil {
			hashStrings(h, "E", e.Document, e.Sentence, e.Headline, fmt.Sprint(e.Start, e.End))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func hashNode(h hash.Hash, n Node) {
	hashStrings(h, "N", n.ID, string(n.Label), n.Name)
	aliases := append([]string(nil), n.Aliases...)
	sort.Strings(aliases)
	// The count keeps aliases apart from the properties that follow.
	hashStrings(h, "A", strconv.Itoa(len(aliases)))
	hashStrings(h, aliases...)
	hashProps(h, n.Props)
}

func hashProps(h hash.Hash, p Props) {
	for _, k := range p.Keys() {
		v := fmt.Sprintf("%T:%v", p[k], p[k])
		if l, ok := p[k].([]string); ok {
			v = fmt.Sprintf("%T:%q", l, l) // %v prints ["a b"] and ["a" "b"] alike
		}
		hashStrings(h, "P", k, v)
	}
}

func hashStrings(h hash.Hash, ss ...string) {
	var n [8]byte
	for _, s := range ss {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
}
