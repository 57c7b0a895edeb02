package lexicon

import (
	"slices"
	"strings"
	"testing"
)

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
	for r := Role(1); r < roleEnd; r++ {
		if roleNames[r] == "" || roleDocs[r] == "" || roleByName[r.String()] != r {
			t.Errorf("role %d: name %q, doc %q", r, roleNames[r], roleDocs[r])
		}
	}
	if len(roleNames) != int(roleEnd)-1 || len(roleDocs) != int(roleEnd)-1 {
		t.Errorf("%d roles, %d names, %d docs", roleEnd-1, len(roleNames), len(roleDocs))
	}
	if !l.Is(RoleOrgSuffix, "有限公司") || l.Is(RoleSpeech, "有限公司") {
		t.Error("roles mixed up")
	}
}

// earlierIndustries are the canonical names of the industry list before it
// was derived from the classifications; other code and tests refer to them.
const earlierIndustries = `先进陶瓷 陶瓷 花炮 服饰 纺织 智能装备 高端装备 装备制造 新材料 复合材料
硬质材料 轨道交通装备 中小航空发动机 航空航天 北斗 新能源装备 新能源 新能源汽车 智能网联汽车
自动驾驶汽车 汽车 车路云一体化 低空经济 无人机 工业软件 人工智能 具身机器人 机器人 功率半导体
半导体 电子信息 信息服务 软件 大数据 云计算 数字经济 物联网 区块链 量子科技 生物医药 生物制造
医疗器械 中医药 医疗 康养 养老服务 大健康 工程机械 钢铁 有色金属 化工 建材 氢能 氢能装备制造
光伏 储能 锂电池 先进制造业 智能制造 现代服务业 文旅 乡村旅游 文创 民宿 会展 体育 影视 物流
快递 电子商务 直播带货 金融 职业教育 孤独症儿童教育 教育 托育 农业 休闲农业 乡村特色产业 种业
油茶 生猪养殖 花生种植 茶叶 食品加工 家居 建筑业 房地产 港口航运 海洋经济 冰雪经济 首发经济
夜间经济 平台经济 林下经济 元宇宙 脑机接口 6G 卫星互联网 新型显示 稀土 生命科学`

// sectors is the fixed set documented in data/industries.tsv.
var sectors = strings.Fields(`新一代信息技术 高端装备 新材料 生物 新能源汽车 新能源 节能环保 数字创意
航空航天 海洋 数字经济 未来产业 原材料 能源 装备制造 汽车 消费品工业 制造业 农业 建筑 交通物流
现代服务业 金融 文化旅游 健康 教育`)

// contextWords mirror ingest's: what must follow a context-mode spelling.
var contextWords = []string{"产业", "行业", "业", "经济", "企业", "服务", "领域", "集群"}

func TestIndustries(t *testing.T) {
	l := Default()
	names := map[string]*Industry{}
	for _, ind := range l.industries {
		names[ind.Name] = ind
	}
	if len(names) < 600 {
		t.Errorf("%d industries, want the classifications' 600 or more", len(names))
	}
	for _, name := range strings.Fields(earlierIndustries) {
		if ind := names[name]; ind == nil {
			t.Errorf("industry %s is gone or no longer canonical", name)
		}
	}
	for _, ind := range names {
		if !slices.Contains(sectors, ind.Sector) {
			t.Errorf("%s: sector %q is not in the documented set", ind.Name, ind.Sector)
		}
		if len(ind.Sources) == 0 {
			t.Errorf("%s names no source", ind.Name)
		}
		if ind.Strict {
			continue
		}
		// The matcher takes the longest spelling and then wants a context
		// word after it, so 金融业 as a spelling of 金融 would never count.
		for _, form := range append([]string{ind.Name}, ind.Aliases...) {
			for _, w := range contextWords {
				if strings.HasSuffix(form, w) {
					t.Errorf("context industry %s: spelling %s ends in %s", ind.Name, form, w)
				}
			}
		}
	}
	cases := []struct {
		text, want string
		strict     bool
		source     string // one of the entry's sources, if set
	}{
		{"冶金", "冶金", true, "GB4754:C32"}, // metallurgy spans ferrous (C31) and non-ferrous (C32): not 钢铁
		{"黑色金属冶炼和压延加工业", "钢铁", true, ""},
		{"化工", "化工", true, "GB4754:C26"},
		{"建材", "建材", true, ""},
		{"乳制品", "乳业", true, "GB4754:C144"},
		{"草业", "草业", true, ""},
		{"光电子器件", "光电子", true, "GB4754:C3976"},
		{"固态电池", "固态电池", true, ""},
		{"人形机器人", "人形机器人", true, "FI2024"},
		{"具身智能", "具身智能", true, "GWR2025"},
		{"核医疗", "核医疗", true, ""},
		{"商业航天", "商业航天", true, "GWR2024"},
		{"大飞机", "大飞机", true, ""},
		{"直升机", "直升机", true, ""},
		{"生物育种", "生物育种", true, "FI2024"},
		{"现代煤化工", "现代煤化工", true, ""},
		{"绿色算力", "绿色算力", true, ""},
		{"数据产业", "数据产业", true, "DE2021:0406"},
		{"新型储能", "新型储能", true, "FI2024"},
		{"互联网金融", "互联网金融", true, "DE2021:0403"},
		{"都市农业", "都市农业", true, ""},
		{"电商", "电子商务", true, ""},
		{"会展服务", "会展", true, ""},
		{"现代物流", "物流", true, ""},
		{"工业互联网", "工业互联网", true, ""},
		{"集成电路", "半导体", true, "GB4754:C3973"},
		{"教育", "教育", false, ""},
		{"医疗", "医疗", false, ""},
		{"汽车", "汽车", false, ""},
		{"软件", "软件", false, ""},
		{"小麦", "小麦", false, ""},
	}
	for _, c := range cases {
		ind := l.Industry(c.text)
		if ind == nil || ind.Name != c.want || ind.Strict != c.strict {
			t.Errorf("Industry(%s) = %+v, want %s (strict %v)", c.text, ind, c.want, c.strict)
			continue
		}
		if c.source != "" && !slices.Contains(ind.Sources, c.source) {
			t.Errorf("%s: sources %v lack %s", c.text, ind.Sources, c.source)
		}
	}
	// A context industry followed by its context word matches the bare
	// spelling, so the extractor sees 产业 after it.
	if ind, n := l.IndustryAt([]rune("汽车产业发展"), 0); ind == nil || ind.Name != "汽车" || n != 2 {
		t.Errorf("IndustryAt(汽车产业发展) = %v, %d", ind, n)
	}
	for _, vague := range []string{"新质生产力", "实体经济", "产业", "经济", "绿色低碳", "数字化转型", "新兴产业"} {
		if ind := l.Industry(vague); ind != nil {
			t.Errorf("%s is an umbrella phrase, not an industry (%s)", vague, ind.Name)
		}
	}
}
