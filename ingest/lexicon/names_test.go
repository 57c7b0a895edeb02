package lexicon

import "testing"

func TestGivenNames(t *testing.T) {
	l := Default()
	if n := len(l.names.given); n < 2500 {
		t.Fatalf("%d given-name characters, want the data's 3,000 or so", n)
	}
	// Characters of given names against function words and verbs that
	// follow names in running text.
	names := []rune("伟芳娜明华英丽静敏")
	words := []rune("的了在用是不对说")
	for _, r := range names {
		if o := l.GivenNameOdds(r); o < 1.4 {
			t.Errorf("GivenNameOdds(%c) = %.2f, want more common in names than in text (> 1.4)", r, o)
		}
	}
	for _, r := range words {
		if o := l.GivenNameOdds(r); o > -1.5 {
			t.Errorf("GivenNameOdds(%c) = %.2f, want more common in text than in names (< -1.5)", r, o)
		}
		for _, n := range names {
			if l.GivenNameScore(r) >= l.GivenNameScore(n) || l.GivenNameOdds(r) >= l.GivenNameOdds(n)-2.5 {
				t.Errorf("%c scores %.2f (odds %.2f), not below %c at %.2f (%.2f)",
					r, l.GivenNameScore(r), l.GivenNameOdds(r), n, l.GivenNameScore(n), l.GivenNameOdds(n))
			}
		}
	}
	cases := []struct {
		r           rune
		score, odds float64 // want each within ±0.3
		listed      bool
	}{
		{'伟', 7.5, 3.0, true},
		{'的', 5.1, -3.2, true},
		{'用', 6.3, -1.6, true},
		// 建 and 向 are name characters too (建国, 向东; 向 is also a
		// surname), as frequent in names as in text: neutral odds, well
		// below 伟.
		{'建', 8.1, 0.7, true},
		{'向', 6.6, 0.4, true},
		{'说', 0, -6.0, false}, // unlisted: the lowest odds of any listed character
	}
	for _, c := range cases {
		s, o := l.GivenNameScore(c.r), l.GivenNameOdds(c.r)
		if s < c.score-0.3 || s > c.score+0.3 || o < c.odds-0.3 || o > c.odds+0.3 {
			t.Errorf("%c: score %.2f odds %.2f, want about %.1f and %.1f", c.r, s, o, c.score, c.odds)
		}
		if _, ok := l.GivenChar(c.r); ok != c.listed {
			t.Errorf("GivenChar(%c) ok = %v", c.r, ok)
		}
	}
	for _, r := range "建向" {
		if l.GivenNameOdds(r) > l.GivenNameOdds('伟')-2 {
			t.Errorf("%c odds %.2f not well below 伟 %.2f", r, l.GivenNameOdds(r), l.GivenNameOdds('伟'))
		}
	}
}

func TestGivenNamePosition(t *testing.T) {
	l := Default()
	cases := []struct {
		r    rune
		pos  int // 0 first, 1 second, 2 alone
		want float64
	}{
		{'建', 0, 0.8},  // 建国, 建华, 建军
		{'华', 1, 0.75}, // 建华, 少华
		{'英', 1, 0.55}, // 秀英, 桂英
		{'秀', 0, 0.6},  // 秀英, 秀兰
	}
	for _, c := range cases {
		first, second, single := l.GivenNamePosition(c.r)
		if sum := first + second + single; sum < 0.999 || sum > 1.001 {
			t.Errorf("%c: shares sum to %.3f", c.r, sum)
		}
		if got := []float64{first, second, single}[c.pos]; got < c.want {
			t.Errorf("%c: share at position %d = %.2f, want at least %.2f", c.r, c.pos, got, c.want)
		}
	}
	if a, b, c := l.GivenNamePosition('说'); a+b+c != 0 {
		t.Errorf("说 has positions %v %v %v", a, b, c)
	}
}

func TestSurnameFreq(t *testing.T) {
	l := Default()
	if n := len(l.names.surnames); n < 300 {
		t.Errorf("%d surnames with a frequency", n)
	}
	cases := []struct {
		s        string
		min, max float64
	}{
		{"李", 25000, 35000},
		{"王", 30000, 45000},
		{"张", 20000, 35000},
		{"欧阳", 100, 3000},
		{"傅", 500, 5000},
		{"于", 0, 0}, // not in surnames.txt: usually the preposition
		{"的", 0, 0},
		{"王伟", 0, 0},
	}
	for _, c := range cases {
		if got := l.SurnameFreq(c.s); got < c.min || got > c.max {
			t.Errorf("SurnameFreq(%s) = %.1f, want %.0f..%.0f", c.s, got, c.min, c.max)
		}
	}
	if l.SurnameFreq("李") <= l.SurnameFreq("傅") || l.SurnameFreq("傅") <= l.SurnameFreq("诸葛") {
		t.Errorf("李 %.0f, 傅 %.0f, 诸葛 %.0f are not in order", l.SurnameFreq("李"), l.SurnameFreq("傅"), l.SurnameFreq("诸葛"))
	}
}
