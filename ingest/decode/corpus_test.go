package decode

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/policygraph/policygraph/ingest/internal/devcorpus"
)

func TestCorpus(t *testing.T) {
	// $POLICYGRAPH_DEV_CORPUS or ../shared/corpus/dev, as for the other
	// corpus tests: skipped without it, failed without it in CI.
	dir := devcorpus.Dir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Fatalf("no *.txt in the dev corpus %s", dir)
	}
	seenTrad := false
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decoder{}.Decode(name, data)
			checkInvariants(t, data, got, err)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %s, traditional=%v, share %.1f%%", name, got.Encoding, got.Traditional, 100*changedShare(got.Original))
			if name == "zz_rd_jianyi228_trad_2023.txt" {
				seenTrad = true
				if !got.Traditional {
					t.Error("not detected as traditional")
				}
				if !strings.Contains(got.Normalized, "株洲市人大代表共提交228件建议") {
					t.Errorf("Normalized lacks 株洲市人大代表共提交228件建议: %.200q", got.Normalized)
				}
			} else if strings.Contains(name, "trad") != got.Traditional {
				t.Errorf("Traditional = %v", got.Traditional)
			}
			// The same report in every other encoding must decode to the same text.
			encs := []struct {
				enc  encoding.Encoding
				name string
			}{
				{simplifiedchinese.GB18030, "gb18030"}, {simplifiedchinese.GBK, "gb18030"},
				{traditionalchinese.Big5, "big5"},
				{le16BOM, "utf-16le"}, {be16BOM, "utf-16be"}, {le16, "utf-16le"}, {be16, "utf-16be"},
			}
			for _, e := range encs {
				raw, err := e.enc.NewEncoder().Bytes([]byte(got.Original))
				if err != nil {
					t.Logf("not representable in %s, skipped", e.name) // simplified text in Big5
					continue
				}
				again, err := Decoder{}.Decode(name, raw)
				if err != nil || again.Original != got.Original || again.Encoding != e.name || again.Normalized != got.Normalized {
					t.Errorf("re-encoded as %s: encoding %q, err %v, same text %v", e.name, again.Encoding, err, again.Original == got.Original)
				}
			}
		})
	}
	if !seenTrad {
		t.Log("zz_rd_jianyi228_trad_2023.txt not in the corpus")
	}
}

// changedShare is the Traditional statistic, for the test log.
func changedShare(s string) float64 {
	n, _ := normalize(s)
	o, nr := []rune(s), []rune(n)
	han, changed := 0, 0
	for i, r := range o {
		if isHan(r) {
			han++
			if nr[i] != r {
				changed++
			}
		}
	}
	if han == 0 {
		return 0
	}
	return float64(changed) / float64(han)
}
