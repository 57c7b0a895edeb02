// Package decode is the first ingest stage: it turns the raw bytes of a
// policy-report file into clean Unicode text, or refuses the file with an
// error that says what is wrong with it and how to fix it.
//
// It exists so that every later stage can assume one text form — valid UTF-8,
// no BOM or control characters, \n line endings — and can match simplified
// keywords against traditional or full-width text without losing the ability
// to quote the text exactly as printed.
//
// # What Decode does
//
//   - Refuses files over Decoder.MaxBytes (by size alone, before any other
//     work; callers should stat a file before reading it too), empty or
//     blank files, and binary files: known signatures (PDF, PNG, JPEG, GIF,
//     ZIP/DOCX/XLSX, OLE2 .doc/.xls, GZIP, BZIP2, XZ, Zstandard, 7z, RAR, ELF,
//     RTF…), or a share of NUL/control bytes no text has.
//   - Detects the encoding: UTF-8 with or without BOM; UTF-16 LE/BE with a
//     BOM, or without one when the NUL bytes of its ASCII characters (line
//     breaks, digits) fall mostly on one side and the result reads as Chinese
//     (BOM-less UTF-16 with no ASCII character at all is not recognised);
//     otherwise GB18030 (a superset of GBK and GB2312, so
//     GBK files are always decoded as GB18030), then Big5, each accepted only
//     if the result has (almost) no U+FFFD and is (almost) all CJK, ASCII and
//     the punctuation and symbols Chinese reports use (Big5 is tried second
//     because GBK bytes are mostly valid Big5 too). Bytes that are mostly
//     valid UTF-8 with a few bad sequences are refused rather than re-read as
//     GB18030, because that would turn the whole file into mojibake; only an
//     incomplete character cut off at the very end is dropped silently.
//   - Produces Text.Original: the text as printed (traditional characters and
//     full-width forms kept) minus U+FEFF, NUL, C0 controls other than \t and
//     \n, DEL and C1 controls, with \r\n and \r turned into \n.
//   - Produces Text.Normalized for matching: rune by rune, traditional
//     characters become simplified (OpenCC's t2s phrase and character
//     tables), and width variants fold: full-width ASCII (ＡＢＣ１２３，：；！？（）
//     and the rest of U+FF01–U+FF5E) becomes ASCII, U+3000 and U+00A0 become
//     a space, ￥ becomes ¥, half-width katakana and ｡､ become full-width.
//     Corner-bracket quotation marks (「」『』, and half-width ｢｣) become the
//     mainland's “”‘’. Other Chinese punctuation with no ASCII twin
//     (、。“”‘’《》—…·) is kept, because later stages match it as such. Normalized has exactly as many
//     runes as Original and rune i of one corresponds to rune i of the other,
//     so an offset found in Normalized is an offset in Original.
//   - Sets Text.Traditional when at least 5% of the Han characters change
//     under t2s: simplified text scores 0% (OpenCC's table leaves characters
//     that are also simplified, like 著 and 覆, alone), traditional text
//     15–35% (the traditional report in the dev corpus: 34.7%).
//
// # Documents: Read
//
// Decoder.Read takes any file the ingest accepts and tells its format by
// content (Sniff; the extension only breaks a tie for markup without a
// page element): plain text goes to Decode; HTML to the page's main
// content (html.go: the declared charset, furniture cut, go-readability
// picking the content, the headline block put back, the page's metadata
// in Text.Meta); DOCX to its paragraphs and table rows (docx.go,
// archive/zip and encoding/xml); PDF to its text layer through poppler's
// pdftotext (pdf.go, paragraphs rebuilt from the lines' boxes). The
// extracted text then gets Decode's checks and forms. A damaged, empty,
// scanned or password-protected document is an *Error wrapping
// ErrCorrupt, ErrNoText, ErrEncrypted or ErrNoReader.
//
// # Data and licences
//
// The traditional→simplified tables in data/opencc are unmodified copies of
// OpenCC's TSCharacters.txt and TSPhrases.txt (https://github.com/BYVoid/OpenCC,
// Apache License 2.0, as shipped in github.com/longbridgeapp/opencc v0.3.13;
// see data/opencc/README.md and LICENSE). They are compiled into the binary
// with go:embed and parsed once, on first use; nothing is read from disk at
// run time. The converter follows opencc's t2s algorithm (longest phrase
// match within 10 runes, else the first candidate of the character table),
// and a test checks it against opencc itself. opencc is not imported by the
// package because its init registers a global -dir flag on flag.CommandLine
// (a service with its own -dir flag would panic at start-up), it embeds all
// 1.3 MB of its dictionaries, and it converts about 5 MB/s. Legacy encodings come from
// golang.org/x/text (BSD-3-Clause); width folding from golang.org/x/text/width.
package decode
