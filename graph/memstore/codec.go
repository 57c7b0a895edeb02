package memstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/policygraph/policygraph/graph"
)

// The records of the data directory's files. A log record is one change as
// the caller asked for it (a document's batch, or a deletion), replayed
// through the same code on open; a snapshot record is one stored node or
// relationship. Properties are written in key order, so the same changes
// give the same bytes, and every decode checks its bounds, so a damaged
// record is an error, never a panic.
const (
	recWrite   byte = 'W' // log: a DocumentBatch
	recDelete  byte = 'D' // log: a document id
	recHeader  byte = 'H' // snapshot: format name, version, generation
	recNode    byte = 'N' // snapshot: a node
	recRel     byte = 'R' // snapshot: a relationship
	recEnd     byte = 'E' // snapshot: node and relationship counts, last
	formatName      = "policygraph"
	formatVer       = 1
)

// Property value tags.
const (
	tagString  byte = 's'
	tagInt     byte = 'i'
	tagFloat   byte = 'f'
	tagTrue    byte = 't'
	tagFalse   byte = 'F'
	tagStrings byte = 'S'
	tagInts    byte = 'I'
)

var errRecord = errors.New("malformed record")

// The fields that repeat — a relationship's ends, its evidence's sentence,
// headline and document — are written once and referred to after: in a
// log record, within the record (a document cites each sentence for a fact
// and for the MENTIONS of both its ends); in a snapshot, within the whole
// file. That makes records about 40% smaller, and the decoded graph shares
// the strings instead of holding a copy per relationship.
const minShared = 8 // shorter strings are cheaper written again

type encoder struct {
	b    []byte
	dict map[string]uint64 // shared strings written so far, by index
}

func newEncoder(size int) *encoder {
	return &encoder{b: make([]byte, 0, size), dict: map[string]uint64{}}
}

// shared writes s, or the index of its earlier occurrence: uvarint(index<<1
// | 1), or uvarint(len<<1) and the bytes.
func (e *encoder) shared(s string) {
	if i, ok := e.dict[s]; ok {
		e.uint(i<<1 | 1)
		return
	}
	if len(s) >= minShared {
		e.dict[s] = uint64(len(e.dict))
	}
	e.uint(uint64(len(s)) << 1)
	e.b = append(e.b, s...)
}

func (e *encoder) byte(c byte)   { e.b = append(e.b, c) }
func (e *encoder) uint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) int(n int64)   { e.b = binary.AppendVarint(e.b, n) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) strs(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) props(p graph.Props) error {
	keys := p.Keys()
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		switch v := p[k].(type) {
		case string:
			e.byte(tagString)
			e.str(v)
		case int64:
			e.byte(tagInt)
			e.int(v)
		case float64:
			e.byte(tagFloat)
			e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
		case bool:
			if v {
				e.byte(tagTrue)
			} else {
				e.byte(tagFalse)
			}
		case []string:
			e.byte(tagStrings)
			e.strs(v)
		case []int64:
			e.byte(tagInts)
			e.uint(uint64(len(v)))
			for _, n := range v {
				e.int(n)
			}
		default:
			// Validate normalises every value to the types above.
			return fmt.Errorf("property %s: cannot store a %T", k, v)
		}
	}
	return nil
}

func (e *encoder) node(n *graph.Node) error {
	e.str(n.ID)
	e.str(string(n.Label))
	e.str(n.Name)
	e.strs(n.Aliases)
	return e.props(n.Props)
}

func (e *encoder) rel(r *graph.Relationship) error {
	e.str(r.ID)
	e.str(string(r.Type))
	e.shared(r.From)
	e.shared(r.To)
	if err := e.props(r.Props); err != nil {
		return err
	}
	if r.Evidence == nil {
		e.byte(0)
		return nil
	}
	e.byte(1)
	e.shared(r.Evidence.Document)
	e.shared(r.Evidence.Sentence)
	e.int(int64(r.Evidence.Start))
	e.int(int64(r.Evidence.End))
	e.shared(r.Evidence.Headline)
	return nil
}

// encodeWrite is the log record of a validated batch.
func encodeWrite(b *graph.DocumentBatch) ([]byte, error) {
	e := newEncoder(16 << 10)
	e.byte(recWrite)
	if err := e.node(&b.Document); err != nil {
		return nil, err
	}
	e.uint(uint64(len(b.Nodes)))
	for i := range b.Nodes {
		if err := e.node(&b.Nodes[i]); err != nil {
			return nil, err
		}
	}
	e.uint(uint64(len(b.Relationships)))
	for i := range b.Relationships {
		if err := e.rel(&b.Relationships[i]); err != nil {
			return nil, err
		}
	}
	return e.b, nil
}

func encodeDelete(id string) []byte {
	e := newEncoder(len(id) + 8)
	e.byte(recDelete)
	e.str(id)
	return e.b
}

// decoder reads a record; after the first error every read returns a zero
// value and err says what went wrong.
type decoder struct {
	b     []byte
	err   error
	table []string // the shared strings read so far
}

func (d *decoder) shared() string {
	v := d.uint()
	if d.err != nil {
		return ""
	}
	if v&1 == 1 {
		if v>>1 >= uint64(len(d.table)) {
			d.fail()
			return ""
		}
		return d.table[v>>1]
	}
	if v>>1 > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s := string(d.b[:v>>1])
	d.b = d.b[v>>1:]
	if len(s) >= minShared {
		d.table = append(d.table, s)
	}
	return s
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errRecord
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uint() uint64 {
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) int() int64 {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

// count reads a length and checks that at least min bytes per element
// remain, so a damaged count cannot make a huge allocation.
func (d *decoder) count(min int) int {
	n := d.uint()
	if n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count(1)
	if d.err != nil || n == 0 {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) strs() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) props() graph.Props {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	p := make(graph.Props, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		switch d.byte() {
		case tagString:
			p[k] = d.str()
		case tagInt:
			p[k] = d.int()
		case tagFloat:
			if len(d.b) < 8 {
				d.fail()
				break
			}
			p[k] = math.Float64frombits(binary.LittleEndian.Uint64(d.b))
			d.b = d.b[8:]
		case tagTrue:
			p[k] = true
		case tagFalse:
			p[k] = false
		case tagStrings:
			l := d.strs()
			if l == nil {
				l = []string{}
			}
			p[k] = l
		case tagInts:
			l := make([]int64, d.count(1))
			for j := range l {
				l[j] = d.int()
			}
			p[k] = l
		default:
			d.fail()
		}
	}
	return p
}

func (d *decoder) node() graph.Node {
	return graph.Node{ID: d.str(), Label: graph.Label(d.str()), Name: d.str(), Aliases: d.strs(), Props: d.props()}
}

func (d *decoder) rel() graph.Relationship {
	r := graph.Relationship{ID: d.str(), Type: graph.RelType(d.str()), From: d.shared(), To: d.shared(), Props: d.props()}
	switch d.byte() {
	case 0:
	case 1:
		r.Evidence = &graph.Evidence{Document: d.shared(), Sentence: d.shared(), Start: d.intInt(), End: d.intInt(), Headline: d.shared()}
	default:
		d.fail()
	}
	return r
}

// intInt reads an int64 that must fit an int.
func (d *decoder) intInt() int {
	n := d.int()
	if n != int64(int(n)) {
		d.fail()
		return 0
	}
	return int(n)
}

// done reports the first error, or trailing bytes as one.
func (d *decoder) done() error {
	if d.err == nil && len(d.b) > 0 {
		d.err = errRecord
	}
	return d.err
}

func decodeBatch(d *decoder) (graph.DocumentBatch, error) {
	var b graph.DocumentBatch
	b.Document = d.node()
	if n := d.count(5); n > 0 {
		b.Nodes = make([]graph.Node, n)
		for i := range b.Nodes {
			b.Nodes[i] = d.node()
		}
	}
	if n := d.count(6); n > 0 {
		b.Relationships = make([]graph.Relationship, n)
		for i := range b.Relationships {
			b.Relationships[i] = d.rel()
		}
	}
	return b, d.done()
}
