package graph

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// ontologyDoc is the project's own statement of the contract.
const ontologyDoc = "../docs/ontology.md"

// docTable is one Markdown table of the document, under its headings.
type docTable struct {
	h2, h3 string
	line   int        // the header's line, for messages
	header []string   // column names
	rows   [][]string // cells, without the separator row
}

// col returns the index of the named column, or fails.
func (tb docTable) col(t *testing.T, name string) int {
	t.Helper()
	for i, h := range tb.header {
		if strings.EqualFold(h, name) {
			return i
		}
	}
	t.Fatalf("%s:%d: table under %q / %q has no column %q (has %q)", ontologyDoc, tb.line, tb.h2, tb.h3, name, tb.header)
	return -1
}

var backticked = regexp.MustCompile("`([^`]+)`")

// ticks returns the backticked words of a cell.
func ticks(cell string) []string {
	var out []string
	for _, m := range backticked.FindAllStringSubmatch(cell, -1) {
		out = append(out, m[1])
	}
	return out
}

// readTables returns every table of the document with the headings it
// is under. Indented lines (code) are not tables.
func readTables(t *testing.T, text string) []docTable {
	t.Helper()
	var tables []docTable
	var h2, h3 string
	var cur *docTable
	for i, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			h2, h3 = strings.TrimSpace(line[3:]), ""
		case strings.HasPrefix(line, "### "):
			h3 = strings.TrimSpace(line[4:])
		}
		if !strings.HasPrefix(line, "|") {
			cur = nil
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		if cur == nil {
			tables = append(tables, docTable{h2: h2, h3: h3, line: i + 1, header: cells})
			cur = &tables[len(tables)-1]
			continue
		}
		if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // the separator row
		}
		if len(cells) != len(cur.header) {
			t.Errorf("%s:%d: %d cells in a table of %d columns", ontologyDoc, i+1, len(cells), len(cur.header))
		}
		cur.rows = append(cur.rows, cells)
	}
	return tables
}

// propConst is a property key constant of props.go and the label whose
// group declares it.
type propConst struct {
	name, value string
	label       Label
}

// groupComment names the label of a group of props.go's constants: "A
// Document's properties.", "An Industry's.", "A Statement's (…)".
var groupComment = regexp.MustCompile(`^An? (\w+)'s\b`)

// readPropConsts parses props.go: every Prop… constant, by the label its
// group's comment names.
func readPropConsts(t *testing.T) []propConst {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "props.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var out []propConst
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		var label Label
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if vs.Doc != nil {
				if m := groupComment.FindStringSubmatch(strings.TrimSpace(vs.Doc.Text())); m != nil {
					label = Label(m[1])
				}
			}
			for k, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Prop") {
					continue
				}
				lit, ok := vs.Values[k].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("props.go: %s is not a string literal", name.Name)
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				if !label.Valid() {
					t.Fatalf("props.go: %s is in no group whose comment names a label (%q)", name.Name, label)
				}
				out = append(out, propConst{name: name.Name, value: v, label: label})
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("props.go: no Prop constants found")
	}
	return out
}

func sortedSet(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

func labelStrings(ls []Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return sortedSet(out)
}

func sameSet(a, b []string) bool {
	a, b = sortedSet(a), sortedSet(b)
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// TestOntologyDocument holds docs/ontology.md to the code, both ways: its
// label table is Labels; its relationship table is RelTypes with exactly
// RelEnds' ends; every property constant of props.go is in the table of
// the label its group names, and every property the tables list is a
// constant (or a node's id, name, aliases); the evidence table is the
// keys evidence is stored under; both statement kinds are named. A table
// the test cannot check is an error, so nothing in the document's tables
// escapes it.
func TestOntologyDocument(t *testing.T) {
	src, err := os.ReadFile(ontologyDoc)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	tables := readTables(t, text)
	consts := readPropConsts(t)
	known := map[string]bool{}
	for _, c := range consts {
		known[c.value] = true
	}
	nodeFields := []string{"id", "name", "aliases"} // Node.ID, Name, Aliases (Node.Field)

	var sawLabels, sawRels, sawEvidence, sawEvery bool
	docProps := map[Label][]string{} // the properties each label's table lists
	relProps := map[RelType][]string{}
	for _, tb := range tables {
		switch {
		case tb.h2 == "Node labels":
			sawLabels = true
			c := tb.col(t, "label")
			var got []string
			for _, r := range tb.rows {
				w := ticks(r[c])
				if len(w) != 1 {
					t.Errorf("%s:%d: label cell %q should hold one `Label`", ontologyDoc, tb.line, r[c])
					continue
				}
				if !Label(w[0]).Valid() {
					t.Errorf("%s: label %q is not in graph.Labels", ontologyDoc, w[0])
				}
				got = append(got, w[0])
			}
			if len(got) != len(sortedSet(got)) {
				t.Errorf("%s: a label is listed twice: %q", ontologyDoc, got)
			}
			if want := labelStrings(Labels); !sameSet(got, want) {
				t.Errorf("%s: labels %q, graph.Labels %q", ontologyDoc, sortedSet(got), want)
			}

		case tb.h2 == "Relationship types":
			sawRels = true
			ct, cf, cto := tb.col(t, "type"), tb.col(t, "from"), tb.col(t, "to")
			seen := map[RelType]bool{}
			for _, r := range tb.rows {
				w := ticks(r[ct])
				if len(w) != 1 {
					t.Errorf("%s: type cell %q should hold one `TYPE`", ontologyDoc, r[ct])
					continue
				}
				rt := RelType(w[0])
				if !rt.Valid() {
					t.Errorf("%s: relationship type %q is not in graph.RelTypes", ontologyDoc, rt)
					continue
				}
				if seen[rt] {
					t.Errorf("%s: %s is listed twice", ontologyDoc, rt)
				}
				seen[rt] = true
				ends := RelEnds[rt]
				if got, want := ticks(r[cf]), labelStrings(ends.From); !sameSet(got, want) {
					t.Errorf("%s: %s from %q, graph.RelEnds says %q", ontologyDoc, rt, sortedSet(got), want)
				}
				if got, want := ticks(r[cto]), labelStrings(ends.To); !sameSet(got, want) {
					t.Errorf("%s: %s to %q, graph.RelEnds says %q", ontologyDoc, rt, sortedSet(got), want)
				}
			}
			for _, rt := range RelTypes {
				if !seen[rt] {
					t.Errorf("%s: relationship type %s is missing", ontologyDoc, rt)
				}
			}

		case tb.h2 == "Properties" && tb.h3 == "Every node":
			sawEvery = true
			c := tb.col(t, "property")
			var got []string
			for _, r := range tb.rows {
				got = append(got, ticks(r[c])...)
			}
			if !sameSet(got, nodeFields) {
				t.Errorf("%s: every node's properties %q, want %q", ontologyDoc, sortedSet(got), nodeFields)
			}

		case tb.h2 == "Properties" && tb.h3 == "Relationship properties":
			cr, cp := tb.col(t, "relationship"), tb.col(t, "property")
			for _, r := range tb.rows {
				rt, p := ticks(r[cr]), ticks(r[cp])
				if len(rt) != 1 || len(p) != 1 {
					t.Errorf("%s: relationship property row %q should name one type and one property", ontologyDoc, r)
					continue
				}
				if !RelType(rt[0]).Valid() {
					t.Errorf("%s: relationship type %q is not in graph.RelTypes", ontologyDoc, rt[0])
				}
				if !known[p[0]] {
					t.Errorf("%s: property %q of %s is no constant of graph/props.go", ontologyDoc, p[0], rt[0])
				}
				relProps[RelType(rt[0])] = append(relProps[RelType(rt[0])], p[0])
			}

		case tb.h2 == "Properties" && Label(tb.h3).Valid():
			l := Label(tb.h3)
			c := tb.col(t, "property")
			for _, r := range tb.rows {
				w := ticks(r[c])
				if len(w) != 1 {
					t.Errorf("%s: property cell %q should hold one `key`", ontologyDoc, r[c])
					continue
				}
				if !known[w[0]] {
					t.Errorf("%s: property %q of %s is no constant of graph/props.go", ontologyDoc, w[0], l)
				}
				docProps[l] = append(docProps[l], w[0])
			}

		case tb.h2 == "Evidence":
			sawEvidence = true
			c := tb.col(t, "property")
			var got []string
			for _, r := range tb.rows {
				got = append(got, ticks(r[c])...)
			}
			if !sameSet(got, evidenceKeys) {
				t.Errorf("%s: evidence properties %q, stored under %q (graph/validate.go)", ontologyDoc, sortedSet(got), sortedSet(evidenceKeys))
			}

		default:
			t.Errorf("%s:%d: a table under %q / %q that this test does not check; give it a section the test knows or check it here", ontologyDoc, tb.line, tb.h2, tb.h3)
		}
	}
	for what, saw := range map[string]bool{"node labels": sawLabels, "relationship types": sawRels, "every node's properties": sawEvery, "evidence": sawEvidence} {
		if !saw {
			t.Errorf("%s: no table of %s", ontologyDoc, what)
		}
	}
	for _, c := range consts {
		found := false
		for _, p := range docProps[c.label] {
			found = found || p == c.value
		}
		if !found {
			t.Errorf("%s: %s (%q), a property of %s in graph/props.go, is not in the %s table", ontologyDoc, c.name, c.value, c.label, c.label)
		}
	}
	if len(relProps[HoldsPosition]) == 0 {
		t.Errorf("%s: HOLDS_POSITION's %q is not in the relationship properties table", ontologyDoc, PropTitle)
	}
	for _, rt := range RelTypes {
		if !sameSet(relProps[rt], RelProps[rt]) {
			t.Errorf("%s: %s's properties %q, graph.RelProps has %q", ontologyDoc, rt, sortedSet(relProps[rt]), RelProps[rt])
		}
	}
	for _, k := range []string{KindDirect, KindReported} {
		if !strings.Contains(text, "`"+k+"`") {
			t.Errorf("%s: statement kind %q is not named", ontologyDoc, k)
		}
	}
}
