package queries_test

import (
	"reflect"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

func doc(id, date string) *graph.Node {
	n := graph.Node{ID: id, Label: graph.Document, Props: graph.Props{"source": id}}
	if date != "" {
		n.Props["date"] = date
	}
	return &n
}

func quote(d *graph.Node, kind, text string, start, end int) queries.Quote {
	q := queries.Quote{Cite: queries.Cite{Evidence: graph.Evidence{Document: d.ID, Sentence: text, Start: start, End: end}}, Doc: d, Kind: kind, Text: text}
	if kind != "" {
		st := graph.Node{ID: graph.StatementID(d.ID, start, end), Label: graph.Statement}
		q.Statement = &st
	}
	return q
}

func texts(qs []queries.Quote) []string {
	out := []string{}
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

func TestRankQuotes(t *testing.T) {
	old, recent, undated := doc("document:a", "2024-03-01"), doc("document:b", "2026-01-20"), doc("document:c", "")
	tests := []struct {
		name string
		in   []queries.Quote
		want []string
	}{
		{"direct, then reported, then other sentences",
			[]queries.Quote{quote(recent, "", "句子", 0, 2), quote(old, graph.KindReported, "转述", 5, 7), quote(old, graph.KindDirect, "原话", 9, 11)},
			[]string{"原话", "转述", "句子"}},
		{"newest first within a kind, undated last",
			[]queries.Quote{quote(undated, graph.KindDirect, "不详", 0, 2), quote(old, graph.KindDirect, "旧", 0, 1), quote(recent, graph.KindDirect, "新", 0, 1)},
			[]string{"新", "旧", "不详"}},
		{"same document: text order",
			[]queries.Quote{quote(old, "", "后", 20, 21), quote(old, "", "前", 3, 4)},
			[]string{"前", "后"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := texts(queries.RankQuotes(tc.in)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDedupeQuotes(t *testing.T) {
	a, b := doc("document:a", "2025-01-01"), doc("document:b", "2026-01-01")
	stmt := quote(a, graph.KindDirect, "我们要发展低空经济。", 10, 20)
	stmt.Sentence, stmt.Start, stmt.End = "“我们要发展低空经济。”他说。", 10, 24 // the statement's sentence
	tests := []struct {
		name string
		in   []queries.Quote
		want []string
	}{
		{"the sentence printing a statement gives way to it",
			[]queries.Quote{quote(a, "", "“我们要发展低空经济。”他说。", 10, 24), stmt},
			[]string{"我们要发展低空经济。"}},
		{"a sentence inside the statement's sentence gives way too",
			[]queries.Quote{quote(a, "", "“我们要发展低空经济。”", 10, 22), stmt},
			[]string{"我们要发展低空经济。"}},
		{"the same words in two reports once, the newer",
			[]queries.Quote{quote(a, "", "加快发展低空经济。", 0, 9), quote(b, "", "加快发展低空经济。", 40, 49)},
			[]string{"加快发展低空经济。"}},
		{"quotation marks and spacing do not make words different",
			[]queries.Quote{quote(a, "", "“加快发展 低空经济”。", 30, 42), quote(a, "", "加快发展低空经济", 50, 58)},
			[]string{"“加快发展 低空经济”。"}},
		{"different sentences stay",
			[]queries.Quote{quote(a, "", "发展低空经济。", 0, 7), quote(a, "", "建设通用机场。", 8, 15)},
			[]string{"发展低空经济。", "建设通用机场。"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := queries.DedupeQuotes(tc.in)
			if !reflect.DeepEqual(texts(got), tc.want) {
				t.Errorf("got %v, want %v", texts(got), tc.want)
			}
		})
	}
	// The survivor of two reports is the newer one's.
	got := queries.DedupeQuotes([]queries.Quote{quote(a, "", "加快发展低空经济。", 0, 9), quote(b, "", "加快发展低空经济。", 40, 49)})
	if len(got) != 1 || got[0].Document != b.ID {
		t.Errorf("kept %+v, want the 2026 report's", got)
	}
}

func TestRankItems(t *testing.T) {
	d := doc("document:a", "2025-01-01")
	items := []queries.CrossRefItem{
		{Node: graph.Node{ID: "proposal:x", Label: graph.Proposal, Name: "建议"}, Quotes: []queries.Quote{quote(d, "", "句子", 0, 2)}},
		{Node: graph.Node{ID: "official:乙", Label: graph.Official, Name: "乙"}, Quotes: []queries.Quote{quote(d, graph.KindReported, "转述", 3, 5)}},
		{Node: graph.Node{ID: "official:丙", Label: graph.Official, Name: "丙"}, Quotes: []queries.Quote{quote(d, "", "句子二", 6, 9)}},
		{Node: graph.Node{ID: "official:甲", Label: graph.Official, Name: "甲"}, Quotes: []queries.Quote{quote(d, "", "句子三", 10, 13), quote(d, graph.KindDirect, "原话", 14, 16)}},
	}
	queries.RankItems(items)
	var got []string
	for _, it := range items {
		got = append(got, it.Node.Name)
	}
	if want := []string{"甲", "乙", "丙", "建议"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestTitleOf(t *testing.T) {
	for _, tc := range []struct{ body, title, want string }{
		{"醴陵市", "代理市长", "醴陵市代理市长"},
		{"株洲市", "市政协委员", "株洲市政协委员"},
		{"株洲市政协", "株洲市政协委员", "株洲市政协委员"},
		{"市中心医院", "", "市中心医院"},
		{"", "人大代表", "人大代表"},
		{"湖南省", "省长", "湖南省长"},
	} {
		if got := queries.TitleOf(tc.body, tc.title); got != tc.want {
			t.Errorf("TitleOf(%q, %q) = %q, want %q", tc.body, tc.title, got, tc.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	text := []rune("标题一行\n他说：“我们要发展低空经济。”这是第二句话了吧！\n短\n最后一句没有句号但很长")
	var got []string
	for _, sp := range queries.SplitSentences(text, 0, len(text)) {
		got = append(got, string(text[sp[0]:sp[1]]))
	}
	want := []string{"他说：“我们要发展低空经济。”", "这是第二句话了吧！", "最后一句没有句号但很长"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
