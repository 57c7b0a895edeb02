package schema

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// briefTopics are the five topics for a speechwriter's brief.
var briefTopics = []string{"人工智能", "低空经济", "硬质材料", "乡村振兴", "养老"}

// checkBriefs asks the dev corpus for a speechwriter's brief on each topic
// and checks what a speechwriter relies on: every quote is a sentence of its
// document at its offsets (a statement's words at theirs), no quote is a
// bare headline when the article's body has a sentence, quotes are
// deduplicated and ranked (direct speech, reported, other; newest first),
// dates within a place newest first, and citations say 日期不详 only for
// undated reports. It returns each topic's answer as JSON, for the caller
// to compare across stores.
func checkBriefs(t *testing.T, ts *testServer) map[string]string {
	answers := map[string]string{}
	texts := map[string][]rune{}
	d := ts.ok(`{ documents(first: 100) { nodes { id text } } }`)
	for _, n := range at(d, "documents", "nodes").([]interface{}) {
		text, _ := at(n, "text").(string)
		texts[at(n, "id").(string)] = []rune(text)
	}
	kindRank := func(k interface{}) int {
		switch k {
		case "direct":
			return 0
		case "reported":
			return 1
		}
		return 2
	}
	str := func(v interface{}) string { s, _ := v.(string); return s }
	for _, topic := range briefTopics {
		t.Run("brief "+topic, func(t *testing.T) {
			d := ts.ok(fmt.Sprintf(`{ crossReference(topic: %q) { totalCount groups { city { id } date items { label name titles
				quotes { kind text sentence start end headline citation date document { id } statement { start end text } } } } } }`, topic))
			b, _ := json.Marshal(d)
			answers[topic] = string(b)
			groups := at(d, "crossReference", "groups").([]interface{})
			if len(groups) == 0 {
				t.Fatalf("no brief on %s", topic)
			}
			var statements, bodySentences, titled int
			lastCity, lastDate := "?", ""
			for _, g := range groups {
				city, date := str(at(g, "city", "id")), str(at(g, "date"))
				if city == lastCity && lastDate != "" && (date == "" || date > lastDate) {
					t.Errorf("%s: dates in %s not newest first: %s after %s", topic, city, date, lastDate)
				}
				if city != lastCity {
					lastDate = ""
				}
				lastCity = city
				if date != "" {
					lastDate = date
				}
				for _, it := range at(g, "items").([]interface{}) {
					name := str(at(it, "name"))
					if len(at(it, "titles").([]interface{})) > 0 {
						titled++
					}
					seen := map[string]bool{}
					prev := -1
					prevDate := ""
					for _, q := range at(it, "quotes").([]interface{}) {
						sentence, text, headline := str(at(q, "sentence")), str(at(q, "text")), str(at(q, "headline"))
						doc := str(at(q, "document", "id"))
						rs := texts[doc]
						start, end := int(at(q, "start").(float64)), int(at(q, "end").(float64))
						if start < 0 || end > len(rs) || start >= end || string(rs[start:end]) != sentence {
							t.Errorf("%s/%s: quote %q is not at %s[%d:%d]", topic, name, sentence, doc, start, end)
							continue
						}
						if !strings.Contains(sentence, text) {
							t.Errorf("%s/%s: words %q not in the sentence %q", topic, name, text, sentence)
						}
						if st := at(q, "statement"); st != nil {
							statements++
							s, e := int(at(st, "start").(float64)), int(at(st, "end").(float64))
							if s < start || e > end || string(rs[s:e]) != str(at(st, "text")) || str(at(st, "text")) != text {
								t.Errorf("%s/%s: statement %q is not at %s[%d:%d] inside its sentence", topic, name, text, doc, s, e)
							}
						}
						if strings.TrimSpace(sentence) == strings.TrimSpace(headline) {
							t.Errorf("%s/%s: the quote is the bare headline %q", topic, name, headline)
						} else {
							bodySentences++
						}
						if seen[text] {
							t.Errorf("%s/%s: %q quoted twice", topic, name, text)
						}
						seen[text] = true
						r, qd := kindRank(at(q, "kind")), str(at(q, "date"))
						if r < prev {
							t.Errorf("%s/%s: quotes not ranked: %v after a quote of rank %d", topic, name, at(q, "kind"), prev)
						}
						if r == prev && qd != "" && prevDate != "" && qd > prevDate {
							t.Errorf("%s/%s: quotes not newest first: %s after %s", topic, name, qd, prevDate)
						}
						if r != prev {
							prevDate = ""
						}
						prev = r
						if qd != "" {
							prevDate = qd
						}
						cite := str(at(q, "citation"))
						if (qd == "") != strings.Contains(cite, "日期不详") || qd != "" && !strings.Contains(cite, qd) {
							t.Errorf("%s/%s: citation %q for a report dated %q", topic, name, cite, qd)
						}
					}
				}
			}
			if bodySentences == 0 || titled == 0 {
				t.Errorf("%s: %d body sentences, %d officials with titles", topic, bodySentences, titled)
			}
			if topic == "人工智能" && statements == 0 {
				t.Errorf("the brief on 人工智能 quotes no statement")
			}
		})
	}
	return answers
}
