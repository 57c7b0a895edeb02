package graph

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Limits on what a store accepts. They keep one bad document from bloating
// the graph and keep every value indexable by Neo4j (whose string index keys
// are limited to about 8 KB).
const (
	MaxIDBytes       = 512
	MaxNameRunes     = 300
	MaxAliases       = 64
	MaxSentenceRunes = 4000
	MaxPropKeyBytes  = 64
	MaxPropBytes     = 32 << 20 // a document's full text lives in a property
	MaxBatchNodes    = 100_000
	MaxBatchRels     = 200_000
)

// ErrInvalid is wrapped by every validation error, so callers can tell bad
// input (the caller's fault, nothing written) from a store failure.
var ErrInvalid = errors.New("invalid input")

// ErrNotFound is returned when a requested node does not exist.
var ErrNotFound = errors.New("not found")

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}

// Validate checks the batch without touching a store. Every store calls it
// first, so bad input never reaches a transaction.
func (b *DocumentBatch) Validate() error {
	if b.Document.Label != Document {
		return invalid("document node has label %q, want %q", b.Document.Label, Document)
	}
	if err := ValidateNode(b.Document); err != nil {
		return fmt.Errorf("document: %w", err)
	}
	if len(b.Nodes) > MaxBatchNodes || len(b.Relationships) > MaxBatchRels {
		return invalid("batch too large: %d nodes, %d relationships (max %d, %d)",
			len(b.Nodes), len(b.Relationships), MaxBatchNodes, MaxBatchRels)
	}
	labels := map[string]Label{b.Document.ID: Document}
	for i, n := range b.Nodes {
		if n.Label == Document {
			return invalid("node %d (%s): a batch holds exactly one Document", i, n.ID)
		}
		if err := ValidateNode(n); err != nil {
			return fmt.Errorf("node %d: %w", i, err)
		}
		if _, dup := labels[n.ID]; dup {
			return invalid("node %d: duplicate id %q", i, n.ID)
		}
		labels[n.ID] = n.Label
		// A statement is part of one text: the batch of another document
		// cannot carry it.
		if doc, ok := n.Props[PropDocument]; ok && n.Label == Statement && doc != b.Document.ID {
			return invalid("node %d (%s): statement of document %v in the batch of %q", i, n.ID, doc, b.Document.ID)
		}
	}
	relIDs := map[string]bool{}
	for i, r := range b.Relationships {
		if err := validateRel(r); err != nil {
			return fmt.Errorf("relationship %d: %w", i, err)
		}
		if relIDs[r.ID] {
			return invalid("relationship %d: duplicate id %q", i, r.ID)
		}
		relIDs[r.ID] = true
		from, okFrom := labels[r.From]
		to, okTo := labels[r.To]
		if !okFrom || !okTo {
			return invalid("relationship %d (%s): endpoint not in batch (%s → %s)", i, r.Type, r.From, r.To)
		}
		if err := checkEnds(r, from, to); err != nil {
			return fmt.Errorf("relationship %d: %w", i, err)
		}
		if r.Evidence != nil && r.Evidence.Document != b.Document.ID {
			return invalid("relationship %d: evidence cites %q, batch is %q", i, r.Evidence.Document, b.Document.ID)
		}
	}
	return nil
}

// ValidateNode checks one node.
func ValidateNode(n Node) error {
	if err := checkID(n.ID); err != nil {
		return err
	}
	if !n.Label.Valid() {
		return invalid("node %s: unknown label %q", n.ID, n.Label)
	}
	if err := checkText("name", n.Name, MaxNameRunes); err != nil {
		return fmt.Errorf("node %s: %w", n.ID, err)
	}
	if len(n.Aliases) > MaxAliases {
		return invalid("node %s: %d aliases (max %d)", n.ID, len(n.Aliases), MaxAliases)
	}
	for _, a := range n.Aliases {
		if err := checkText("alias", a, MaxNameRunes); err != nil {
			return fmt.Errorf("node %s: %w", n.ID, err)
		}
	}
	if err := checkProps(n.Props); err != nil {
		return fmt.Errorf("node %s: %w", n.ID, err)
	}
	if n.Label == Statement {
		if err := checkStatement(n.Props); err != nil {
			return fmt.Errorf("node %s: %w", n.ID, err)
		}
	}
	return nil
}

// checkStatement holds a Statement to the properties readers quote it by:
// its text, its kind, and where it is printed. A text longer than any
// sentence a store keeps is a quotation that never closed, not speech.
func checkStatement(p Props) error {
	text, ok := p[PropText].(string)
	if _, present := p[PropText]; present && !ok {
		return invalid("statement text is %T, want a string", p[PropText])
	}
	if err := checkText("statement text", text, MaxSentenceRunes); err != nil {
		return err
	}
	if k := p[PropKind]; k != KindDirect && k != KindReported {
		return invalid("statement kind %#v (want %q or %q)", k, KindDirect, KindReported)
	}
	start, okStart := p[PropStart].(int64)
	end, okEnd := p[PropEnd].(int64)
	if !okStart || !okEnd || start < 0 || end < start {
		return invalid("statement offsets start=%#v end=%#v: want integers 0 <= start <= end", p[PropStart], p[PropEnd])
	}
	if doc, ok := p[PropDocument]; ok {
		if s, _ := doc.(string); s == "" {
			return invalid("statement document %#v: want a document id", doc)
		}
	}
	return nil
}

// ValidateRelationship checks one relationship whose start is labelled
// from and whose end to: its ids, type, properties and evidence, and that
// its type may join those labels (RelEnds).
func ValidateRelationship(r Relationship, from, to Label) error {
	if err := validateRel(r); err != nil {
		return err
	}
	return checkEnds(r, from, to)
}

// checkEnds holds r to the labels its type may join.
func checkEnds(r Relationship, from, to Label) error {
	if !r.Type.Joins(from, to) {
		ends := RelEnds[r.Type]
		return invalid("relationship %s (%s): joins %s → %s, allowed %v → %v", r.ID, r.Type, from, to, ends.From, ends.To)
	}
	return nil
}

// validateRel checks what a relationship carries, without its ends' labels.
func validateRel(r Relationship) error {
	if err := checkID(r.ID); err != nil {
		return err
	}
	if !r.Type.Valid() {
		return invalid("relationship %s: unknown type %q", r.ID, r.Type)
	}
	if err := checkID(r.From); err != nil {
		return fmt.Errorf("relationship %s from: %w", r.ID, err)
	}
	if err := checkID(r.To); err != nil {
		return fmt.Errorf("relationship %s to: %w", r.ID, err)
	}
	if err := checkProps(r.Props); err != nil {
		return fmt.Errorf("relationship %s: %w", r.ID, err)
	}
	for _, k := range evidenceKeys {
		if _, ok := r.Props[k]; ok {
			return invalid("relationship %s: property %q is reserved for evidence", r.ID, k)
		}
	}
	if e := r.Evidence; e != nil {
		if err := checkText("evidence sentence", e.Sentence, MaxSentenceRunes); err != nil {
			return fmt.Errorf("relationship %s: %w", r.ID, err)
		}
		if e.Start < 0 || e.End < e.Start {
			return invalid("relationship %s: evidence offsets [%d,%d) out of order", r.ID, e.Start, e.End)
		}
		if !utf8.ValidString(e.Headline) || utf8.RuneCountInString(e.Headline) > MaxNameRunes*2 {
			return invalid("relationship %s: bad evidence headline", r.ID)
		}
	}
	return nil
}

// evidenceKeys are the relationship property names under which stores keep
// Evidence; extraction may not use them for anything else.
var evidenceKeys = []string{"doc", "sentence", "start", "end", "headline"}

func checkID(id string) error {
	if id == "" {
		return invalid("empty id")
	}
	if len(id) > MaxIDBytes {
		return invalid("id longer than %d bytes", MaxIDBytes)
	}
	if !utf8.ValidString(id) {
		return invalid("id is not valid UTF-8")
	}
	if strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return invalid("id %q contains control characters", id)
	}
	return nil
}

func checkText(what, s string, maxRunes int) error {
	if !utf8.ValidString(s) {
		return invalid("%s is not valid UTF-8", what)
	}
	if strings.TrimSpace(s) == "" {
		return invalid("empty %s", what)
	}
	if strings.ContainsRune(s, 0) {
		return invalid("%s contains NUL", what)
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return invalid("%s has %d characters (max %d)", what, n, maxRunes)
	}
	return nil
}

func checkProps(p Props) error {
	for k, v := range p {
		if k == "" || len(k) > MaxPropKeyBytes || !isIdent(k) {
			return invalid("property name %q must be an identifier of at most %d bytes", k, MaxPropKeyBytes)
		}
		switch k {
		case "id", "name", "aliases", "label":
			return invalid("property name %q is reserved", k)
		}
		nv, err := NormalizeValue(v)
		if err != nil {
			return fmt.Errorf("property %s: %w", k, err)
		}
		p[k] = nv
		size := 0
		switch x := nv.(type) {
		case string:
			size = len(x)
			if !utf8.ValidString(x) || strings.ContainsRune(x, 0) {
				return invalid("property %s is not valid UTF-8 text", k)
			}
		case []string:
			for _, s := range x {
				size += len(s)
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					return invalid("property %s is not valid UTF-8 text", k)
				}
			}
		}
		if size > MaxPropBytes {
			return invalid("property %s is %d bytes (max %d)", k, size, MaxPropBytes)
		}
	}
	return nil
}

// NormalizeValue converts a property value to one of the types both stores
// hold identically, or fails.
func NormalizeValue(v any) (any, error) {
	switch x := v.(type) {
	case string, bool, []string, []int64:
		return v, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case float32:
		return finite(float64(x))
	case float64:
		return finite(x)
	case []int:
		out := make([]int64, len(x))
		for i, n := range x {
			out[i] = int64(n)
		}
		return out, nil
	case []any:
		// Values read back from Neo4j or JSON arrive as []any.
		if len(x) == 0 {
			return []string{}, nil
		}
		switch x[0].(type) {
		case string:
			out := make([]string, len(x))
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, invalid("mixed list")
				}
				out[i] = s
			}
			return out, nil
		case int64, int, float64:
			out := make([]int64, len(x))
			for i, e := range x {
				switch n := e.(type) {
				case int64:
					out[i] = n
				case int:
					out[i] = int64(n)
				case float64:
					out[i] = int64(n)
				default:
					return nil, invalid("mixed list")
				}
			}
			return out, nil
		}
	}
	return nil, invalid("unsupported value type %T", v)
}

// finite rejects NaN and infinities: JSON (the export, the API) cannot
// carry them, and NaN compares unlike Cypher's.
func finite(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, invalid("unsupported value %v", f)
	}
	return f, nil
}

func isIdent(s string) bool {
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
