package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzAnalyze feeds the whole pipeline arbitrary input: it must never
// panic, and whatever it accepts must be a batch the stores accept.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"市人大代表、株洲跃达建筑总经理何翌滔 加快打通湘江东岸沿江南路\n\n株洲日报全媒体记者/邹怡敏\n\n何翌滔建议,尽快启动芦淞区段建设。",
		"聚力三大攻坚。打好安全生产攻坚战。在产业转型升级上实现新突破。推动陶瓷产业。",
		"《关于加快推进我市氢能产业发展的建议》《未闭合",
		"(一)坚定不移推进产业强市。一是聚焦产业升级。",
		"周斌周斌:\n信息化履职实现高效联动\n她建议,",
		"——访\n\n▲\n\n图/\n\n记者 摄\n\n、、、等代表",
		"",
	} {
		f.Add([]byte(s))
	}
	// The sample reports too: real page structure to mutate.
	files, _ := filepath.Glob("../testdata/reports/*.txt")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	p := pipeline(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, _, err := p.Analyze("fuzz.txt", data, nil)
		if err != nil {
			return
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("pipeline produced a batch the stores refuse: %v\ninput %q", err, data)
		}
	})
}
