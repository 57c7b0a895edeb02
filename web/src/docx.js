// A speechwriter's brief as a Word document (.docx): the smallest package
// Word, WPS and LibreOffice open (content types, the package relationship
// and word/document.xml), written with a tiny zip writer (stored entries,
// no compression), so the explorer needs no library for it.

const enc = new TextEncoder();

let crcTable;
/** CRC-32 (IEEE), as zip wants it. */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip archive of the files (name → string or bytes), stored without
 * compression, names in UTF-8.
 * @param {Array<[string, string|Uint8Array]>} files
 * @returns {Uint8Array}
 */
export function zip(files) {
  const parts = [];
  const central = [];
  let offset = 0;
  // 1980-01-01 00:00, the earliest DOS date: a fixed stamp keeps the output reproducible.
  const time = 0;
  const date = (0 << 9) | (1 << 5) | 1;
  for (const [name, content] of files) {
    const nameBytes = enc.encode(name);
    const data = typeof content === 'string' ? enc.encode(content) : content;
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(8, 0, true); // stored
    local.setUint16(10, time, true);
    local.setUint16(12, date, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    local.setUint16(28, 0, true);
    parts.push(new Uint8Array(local.buffer), nameBytes, data);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true); // version made by
    dir.setUint16(6, 20, true);
    dir.setUint16(8, 0x0800, true);
    dir.setUint16(10, 0, true);
    dir.setUint16(12, time, true);
    dir.setUint16(14, date, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, data.length, true);
    dir.setUint16(28, nameBytes.length, true);
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const xml = (s) => String(s ?? '')
  // Characters XML 1.0 does not allow, then the five it escapes.
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** One paragraph: runs of [text, {bold, size (half-points), color, italic}]. */
function para(runs, { indent = 0, spaceAfter = 80 } = {}) {
  const pPr = `<w:pPr><w:spacing w:after="${spaceAfter}"/>${indent ? `<w:ind w:left="${indent}"/>` : ''}</w:pPr>`;
  const rs = runs.map(([text, f = {}]) => {
    const rPr = [
      f.bold ? '<w:b/>' : '',
      f.italic ? '<w:i/>' : '',
      f.color ? `<w:color w:val="${f.color}"/>` : '',
      f.size ? `<w:sz w:val="${f.size}"/><w:szCs w:val="${f.size}"/>` : '',
    ].join('');
    return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${xml(text)}</w:t></w:r>`;
  }).join('');
  return `<w:p>${pPr}${rs}</w:p>`;
}

/**
 * The brief as the paragraphs of a Word document, from a plan of blocks
 * (see briefBlocks in speech.js): {h1|h2|h3|item|quote|source|text: string}.
 */
export function docxBytes(blocks) {
  const body = blocks.map((b) => {
    if (b.h1 != null) return para([[b.h1, { bold: true, size: 36 }]], { spaceAfter: 200 });
    if (b.h2 != null) return para([[b.h2, { bold: true, size: 30 }]], { spaceAfter: 120 });
    if (b.h3 != null) return para([[b.h3, { bold: true, size: 26, color: '444444' }]]);
    if (b.item != null) return para([[b.item, { bold: true }], [b.detail ? `（${b.detail}）` : '']], { indent: 240 });
    if (b.quote != null) return para([[`${b.kind}：`, { color: '666666' }], [b.quote]], { indent: 480, spaceAfter: 20 });
    if (b.source != null) return para([[`—— ${b.source}`, { italic: true, color: '666666', size: 20 }]], { indent: 480, spaceAfter: 120 });
    return para([[b.text ?? '']]);
  }).join('');
  const doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + `<w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`;
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      + '</Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
      + '</Relationships>'],
    ['word/document.xml', doc],
  ]);
}
