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

// prepare checks the query text's size before parsing (tokens, bracket
// nesting, and unless longLines, bytes without an ignored character,
// which is as far as a syntax error's column can be from a line break)
// and returns the body the parser reads.
func prepare(q string, lim Limits, longLines bool) ([]byte, *publicError) {
	b := []byte(q)
	tokens, depth, deepest := 0, 0, 0
	// The parse body's current line starts at lineStart; longest is the
	// longest line so far, ending at longestAt.
	lineStart, longest, longestAt := 0, 0, 0
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
			continue
		case c == '#':
			// A comment is ignored up to its line break. Blanking it also
			// works around the lexer counting a comment's runes from a
			// byte offset: non-ASCII in a comment after non-ASCII text
			// shifted every later token.
			for ; i < len(b) && b[i] != '\n' && b[i] != '\r'; i++ {
				b[i] = ' '
			}
			continue
		case strings.HasPrefix(q[i:], `"""`):
			// Block strings keep their bytes: their line breaks are text.
			for i += 3; i < len(b) && !strings.HasPrefix(q[i:], `"""`); i++ {
				switch {
				case strings.HasPrefix(q[i:], `\"""`):
					i += 3
				case b[i] == '\n' || b[i] == '\r':
					if i-lineStart > longest {
						longest, longestAt = i-lineStart, i
					}
					lineStart = i + 1
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
			for i++; i < len(b) && (b[i] == '_' || b[i] >= 'A' && b[i] <= 'Z' || b[i] >= 'a' && b[i] <= 'z' || b[i] >= '0' && b[i] <= '9'); i++ {
			}
		case c == '-' || c >= '0' && c <= '9':
			for i++; i < len(b) && (b[i] >= '0' && b[i] <= '9' || b[i] == '.' || b[i] == 'e' || b[i] == 'E' || b[i] == '+' || b[i] == '-'); i++ {
			}
		case strings.HasPrefix(q[i:], "..."):
			i += 3
		default:
			i++ // other punctuation, or a character the parser will refuse
		}
		if i-lineStart > longest {
			longest, longestAt = i-lineStart, i-1
		}
		tokens++
		if tokens > lim.MaxTokens {
			return nil, userErr(CodeTokenLimit, "the query has more than %d tokens (names, values and punctuation); send a smaller query and pass large values as variables", lim.MaxTokens)
		}
		if deepest > lim.MaxNesting {
			return nil, userErr(CodeDepthLimit, "the query nests brackets more than %d deep", lim.MaxNesting)
		}
	}
	if !longLines && longest > lim.MaxLineBytes {
		l := location.SourceLocation{Line: 1, Column: longestAt + 1}
		locateOne(&l, lineBreaks(q))
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

// lineBreaks returns the offsets of q's line breaks, [start, end) each,
// as graphql-go finds them with the expression \r\n|[\n\r] (which took a
// third of the time of refusing a 1 MB query).
func lineBreaks(q string) [][2]int {
	var out [][2]int
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case '\n':
			out = append(out, [2]int{i, i + 1})
		case '\r':
			if i+1 < len(q) && q[i+1] == '\n' {
				out = append(out, [2]int{i, i + 2})
				i++
			} else {
				out = append(out, [2]int{i, i + 1})
			}
		}
	}
	return out
}

// locate gives errors raised against a document parsed by parseQuery
// their line and column in query, exactly as location.GetLocation would
// have computed them from the query: lines split at \r\n, \n or \r,
// columns counted from the offset.
func locate(errs []gqlerrors.FormattedError, query string) {
	var breaks [][2]int
	found := false
	for i := range errs {
		for j := range errs[i].Locations {
			if errs[i].Locations[j].Line != 1 {
				continue
			}
			if !found {
				breaks, found = lineBreaks(query), true
			}
			locateOne(&errs[i].Locations[j], breaks)
		}
	}
}

// locateOne turns line 1, column offset+1 into the line and column after
// the given line breaks.
func locateOne(l *location.SourceLocation, breaks [][2]int) {
	pos := l.Column - 1
	n := sort.Search(len(breaks), func(k int) bool { return breaks[k][0] >= pos })
	if n > 0 {
		*l = location.SourceLocation{Line: n + 1, Column: pos + 1 - breaks[n-1][1]}
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
	l := location.SourceLocation{Line: 1, Column: pos + 1}
	locateOne(&l, lineBreaks(query))
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
	var lines []string
	start := 0
	for _, br := range lineBreaks(body) {
		lines = append(lines, body[start:br[0]])
		start = br[1]
	}
	lines = append(lines, body[start:])
	var b strings.Builder
	if l.Line >= 2 && l.Line-2 < len(lines) {
		b.WriteString(pad(prev) + ": " + printLine(lines[l.Line-2]) + "\n")
	}
	if l.Line-1 < len(lines) {
		b.WriteString(pad(cur) + ": " + printLine(lines[l.Line-1]) + "\n")
	}
	b.WriteString(strings.Repeat(" ", max(1+len(next)+l.Column, 0)) + "^\n")
	if l.Line < len(lines) {
		b.WriteString(pad(next) + ": " + printLine(lines[l.Line]) + "\n")
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
