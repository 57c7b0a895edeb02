package decode

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const formats = "../../testdata/formats/"

// twinParas is a plain-text report's paragraphs: its non-blank lines.
func twinParas(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/reports/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(name, "gbk") {
		if b, err = simplifiedchinese.GB18030.NewDecoder().Bytes(b); err != nil {
			t.Fatal(err)
		}
	}
	return lines(string(b))
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func needPDFToText(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is not installed (poppler-utils); scripts/test.sh installs it")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
}

// TestReadFormats reads each fixture of testdata/formats: the format is
// told by content, the text is its plain-text twin's paragraph for
// paragraph (no furniture line gets through), and the page's metadata is
// read.
func TestReadFormats(t *testing.T) {
	furniture := []string{"首页", "上一版", "下一版", "本版导航", "分享到", "微信", "相关", "热点排行", "ICP", "公网安备",
		"版权所有", "Copyright", "网站地图", "打印", "关闭窗口", "字号", "字体", "当前位置", "责任编辑", "扫一扫", "标识码",
		"浏览次数", "发布时间", "攸县", "炎陵", "许可证", "主办"}
	cases := []struct {
		file, format, enc string
		twin              string
		dropTwin          int      // the twin's first paragraphs the page leaves out
		want              []string // paragraphs, when there is no twin
		meta              Meta
		pdf               bool
	}{
		{file: "zhuzhou_epaper_gbk.html", format: FormatHTML, enc: "gb18030", twin: "000_e809176d26951911.txt",
			meta: Meta{Title: "把握“1234”工作思路 系统推进高质量发展", Date: "2025-12-27", DateFrom: "dateline", Edition: "A03"}},
		{file: "xiangtan_portal.html", format: FormatHTML, enc: "utf-8", twin: "xiangtan_daibiao_jianyi_gbk.txt", dropTwin: 2,
			meta: Meta{Title: "市人大代表、湘潭电机集团有限公司董事长刘建华 推动电工装备产业集群发展", Date: "2026-01-08", DateFrom: "meta",
				SiteName: "湘潭在线", Source: "湘潭日报", URL: "https://www.xtol.cn/news/2026/0108/123456.html"}},
		{file: "hengyang_gov_gbk.html", format: FormatHTML, enc: "gb18030", twin: "hengyang_fangtan.txt",
			meta: Meta{Title: "锚定目标再出发 奋力谱写新篇章", Date: "2026-01-09", DateFrom: "meta", SiteName: "耒阳市人民政府", Source: "衡阳日报"}},
		{file: "hengyang_fangtan.docx", format: FormatDOCX, enc: "docx", twin: "hengyang_fangtan.txt",
			meta: Meta{Title: "锚定目标再出发 奋力谱写新篇章", Author: "policygraph"}},
		{file: "xiangtan_table.docx", format: FormatDOCX, enc: "docx",
			want: []string{"湘潭日报", "2026年1月8日", "聚焦两会·代表建议", "市人大代表、湘潭电机集团有限公司董事长刘建华 推动电工装备产业集群发展",
				"代表\t单位\t建议", "张三\t湘潭电机股份有限公司\t推动电工装备产业集群发展"},
			meta: Meta{Title: "2026年1月8日", Author: "policygraph"}},
		{file: "hengyang_fangtan.pdf", format: FormatPDF, enc: "pdf", twin: "hengyang_fangtan.txt", pdf: true},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			if c.pdf {
				needPDFToText(t)
			}
			data, err := os.ReadFile(formats + c.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decoder{}.Read(c.file, data)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != c.format || got.Encoding != c.enc {
				t.Errorf("format %s encoding %s, want %s %s", got.Format, got.Encoding, c.format, c.enc)
			}
			want := c.want
			if c.twin != "" {
				want = twinParas(t, c.twin)[c.dropTwin:]
			}
			if g := lines(got.Original); strings.Join(g, "\n") != strings.Join(want, "\n") {
				t.Errorf("paragraphs:\n got %d %q\nwant %d %q", len(g), g, len(want), want)
			}
			if !strings.Contains(got.Original, "\n\n") {
				t.Error("no paragraph breaks")
			}
			for _, f := range furniture {
				if strings.Contains(got.Original, f) && (c.twin == "" || !strings.Contains(strings.Join(want, "\n"), f)) {
					t.Errorf("furniture %q reached the text", f)
				}
			}
			if got.Meta != c.meta {
				t.Errorf("meta\n got %+v\nwant %+v", got.Meta, c.meta)
			}
			again, err := Decoder{}.Read(c.file, data)
			if err != nil || again.Original != got.Original || again.Meta != got.Meta {
				t.Error("a second read differs: not deterministic")
			}
		})
	}
}

// TestReadRefusesBadDocuments: each bad input is a clear *Error naming
// the file and what is wrong, never a panic.
func TestReadRefusesBadDocuments(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(formats + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	docx := read("hengyang_fangtan.docx")
	cases := []struct {
		name   string
		data   []byte
		err    error
		detail string
		pdf    bool
	}{
		{"nav.html", []byte(`<!DOCTYPE html><html><head><title>首页</title></head><body><nav><a href="/">首页</a></nav><div class="footer">湘ICP备05003917号</div></body></html>`), ErrNoText, "no main content", false},
		{"empty.html", []byte("<html><body></body></html>"), ErrNoText, "no main content", false},
		{"cut.docx", docx[:len(docx)/2], ErrCorrupt, "does not open", false},
		{"nodoc.docx", zipOf(t, map[string]string{"word/styles.xml": "<w:styles/>", "[Content_Types].xml": "<Types/>"}), ErrBinary, "ZIP archive", false},
		{"badxml.docx", zipOf(t, map[string]string{"word/document.xml": `<w:document xmlns:w="` + wordNS + `"><w:body><w:p><w:r><w:t>半截`}), ErrCorrupt, "not well-formed", false},
		{"blank.docx", zipOf(t, map[string]string{"word/document.xml": `<w:document xmlns:w="` + wordNS + `"><w:body><w:p/></w:body></w:document>`}), ErrNoText, "holds no text", false},
		{"encrypted.docx", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), utf16le("EncryptedPackage")...), ErrEncrypted, "password-protected", false},
		{"scanned.pdf", read("scanned.pdf"), ErrNoText, "no text layer", true},
		{"protected.pdf", read("protected.pdf"), ErrEncrypted, "password", true},
		{"cut.pdf", read("hengyang_fangtan.pdf")[:5000], ErrCorrupt, "truncated", true},
		{"garbage.pdf", []byte("%PDF-1.7\nthis is no pdf\n%%EOF\n"), ErrCorrupt, "pdftotext cannot read it", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.pdf {
				needPDFToText(t)
			}
			got, err := Decoder{}.Read(c.name, c.data)
			var de *Error
			if !errors.Is(err, c.err) || !errors.As(err, &de) || !strings.Contains(err.Error(), c.detail) || !strings.HasPrefix(err.Error(), c.name+": ") {
				t.Fatalf("got %v, want %v with %q", err, c.err, c.detail)
			}
			if got.Original != "" {
				t.Error("text with an error")
			}
		})
	}
}

// TestReadPDFWithoutPDFToText: no pdftotext, a clear error that says what
// to install.
func TestReadPDFWithoutPDFToText(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Decoder{}.Read("a.pdf", []byte("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"))
	if !errors.Is(err, ErrNoReader) || !strings.Contains(err.Error(), "poppler-utils") {
		t.Fatalf("got %v", err)
	}
}

// TestReadTruncated cuts every fixture at many lengths: whatever comes
// out is text or a clear *Error, never a panic, and a cut never reads as
// more than the whole.
func TestReadTruncated(t *testing.T) {
	files, _ := filepath.Glob(formats + "*.*")
	pdf := exec.Command("pdftotext", "-v").Run() == nil
	for _, f := range files {
		if strings.HasSuffix(f, ".py") || strings.HasSuffix(f, ".md") || (!pdf && strings.HasSuffix(f, ".pdf")) {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole, _ := Decoder{}.Read(filepath.Base(f), data)
		steps := 17
		if strings.HasSuffix(f, ".pdf") {
			steps = 5 // each is a pdftotext run
		}
		for i := 1; i < steps; i++ {
			cut := data[:len(data)*i/steps]
			got, err := Decoder{}.Read(filepath.Base(f), cut)
			var de *Error
			if err != nil && !errors.As(err, &de) {
				t.Errorf("%s cut to %d bytes: %T %v, not an *Error", f, len(cut), err, err)
			}
			if err == nil && len(got.Original) > len(whole.Original)+64 {
				t.Errorf("%s cut to %d bytes reads longer than the whole", f, len(cut))
			}
		}
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"a.txt", "市人大代表建议<加快>建设。", FormatText},
		{"a.txt", "<<关于2024年政府工作报告的决议>>", FormatText},
		{"page", "\ufeff\n  <!DOCTYPE html><html><body>x</body></html>", FormatHTML},
		{"page.txt", "<html><head><meta charset=\"gbk\"></head>", FormatHTML},
		{"a.htm", "<div>株洲</div>", FormatHTML},
		{"a.txt", "<div>株洲</div>", FormatText},
		{"report.txt", "%PDF-1.4\n", FormatPDF},
		{"a.pdf", "\n\n%PDF-1.4\n", FormatPDF},
		{"report.bin", string(zipOf(t, map[string]string{"word/document.xml": "<w:document/>"})), FormatDOCX},
		{"a.zip", string(zipOf(t, map[string]string{"a.txt": "x"})), FormatText},
	}
	for _, c := range cases {
		if got := Sniff(c.name, []byte(c.data)); got != c.want {
			t.Errorf("Sniff(%q, %.30q) = %s, want %s", c.name, c.data, got, c.want)
		}
	}
}

// TestHTMLBlocks: how markup becomes paragraphs.
func TestHTMLBlocks(t *testing.T) {
	cases := []struct{ page, want string }{
		{`<div id="content">　　市人大代表何翌滔建议加快打通湘江东岸沿江南路。<br/>　　他说，这条路关系到沿线群众出行。<br><br>　　株洲市交通运输局表示将研究办理这一建议，尽快拿出方案。</div>`,
			"市人大代表何翌滔建议加快打通湘江东岸沿江南路。|他说，这条路关系到沿线群众出行。|株洲市交通运输局表示将研究办理这一建议，尽快拿出方案。"},
		{`<div class="article"><p>株洲市2026年重点项目清单如下，涉及先进制造、交通、民生等领域，总投资超过一千亿元。</p><table><tr><td>项目</td><td>投资</td></tr><tr><td>醴陵陶瓷产业园</td><td>50亿元</td></tr></table><p>以上项目将于年内全部开工建设，市政府将建立调度机制，确保按期推进。</p></div>`,
			"株洲市2026年重点项目清单如下，涉及先进制造、交通、民生等领域，总投资超过一千亿元。|项目\t投资|醴陵陶瓷产业园\t50亿元|以上项目将于年内全部开工建设，市政府将建立调度机制，确保按期推进。"},
		{`<article><p>代表们认为，要加快建设   现代化产业体系，
		推动高质量发展取得新成效，让群众的获得感成色更足。</p><p class="share">分享到：微信</p><p>本报记者 刘毅</p></article>`,
			"代表们认为，要加快建设 现代化产业体系， 推动高质量发展取得新成效，让群众的获得感成色更足。|本报记者 刘毅"},
	}
	for _, c := range cases {
		got, err := Decoder{}.Read("a.html", []byte("<html><head><meta charset=\"utf-8\"></head><body>"+c.page+"</body></html>"))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if g := strings.Join(lines(got.Original), "|"); g != c.want {
			t.Errorf("got  %q\nwant %q", g, c.want)
		}
	}
}

// TestReadHTMLCharsets: the declared charset wins; without one the bytes
// are sniffed as a text file's are.
func TestReadHTMLCharsets(t *testing.T) {
	body := "<p>株洲市人大代表何翌滔建议加快打通湘江东岸沿江南路，推动醴陵陶瓷产业转型升级，让城市更宜居。</p>"
	gbk := func(s string) string {
		b, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		return string(b)
	}
	cases := []struct{ name, page, enc string }{
		{"meta charset", `<html><head><meta charset="GBK"><title>t</title></head><body>` + gbk(body) + `</body></html>`, "gb18030"},
		{"http-equiv", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>` + gbk(body) + `</body></html>`, "gb18030"},
		{"sniffed gbk", `<html><head><title>t</title></head><body>` + gbk(body) + `</body></html>`, "gb18030"},
		{"utf-8", `<html><head><meta charset="utf-8"></head><body>` + body + `</body></html>`, "utf-8"},
		{"declared utf-8, really gbk", `<html><head><meta charset="utf-8"></head><body>` + gbk(body) + `</body></html>`, "gb18030"},
		{"bom", "\ufeff<html><body>" + body + "</body></html>", "utf-8-bom"},
		{"declared gb2312, saved again as utf-8", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>` + body + `</body></html>`, "utf-8"},
	}
	for _, c := range cases {
		got, err := Decoder{}.Read("a.html", []byte(c.page))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.Encoding != c.enc || !strings.Contains(got.Original, "湘江东岸沿江南路") {
			t.Errorf("%s: encoding %s, text %q", c.name, got.Encoding, got.Original)
		}
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml", "word/styles.xml", "a.txt"} {
		content, ok := files[name]
		if !ok {
			continue
		}
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadTypedCharset: an HTTP Content-Type's charset reads a page that
// declares none, a page's own declaration wins over it, and text/html
// reads markup that does not open like a page as HTML.
func TestReadTypedCharset(t *testing.T) {
	body := "<p>株洲市人大代表何翌滔建议加快打通湘江东岸沿江南路，推动醴陵陶瓷产业转型升级，让城市更宜居。</p>"
	gbk := func(s string) string {
		b, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		return string(b)
	}
	russian := "<p>Депутат городского собрания предложил построить новую дорогу вдоль реки и обновить мост в центре города.</p>"
	cp1251, _ := charmap.Windows1251.NewEncoder().String(russian)
	cases := []struct{ name, page, ctype, enc, want string }{
		{"gbk, charset only in the header", `<html><head><title>t</title></head><body>` + gbk(body) + `</body></html>`, "text/html; charset=GBK", "gb18030", "湘江东岸沿江南路"},
		// Sniffed, these bytes would read as GB18030 Chinese.
		{"windows-1251 from the header", `<html><head><title>t</title></head><body>` + cp1251 + `</body></html>`, "text/html; charset=windows-1251", "windows-1251", "новую дорогу"},
		{"the page's declaration wins", `<html><head><meta charset="gb2312"></head><body>` + gbk(body) + `</body></html>`, "text/html; charset=big5", "gb18030", "湘江东岸沿江南路"},
		{"a western header is checked by sniffing", `<html><head><title>t</title></head><body>` + gbk(body) + `</body></html>`, "text/html; charset=ISO-8859-1", "gb18030", "湘江东岸沿江南路"},
		{"text/html tells a fragment", body, "text/html", "utf-8", "湘江东岸沿江南路"},
		{"a malformed type is none", `<html><body>` + body + `</body></html>`, "text/html; charset", "utf-8", "湘江东岸沿江南路"},
	}
	for _, c := range cases {
		got, err := Decoder{}.ReadTyped("page", []byte(c.page), c.ctype)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.Format != FormatHTML || got.Encoding != c.enc || !strings.Contains(got.Original, c.want) {
			t.Errorf("%s: format %s, encoding %s, text %q", c.name, got.Format, got.Encoding, got.Original)
		}
	}
	if got, err := (Decoder{}).Read("page", []byte(body)); err != nil || got.Format != FormatText {
		t.Errorf("a fragment without a type: format %s, %v", got.Format, err)
	}
}
