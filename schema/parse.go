package schema

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// graphql-go v0.8.1 makes errors expensive in the size of the query:
// every error compiles a regular expression and scans the whole body for
// line breaks to compute its line and column (location.GetLocation), and a
// syntax error pads its caret line one string concatenation per column
// (gqlerrors.highlightSourceAtLocation), which is quadratic: a syntax
// error at column 60,000 took 4 s, one at the end of a 1 MB line would
// take minutes. So the parser reads a copy of the query whose ignored
// characters (spaces, commas, line breaks, comments) are rewritten, byte
// for byte, to keep its lines short and few; token offsets do not change.
// Errors are then located in the query as sent: a syntax error is
// re-rendered from its offset, and the body is dropped after parsing so
// that validation and execution errors carry their raw offset, which
// locate turns into a line and column in one pass.

// breakEvery is how long a line of the parse body may grow before an
// ignored character becomes a line break.
const breakEvery = 256

// maxNameBytes bounds names (fields, aliases, fragments, variables,
// types): graphql-go compares an unknown name with every known one, in
// time proportional to the product of their lengths.
const maxNameBytes = 128

// prepare checks the query text's size before parsing (tokens, bracket
// nesting, and unless the request is trusted, its length, which bounds
// graphql-go's regular expression passes over it, and the bytes without
// an ignored character, as far as a syntax error's column can be from a
// line break) and returns the body the parser reads.
func prepare(q string, lim Limits, trusted bool) ([]byte, *publicError) {
	if !trusted && len(q) > lim.MaxQueryBytes {
		return nil, userErr(CodePayloadTooLarge, "the query is %d bytes; the limit is %d: pass large values as variables", len(q), lim.MaxQueryBytes)
	}
	b := []byte(q)
	tokens, depth, deepest := 0, 0, 0
	// The parse body's current line starts at lineStart, the current run
	// of bytes without an ignored one at runStart; longest is the longest
	// run so far, ending at longestAt. A line is at most a run and
	// breakEvery bytes.
	lineStart, runStart, longest, longestAt := 0, 0, 0, 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			// An ignored byte: a space, or a line break once the line is
			// long enough.
			if i-lineStart >= breakEvery {
				b[i], lineStart = '\n', i+1
			} else {
				b[i] = ' '
			}
			i++
			runStart = i
			continue
		case c == '#':
			// A comment is ignored up to its line break. Blanking it also
			// works around the lexer counting a comment's runes from a
			// byte offset: non-ASCII in a comment after non-ASCII text
			// shifted every later token.
			for ; i < len(b) && b[i] != '\n' && b[i] != '\r'; i++ {
				b[i] = ' '
			}
			runStart = i
			continue
		case strings.HasPrefix(q[i:], `"""`):
			// Block strings keep their bytes: their line breaks are text.
			for i += 3; i < len(b) && !strings.HasPrefix(q[i:], `"""`); i++ {
				switch {
				case strings.HasPrefix(q[i:], `\"""`):
					i += 3
				case b[i] == '\n' || b[i] == '\r':
					if i-runStart > longest {
						longest, longestAt = i-runStart, i
					}
					lineStart, runStart = i+1, i+1
				}
			}
			i = min(i+3, len(b))
		case c == '"':
			for i++; i < len(b) && b[i] != '"' && b[i] != '\n' && b[i] != '\r'; i++ {
				if b[i] == '\\' && i+1 < len(b) && b[i+1] != '\n' && b[i+1] != '\r' {
					i++
				}
			}
			if i < len(b) && b[i] == '"' {
				i++
			}
		case c == '{' || c == '[' || c == '(':
			depth++
			deepest = max(deepest, depth)
			i++
		case c == '}' || c == ']' || c == ')':
			depth = max(depth-1, 0)
			i++
		case c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			start := i
			for i++; i < len(b) && (b[i] == '_' || b[i] >= 'A' && b[i] <= 'Z' || b[i] >= 'a' && b[i] <= 'z' || b[i] >= '0' && b[i] <= '9'); i++ {
			}
			if i-start > maxNameBytes {
				return nil, userErr(CodeTokenLimit, "the query has a name of %d bytes; the limit is %d", i-start, maxNameBytes)
			}
		case c == '-' || c >= '0' && c <= '9':
			for i++; i < len(b) && (b[i] >= '0' && b[i] <= '9' || b[i] == '.' || b[i] == 'e' || b[i] == 'E' || b[i] == '+' || b[i] == '-'); i++ {
			}
		case strings.HasPrefix(q[i:], "..."):
			i += 3
		default:
			i++ // other punctuation, or a character the parser will refuse
		}
		if i-runStart > longest {
			longest, longestAt = i-runStart, i-1
		}
		tokens++
		if tokens > lim.MaxTokens {
			return nil, userErr(CodeTokenLimit, "the query has more than %d tokens (names, values and punctuation); send a smaller query and pass large values as variables", lim.MaxTokens)
		}
		if deepest > lim.MaxNesting {
			return nil, userErr(CodeDepthLimit, "the query nests brackets more than %d deep", lim.MaxNesting)
		}
	}
	if !trusted && longest > lim.MaxLineBytes {
		l := lineCol(q, longestAt)
		return nil, userErr(CodeTokenLimit, "the query has %d bytes without a space or line break (line %d); the limit is %d: pass long strings as variables",
			longest, l.Line, lim.MaxLineBytes)
	}
	return b, nil
}

// parseQuery parses a body from prepare. Syntax errors are located and
// rendered in query, the text as sent.
func parseQuery(body []byte, query string) (*ast.Document, error) {
	src := source.NewSource(&source.Source{Body: body, Name: "GraphQL request"})
	doc, err := parser.Parse(parser.ParseParams{Source: src})
	if err != nil {
		return nil, relocateSyntaxError(err, src, query)
	}
	// Without a body, graphql-go reports line 1 and the offset as the
	// column, cheaply; locate does the rest.
	src.Body = nil
	return doc, nil
}

// nextBreak returns where the first line break at or after i starts and
// ends, or len(q) twice: breaks are \r\n, \n or \r, as graphql-go finds
// them with a regular expression (which, on a large query, took longer
// than everything else).
func nextBreak(q string, i int) (int, int) {
	for ; i < len(q); i++ {
		switch q[i] {
		case '\n':
			return i, i + 1
		case '\r':
			if i+1 < len(q) && q[i+1] == '\n' {
				return i, i + 2
			}
			return i, i + 1
		}
	}
	return len(q), len(q)
}

// lineCol is location.GetLocation of offset pos in q, in one pass with
// nothing allocated.
func lineCol(q string, pos int) location.SourceLocation {
	line, lineStart := 1, 0
	for {
		start, end := nextBreak(q, lineStart)
		if start >= pos || start == len(q) {
			return location.SourceLocation{Line: line, Column: pos + 1 - lineStart}
		}
		line, lineStart = line+1, end
	}
}

// locate gives errors raised against a document parsed by parseQuery
// their line and column in query, as location.GetLocation would have:
// one pass over the query for all of them.
func locate(errs []gqlerrors.FormattedError, query string) {
	var locs []*location.SourceLocation
	for i := range errs {
		for j := range errs[i].Locations {
			if errs[i].Locations[j].Line == 1 {
				locs = append(locs, &errs[i].Locations[j])
			}
		}
	}
	sort.SliceStable(locs, func(a, b int) bool { return locs[a].Column < locs[b].Column })
	line, lineStart := 1, 0
	start, end := nextBreak(query, 0)
	for _, l := range locs {
		pos := l.Column - 1
		for start < pos && start < len(query) {
			line, lineStart = line+1, end
			start, end = nextBreak(query, end)
		}
		*l = location.SourceLocation{Line: line, Column: pos + 1 - lineStart}
	}
}

const syntaxPrefix = "Syntax Error GraphQL request ("

// relocateSyntaxError rewrites a syntax error found in the parse body as
// graphql-go would have reported it on query: the same description, the
// line and column in query, and query's lines around it.
func relocateSyntaxError(err error, src *source.Source, query string) error {
	var ge *gqlerrors.Error
	if !errors.As(err, &ge) || len(ge.Positions) != 1 || len(ge.Locations) != 1 || !strings.HasPrefix(ge.Message, syntaxPrefix) {
		return err
	}
	pos, at := ge.Positions[0], ge.Locations[0]
	head := fmt.Sprintf("%s%d:%d) ", syntaxPrefix, at.Line, at.Column)
	tail := "\n\n" + caretLines(string(src.Body), at)
	if !strings.HasPrefix(ge.Message, head) || !strings.HasSuffix(ge.Message, tail) {
		return err
	}
	desc := ge.Message[len(head) : len(ge.Message)-len(tail)]
	l := lineCol(query, pos)
	out := *ge
	out.Message = fmt.Sprintf("%s%d:%d) %s\n\n%s", syntaxPrefix, l.Line, l.Column, desc, caretLines(query, l))
	out.Locations = []location.SourceLocation{l}
	out.Source = nil
	return &out
}

// caretLines is gqlerrors.highlightSourceAtLocation in linear time: the
// line before, the line with a caret under the column, the line after.
func caretLines(body string, l location.SourceLocation) string {
	prev, cur, next := strconv.Itoa(l.Line-1), strconv.Itoa(l.Line), strconv.Itoa(l.Line+1)
	pad := func(s string) string { return strings.Repeat(" ", max(len(next)-len(s), 0)) + s }
	// The lines numbered l.Line-1, l.Line and l.Line+1, when they exist.
	var before, at, after string
	hasBefore, hasAt, hasAfter := false, false, false
	for n, lineStart := 1, 0; n <= l.Line+1; n++ {
		start, end := nextBreak(body, lineStart)
		switch n {
		case l.Line - 1:
			before, hasBefore = body[lineStart:start], true
		case l.Line:
			at, hasAt = body[lineStart:start], true
		case l.Line + 1:
			after, hasAfter = body[lineStart:start], true
		}
		if start == len(body) {
			break
		}
		lineStart = end
	}
	var b strings.Builder
	if l.Line >= 2 && hasBefore {
		b.WriteString(pad(prev) + ": " + printLine(before) + "\n")
	}
	if hasAt {
		b.WriteString(pad(cur) + ": " + printLine(at) + "\n")
	}
	b.WriteString(strings.Repeat(" ", max(1+len(next)+l.Column, 0)) + "^\n")
	if hasAfter {
		b.WriteString(pad(next) + ": " + printLine(after) + "\n")
	}
	return b.String()
}

// printLine is gqlerrors.printLine: control characters as \uXXXX.
func printLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0x20 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, `\u%04X`, r)
		}
	}
	return b.String()
}
