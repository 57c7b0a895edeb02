package cite

import (
	"encoding/json"
	"testing"
)

func TestGBT7714(t *testing.T) {
	full := Work{Title: "把握工作思路 系统推进高质量发展", Authors: []string{"刘芳"}, Newspaper: "株洲日报", Date: "2025-12-27", Edition: "A03"}
	tests := []struct {
		name     string
		w        Work
		accessed string
		want     string
	}{
		{"newspaper article, every field", full, "",
			"刘芳. 把握工作思路 系统推进高质量发展[N]. 株洲日报, 2025-12-27(A03)."},
		{"an access date does not belong to a printed article", full, "2026-03-01",
			"刘芳. 把握工作思路 系统推进高质量发展[N]. 株洲日报, 2025-12-27(A03)."},
		{"no date: left out, no 日期不详", Work{Title: "代表建议", Newspaper: "株洲日报", Edition: "A03"}, "",
			"代表建议[N]. 株洲日报(A03)."},
		{"no newspaper, no URL", Work{Title: "代表建议", Date: "2026-01-20"}, "",
			"代表建议[N]. 2026-01-20."},
		{"nothing but a title", Work{Title: "代表建议"}, "", "代表建议[N]."},
		{"URL and no newspaper: electronic resource", Work{Title: "长沙两会", Date: "2026-01-15", URL: "https://www.changsha.gov.cn/a/1.html", SiteName: "长沙市人民政府"}, "2026-03-01",
			"长沙两会[EB/OL]. (2026-01-15)[2026-03-01]. https://www.changsha.gov.cn/a/1.html."},
		{"electronic resource, no access date, no date", Work{Title: "长沙两会", URL: "https://www.changsha.gov.cn/a/1.html"}, "",
			"长沙两会[EB/OL]. https://www.changsha.gov.cn/a/1.html."},
		{"a newspaper's page online: N/OL", Work{Title: "代表委员建言", Authors: []string{"王伟", "李娜"}, Newspaper: "株洲日报", Date: "2026-01-20", Edition: "02", URL: "https://epaper.zznews.gov.cn/a.html"}, "2026-03-01",
			"王伟, 李娜. 代表委员建言[N/OL]. 株洲日报, 2026-01-20(02)[2026-03-01]. https://epaper.zznews.gov.cn/a.html."},
		{"three authors in full", Work{Title: "题", Authors: []string{"甲一", "乙二", "丙三"}, Newspaper: "湖南日报", Date: "2026-01-01"}, "",
			"甲一, 乙二, 丙三. 题[N]. 湖南日报, 2026-01-01."},
		{"more than three: the first three and 等", Work{Title: "题", Authors: []string{"甲一", "乙二", "丙三", "丁四", "戊五"}, Newspaper: "湖南日报", Date: "2026-01-01"}, "",
			"甲一, 乙二, 丙三, 等. 题[N]. 湖南日报, 2026-01-01."},
		{"repeated and blank bylines once", Work{Title: "题", Authors: []string{" 甲一 ", "", "甲一", "乙二"}, Newspaper: "湖南日报"}, "",
			"甲一, 乙二. 题[N]. 湖南日报."},
		{"traditional characters kept as printed", Work{Title: "兩會聚焦 人工智能賦能基層醫療", Authors: []string{"陳偉"}, Newspaper: "大公報", Date: "2026-03-05"}, "",
			"陳偉. 兩會聚焦 人工智能賦能基層醫療[N]. 大公報, 2026-03-05."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := GBT7714(tc.w, tc.accessed); got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestCSLJSON(t *testing.T) {
	tests := []struct {
		name     string
		w        Work
		accessed string
		want     string
	}{
		{"newspaper article",
			Work{ID: "document:zz1.txt", Title: "把握工作思路", Authors: []string{"刘芳", "王伟"}, Newspaper: "株洲日报", Date: "2025-12-27", Edition: "A03"}, "2026-03-01",
			`[{"id":"document:zz1.txt","type":"article-newspaper","title":"把握工作思路","container-title":"株洲日报","author":[{"literal":"刘芳"},{"literal":"王伟"}],"issued":{"date-parts":[[2025,12,27]]},"page":"A03","language":"zh"}]`},
		{"no date, no newspaper, no authors",
			Work{ID: "document:web.txt", Title: "代表建议"}, "",
			`[{"id":"document:web.txt","type":"article-newspaper","title":"代表建议","language":"zh"}]`},
		{"web page with an access date",
			Work{ID: "document:cs.html", Title: "長沙兩會", Date: "2026-01-15", URL: "https://www.changsha.gov.cn/a/1.html", SiteName: "长沙市人民政府"}, "2026-03-01",
			`[{"id":"document:cs.html","type":"webpage","title":"長沙兩會","container-title":"长沙市人民政府","issued":{"date-parts":[[2026,1,15]]},"URL":"https://www.changsha.gov.cn/a/1.html","accessed":{"date-parts":[[2026,3,1]]},"language":"zh"}]`},
		{"every author kept (a style cuts them)",
			Work{ID: "d", Title: "题", Authors: []string{"甲", "乙", "丙", "丁"}, Newspaper: "湖南日报", URL: "https://x.cn/1"}, "",
			`[{"id":"d","type":"article-newspaper","title":"题","container-title":"湖南日报","author":[{"literal":"甲"},{"literal":"乙"},{"literal":"丙"},{"literal":"丁"}],"URL":"https://x.cn/1","language":"zh"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CSLJSON(tc.w, tc.accessed)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
			var v []map[string]interface{}
			if err := json.Unmarshal([]byte(got), &v); err != nil || len(v) != 1 {
				t.Errorf("not a one-item CSL-JSON array: %v", err)
			}
		})
	}
}

func TestValidDate(t *testing.T) {
	for s, want := range map[string]bool{"2026-03-01": true, "2026-02-30": false, "2026-3-1": false, "": false, "昨天": false} {
		if ValidDate(s) != want {
			t.Errorf("ValidDate(%q) = %v", s, !want)
		}
	}
}
