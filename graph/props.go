package graph

// The property keys of the contract: what ingest writes and the API, the
// queries and the export read, by label. Props is keyed by string, so the
// keys are string constants; every package names a property by one of
// these, never by a literal. A store keeps any other identifier too.
const (
	// A Document's properties.
	PropSource      = "source"      // the file's base name
	PropText        = "text"        // the full text (evidence offsets index it in runes); a Statement's words
	PropParagraphs  = "paragraphs"  // the text's paragraphs, as cleaned
	PropHeadlines   = "headlines"   // every headline on the page
	PropTitle       = "title"       // the first headline; HOLDS_POSITION's title (代理市长)
	PropReporters   = "reporters"   // bylines
	PropNewspaper   = "newspaper"   // the newspaper, when the page names one
	PropDate        = "date"        // YYYY-MM-DD, when known
	PropCity        = "city"        // the id of the page's own city, "" when unknown
	PropEncoding    = "encoding"    // the encoding the file was read in
	PropTraditional = "traditional" // whether the file was in traditional characters
	PropSHA256      = "sha256"      // the file's SHA-256, hex
	PropBytes       = "bytes"       // the file's size
	PropFormat      = "format"      // txt, html, docx or pdf, as read
	PropSiteName    = "site_name"   // the site a saved page names
	PropEdition     = "edition"     // an e-paper page's 版次
	PropURL         = "url"         // where the document was published
	PropDateSource  = "date_source" // how the date was found: meta, flag, dateline or inferred
	// Where each article of the page starts in the text, in runes, in page
	// order (an article runs to the next one's start, the last to the end
	// of the text), and each one's headline ("" when it has none).
	PropArticleStarts    = "article_starts"
	PropArticleHeadlines = "article_headlines"

	// A City's.
	PropCode  = "code"  // GB/T 2260 division code (430200)
	PropLevel = "level" // province, prefecture or county

	// An Industry's.
	PropSector = "sector"

	// A Statement's (besides PropText).
	PropKind     = "kind"     // KindDirect or KindReported
	PropStart    = "start"    // offset of the words in the document's text, in runes
	PropEnd      = "end"      // end offset, exclusive
	PropDocument = "document" // the id of the document that prints it
)
