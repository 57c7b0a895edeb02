package decode

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/longbridgeapp/opencc"
)

func TestT2STables(t *testing.T) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	tab := buildT2S(tsCharacters, tsPhrases)
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("t2s tables: %d characters, %d two-rune phrase keys, built in %v, %.2f MB allocated, %.2f MB retained",
		len(tab.chars), len(tab.phrases), elapsed,
		float64(after.TotalAlloc-before.TotalAlloc)/1e6, float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6)
	runtime.KeepAlive(tab)
	if tab.skipped != 0 {
		t.Errorf("%d dictionary entries dropped for changing the rune count", tab.skipped)
	}
	if len(tab.chars) < 4000 || len(tab.phrases) < 200 {
		t.Errorf("tables look truncated: %d characters, %d phrase keys", len(tab.chars), len(tab.phrases))
	}
}

// TestParityWithOpenCC checks the embedded converter against
// github.com/longbridgeapp/opencc's own t2s, which it replaces at run time:
// same dictionaries, same algorithm, so the same output.
func TestParityWithOpenCC(t *testing.T) {
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	var pieces []string
	eachEntry(tsCharacters, func(from, _ string) { inputs = append(inputs, from); pieces = append(pieces, from) })
	eachEntry(tsPhrases, func(from, _ string) {
		inputs = append(inputs, from, "在"+from+"中", from[:len(from)-len(string([]rune(from)[len([]rune(from))-1]))])
		pieces = append(pieces, from)
	})
	pieces = append(pieces, "的", "是", "在", "年", "。", "，", "A", "1", "\n", "政府", "报告")
	r := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		var b strings.Builder
		for range 300 {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	inputs = append(inputs, trad, simp)
	for _, in := range inputs {
		want, err := cc.Convert(in)
		if err != nil {
			t.Fatalf("opencc %q: %v", in, err)
		}
		got, _ := normalize(in)
		if got != foldString(want) {
			t.Fatalf("t2s(%q)\n got %q\nwant %q (opencc)", in, got, foldString(want))
		}
	}
}

func foldString(s string) string {
	return strings.Map(fold, s)
}

func TestFold(t *testing.T) {
	for in, want := range map[rune]rune{
		'Ａ': 'A', 'ｚ': 'z', '１': '1', '，': ',', '：': ':', '；': ';', '！': '!', '？': '?',
		'（': '(', '）': ')', '％': '%', '．': '.', '～': '~', '\u3000': ' ', '\u00a0': ' ', '￥': '¥', 'ｶ': 'カ', '｡': '。',
		'、': '、', '。': '。', '“': '“', '”': '”', '‘': '‘', '’': '’', '《': '《', '》': '》', '—': '—', '…': '…', '·': '·',
		'①': '①', 'a': 'a', '中': '中', '「': '“', '」': '”', '『': '‘', '』': '’', '｢': '“', '｣': '”',
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkLoadT2S(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		buildT2S(tsCharacters, tsPhrases)
	}
}
