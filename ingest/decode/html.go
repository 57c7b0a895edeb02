package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// readHTML extracts a saved page's main content, one paragraph a block
// with blank lines between, and what the page says about itself. The
// charset is the one the page declares (BOM, <meta charset>, http-equiv
// content-type), else the one its server sent (transport, the charset of
// an HTTP Content-Type; empty when there was none), else sniffed as for
// text files. Site furniture —
// navigation, share bars, related-article lists, footers, ICP lines — is
// cut before go-readability picks the content and again, line by line,
// after it; the headline block that readability keeps as the title (引题,
// 主题, 副题 above the text) is put back in front.
func readHTML(name string, data []byte, transport string) (text, enc string, meta Meta, err error) {
	defer func() {
		// The parser and readability are not ours: whatever they do on a
		// page nobody foresaw, the file gets an error, not the process a
		// panic.
		if r := recover(); r != nil {
			text, enc, meta, err = "", "", Meta{}, fail(name, ErrCorrupt, "the HTML could not be read (%v)", r)
		}
	}()
	s, enc, err := htmlToUTF8(name, data, transport)
	if err != nil {
		return "", "", Meta{}, err
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return "", "", Meta{}, fail(name, ErrCorrupt, "HTML does not parse: %v", err)
	}
	meta = pageMeta(doc)
	prune(doc)
	parser := readability.NewParser()
	article, err := parser.ParseDocument(doc, nil)
	if err != nil || article.Node == nil {
		return "", "", meta, fail(name, ErrNoText, "an HTML page with no main content (%s)", errText(err))
	}
	body := blocks(article.Node)
	if len(body) == 0 {
		return "", "", meta, fail(name, ErrNoText, "an HTML page with no main content")
	}
	paras := append(headlineBlock(doc, body), body...)
	return strings.Join(paras, "\n\n") + "\n", enc, meta, nil
}

func errText(err error) string {
	if err == nil {
		return "readability found no article"
	}
	return err.Error()
}

// htmlToUTF8 decodes the page: a BOM; else valid UTF-8 (a page saved
// again by a browser or editor is often UTF-8 under its old gb2312
// declaration, and GBK text with a few Chinese characters is never valid
// UTF-8); else the charset a <meta> declares in the first 16 KB; else the
// transport's (an HTTP Content-Type's charset); else, or when the
// declaration is a Western one no Chinese page is in, sniffed as a text
// file is.
func htmlToUTF8(name string, data []byte, transport string) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")), bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		return sniffHTML(name, data)
	}
	if utf8.Valid(data) && hasMultibyte(data) {
		return string(data), "utf-8", nil
	}
	label, from := declaredCharset(data), "the page declares"
	if label == "" {
		label, from = transport, "its server sent charset"
	}
	if label == "" {
		return sniffHTML(name, data)
	}
	e, _ := charset.Lookup(label)
	e, label = chineseSuperset(e, label)
	if e == nil || label == "utf-8" {
		return sniffHTML(name, data)
	}
	if western[label] {
		if s, enc, err := sniffHTML(name, data); err == nil {
			return s, enc, nil
		}
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fail(name, ErrEncoding, "%s %s but does not decode as it: %v", from, label, err)
	}
	return string(out), label, nil
}

var western = map[string]bool{"windows-1252": true, "iso-8859-1": true, "us-ascii": true, "ascii": true, "latin1": true, "iso-8859-15": true}

func sniffHTML(name string, data []byte) (string, string, error) {
	s, enc, err := decodeBytes(name, data)
	if err != nil {
		return "", "", err
	}
	return s, enc, nil
}

var reCharsetDecl = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// declaredCharset is the charset the first <meta> declaring one names,
// lower-cased, within the first 16 KB (archive copies and pages with long
// scripts put it late).
func declaredCharset(data []byte) string {
	if len(data) > 16<<10 {
		data = data[:16<<10]
	}
	if m := reCharsetDecl.FindSubmatch(data); m != nil {
		return strings.ToLower(string(m[1]))
	}
	return ""
}

func hasMultibyte(b []byte) bool {
	n := 0
	for _, c := range b {
		if c >= 0xc0 {
			if n++; n >= 8 {
				return true
			}
		}
	}
	return false
}

// chineseSuperset reads gb2312 and gbk pages as GB18030, which contains
// both (pages labelled gb2312 are full of GBK characters), and names the
// encodings as Text.Encoding does.
func chineseSuperset(e encoding.Encoding, label string) (encoding.Encoding, string) {
	switch strings.ToLower(label) {
	case "gbk", "gb2312", "gb18030", "x-gbk", "gb_2312-80":
		return simplifiedchinese.GB18030, "gb18030"
	case "big5", "big5-hkscs":
		return traditionalchinese.Big5, "big5"
	case "utf-8", "utf8", "unicode-1-1-utf-8":
		return nil, "utf-8"
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "utf-16le"
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "utf-16be"
	}
	if e == simplifiedchinese.GBK {
		return simplifiedchinese.GB18030, "gb18030"
	}
	return e, strings.ToLower(label)
}

// furnitureWords are the class and id words of page furniture on Chinese
// news, e-paper and government sites (matched as whole words of a class
// or id split at - and _).
var furnitureWords = map[string]bool{
	"nav": true, "navbar": true, "menu": true, "topnav": true, "subnav": true, "pagenav": true, "titlelist": true,
	"share": true, "sharebar": true, "bdshare": true, "fenxiang": true, "social": true,
	"related": true, "relate": true, "xglj": true, "xgxw": true, "recommend": true, "hot": true, "rank": true, "ranking": true,
	"footer": true, "foot": true, "copyright": true, "beian": true, "icp": true,
	"crumb": true, "crumbs": true, "breadcrumb": true, "position": true, "location": true, "dqwz": true,
	"tools": true, "toolbar": true, "print": true, "prevnext": true, "pager": true, "pagination": true,
	"comment": true, "comments": true, "search": true, "login": true, "sidebar": true, "ad": true, "ads": true, "advert": true,
	"masthead": true, "banner": true, "logo": true, "qrcode": true, "ewm": true,
}

// furnitureTags never hold a report's text.
var furnitureTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Form: true, atom.Nav: true,
	atom.Footer: true, atom.Aside: true, atom.Button: true, atom.Select: true, atom.Input: true, atom.Textarea: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Template: true,
}

// prune removes the page's furniture in place.
func prune(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode:
			n.RemoveChild(c)
		case c.Type == html.ElementNode && (furnitureTags[tag(c)] || isFurniture(c) || (tag(c) == atom.Header && !inside(c, atom.Article))):
			n.RemoveChild(c)
		case c.Type == html.ElementNode && tag(c) != atom.Body && tag(c) != atom.Html && furnitureBlock(c):
			n.RemoveChild(c)
		default:
			prune(c)
		}
		c = next
	}
}

func isFurniture(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t' || (r >= '0' && r <= '9')
		}) {
			if furnitureWords[w] {
				return true
			}
		}
	}
	return false
}

func inside(n *html.Node, a atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if tag(p) == a {
			return true
		}
	}
	return false
}

// furnitureBlock: a small element whose whole text is a furniture line
// (an ICP line, 打印本页, 相关链接：…) whatever its class.
func furnitureBlock(n *html.Node) bool {
	t := strings.TrimSpace(nodeText(n))
	if t == "" || utf8.RuneCountInString(t) > 200 {
		return false
	}
	return furnitureLine(t)
}

var reFurniture = regexp.MustCompile(`ICP备|ICP证|公网安备|网站标识码|版权所有|(?i:copyright)|All Rights Reserved|` +
	`^【?(打印|关闭|收藏|返回顶部|字[体号])|【(打印本页|关闭窗口)】|^分享到|扫一扫|^(相关|推荐|热点|热门|延伸)(链接|新闻|阅读|文章|排行)|` +
	`^(上一篇|下一篇|上一版|下一版)|转播到腾讯微博|^精彩(视频|图片)?推荐$|相关度高吗|未经(书面)?授权.{0,12}不得(转载|复制)|^[\[【]责任编辑|^(发布时间|发布日期|来源)\s*[:：]|^(当前位置|您当前的位置|您现在的位置)|^【?责任编辑|^浏览次数|^(主办|承办)[:：]`)

func furnitureLine(s string) bool { return reFurniture.MatchString(strings.TrimSpace(s)) }

// blockTags end a paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Section: true,
	atom.Article: true, atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Pre: true, atom.Center: true,
	atom.Dd: true, atom.Dt: true, atom.Figcaption: true, atom.Figure: true, atom.Header: true, atom.Main: true,
}

// blocks renders a content tree as paragraphs: each block element's
// inline text is one paragraph, table cells of a row are joined by a tab,
// whitespace inside a paragraph is collapsed (the source's line breaks in
// the markup are no paragraph breaks), and furniture lines are dropped.
func blocks(n *html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		// Cells are apart by \x00 until whitespace is collapsed, then by a tab.
		t := strings.Trim(collapse(cur.String()), "\x00 ")
		t = strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(t, " \x00", "\x00"), "\x00 ", "\x00"), "\x00", "\t")
		cur.Reset()
		if t != "" && !furnitureLine(t) {
			out = append(out, t)
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if furnitureTags[tag(n)] {
				return
			}
			if tag(n) == atom.Td || tag(n) == atom.Th {
				cur.WriteString("\x00")
			}
		}
		block := n.Type == html.ElementNode && blockTags[tag(n)]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return out
}

// collapse folds runs of whitespace (but U+3000, which Chinese text
// prints) into one space and trims the ends.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\f' || r == '\u00a0' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (tag(n) == atom.Script || tag(n) == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// headlineBlock finds the headings readability lifts out as the title:
// the run of heading elements (h1–h4, or a class such as title, bt,
// yinti, futi) right before the first paragraph of the content in the
// page, that the content does not already hold.
func headlineBlock(doc *html.Node, body []string) []string {
	first := body[0]
	have := strings.Join(body, "\n")
	var run []string
	found := false
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return false
		}
		if n.Type == html.ElementNode && (headingLike(n) || leafBlock(n)) {
			t := collapse(nodeText(n))
			if t == "" {
				return false
			}
			if strings.HasPrefix(t, first) || t == first {
				found = true
				return true
			}
			if headingLike(n) && utf8.RuneCountInString(t) <= 80 {
				if !strings.Contains(have, t) {
					run = append(run, t)
				}
			} else if !strings.Contains(first, t) {
				run = run[:0]
			}
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	if !found {
		return nil
	}
	return run
}

var headingClass = regexp.MustCompile(`(?i)(^|[\s_-])(title|bt|yinti|futi|zhuti|subtitle|biaoti|headline|yt|ft)([\s_-]|$)`)

func headingLike(n *html.Node) bool {
	switch tag(n) {
	case atom.H1, atom.H2, atom.H3, atom.H4:
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "class" && headingClass.MatchString(a.Val) {
			return true
		}
	}
	return false
}

// leafBlock: a block element with no block element inside it.
func leafBlock(n *html.Node) bool {
	if !blockTags[tag(n)] || tag(n) == atom.Br {
		return false
	}
	var nested func(*html.Node) bool
	nested = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (blockTags[tag(c)] && tag(c) != atom.Br || nested(c)) {
				return true
			}
		}
		return false
	}
	return !nested(n)
}

// pageMeta reads what the page says about itself: meta tags (og:,
// article:, the Chinese government portals' ArticleTitle, PubDate,
// SiteName, ContentSource), JSON-LD, <link rel=canonical>, <title>, and
// in the page text 发布时间, 来源 and an e-paper masthead's date.
func pageMeta(doc *html.Node) Meta {
	metas := map[string]string{}
	var title, h1, canonical string
	var ld []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch tag(n) {
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				if v := collapse(attr(n, "content")); key != "" && v != "" {
					if _, dup := metas[key]; !dup {
						metas[key] = v
					}
				}
			case atom.Title:
				if title == "" {
					title = collapse(nodeText(n))
				}
			case atom.H1:
				if h1 == "" {
					h1 = collapse(nodeText(n))
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") {
					ld = append(ld, nodeText(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	j := jsonLD(ld)
	var m Meta
	m.Title = first(metas["og:title"], metas["articletitle"], j.headline, titleFrom(title, h1))
	m.SiteName = first(metas["og:site_name"], j.publisher, metas["sitename"], metas["site_name"])
	m.Source = first(metas["contentsource"], metas["source"])
	m.URL = first(absURL(canonical), absURL(metas["og:url"]), absURL(j.url))
	m.Author = first(metas["author"], metas["article:author"], j.author)
	for _, v := range []string{metas["article:published_time"], metas["og:published_time"], j.published, metas["pubdate"],
		metas["publishdate"], metas["publish_date"], metas["dc.date"], metas["dc.date.issued"], metas["firstpublishedtime"]} {
		if d := isoDate(v); d != "" {
			m.Date, m.DateFrom = d, "meta"
			break
		}
	}
	text := nodeText(bodyOf(doc))
	if m.Date == "" {
		if mm := rePublished.FindStringSubmatch(text); mm != nil {
			m.Date, m.DateFrom = ymd(mm[1], mm[2], mm[3]), "dateline"
		} else if mm := reMasthead.FindStringSubmatch(text); mm != nil {
			m.Date, m.DateFrom = ymd(mm[1], mm[2], mm[3]), "dateline"
		}
		if m.Date == "" {
			m.DateFrom = ""
		}
	}
	if m.Source == "" {
		if mm := reSource.FindStringSubmatch(text); mm != nil {
			m.Source = mm[1]
		}
	}
	if mm := reEdition.FindStringSubmatch(text); mm != nil {
		m.Edition = strings.ToUpper(first(mm[1], mm[2]))
	}
	return m
}

var (
	rePublished = regexp.MustCompile(`(?:发布时间|发布日期|发表时间|时间|日期)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)
	reMasthead  = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:星期|周)[一二三四五六日天]`)
	reSource    = regexp.MustCompile(`来源\s*[:：]\s*([^\s　|｜<>:：]{2,30})`)
	reEdition   = regexp.MustCompile(`(?:第\s*([A-Za-z]?[0-9]{1,3})\s*版)|(?:版次\s*[:：]\s*([A-Za-z]?[0-9]{1,3}))`)
	reISODate   = regexp.MustCompile(`^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})`)
)

func ymd(y, m, d string) string {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	if yy < 1949 || yy > 2100 || mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yy, mm, dd)
}

func isoDate(s string) string {
	if m := reISODate.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	return ""
}

func bodyOf(doc *html.Node) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && tag(n) == atom.Body {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		return doc
	}
	return found
}

// titleFrom: the page's <title> is usually the headline with the site's
// name after a separator (标题_频道_网站, 网站-标题); the h1, when the
// title holds it, is the headline itself.
func titleFrom(title, h1 string) string {
	if h1 != "" && strings.Contains(title, h1) {
		return h1
	}
	best := ""
	for _, part := range regexp.MustCompile(`\s*(?:_|\||｜| - | — |-)\s*`).Split(title, -1) {
		if utf8.RuneCountInString(part) > utf8.RuneCountInString(best) {
			best = part
		}
	}
	return strings.TrimSpace(best)
}

func absURL(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return s
	}
	return ""
}

func first(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

type ldFields struct{ headline, published, publisher, url, author string }

// jsonLD reads the fields we use from the page's JSON-LD objects (an
// object, a list of them, or an @graph), the first value of each winning.
func jsonLD(scripts []string) ldFields {
	var f ldFields
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g)
			}
			f.headline = first(f.headline, str(x["headline"]))
			f.published = first(f.published, str(x["datePublished"]))
			f.publisher = first(f.publisher, name(x["publisher"]))
			f.url = first(f.url, str(x["url"]), name(x["mainEntityOfPage"]))
			f.author = first(f.author, name(x["author"]))
		}
	}
	for _, s := range scripts {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) == nil {
			visit(v)
		}
	}
	return f
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// name is a JSON-LD value that is a string, an object with a name or
// @id, or a list of those.
func name(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return first(str(x["name"]), str(x["@id"]))
	case []any:
		if len(x) > 0 {
			return name(x[0])
		}
	}
	return ""
}

// tag is n's element atom; readability makes elements without one.
func tag(n *html.Node) atom.Atom {
	if n.DataAtom == 0 && n.Type == html.ElementNode {
		return atom.Lookup([]byte(strings.ToLower(n.Data)))
	}
	return n.DataAtom
}
