package graph_test

import (
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ＡＢＣ", "abc"},
		{"ａｂｃ", "abc"},
		{"Hello World", "hello world"},
		{"株洲市", "株洲市"},
		{"１２３号", "123号"},
		{"（人工智能＋）", "(人工智能+)"},
		{"AI赋能", "ai赋能"},
		{"ｶﾀｶﾅ", "カタカナ"}, // half-width katakana widen
		{"㈠㈡", "㈠㈡"},     // NFKC makes several runes: kept as printed
		{"Ⅻ", "ⅻ"},       // NFKC "XII" is three runes: kept, lower-cased
		{"\u3000", " "},  // ideographic space
		{"", ""},
	}
	for _, c := range cases {
		got := graph.Fold(c.in)
		if got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Rune-aligned: offsets in the folded text are offsets in the original.
	for _, s := range []string{"ＡＢＣ株洲市", "醴陵市委副书记、代理市长蒋长富接受专访。", "㈠㈡ⅫﬁＡ", "İstanbul", "e\u0301", "\xffabc", "ﷺ"} {
		f := graph.Fold(s)
		if utf8.RuneCountInString(f) != utf8.RuneCountInString(s) {
			t.Errorf("Fold(%q) = %q: %d runes, want %d", s, f, utf8.RuneCountInString(f), utf8.RuneCountInString(s))
		}
		if graph.Fold(f) != f {
			t.Errorf("Fold is not idempotent on %q: %q then %q", s, f, graph.Fold(f))
		}
	}
}
