package ingest

import "testing"

// TestPickTextDate: a full date next to a cue is read, the best-ranked cue
// wins (publication cue > masthead or dateline > source line), and no date
// is read without a cue or out of the plausible range. The lines are made
// up.
func TestPickTextDate(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []string
		text  string // the whole text, when more than the lines
		want  string
	}{
		{"forum", []string{"某市论坛", "发表于 2020-1-22 13:53:08 | 显示全部楼层"}, "", "2020-01-22"},
		{"portal", []string{"标题", "发布时间：2025-12-26  来源：本站"}, "", "2025-12-26"},
		{"portal ascii colon", []string{"发布日期:2024-3-5 信息来源:某某日报"}, "", "2024-03-05"},
		{"date label", []string{" date 2026-02-13 今年两会将于3月初召开……"}, "", "2026-02-13"},
		{"日期 label", []string{"日期:2017-03-03 00:00  作者:"}, "", "2017-03-03"},
		{"time label", []string{"时间：2019年1月28日 编辑：某某"}, "", "2019-01-28"},
		{"masthead weekday", []string{"某某日报", "2025年12月26日 星期五", "第A03版"}, "", "2025-12-26"},
		{"masthead in a longer line", []string{"某某日报 2025年12月26日 星期五 农历冬月初七"}, "", "2025-12-26"},
		{"masthead alone", []string{"2025-12-06", "星期六"}, "", "2025-12-06"},
		{"e-paper edition", []string{"2022年1月5日 第03版：要闻"}, "", "2022-01-05"},
		{"版次 line", []string{"版次：A03  2023.01.04"}, "", "2023-01-04"},
		{"source line", []string{"来源：某某网 作者：张三 2017-11-10 08:58:16"}, "", "2017-11-10"},
		{"source after date", []string{"2024-02-04 11:32:57 来源:某某网"}, "", "2024-02-04"},
		{"publication over masthead", []string{"2025年12月27日 星期六", "发布时间：2025-12-26"}, "", "2025-12-26"},
		{"masthead over source", []string{"编辑:某某 2015-02-10", "2015年2月9日 星期一"}, "", "2015-02-09"},
		{"first of a rank", []string{"发布时间:2026-2-25 14:20:35    更新时间:2026-2-26 14:20:35"}, "", "2026-02-25"},
		{"update time is no publication", []string{"更新时间:2026-2-26 14:20:35"}, "", ""},
		{"meeting time is no publication", []string{"开会时间：2026年1月20日"}, "", ""},
		{"no cue", []string{"2025年12月26日,市人大常委会召开会议。"}, "", ""},
		{"day without year", []string{"发布时间：12月26日"}, "", ""},
		{"part of a number", []string{"发布时间：12025-01-01"}, "", ""},
		{"not a day", []string{"发布时间：2025-02-30"}, "", ""},
		{"before 1949", []string{"发布时间：1948-10-01"}, "", ""},
		{"after the text's years", []string{"发布时间：2052-01-20"}, "发布时间：2052-01-20\n2025年工作回顾……2024年", ""},
		{"a year after is plausible", []string{"发布时间：2026-01-20"}, "发布时间：2026-01-20\n2025年工作回顾", "2026-01-20"},
	} {
		text := c.text
		if text == "" {
			for _, l := range c.lines {
				text += l + "\n"
			}
		}
		if got := pickTextDate(c.lines, text); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
