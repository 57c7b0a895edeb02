#!/usr/bin/env python3
"""Builds the format fixtures of testdata/formats from the plain-text reports
of testdata/reports: each HTML, DOCX and PDF file here is the twin of one of
them, wrapped in the page furniture of a real kind of site. Deterministic:
running it again writes the same bytes.

    pip install fpdf2==2.8.9      # PDFs only; Debian's fonts-noto-cjk for the font
    python3 testdata/formats/make_fixtures.py
"""
import html
import io
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(HERE, "..", "reports")


def report(name, encoding="utf-8"):
    with open(os.path.join(REPORTS, name), "rb") as f:
        text = f.read().decode(encoding)
    return text.replace("\r\n", "\n").lstrip("\ufeff")


def paragraphs(text):
    return [p.strip() for p in text.split("\n") if p.strip()]


def ps(paras, indent="      "):
    return "\n".join(indent + "<p>" + html.escape(p, quote=False) + "</p>" for p in paras)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


RELATED = ["株洲市召开2026年全市经济工作会议", "攸县：项目建设跑出“加速度”", "炎陵县黄桃产业带动群众增收",
           "茶陵县推进城乡环境整治", "市政协召开党组会议"]


def epaper(text):
    """A founder-style e-paper article page (数字报), GBK, charset in the
    http-equiv content-type: masthead, 版面导航, the page's article list, a
    share bar, the article, 上一篇/下一篇 and a footer with the ICP line."""
    paras = paragraphs(text)
    head, sub, body = paras[1], paras[2], paras[3:]
    items = "\n".join('        <li><a href="content_{0}.htm">{1}</a></li>'.format(i + 1, html.escape(t)) for i, t in enumerate(RELATED))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>株洲日报数字报-{html.escape(head)}</title>
<meta name="description" content="株洲日报数字报" />
<link rel="stylesheet" type="text/css" href="../../../../style/epaper.css" />
<script type="text/javascript" src="../../../../script/jquery.min.js"></script>
<script type="text/javascript">var currentPage = "A03"; function zoomIn(){{}}</script>
</head>
<body>
<div class="top">
  <div class="masthead"><img src="../../../../images/logo.gif" alt="株洲日报" /> 2025年12月27日 星期六 </div>
  <div class="topnav"><a href="../../../../index.htm">首页</a> | <a href="#">往期回顾</a> | <a href="#">株洲新闻网</a> | <a href="#">株洲晚报</a></div>
</div>
<table class="main"><tr>
<td class="left">
  <div class="pagenav">
    <span>第A03版：县市区两会特刊</span>
    <a href="node_2.htm">上一版</a> <a href="node_4.htm">下一版</a>
    <ul>
      <li><a href="node_1.htm">A01：要闻</a></li>
      <li><a href="node_2.htm">A02：要闻</a></li>
      <li><a href="node_3.htm">A03：县市区两会特刊</a></li>
      <li><a href="node_4.htm">A04：综合新闻</a></li>
    </ul>
  </div>
  <div class="titlelist"><h4>本版导航</h4>
      <ul>
{items}
      </ul>
  </div>
</td>
<td class="right">
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> <a href="#" onclick="window.print()">打印</a> 【字号 <a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
  <div class="article">
    <h3 class="yinti">{html.escape(paras[0])}</h3>
    <h1>{html.escape(head)}</h1>
    <h2 class="futi">{html.escape(sub)}</h2>
    <div id="ozoom">
      <founder-content>
{ps(body, "        ")}
      </founder-content>
    </div>
  </div>
  <div class="prevnext"><a href="content_1.htm">上一篇：株洲市召开2026年全市经济工作会议</a> <a href="content_3.htm">下一篇：攸县：项目建设跑出“加速度”</a></div>
</td>
</tr></table>
<div class="footer">
  <p>株洲日报社版权所有 未经书面授权 不得复制或建立镜像</p>
  <p>地址：湖南省株洲市天元区 邮编：412007 <a href="https://beian.miit.gov.cn/">湘ICP备05003917号</a> 湘公网安备 43020302000123号</p>
</div>
</body>
</html>
"""
    return page.encode("gbk", errors="xmlcharrefreplace")


def portal(text):
    """A city news portal's article page, UTF-8 with <meta charset>: channel
    navigation, breadcrumbs, 发布时间/来源 line, og: and article: meta tags,
    JSON-LD, a share bar, the article, 相关新闻 and 热点排行 lists, footer."""
    paras = paragraphs(text)
    # The report starts with the masthead and the date line; a portal prints
    # its own.
    title = paras[3]
    body = paras[2:]
    rel = "\n".join('        <li><a href="/news/{0}.html">{1}</a><span>2026-01-0{0}</span></li>'.format(i + 1, html.escape(t)) for i, t in enumerate(RELATED))
    hot = "\n".join('        <li><em>{0}</em><a href="/hot/{0}.html">{1}</a></li>'.format(i + 1, html.escape(t)) for i, t in enumerate(reversed(RELATED)))
    jsonld = ('{"@context":"https://schema.org","@type":"NewsArticle","headline":"' + title +
              '","datePublished":"2026-01-08T09:30:00+08:00","publisher":{"@type":"Organization","name":"湘潭在线"},'
              '"mainEntityOfPage":"https://www.xtol.cn/news/2026/0108/123456.html"}')
    page = f"""<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(title)}_湘潭新闻_湘潭在线</title>
  <meta name="keywords" content="两会,代表建议,电工装备">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{html.escape(title)}">
  <meta property="og:site_name" content="湘潭在线">
  <meta property="og:url" content="https://www.xtol.cn/news/2026/0108/123456.html">
  <meta property="article:published_time" content="2026-01-08T09:30:00+08:00">
  <link rel="canonical" href="https://www.xtol.cn/news/2026/0108/123456.html">
  <script type="application/ld+json">{jsonld}</script>
  <style>.nav li{{display:inline}}</style>
</head>
<body>
  <header class="site-header">
    <div class="logo"><a href="/">湘潭在线</a></div>
    <nav class="nav"><ul>
      <li><a href="/">首页</a></li><li><a href="/news/">新闻</a></li><li><a href="/zt/">专题</a></li>
      <li><a href="/lianghui/">两会</a></li><li><a href="/video/">视频</a></li><li><a href="/epaper/">数字报</a></li>
    </ul></nav>
    <form class="search"><input name="q" placeholder="搜索"></form>
  </header>
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻</a> &gt; <a href="/lianghui/">两会</a> &gt; 正文</div>
  <main class="container">
    <article class="article">
      <h1 class="article-title">{html.escape(title)}</h1>
      <div class="article-info">发布时间：2026-01-08 09:30　来源：湘潭日报　作者：记者　编辑：周芳</div>
      <div class="share-bar">分享到：<a class="wx">微信</a><a class="wb">微博</a><a class="qq">QQ</a> <span>扫一扫在手机打开当前页</span></div>
      <div class="article-content" id="content">
{ps(body)}
      </div>
      <div class="article-editor">【责任编辑：周芳】</div>
    </article>
    <section class="related"><h3>相关新闻</h3>
      <ul>
{rel}
      </ul>
    </section>
    <aside class="hot"><h3>热点排行</h3>
      <ol>
{hot}
      </ol>
    </aside>
  </main>
  <footer class="site-footer">
    <p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/map/">网站地图</a> | <a href="/ad/">广告服务</a></p>
    <p>湘潭日报社主办 版权所有 Copyright © 2026 xtol.cn All Rights Reserved</p>
    <p>互联网新闻信息服务许可证：43120170008 <a href="https://beian.miit.gov.cn/">湘ICP备06002435号-1</a></p>
  </footer>
  <script>(function(){{var hm=document.createElement("script");}})();</script>
</body>
</html>
"""
    return page.encode("utf-8")


def gov(text):
    """A government portal's 政务动态 page, GBK declared only in the
    http-equiv content-type with charset=GBK: 发布时间 and 来源 in the page
    text, 字号/打印/关闭, a 相关链接 list and the 网站标识码 footer."""
    paras = paragraphs(text)
    title = paras[1]
    body = paras[2:]
    rel = "\n".join('<li><a href="/art/2026/1/{0}/art_{0}.html">{1}</a></li>'.format(i + 1, html.escape(t)) for i, t in enumerate(RELATED[:3]))
    page = f"""<html>
<head>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">
<title>{html.escape(title)} - 耒阳市人民政府</title>
<meta name="SiteName" content="耒阳市人民政府">
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="2026-01-09 16:20">
<meta name="ContentSource" content="衡阳日报">
</head>
<body>
<div class="head"><img src="/images/banner.jpg" alt="耒阳市人民政府"><div class="date">今天是：<script>document.write(new Date().toLocaleDateString())</script></div></div>
<div class="menu"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zwdt/">政务动态</a><a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt;&gt; <a href="/zwdt/">政务动态</a> &gt;&gt; <a href="/zwdt/bmdt/">部门动态</a></div>
<table width="1000" align="center"><tr><td>
<div class="bt">{html.escape(paras[0])}</div>
<div class="title">{html.escape(title)}</div>
<div class="info">发布时间：2026-01-09 16:20　　来源：衡阳日报　　浏览次数：<span id="hits">1024</span>　　【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="zoom" id="zoom">
{ps(body, "")}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="xglj"><b>相关链接：</b><ul>
{rel}
</ul></div>
</td></tr></table>
<div class="foot">
<p>主办：耒阳市人民政府办公室　承办：耒阳市政务服务中心　<a href="/sitemap/">网站地图</a></p>
<p>政府网站标识码：4304810001　<a href="https://beian.miit.gov.cn">湘ICP备11001283号</a>　湘公网安备 43048102000187号</p>
</div>
</body>
</html>
"""
    return page.encode("gbk", errors="xmlcharrefreplace")


def docx(paras, table=None):
    """A minimal WordprocessingML package as Word writes it: content types,
    relationships, document.xml (paragraphs in runs, one split across runs,
    an optional table) and core.xml."""
    def run_p(p):
        # Word splits a paragraph into runs where formatting changes.
        cut = len(p) // 2
        return ('<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">' + html.escape(p[:cut], quote=False) +
                '</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>' + html.escape(p[cut:], quote=False) + '</w:t></w:r></w:p>')
    body = "".join(run_p(p) for p in paras)
    if table:
        rows = "".join("<w:tr>" + "".join('<w:tc><w:p><w:r><w:t>' + html.escape(c, quote=False) + '</w:t></w:r></w:p></w:tc>' for c in r) + "</w:tr>" for r in table)
        body += "<w:tbl>" + rows + "</w:tbl>"
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body +
                '<w:sectPr/></w:body></w:document>')
    files = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
        ("word/document.xml", document),
        ("docProps/core.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>' + html.escape(paras[1] if len(paras) > 1 else "") + '</dc:title><dc:creator>policygraph</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-08T00:00:00Z</dcterms:created></cp:coreProperties>'),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 8, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content.encode("utf-8"))
    return buf.getvalue()


def pdf(paras):
    """A text-layer PDF set in Noto Sans CJK, as a word processor exports a
    report: wrapped lines, paragraphs apart."""
    from fpdf import FPDF
    doc = FPDF(format="A4")
    doc.set_creation_date(__import__("datetime").datetime(2026, 1, 8, tzinfo=__import__("datetime").timezone.utc))
    doc.set_producer("policygraph make_fixtures.py")
    doc.add_font("noto", fname="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", collection_font_number=2)  # SC
    doc.set_font("noto", size=11)
    doc.add_page()
    for p in paras:
        doc.multi_cell(0, 7, p, new_x="LMARGIN", new_y="NEXT")
        doc.ln(4)
    return bytes(doc.output())


def scanned_pdf():
    """A 'scanned' page: an image of text and no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw
    img = Image.new("L", (400, 120), 255)
    d = ImageDraw.Draw(img)
    for y in range(20, 110, 12):
        d.line((20, y, 380, y), fill=0, width=3)  # lines standing for print
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    doc = FPDF(format="A4")
    doc.set_creation_date(__import__("datetime").datetime(2026, 1, 8, tzinfo=__import__("datetime").timezone.utc))
    doc.set_producer("policygraph make_fixtures.py")
    doc.add_page()
    doc.image(buf, x=20, y=20, w=170)
    return bytes(doc.output())


def protected_pdf(paras):
    """A PDF that opens only with a password (fpdf2's AES-128)."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod
    doc = FPDF(format="A4")
    doc.set_creation_date(__import__("datetime").datetime(2026, 1, 8, tzinfo=__import__("datetime").timezone.utc))
    doc.set_producer("policygraph make_fixtures.py")
    doc.set_encryption(owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.RC4)
    doc.add_font("noto", fname="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", collection_font_number=2)
    doc.set_font("noto", size=11)
    doc.add_page()
    for p in paras:
        doc.multi_cell(0, 7, p, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def main():
    seed = report("000_e809176d26951911.txt")
    xiangtan = report("xiangtan_daibiao_jianyi_gbk.txt", "gb18030")
    hengyang = report("hengyang_fangtan.txt")
    write("zhuzhou_epaper_gbk.html", epaper(seed))
    write("xiangtan_portal.html", portal(xiangtan))
    write("hengyang_gov_gbk.html", gov(hengyang))
    write("hengyang_fangtan.docx", docx(paragraphs(hengyang)))
    write("xiangtan_table.docx", docx(paragraphs(xiangtan)[:4], table=[["代表", "单位", "建议"], ["张三", "湘潭电机股份有限公司", "推动电工装备产业集群发展"]]))
    if "--no-pdf" not in sys.argv:
        write("hengyang_fangtan.pdf", pdf(paragraphs(hengyang)))
        write("scanned.pdf", scanned_pdf())
        write("protected.pdf", protected_pdf(paragraphs(hengyang)[:3]))


if __name__ == "__main__":
    main()
