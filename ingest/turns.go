package ingest

import (
	"regexp"
	"strings"

	"github.com/policygraph/policygraph/ingest/lexicon"
)

// Turn is one speaker's turn in a question-and-answer transcript: from a
// paragraph that opens with a label and a colon (记者：, 黄丽娟：, 答：) to
// the next such paragraph of its article. Interviews are printed this way
// with no speech verb and no quotation marks, so without turns an answer's
// 我建议… has no speaker and its first sentence reads like a panel member's
// suggestion (张三委员：加快…), which it is not.
type Turn struct {
	Label string // as printed before the colon, folded
	Asks  bool   // the interviewer's turn
	Text  Span   // after the label, to the end of the turn's last paragraph
}

// reTurnLabel is a label that opens a paragraph: a name, a role or a
// speaker's title, then a colon. Its length bounds it to a label: a clause
// before a colon (会议强调：) runs longer or holds punctuation.
var reTurnLabel = regexp.MustCompile(`^\s*([\p{Han}A-Za-z·]{1,10})\s*[:：]`)

// findTurns marks the transcript turns of every article that reads as a
// transcript: at least one interviewer's turn and one answer. Other
// articles have none, so a heading such as 市长说: stays what it was.
func (d *Doc) findTurns() {
	d.turnOf = make([]int, len(d.Sentences))
	d.transcripts = map[int]bool{}
	byArticle := map[int][]int{} // article → its sentences, in page order
	var articles []int
	for k, s := range d.Sentences {
		d.turnOf[k] = -1
		if _, seen := byArticle[s.Article]; !seen {
			articles = append(articles, s.Article)
		}
		byArticle[s.Article] = append(byArticle[s.Article], k)
	}
	for _, ai := range articles {
		d.articleTurns(byArticle[ai])
	}
}

// articleTurns reads one article's turns from its sentences.
func (d *Doc) articleTurns(sents []int) {
	type opening struct {
		at    int // index into sents of the sentence that opens the turn
		label string
		asks  bool
		text  int // where the turn's words start
	}
	var opens []opening
	asks, answers := 0, 0
	for at, k := range sents {
		s := d.Sentences[k]
		if d.ParaOf(s.Start).Start != s.Start || s.Kind == Heading {
			continue
		}
		text := d.Text(s.Span)
		m := reTurnLabel.FindStringSubmatchIndex(text)
		if m == nil {
			continue
		}
		label := text[m[2]:m[3]]
		o := opening{at: at, label: label, text: s.Start + len([]rune(text[:m[1]]))}
		switch {
		case d.Lex.Is(lexicon.RoleAsker, label):
			o.asks = true
			asks++
		case d.Lex.Is(lexicon.RoleAnswerer, label) || d.Lex.SurnameLen([]rune(label)) > 0:
			answers++
		default:
			continue // 会议指出：, 简介： — not a speaker
		}
		opens = append(opens, o)
	}
	if asks == 0 || answers == 0 {
		return
	}
	d.transcripts[d.Sentences[sents[0]].Article] = true
	for i, o := range opens {
		end := len(sents)
		if i+1 < len(opens) {
			end = opens[i+1].at
		}
		last := d.Sentences[sents[end-1]]
		t := Turn{Label: o.label, Asks: o.asks, Text: Span{o.text, d.ParaOf(last.Start).End}}
		d.Turns = append(d.Turns, t)
		for _, k := range sents[o.at:end] {
			d.turnOf[k] = len(d.Turns) - 1
		}
	}
}

// TurnOf returns the transcript turn sentence k belongs to.
func (d *Doc) TurnOf(k int) (Turn, bool) {
	if k < 0 || k >= len(d.turnOf) || d.turnOf[k] < 0 {
		return Turn{}, false
	}
	return d.Turns[d.turnOf[k]], true
}

// InTranscript reports whether article ai is printed as a transcript.
func (d *Doc) InTranscript(ai int) bool { return d.transcripts[ai] }

// turnSpeaker returns who answers in the turn sentence k belongs to: the
// official the label names (黄丽娟：, 黄丽娟代表：), or for an unnamed
// answer (答：) the one the article is about. The interviewer's turns and
// labels naming no official found on the page have none.
func (b *Builder) turnSpeaker(k int) *Person {
	t, ok := b.doc.TurnOf(k)
	if !ok || t.Asks {
		return nil
	}
	if b.doc.Lex.Is(lexicon.RoleAnswerer, t.Label) {
		return b.featured[b.doc.Sentences[k].Article]
	}
	if p := b.personNamedIn(t.Label); p != nil && strings.HasPrefix(t.Label, p.Name) {
		return p
	}
	return nil
}
