package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/prometheus/client_golang/prometheus"
)

// abusive is a request of issue 9 §1–2 (or one like it) and what it must
// be refused with.
type abusive struct {
	name    string
	query   string
	vars    map[string]interface{}
	code    string
	message string // substring
}

// fanOut is n fragments each spreading the previous one twice: 2^n
// fields once expanded.
func fanOut(n int) string {
	var b strings.Builder
	b.WriteString("fragment F0 on Query { stats { nodes } }\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "{ ...F%d }", n)
	return b.String()
}

// orBranches is a where filter of n OR branches, as a JSON variable.
func orBranches(n int) map[string]interface{} {
	var or []interface{}
	for i := 0; i < n; i++ {
		or = append(or, map[string]interface{}{"name": map[string]interface{}{"eq": fmt.Sprintf("n%d", i)}})
	}
	return map[string]interface{}{"OR": or}
}

func abusiveRequests() []abusive {
	dup := func(n int) string { return "{" + strings.Repeat(" stats{nodes}", n) + " }" }
	orLiteral := "{ officials(where: {OR: [" + strings.Repeat(`{name: {eq: "x"}}, `, 3000) + "]}) { totalCount } }"
	oneMB := strings.Repeat("株", 330_000) // 990 KB
	var manyFrags strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&manyFrags, "fragment A%d on Query { stats { nodes } }\n", i)
	}
	manyFrags.WriteString("{")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&manyFrags, " ...A%d", i)
	}
	manyFrags.WriteString(" }")
	var unknownFields strings.Builder
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&unknownFields, " f%d", i)
	}
	var longUnknown, shortUnknown strings.Builder
	for i := 10; i < 70; i++ {
		if i < 40 {
			fmt.Fprintf(&longUnknown, " f%d%s", i, strings.Repeat("x", 1000))
		}
		fmt.Fprintf(&shortUnknown, " f%d%s", i, strings.Repeat("x", 117))
	}
	var longDefault strings.Builder
	for i := 0; i < 120; i++ {
		longDefault.WriteString(strings.Repeat("x", 100) + "\n")
	}
	return []abusive{
		// §1: fragment cycles overflowed graphql-go's stack.
		{"two fragments spreading each other (the 88 bytes)", `fragment A on Query { ...B } fragment B on Query { ...A } { ...A }`, nil,
			CodeValidationFailed, "fragment A spreads itself (A → B → A)"},
		{"a fragment spreading itself", `fragment A on Query { stats { nodes } ...A } { ...A }`, nil, CodeValidationFailed, "(A → A)"},
		{"a cycle through fields and inline fragments", `fragment A on Query { stats { ...B } } fragment B on Stats { ... on Stats { nodes ...C } } fragment C on Stats { ...B } { ...A }`, nil,
			CodeValidationFailed, "(B → C → B)"},
		{"a cycle no operation uses", `fragment A on Query { ...B } fragment B on Query { ...A } { stats { nodes } }`, nil, CodeValidationFailed, "spreads itself"},
		// §2: cheap to send, expensive to validate or run.
		{"22 fragments each spreading the previous twice", fanOut(22), nil, CodeSelectionLimit, "more than 500 selections"},
		{"15 fragments each spreading the previous twice", fanOut(15), nil, CodeSelectionLimit, "more than 500 selections"},
		{"spreads hidden in a fragment's first definition", "fragment U on Query { stats { nodes } } fragment A on Query {" + strings.Repeat(" ...U", 300) +
			" } fragment A on Query { __typename } { ...U ...A }", nil, CodeSelectionLimit, "more than 500 selections"},
		{"1000 aliases", aliases(1000), nil, CodeTokenLimit, "more than 5000 tokens"},
		{"100 aliases", aliases(100), nil, CodeAliasLimit, "100 aliases; the limit is 30"},
		{"stats{nodes} 4000 times", dup(4000), nil, CodePayloadTooLarge, "the query is 52003 bytes; the limit is 32768"},
		{"stats{nodes} 1500 times", dup(1500), nil, CodeTokenLimit, "more than 5000 tokens"},
		{"stats{nodes} 100 times", dup(100), nil, CodeSelectionLimit, "stats is selected 100 times in one selection set"},
		{"one field from 40 fragments", manyFrags.String(), nil, CodeSelectionLimit, "stats is selected 40 times"},
		{"a 1 MB search string", `{ search(query: "` + oneMB + `") { snippet } }`, nil, CodePayloadTooLarge, "the query is 990033 bytes; the limit is 32768"},
		{"a 2 KB search string", `{ search(query: "` + strings.Repeat("株", 700) + `") { snippet } }`, nil, CodeTokenLimit, "2103 bytes without a space or line break"},
		{"a 1 MB search string in a variable", `query($q: String!) { search(query: $q) { snippet } }`, map[string]interface{}{"q": oneMB},
			CodeArgumentLimit, "search(query): a string of 990000 bytes; the limit is 10240"},
		{"a search of 300 characters", `query($q: String!) { search(query: $q) { snippet } }`, map[string]interface{}{"q": strings.Repeat("株洲", 150)},
			CodeArgumentLimit, "search text has 300 characters; the limit is 200"},
		{"a long string as a variable's default", `query($q: String = """` + longDefault.String() + `""") { search(query: $q) { snippet } }`, nil,
			CodeArgumentLimit, "a string of 12119 bytes"},
		{"where with 3000 OR branches", orLiteral, nil, CodePayloadTooLarge, "the query is 57045 bytes"},
		{"where with 3000 OR branches in a variable", `query($w: OfficialWhere) { officials(where: $w) { totalCount } }`, map[string]interface{}{"w": orBranches(3000)},
			CodeArgumentLimit, "officials(where): a list of 3000 values; the limit is 100"},
		{"where with 40 OR branches in a variable", `query($w: OfficialWhere) { officials(where: $w) { totalCount } }`, map[string]interface{}{"w": orBranches(40)},
			CodeArgumentLimit, "have 121 terms"},
		{"an in list of 500 names", `query($n: [String!]) { officials(where: {name: {in: $n}}) { totalCount } }`,
			map[string]interface{}{"n": strings.Split(strings.Repeat("x,", 499)+"x", ",")}, CodeArgumentLimit, "a list of 500 values"},
		{"a syntax error 30,000 bytes into a line", "{ stats { nodes }" + strings.Repeat(" ", 30_000) + "]", nil, CodeParseFailed, "(1:30018) Expected Name, found ]"},
		{"400 unknown fields after 30,000 line breaks", strings.Repeat("\n", 30_000) + "{" + unknownFields.String() + " }", nil,
			CodeValidationFailed, `Cannot query field "f0" on type "Query"`},
		{"30 unknown fields of 1,000 characters", "{" + longUnknown.String() + " }", nil, CodeTokenLimit, "a name of 1003 bytes; the limit is 128"},
		{"60 unknown fields of 120 characters", "{" + shortUnknown.String() + " }", nil, CodeValidationFailed, "Cannot query field"},
		{"brackets 100 deep", `{ search(query: "x", labels: ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `) { snippet } }`, nil,
			CodeDepthLimit, "nests brackets more than 64 deep"},
	}
}

// storeRoundTrips reads the handler's own counter, the one /metrics shows.
func storeRoundTrips(t testing.TB, h *Handler) float64 {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(h.Collectors()...)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	n := 0.0
	for _, mf := range mfs {
		if mf.GetName() == "policygraph_store_round_trips_total" {
			for _, m := range mf.GetMetric() {
				n += m.GetCounter().GetValue()
			}
		}
	}
	return n
}

// TestAbusiveRequests sends each request of issue 9 §1–2 and checks it is
// refused with its code before any store work: neither the store nor the
// round-trip counter of /metrics sees a call. Their server time is
// measured by BenchmarkAbusiveRequests.
func TestAbusiveRequests(t *testing.T) {
	ts := newServer(t, mustLoaded(t))
	before := storeRoundTrips(t, ts.h)
	for _, tc := range abusiveRequests() {
		t.Run(tc.name, func(t *testing.T) {
			calls := ts.store.n.Load()
			res := ts.post(mediaGraphQLResponse, tc.query, tc.vars)
			if res.status != http.StatusBadRequest || res.code() != tc.code || !strings.Contains(res.Errors[0].Message, tc.message) {
				t.Errorf("got %d %s, want 400 %s with %q\n%.300s", res.status, res.code(), tc.code, tc.message, res.raw)
			}
			if res.Data != nil {
				t.Errorf("a refused request has data")
			}
			if n := ts.store.n.Load() - calls; n != 0 {
				t.Errorf("%d store round trips before refusing", n)
			}
		})
	}
	if after := storeRoundTrips(t, ts.h); after != before {
		t.Errorf("the metrics count %v store round trips", after-before)
	}
	// Just inside the limits, a request runs.
	for _, q := range []string{
		fanOut(4), // 16 stats merged at one level
		"{" + strings.Repeat(" stats{nodes}", 16) + " }",
		`{ search(query: "` + strings.Repeat("株洲", 100) + `") { snippet } }`,
	} {
		if res := ts.query(q); res.status != http.StatusOK || len(res.Errors) > 0 {
			t.Errorf("inside the limits: %.300s", res.raw)
		}
	}
	vars := map[string]interface{}{"w": orBranches(33)} // 1 + 33 + 66 terms
	if res := ts.post(mediaGraphQLResponse, `query($w: OfficialWhere) { officials(where: $w) { totalCount } }`, vars); res.status != http.StatusOK || len(res.Errors) > 0 {
		t.Errorf("where of 100 terms: %.300s", res.raw)
	}
}

// TestFragmentCyclesDoNotKillTheProcess serves fragment cycles in a child
// process, since the failure they caused (a stack overflow) is fatal to
// the process and would take the test binary with it. The child lowers
// the stack limit so that, unguarded, it dies in milliseconds rather than
// after growing a 1 GB stack.
func TestFragmentCyclesDoNotKillTheProcess(t *testing.T) {
	if os.Getenv("POLICYGRAPH_CYCLE_CHILD") == "1" {
		debug.SetMaxStack(64 << 20)
		ts := newServer(t, mustLoaded(t))
		for _, tc := range abusiveRequests()[:4] {
			res := ts.query(tc.query)
			fmt.Printf("%d %s\n", res.status, res.code())
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFragmentCyclesDoNotKillTheProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "POLICYGRAPH_CYCLE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		lines := strings.Split(string(out), "\n")
		t.Fatalf("the process serving fragment cycles died (%v):\n%s", err, strings.Join(lines[:min(len(lines), 12)], "\n"))
	}
	if got := strings.Count(string(out), "400 "+CodeValidationFailed); got != 4 {
		t.Errorf("%d of 4 cycles refused:\n%s", got, out)
	}
}

// TestPanicBeforeExecution makes validation panic: the client gets a 500
// naming the request id (which the log has, with the stack), not a dropped
// connection, and the next request is served.
func TestPanicBeforeExecution(t *testing.T) {
	ts := newServer(t, mustLoaded(t))
	ts.h.rules = append(ts.h.rules, func(*graphql.ValidationContext) *graphql.ValidationRuleInstance { panic("rule exploded") })
	for i := 0; i < 2; i++ { // the failure is not cached
		res := ts.query(`{ stats { nodes } }`)
		rid := res.header.Get("X-Request-Id")
		if res.status != http.StatusInternalServerError || res.code() != CodeInternal || res.Errors[0].Extensions["requestId"] != rid ||
			!strings.Contains(res.Errors[0].Message, rid) {
			t.Fatalf("panic in validation: %d %s", res.status, res.raw)
		}
		if !strings.Contains(ts.logs.String(), rid) || !strings.Contains(ts.logs.String(), "rule exploded") {
			t.Errorf("the panic is not logged with request id %s", rid)
		}
	}
	ts.h.rules = ts.h.rules[:len(ts.h.rules)-1]
	ts.ok(`{ stats { nodes } }`)
}

// BenchmarkAbusiveRequests measures the server time of refusing each
// request of TestAbusiveRequests (ns/op is one request, served in process
// from the handler, body decoding included). Each iteration adds a comment
// so that no answer comes from the document cache. The budget is 50 ms:
//
//	go test -run '^$' -bench AbusiveRequests -benchtime 20x ./schema
func BenchmarkAbusiveRequests(b *testing.B) {
	store := mustLoaded(&testing.T{})
	h, err := NewHandler(Config{Store: store, Introspection: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range abusiveRequests() {
		b.Run(tc.name, func(b *testing.B) {
			bodies := make([][]byte, b.N)
			for i := range bodies {
				bodies[i], _ = json.Marshal(map[string]interface{}{"query": fmt.Sprintf("%s\n# %d", tc.query, i), "variables": tc.vars})
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(bodies[i]))
				r.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if !bytes.Contains(w.Body.Bytes(), []byte(tc.code)) {
					b.Fatalf("%d %.200s", w.Code, w.Body.String())
				}
			}
		})
	}
}
