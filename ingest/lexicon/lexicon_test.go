package lexicon

import "testing"

func TestLoad(t *testing.T) {
	l, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"代理市长", "市人大代表", "总经理", "党委书记", "副主席"} {
		if _, ok := l.Titles[title]; !ok {
			t.Errorf("title %s missing", title)
		}
	}
	if len(l.surnames) < 300 || !l.compound["欧阳"] {
		t.Errorf("surnames: %d single, 欧阳 %v", len(l.surnames), l.compound["欧阳"])
	}
	if l.surnames["和"] {
		t.Errorf("和 is a conjunction after titles, not a surname here")
	}
}

func TestMatchers(t *testing.T) {
	l := Default()
	cases := []struct {
		text  string
		end   int
		title string
	}{
		{"醴陵市委副书记", 7, "副书记"},
		{"醴陵市委副书记、代理市长", 12, "代理市长"},
		{"广州市人大代表", 7, "市人大代表"},
		{"株洲跃达建筑总经理", 9, "总经理"},
		{"万盛经开区人民医院党委书记", 13, "党委书记"},
	}
	for _, c := range cases {
		got, _, ok := l.TitleAt([]rune(c.text), c.end)
		if !ok || got.Text != c.title {
			t.Errorf("TitleAt(%s, %d) = %q %v, want %q", c.text, c.end, got.Text, ok, c.title)
		}
	}
	inds := []struct{ text, want string }{
		{"先进硬质材料", "硬质材料"},
		{"先进陶瓷产业", "先进陶瓷"},
		{"烟花爆竹", "花炮"},
		{"全域旅游", "文旅"},
		{"AI赋能", "人工智能"},
	}
	for _, c := range inds {
		ind, n := l.IndustryAt([]rune(c.text), 0)
		if ind == nil || ind.Name != c.want || n == 0 {
			t.Errorf("IndustryAt(%s) = %v", c.text, ind)
		}
	}
	if n := l.SurnameLen([]rune("欧阳修文")); n != 2 {
		t.Errorf("欧阳: %d", n)
	}
	if n := l.SurnameLen([]rune("何翌滔")); n != 1 {
		t.Errorf("何: %d", n)
	}
	if w, ok := l.CueAt(RoleSpeech, []rune("告诉记者他"), 0); !ok || w != "告诉记者" {
		t.Errorf("CueAt = %q", w)
	}
}

// TestRoles checks that every role the code knows has words in the data
// files, and that a file naming an unknown role fails to load.
func TestRoles(t *testing.T) {
	l := Default()
	for role := range roleDocs {
		if len(l.Words(role)) == 0 {
			t.Errorf("role %s has no words", role)
		}
	}
	if !l.Is(RoleOrgSuffix, "有限公司") || l.Is(RoleSpeech, "有限公司") {
		t.Error("roles mixed up")
	}
}
