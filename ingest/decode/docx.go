package decode

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDOCXPart bounds the decompressed size of the one part read, so a zip
// bomb costs a bounded amount of memory.
const maxDOCXPart = 64 << 20

func zipHas(data []byte, part string) bool {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A truncated DOCX has lost its central directory; its first
		// local header still names the parts Word writes first.
		return bytes.Contains(data[:min(len(data), 4096)], []byte("word/")) ||
			bytes.Contains(data[:min(len(data), 4096)], []byte("[Content_Types].xml"))
	}
	for _, f := range z.File {
		if f.Name == part {
			return true
		}
	}
	return false
}

// readDOCX reads a Word document's body with the standard library:
// paragraphs in order, one a block with blank lines between; a table row
// is one line, its cells apart by a tab (paragraphs within a cell by a
// space); tabs and line breaks inside a paragraph kept; deleted text of
// tracked changes, field codes, headers, footers and comments left out.
func readDOCX(name string, data []byte) (string, Meta, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", Meta{}, fail(name, ErrCorrupt, "a DOCX (zip) that does not open: %v", err)
	}
	var doc, core *zip.File
	for _, f := range z.File {
		switch f.Name {
		case "word/document.xml":
			doc = f
		case "docProps/core.xml":
			core = f
		}
	}
	if doc == nil {
		return "", Meta{}, fail(name, ErrCorrupt, "a zip without word/document.xml, so no Word document")
	}
	body, err := readPart(doc)
	if err != nil {
		return "", Meta{}, fail(name, ErrCorrupt, "word/document.xml: %v", err)
	}
	text, err := wordText(body)
	if err != nil {
		return "", Meta{}, fail(name, ErrCorrupt, "word/document.xml is not well-formed XML: %v", err)
	}
	var meta Meta
	if core != nil {
		if b, err := readPart(core); err == nil {
			meta.Title, meta.Author = coreProps(b)
		}
	}
	return text, meta, nil
}

func readPart(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxDOCXPart {
		return nil, fmt.Errorf("%d bytes uncompressed, limit %d", f.UncompressedSize64, maxDOCXPart)
	}
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxDOCXPart+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxDOCXPart {
		return nil, fmt.Errorf("more than %d bytes uncompressed", maxDOCXPart)
	}
	return b, nil
}

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// wordText walks WordprocessingML's tokens.
func wordText(b []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	var para strings.Builder
	// Inside a table: the cells of the current row; depth counts nested
	// tables, whose rows are read as cells' text.
	var row []string
	var cell strings.Builder
	depth := 0
	inText := false
	skip := 0 // inside w:del, w:instrText and the like
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "del", "instrText", "delText", "fldData", "footnoteReference", "commentReference":
				skip++
			case "tbl":
				depth++
			case "tr":
				if depth == 1 {
					row = row[:0]
				}
			case "tc":
				if depth == 1 {
					cell.Reset()
				}
			case "p":
				para.Reset()
			case "t":
				inText = true
			case "tab":
				if skip == 0 {
					para.WriteByte('\t')
				}
			case "br", "cr":
				if skip == 0 {
					para.WriteByte('\n')
				}
			}
		case xml.EndElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "del", "instrText", "delText", "fldData", "footnoteReference", "commentReference":
				skip--
			case "t":
				inText = false
			case "p":
				p := strings.TrimSpace(para.String())
				para.Reset()
				if depth == 0 {
					if p != "" {
						out = append(out, p)
					}
				} else if p != "" {
					if cell.Len() > 0 {
						cell.WriteByte(' ')
					}
					cell.WriteString(strings.ReplaceAll(p, "\n", " "))
				}
			case "tc":
				if depth == 1 {
					row = append(row, strings.ReplaceAll(cell.String(), "\t", " "))
				}
			case "tr":
				if depth == 1 {
					if line := strings.TrimSpace(strings.Join(row, "\t")); line != "" {
						out = append(out, strings.Join(row, "\t"))
					}
				}
			case "tbl":
				depth--
			}
		case xml.CharData:
			if inText && skip == 0 {
				para.Write(t)
			}
		}
	}
	if len(out) == 0 {
		return "", nil
	}
	return strings.Join(out, "\n\n") + "\n", nil
}

// coreProps reads dc:title and dc:creator from docProps/core.xml.
func coreProps(b []byte) (title, author string) {
	var c struct {
		Title   string `xml:"http://purl.org/dc/elements/1.1/ title"`
		Creator string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	}
	if xml.Unmarshal(b, &c) != nil {
		return "", ""
	}
	return strings.TrimSpace(c.Title), strings.TrimSpace(c.Creator)
}
