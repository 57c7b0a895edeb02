package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/ingest/ingesttest"
	"github.com/policygraph/policygraph/queries/querytest"
)

// TestDevCorpusResearcherSurface asks the researcher's questions of the
// real dev corpus on each store and checks every answer against what
// the same API says another way: a list paged backwards is the list paged
// forwards; the officials a connection filter finds by title are those
// whose positions carry that title; every group of an aggregate counts
// what the matching where filter counts. Both stores answer the same.
func TestDevCorpusResearcherSurface(t *testing.T) {
	dir := ingesttest.DevCorpus(t)
	answers := map[string]string{} // backend → its answers, as JSON
	var names []string
	for _, b := range querytest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := b.Open(t)
			t.Cleanup(func() { _ = s.Close(context.Background()) })
			ingesttest.Ingest(t, s, dir)
			ts := newServer(t, s)
			got := map[string]interface{}{}

			// Backward paging: officials by name, 100 a page from the end,
			// are the forward list.
			var forward []string
			for _, o := range pages(ts, `officials(sort: [{name: ASC}]`, `id`) {
				forward = append(forward, at(o, "id").(string))
			}
			var backward []string
			before := ""
			for {
				q := `{ officials(sort: [{name: ASC}], last: 100`
				if before != "" {
					q += `, before: "` + before + `"`
				}
				d := ts.ok(q + `) { pageInfo { hasPreviousPage startCursor } nodes { id } } }`)
				var page []string
				for _, o := range at(d, "officials", "nodes").([]interface{}) {
					page = append(page, at(o, "id").(string))
				}
				backward = append(page, backward...)
				if at(d, "officials", "pageInfo", "hasPreviousPage") != true {
					break
				}
				before = at(d, "officials", "pageInfo", "startCursor").(string)
			}
			if len(forward) < 100 || !reflect.DeepEqual(backward, forward) {
				t.Errorf("officials paged backwards (%d) differ from forwards (%d)", len(backward), len(forward))
			}
			got["officials"] = len(forward)

			// Connection filters: officials titled 人大代表, and the
			// quantifiers, against their positions.
			type pos struct{ title, at string }
			held := map[string][]pos{}
			for _, o := range pages(ts, `officials(sort: [{name: ASC}]`, `id positions { title organization { id } city { id } }`) {
				id := at(o, "id").(string)
				held[id] = nil
				for _, p := range at(o, "positions").([]interface{}) {
					title, _ := at(p, "title").(string)
					where, _ := at(p, "organization", "id").(string)
					if where == "" {
						where, _ = at(p, "city", "id").(string)
					}
					held[id] = append(held[id], pos{title, where})
				}
			}
			const deputy = "人大代表"
			want := map[string][]string{}
			for _, id := range forward {
				places := map[string]bool{}
				all := true
				for _, p := range held[id] {
					if strings.Contains(p.title, deputy) {
						places[p.at] = true
					} else {
						all = false
					}
				}
				if len(places) > 0 {
					want["some"] = append(want["some"], id)
				} else {
					want["none"] = append(want["none"], id)
				}
				if all {
					want["all"] = append(want["all"], id)
				}
				if len(places) == 1 {
					want["single"] = append(want["single"], id)
				}
			}
			for _, q := range []string{"some", "none", "all", "single"} {
				var ids []string
				for _, o := range pages(ts, fmt.Sprintf(`officials(where: {positionsConnection: {%s: {edge: {title: {contains: %q}}}}}, sort: [{name: ASC}]`, q, deputy), `id`) {
					ids = append(ids, at(o, "id").(string))
				}
				if len(want[q]) == 0 || !reflect.DeepEqual(ids, want[q]) {
					t.Errorf("officials with %s position titled %s: %d, want %d", q, deputy, len(ids), len(want[q]))
				}
				got["deputies "+q] = ids
			}
			t.Logf("officials titled %s: %d of %d", deputy, len(want["some"]), len(forward))

			// Aggregates: each group counts what the where filter
			// saying the same counts, in order, count first, then key.
			d := ts.ok(`{ proposalsAggregate { count
				city: by(field: CITY, first: 100) { key count id }
				industry: by(field: INDUSTRY, first: 100) { key count id }
				proposer: by(field: PROPOSER, first: 100) { key count id }
				year: by(field: YEAR, first: 100) { key count } }
				proposals(first: 0) { totalCount } }`)
			agg := at(d, "proposalsAggregate")
			if at(agg, "count") != at(d, "proposals", "totalCount") {
				t.Errorf("proposalsAggregate.count %v, proposals.totalCount %v", at(agg, "count"), at(d, "proposals", "totalCount"))
			}
			filters := map[string]string{
				"city": `{locatedIn: {some: {id: {eq: %q}}}}`, "industry": `{targets: {some: {id: {eq: %q}}}}`,
				"proposer": `{proposers: {some: {id: {eq: %q}}}}`, "year": `{mentionedIn: {some: {date: {startsWith: %q}}}}`,
			}
			for _, by := range []string{"city", "industry", "proposer", "year"} {
				groups, _ := at(agg, by).([]interface{})
				if len(groups) < 2 {
					t.Errorf("proposals by %s: %d groups", by, len(groups))
				}
				sorted := sort.SliceIsSorted(groups, func(i, j int) bool {
					ci, cj := at(groups[i], "count").(float64), at(groups[j], "count").(float64)
					return ci > cj || ci == cj && at(groups[i], "key").(string) < at(groups[j], "key").(string)
				})
				if !sorted {
					t.Errorf("proposals by %s: not by count, then key: %v", by, groups)
				}
				for _, g := range groups {
					key := at(g, "key").(string)
					if id, ok := at(g, "id").(string); ok {
						key = id
					}
					n := ts.ok(`{ proposals(first: 0, where: ` + fmt.Sprintf(filters[by], key) + `) { totalCount } }`)
					if at(n, "proposals", "totalCount") != at(g, "count") {
						t.Errorf("proposals by %s, %v: %v, where counts %v", by, at(g, "key"), at(g, "count"), at(n, "proposals", "totalCount"))
					}
				}
				t.Logf("proposals by %s: %d groups, the first %v", by, len(groups), groups[0])
			}
			got["aggregate"] = agg

			js, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			answers[b.Name] = string(js)
			names = append(names, b.Name)
		})
	}
	for _, n := range names[min(1, len(names)):] {
		if answers[n] != answers[names[0]] {
			t.Errorf("%s and %s answer differently:\n %s\n %s", n, names[0], answers[n], answers[names[0]])
		}
	}
}
