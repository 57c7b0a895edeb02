package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/decode"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/internal/devcorpus"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// corpusReports returns the dev reports and the 2026 provincial work
// reports beside them.
func corpusReports(t *testing.T) (dev, reports []string) {
	dir := devcorpus.Dir(t)
	dev, _ = filepath.Glob(filepath.Join(dir, "*.txt"))
	reports, _ = filepath.Glob(filepath.Join(dir, "..", "workreports-2026", "*.txt"))
	if len(reports) == 0 && os.Getenv("CI") != "" {
		t.Fatalf("no work reports beside %s", dir)
	}
	return dev, reports
}

// analysed is one report run through the pipeline up to extraction.
type analysed struct {
	name string
	doc  *Doc
	x    *Extraction
}

func analyse(t *testing.T, path string) analysed {
	t.Helper()
	p := pipeline(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := decode.Decoder{}.Decode(filepath.Base(path), data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	page := p.Layout.Repair(text)
	layout, page := p.Splitter.Split(page)
	return analysed{filepath.Base(path), p.Extract.newDoc(page, layout), p.Extract.Extract(page, layout)}
}

// TestInvariants checks, over every report of the corpus, what must hold of
// any extraction however the rules change:
//   - an official's name is a surname and a given name, a dotted minority
//     name, or a name printed alone after a title (a signature line);
//   - an organisation's name starts and ends on word boundaries and does
//     not open with a verb, a preposition or a function word: it is a name,
//     not a clause (深化公立医院, 力争X大学);
//   - a goal has a verb, and starts on a word boundary;
//   - each work report names the official who delivers it: someone holds a
//     government post of the report's province.
func TestInvariants(t *testing.T) {
	dev, reports := corpusReports(t)
	lex := lexicon.Default()
	isReport := map[string]bool{}
	for _, r := range reports {
		isReport[r] = true
	}
	for _, path := range append(dev, reports...) {
		a := analyse(t, path)
		d := a.doc
		for _, e := range sortedEntities(a.x) {
			name := []rune(e.Name)
			switch e.Label {
			case graph.Official:
				if lex.SurnameLen(name) == 0 && !strings.ContainsRune(e.Name, '·') && !signed(d, e) {
					t.Errorf("%s: official %q neither starts with a surname nor is a dotted or signed name", a.name, e.Name)
				}
				if utf8.RuneCountInString(e.Name) > 4 && !strings.ContainsRune(e.Name, '·') && !signed(d, e) {
					t.Errorf("%s: official %q is too long for a name", a.name, e.Name)
				}
			case graph.Organization:
				if e.First.Len() > 0 && d.Text(e.First) == e.Name {
					if !boundary(d, e.First.Start) || !boundary(d, e.First.End) && !namesAt(d, e.First.End) {
						t.Errorf("%s: organisation %q does not start and end on word boundaries", a.name, e.Name)
					}
				}
				if pos := d.Seg.Pos(e.Name); len(pos) > 0 && opensClause(pos[0].Pos) {
					t.Errorf("%s: organisation %q opens with %s/%s: a clause, not a name", a.name, e.Name, pos[0].Text, pos[0].Pos)
				}
			case graph.Goal:
				if !d.saysToDo(e.Name) {
					t.Errorf("%s: goal %q has no verb", a.name, e.Name)
				}
				if e.First.Len() > 0 && !boundary(d, e.First.Start) && !afterCue(d, e.First.Start) {
					t.Errorf("%s: goal %q does not start on a word boundary", a.name, e.Name)
				}
			}
		}
		if isReport[path] {
			if !presenter(a.x, d.Home.Province) {
				t.Errorf("%s: nobody holds a government post of %v: the presenter was not read", a.name, d.Home.Province)
			}
		}
	}
}

func sortedEntities(x *Extraction) []*Entity {
	var out []*Entity
	for _, r := range sortedRefs(x.Entities) {
		out = append(out, x.Entities[r])
	}
	return out
}

// signed reports an official printed alone after a title at the end of a
// line (自治区主席 嘎玛泽登).
func signed(d *Doc, e *Entity) bool {
	for _, p := range d.Page.Paras {
		line := strings.ReplaceAll(strings.ReplaceAll(d.Text(p), " ", ""), "\u3000", "")
		if strings.HasSuffix(line, e.Name) {
			if _, _, ok := d.Lex.TitleAt([]rune(line), len([]rune(line))-len([]rune(e.Name))); ok {
				return true
			}
		}
	}
	return false
}

// boundary reports a word boundary at offset i, or punctuation next to it.
func boundary(d *Doc, i int) bool {
	k, ok := d.SentenceAt(i)
	if !ok {
		k, ok = d.SentenceAt(i - 1)
	}
	if !ok {
		return true
	}
	r := d.Page.Norm
	return d.Bound(k, i) || i > 0 && !isHan(r[i-1]) || i < len(r) && !isHan(r[i])
}

// namesAt reports a person's name starting at offset i (民建湘潭市委 + 伍浩:
// the segmenter glued the name to the body).
func namesAt(d *Doc, i int) bool {
	_, _, ok := d.nameAt(d.Page.Norm, i, d.ParaOf(i).End)
	return ok
}

// afterCue reports a start right after a word that opens a task without
// being part of it (要, 将, 围绕), which the segmenter may glue to it.
func afterCue(d *Doc, i int) bool {
	for _, role := range []lexicon.Role{lexicon.RoleResolve, lexicon.RoleFiller, lexicon.RoleFraming, lexicon.RoleIntensifier} {
		if _, ok := d.Lex.CueBefore(role, d.Page.Norm, i); ok {
			return true
		}
	}
	return false
}

// opensClause is a part of speech no name starts with.
func opensClause(pos string) bool {
	switch {
	case strings.HasPrefix(pos, "v") && pos != "vn", pos == "p", pos == "c", pos == "d", pos == "u", pos == "r":
		return true
	}
	return false
}

// presenter reports an official holding a government post in province.
func presenter(x *Extraction, province *gazetteer.Division) bool {
	if province == nil {
		return false
	}
	for _, f := range x.Facts {
		if f.Type != graph.HoldsPosition || f.To != (ref{graph.City, province.Code}) {
			continue
		}
		if t := lexicon.Default().Titles[f.Title]; t.Kind == lexicon.TitleGov || strings.HasSuffix(f.Title, "主席") {
			return true
		}
	}
	return false
}
