package lexicon

import (
	"reflect"
	"testing"
)

func TestDict(t *testing.T) {
	d := NewDict([]string{"市长", "代理市长", "长", "人大代表", "市人大代表", "", "市长"})
	r := []rune("醴陵市委副书记、代理市长蒋长富,市人大代表")
	cases := []struct {
		name string
		got  any
		want any
	}{
		{"longest at", d.At(r, 8), "代理市长"},
		{"none at", d.At(r, 0), ""},
		{"all at", d.AllAt(r, 16), []string{"市人大代表"}},
		{"all at nested", d.AllAt([]rune("市长"), 0), []string{"市长"}},
		{"before", d.Before(r, 12), "代理市长"},
		{"before none", d.Before(r, 3), ""},
		{"out of range", d.At(r, 100), ""},
		{"before start", d.Before(r, 0), ""},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}
