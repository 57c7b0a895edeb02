package graph_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

func TestCanonicalKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"株洲市", "株洲市"},
		{"株洲 市", "株洲市"},
		{" \t株洲\n市\r\n", "株洲市"},
		{"株洲\u3000市", "株洲市"}, // ideographic space
		{"株洲\u00a0市", "株洲市"}, // no-break space
		{"ＡＢＣ科技", "ABC科技"},   // full-width letters fold, case stays
		{"１２３", "123"},
		{"（株洲）", "(株洲)"},
		{"a\u0007b", "ab"}, // control characters go
		{"", ""},
	}
	for _, c := range cases {
		if got := graph.CanonicalKey(c.in); got != c.want {
			t.Errorf("CanonicalKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNodeID(t *testing.T) {
	cases := []struct {
		label graph.Label
		key   string
		want  string
	}{
		{graph.City, "430281", "city:430281"},
		{graph.Official, "蒋长富", "official:蒋长富"},
		{graph.Official, " 蒋 长富 ", "official:蒋长富"},
		{graph.Organization, "ＡＢＣ科技", "organization:ABC科技"},
		{graph.Industry, "人工智能\u3000", "industry:人工智能"},
		{graph.Document, "a.txt", "document:a.txt"},
	}
	for _, c := range cases {
		if got := graph.NodeID(c.label, c.key); got != c.want {
			t.Errorf("NodeID(%s, %q) = %q, want %q", c.label, c.key, got, c.want)
		}
	}
	if got, want := graph.DocumentID("zz1.txt"), graph.NodeID(graph.Document, "zz1.txt"); got != want || got != "document:zz1.txt" {
		t.Errorf("DocumentID = %q, want %q", got, want)
	}
	if graph.NodeID(graph.City, "株洲") == graph.NodeID(graph.Official, "株洲") {
		t.Errorf("the label is not part of the id")
	}
}

func TestNodeIDLongKeys(t *testing.T) {
	sentence := "加快打通湘江东岸沿江南路，推动城市更新与产业升级协同发展，"
	long := strings.Repeat(sentence, 8) // 224 runes, 672 bytes
	cases := []struct {
		name string
		key  string
	}{
		{"chinese", long},
		{"ascii", strings.Repeat("abcdefghij", 50)},
		{"four-byte runes", strings.Repeat("😀", 200)},
		{"just over", strings.Repeat("a", 121)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := graph.NodeID(graph.Proposal, c.key)
			if len(id) > graph.MaxIDBytes || len(id) > 160 {
				t.Errorf("id is %d bytes: %q", len(id), id)
			}
			prefix := "proposal:" + string([]rune(graph.CanonicalKey(c.key))[:24]) + "~"
			if !strings.HasPrefix(id, prefix) {
				t.Errorf("id %q lacks the readable prefix %q", id, prefix)
			}
			hash := strings.TrimPrefix(id, prefix)
			if len(hash) != 16 || strings.Trim(hash, "0123456789abcdef") != "" {
				t.Errorf("id %q does not end in a 16-digit hex hash", id)
			}
			if !utf8.ValidString(id) {
				t.Errorf("id is not valid UTF-8")
			}
			n := graph.Node{ID: id, Label: graph.Proposal, Name: "建议"}
			if err := graph.ValidateNode(n); err != nil {
				t.Errorf("id does not validate: %v", err)
			}
			if again := graph.NodeID(graph.Proposal, c.key); again != id {
				t.Errorf("not stable: %q then %q", id, again)
			}
		})
	}
	// Keys up to the limit stay verbatim.
	exact := strings.Repeat("a", 120)
	if got := graph.NodeID(graph.Goal, exact); got != "goal:"+exact {
		t.Errorf("a 120-byte key was hashed: %q", got)
	}
	// Keys that share the readable prefix still get distinct ids.
	a := graph.NodeID(graph.Proposal, long+"甲")
	b := graph.NodeID(graph.Proposal, long+"乙")
	c := graph.NodeID(graph.Proposal, long)
	if a == b || a == c || b == c {
		t.Errorf("distinct long keys share an id: %q %q %q", a, b, c)
	}
	if a[:len(a)-16] != b[:len(b)-16] {
		t.Errorf("same-start keys should share the readable part: %q %q", a, b)
	}
	// Folding happens before hashing: spellings that fold alike agree.
	wide := strings.ReplaceAll(long, "，", ", ")
	if graph.NodeID(graph.Proposal, long) != graph.NodeID(graph.Proposal, wide) {
		t.Errorf("full-width and spaced spellings of a long key differ")
	}
}

func TestRelID(t *testing.T) {
	base := []string{string(graph.HoldsPosition), "official:蒋长富", "city:430281", "document:a.txt", "代理市长"}
	id := func(p []string) string { return graph.RelID(graph.RelType(p[0]), p[1], p[2], p[3], p[4]) }
	want := id(base)
	if !strings.HasPrefix(want, "rel:") || len(want) != len("rel:")+24 {
		t.Errorf("RelID = %q, want rel: and 24 hex digits", want)
	}
	if again := id(base); again != want {
		t.Errorf("not stable: %q then %q", want, again)
	}
	seen := map[string]int{want: -1}
	for i := range base {
		p := append([]string(nil), base...)
		p[i] += "x"
		got := id(p)
		if j, dup := seen[got]; dup {
			t.Errorf("changing part %d gives the id of variant %d: %q", i, j, got)
		}
		seen[got] = i
	}
	// Parts are delimited: moving a character across a boundary changes
	// the id, and an empty document (a reference fact) differs from any.
	if graph.RelID(graph.LocatedIn, "ab", "c", "", "") == graph.RelID(graph.LocatedIn, "a", "bc", "", "") {
		t.Errorf("parts are not delimited")
	}
	if graph.RelID(graph.LocatedIn, "a", "b", "", "x") == graph.RelID(graph.LocatedIn, "a", "b", "x", "") {
		t.Errorf("doc and extra are interchangeable")
	}
}

func TestStatementID(t *testing.T) {
	doc := graph.DocumentID("a.txt")
	id := graph.StatementID(doc, 24, 33)
	if id != "statement:document:a.txt@24-33" {
		t.Errorf("StatementID = %q", id)
	}
	if again := graph.StatementID(doc, 24, 33); again != id {
		t.Errorf("not stable: %q then %q", id, again)
	}
	if graph.NodeID(graph.Statement, graph.StatementKey(doc, 24, 33)) != id {
		t.Errorf("StatementKey does not give StatementID's id")
	}
	// Offsets and documents each tell statements apart; 2-43 is not 24-3.
	for _, other := range []string{
		graph.StatementID(doc, 24, 34), graph.StatementID(doc, 23, 33), graph.StatementID(doc, 2, 433),
		graph.StatementID(graph.DocumentID("b.txt"), 24, 33),
	} {
		if other == id {
			t.Errorf("distinct statements share the id %q", id)
		}
	}
	if got := graph.StatementID(doc, 242, 433); got == graph.StatementID(doc, 24, 2433) {
		t.Errorf("offsets are not delimited: %q", got)
	}
}

func TestStatementName(t *testing.T) {
	cases := []struct{ text, want string }{
		{"要持续优化营商环境", "要持续优化营商环境"},
		{"  留白  ", "留白"},
		{strings.Repeat("字", 40), strings.Repeat("字", 40)},
		{strings.Repeat("字", 41), strings.Repeat("字", 40) + "…"},
		// The cut never leaves a space before the ellipsis.
		{strings.Repeat("字", 39) + " " + strings.Repeat("字", 5), strings.Repeat("字", 39) + "…"},
	}
	for _, c := range cases {
		if got := graph.StatementName(c.text); got != c.want {
			t.Errorf("StatementName(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
