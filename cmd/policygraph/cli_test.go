package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest"
)

// startServe runs `policygraph serve ARGS` as a process in dir (the test's
// working directory when empty) and returns its base URL; the process is
// killed when the test ends.
func startServe(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := command(t, append([]string{"serve"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Env, env...)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			cmd.Wait()
			t.Fatalf("serve did not start: %s", stderr.String())
		}
		return "http://" + a
	case <-time.After(90 * time.Second):
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	return ""
}

// gql runs a GraphQL query with GET and returns the body.
func gql(t *testing.T, base, query string) string {
	t.Helper()
	resp, err := http.Get(base + "/graphql?query=" + url.QueryEscape(query))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestParseSize(t *testing.T) {
	cases := []struct {
		in   string
		want int64 // 0: an error
	}{
		{"1024", 1024},
		{"1KiB", 1 << 10},
		{"1kib", 1 << 10},
		{"16MiB", 16 << 20},
		{" 16 MiB ", 16 << 20},
		{"2GiB", 2 << 30},
		{"2MB", 2e6},
		{"5kb", 5000},
		{"100B", 100},
		{"", 0},
		{"0", 0},
		{"-1", 0},
		{"1.5MiB", 0},
		{"lots", 0},
		{"MiB", 0},
		{"16 MeB", 0},
		{"99999999999GiB", 0},
	}
	for _, c := range cases {
		got, err := parseSize(c.in)
		if c.want == 0 {
			if err == nil {
				t.Errorf("parseSize(%q) = %d, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, n := range []int64{16 << 20, 1 << 10, 1000, 3 << 30} {
		b := byteSize(n)
		if back, err := parseSize(b.String()); err != nil || back != n {
			t.Errorf("byteSize(%d).String() = %q does not parse back: %d %v", n, b.String(), back, err)
		}
	}
}

// TestEnvironmentVariables: each setting's variable is read, a bad value is
// a usage error naming the variable and its flag, and the command line
// wins over the variable.
func TestEnvironmentVariables(t *testing.T) {
	report := filepath.Join(t.TempDir(), "r.txt")
	if err := os.WriteFile(report, bytes.Repeat([]byte("政府工作报告。\n"), 200), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		env      map[string]string
		args     []string
		code     int
		contains string
	}{
		{"size with a unit is read", map[string]string{envMaxFileSize: "1KiB"}, []string{"ingest", "--dry-run", report}, 1, "limit 1024; raise --max-file-size"},
		{"the flag wins", map[string]string{envMaxFileSize: "1KiB"}, []string{"ingest", "--dry-run", "--max-file-size", "1000", report}, 1, "limit 1000; raise --max-file-size"},
		{"flag with a unit", nil, []string{"ingest", "--dry-run", "--max-file-size", "2KiB", report}, 1, "limit 2048;"},
		{"bad size", map[string]string{envMaxFileSize: "lots"}, []string{"ingest", "--dry-run", report}, 2, `bad POLICYGRAPH_MAX_FILE_SIZE="lots" (the variable of --max-file-size)`},
		{"bad size flag", nil, []string{"ingest", "--max-file-size", "0", report}, 2, "-max-file-size: size \"0\": want a positive number"},
		{"bad workers", map[string]string{envWorkers: "many"}, []string{"ingest", "--dry-run", report}, 2, `bad POLICYGRAPH_WORKERS="many" (the variable of --workers)`},
		{"workers flag wins over a bad variable", map[string]string{envWorkers: "many", envMaxFileSize: "1KiB"}, []string{"ingest", "--dry-run", "--workers", "1", report}, 1, "limit 1024"},
		{"bad timeout", map[string]string{envTimeout: "10"}, []string{"serve"}, 2, `bad POLICYGRAPH_TIMEOUT="10" (the variable of --timeout)`},
		{"bad max depth", map[string]string{envMaxDepth: "deep"}, []string{"serve"}, 2, `bad POLICYGRAPH_MAX_DEPTH="deep"`},
		{"bad sample", map[string]string{envSample: "please"}, []string{"serve"}, 2, `bad POLICYGRAPH_SAMPLE="please" (the variable of --sample)`},
		{"sample dir needs sample", map[string]string{envSampleDir: "x"}, []string{"serve"}, 2, "--sample-dir names the reports of --sample"},
		{"bad introspection", map[string]string{envIntrospection: "maybe"}, []string{"serve"}, 2, `bad POLICYGRAPH_INTROSPECTION="maybe"`},
		{"bad log level", map[string]string{envLogLevel: "loud"}, []string{"export", "--data-dir", t.TempDir()}, 2, `bad --log-level "loud"`},
		{"unknown flag", nil, []string{"serve", "--sampel"}, 2, "flag provided but not defined: -sampel (policygraph serve -h lists the flags)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			code, out, errs := runCmd(t, c.args...)
			if code != c.code || !strings.Contains(out+errs, c.contains) {
				t.Errorf("exit %d (want %d), output lacks %q:\n%s%s", code, c.code, c.contains, out, errs)
			}
		})
	}
}

// flagLine is a flag in PrintDefaults' output.
var flagLine = regexp.MustCompile(`^  -([a-z0-9-]+)`)

// perRun are the flags of one invocation, with no variable.
var perRun = map[string]bool{"ingest -dry-run": true, "ingest -date": true, "ingest -source-name": true, "ingest -url": true, "ingest -url-list": true, "export -format": true, "export -o": true}

// TestEveryFlagHasVariable reads every command's help: each flag but the
// per-run ones names its variable, the variable is in the README's
// configuration table, and help goes to stdout.
func TestEveryFlagHasVariable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for cmd := range commands {
		code, out, errs := runCmd(t, "help", cmd)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "Usage: policygraph "+cmd) {
			t.Errorf("help %s: exit %d, stderr %q, stdout %q", cmd, code, errs, out)
			continue
		}
		// A flag's usage runs from its line to the next flag's.
		var name string
		usage := map[string]string{}
		for _, line := range strings.Split(out, "\n") {
			if m := flagLine.FindStringSubmatch(line); m != nil {
				name = m[1]
				usage[name] = ""
			} else if name != "" {
				usage[name] += line
			}
		}
		for flagName, u := range usage {
			m := regexp.MustCompile(`\(env (POLICYGRAPH_[A-Z0-9_]+)\)`).FindStringSubmatch(u)
			switch {
			case perRun[cmd+" -"+flagName]:
				if m != nil {
					t.Errorf("%s -%s is per-run but reads %s", cmd, flagName, m[1])
				}
			case m == nil:
				t.Errorf("%s -%s has no environment variable: %q", cmd, flagName, u)
			case !bytes.Contains(readme, []byte("| `--"+flagName+"` | `"+m[1]+"` |")):
				t.Errorf("README's configuration table lacks | `--%s` | `%s` |", flagName, m[1])
			}
		}
	}
}

func TestHelp(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		stdout   string // what stdout has; stderr must be empty when code is 0
		stderrOK string
	}{
		{[]string{"help"}, 0, "policygraph help [COMMAND]", ""},
		{[]string{"--help"}, 0, "Usage:", ""},
		{[]string{"help", "ingest"}, 0, "-max-file-size", ""},
		{[]string{"ingest", "-h"}, 0, "-workers", ""},
		{[]string{"help", "serve"}, 0, "-sample-dir", ""},
		{[]string{"export", "--help"}, 0, "-format", ""},
		{[]string{"health", "--help"}, 0, "Usage: policygraph health [URL]", ""},
		{[]string{"migrate", "-h"}, 0, "-neo4j-uri", ""},
		{[]string{"help", "frobnicate"}, 2, "", "unknown command \"frobnicate\""},
		{[]string{"health", "a", "b"}, 2, "", "one URL"},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(out, c.stdout) || (code == 0 && errs != "") || !strings.Contains(errs, c.stderrOK) {
			t.Errorf("%q: exit %d (want %d)\nstdout %q\nstderr %q", c.args, code, c.code, out, errs)
		}
	}
}

func TestVersion(t *testing.T) {
	cases := []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0 go1.26.8"},
		{debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261202021500-b758630a1b2c+dirty"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "b758630a1b2c"}, {Key: "vcs.time", Value: "2026-12-02T02:15:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"v0.0.0-20261202021500-b758630a1b2c+dirty revision b758630a1b2c+dirty (2026-12-02T02:15:00Z) go1.26.8"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}},
			"(devel) revision abc"},
		{debug.BuildInfo{}, "(devel)"},
	}
	for _, c := range cases {
		if got := formatVersion(&c.bi); got != c.want {
			t.Errorf("formatVersion(%+v) = %q, want %q", c.bi.Main, got, c.want)
		}
	}
	code, out, _ := runCmd(t, "version")
	if code != 0 || !strings.HasPrefix(out, "policygraph ") || strings.Contains(out, "dev\n") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestExportRefusesNoGraph: export without a store, or from a data dir that
// does not exist, fails and creates nothing; a real export says where it
// wrote and how much, and the file is 0644.
func TestExportRefusesNoGraph(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no", "such", "dir")
	cases := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"export", "--format", "jsonl"}, 2, "export needs the graph to read: give --data-dir"},
		{[]string{"export", "--data-dir", missing}, 1, "data dir " + missing + ": stat"},
		{[]string{"export", "--data-dir", missing, "-o", filepath.Join(t.TempDir(), "g.jsonl")}, 1, "ingest into it first"},
		{[]string{"export", "--data-dir", t.TempDir(), "extra"}, 2, "export takes no arguments"},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.contains) || out != "" {
			t.Errorf("%q: exit %d (want %d), stdout %q, stderr %q", c.args, code, c.code, out, errs)
		}
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("export created %s: %v", filepath.Dir(missing), err)
	}

	data := t.TempDir()
	if code, out, errs := runCmd(t, "ingest", "--data-dir", data, "../../testdata/reports/hengyang_fangtan.txt"); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errs)
	}
	st := storeStats(t, data)
	dest := filepath.Join(t.TempDir(), "g.graphml")
	code, out, errs := runCmd(t, "export", "--data-dir", data, "--format", "graphml", "-o", dest)
	if code != 0 || out != "" {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	info, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("exported file mode %v, want 0644", info.Mode().Perm())
	}
	want := "exported " + describeGraph(st) + " to " + dest + " (" + humanBytes(info.Size()) + ")"
	if !strings.Contains(errs, want) || st.TotalNodes() == 0 {
		t.Errorf("export says %q, want %q", errs, want)
	}
	code, out, errs = runCmd(t, "export", "--data-dir", data)
	if code != 0 || !strings.Contains(errs, "exported "+describeGraph(st)+" to stdout ("+humanBytes(int64(len(out)))+")") {
		t.Errorf("export to stdout: %d, stderr %q", code, errs)
	}
}

func zerologTo(w io.Writer) zerolog.Logger { return zerolog.New(w) }

// storeStats opens a data dir read-only and counts it.
func storeStats(t *testing.T, dir string) graph.Stats {
	t.Helper()
	s, err := memstore.Open(memstore.Options{DataDir: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// summaryCount reads "Label N" from the summary.
func summaryCount(t *testing.T, out, name string) int {
	t.Helper()
	m := regexp.MustCompile(`[ :]` + name + ` (\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("summary lacks %s:\n%s", name, out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestIngestSummaryIsTheStore: the summary's counts are what the store
// holds, an entity several reports name counted once, MENTIONS included;
// the time covers the dictionary; each failure is printed once.
func TestIngestSummaryIsTheStore(t *testing.T) {
	in := t.TempDir()
	for _, name := range []string{"hengyang_fangtan.txt", "000_e809176d26951911.txt", "xiangtan_daibiao_jianyi_gbk.txt"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/reports", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, name), data, 0o644)
	}
	// The same report under a second name: its entities are in the store once.
	data, _ := os.ReadFile("../../testdata/reports/hengyang_fangtan.txt")
	os.WriteFile(filepath.Join(in, "copy.txt"), data, 0o644)
	os.WriteFile(filepath.Join(in, "empty.txt"), nil, 0o644)
	dir := t.TempDir()
	code, out, errs := runCmd(t, "ingest", "--log-format", "json", "--data-dir", dir, in)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	st := storeStats(t, dir)
	if n := summaryCount(t, out, "holds"); n != st.Nodes[graph.Document] {
		t.Errorf("summary: %d documents, store %d", n, st.Nodes[graph.Document])
	}
	for _, l := range graph.EntityLabels {
		if got := summaryCount(t, out, string(l)); got != st.Nodes[l] {
			t.Errorf("summary: %s %d, store %d", l, got, st.Nodes[l])
		}
	}
	for typ, n := range st.Relationships {
		if got := summaryCount(t, out, string(typ)); got != n {
			t.Errorf("summary: %s %d, store %d", typ, got, n)
		}
	}
	if st.Relationships[graph.Mentions] == 0 {
		t.Errorf("no MENTIONS in the store: %v", st.Relationships)
	}
	if !regexp.MustCompile(`ingested 4 of 5 files \(0 unchanged, 1 failed\) in [0-9.]+m?s \([0-9.]+m?s of it loading the dictionary\)`).MatchString(out) {
		t.Errorf("summary line: %s", out)
	}
	if n := strings.Count(out+errs, "empty file"); n != 1 {
		t.Errorf("the failure is printed %d times, want once:\n%s%s", n, out, errs)
	}
}

// TestStagesOnTerminal: on a terminal the stages and each failure show
// once; off one, nothing but log lines.
func TestStagesOnTerminal(t *testing.T) {
	var tty, log bytes.Buffer
	s := newStages(&tty, true)
	s.begin("loading dictionary")
	s.end()
	onFile := s.files(zerologTo(&log), 2)
	onFile(ingest.FileResult{Path: "a.txt", Err: io.ErrUnexpectedEOF})
	onFile(ingest.FileResult{Path: "b.txt"})
	s.finish()
	got := tty.String()
	for _, want := range []string{"loading dictionary … ", "reading and writing 2 files", "failed: unexpected EOF\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal lacks %q: %q", want, got)
		}
	}
	if strings.Count(got, "unexpected EOF") != 1 || log.Len() != 0 {
		t.Errorf("failure shown %d times on the terminal, log %q", strings.Count(got, "unexpected EOF"), log.String())
	}

	var quiet bytes.Buffer
	log.Reset()
	s = newStages(&quiet, false)
	s.begin("loading dictionary")
	s.end()
	onFile = s.files(zerologTo(&log), 2)
	onFile(ingest.FileResult{Path: "a.txt", Err: io.ErrUnexpectedEOF})
	onFile(ingest.FileResult{Path: "b.txt"})
	s.finish()
	if quiet.Len() != 0 || strings.Count(log.String(), "unexpected EOF") != 1 || !strings.Contains(log.String(), `"file":"b.txt"`) {
		t.Errorf("off a terminal: wrote %q, log %q", quiet.String(), log.String())
	}
}

// TestServeBindsFirst: a port in use fails serve before it opens the store
// or ingests anything.
func TestServeBindsFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, out, errs := runCmd(t, "serve", "--sample", "--log-format", "json", "--addr", ln.Addr().String())
	if code != 1 || !strings.Contains(errs, "listen on "+ln.Addr().String()) {
		t.Errorf("exit %d: %s%s", code, out, errs)
	}
	if strings.Contains(errs, "store open") || strings.Contains(errs, "sample reports") {
		t.Errorf("serve opened the store before binding: %s", errs)
	}
}

// TestServeSampleAnywhere: `serve --sample` run from a folder without the
// repository serves the built-in sample reports.
func TestServeSampleAnywhere(t *testing.T) {
	base := startServe(t, t.TempDir(), []string{envSample + "=true"}, "--addr", "127.0.0.1:0", "--log-level", "warn")
	samples, _ := filepath.Glob("../../testdata/reports/*.txt")
	if body := gql(t, base, "{ documents(first: 10) { totalCount } }"); len(samples) < 4 || !strings.Contains(body, `"totalCount":`+strconv.Itoa(len(samples))) {
		t.Errorf("serve --sample elsewhere: %s, want %d documents", body, len(samples))
	}
}

// TestReadmeIngestServeExport runs the README's "Ingesting reports" block as
// written, from a folder that has the repository's testdata: ingest, a
// serve in the background, export beside it, a dry run, kill. Only the
// build is left out (this test binary is the command) and serve's port is
// a free one (POLICYGRAPH_ADDR).
func TestReadmeIngestServeExport(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	if i := strings.Index(section, "\n## Ingesting reports"); i >= 0 {
		section = section[i:]
	} else {
		t.Fatal("README has no Ingesting reports section")
	}
	start := strings.Index(section, "```sh\n")
	end := strings.Index(section[start+6:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no sh block in Ingesting reports")
	}
	lines := strings.Split(strings.TrimSpace(section[start+6:start+6+end]), "\n")

	dir := t.TempDir()
	abs, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	var base string
	ran := map[string]bool{}
	for _, line := range lines {
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		args := strings.Fields(line)
		switch {
		case len(args) == 0:
			continue
		case args[0] == "go" && args[1] == "build":
			continue
		case args[0] == "kill":
			if base == "" {
				t.Fatalf("%q with nothing in the background", line)
			}
			continue // startServe's cleanup kills it
		case args[0] != "bin/policygraph":
			t.Fatalf("README line %q: not a policygraph command", line)
		}
		args = args[1:]
		if args[len(args)-1] == "&" {
			if args[0] != "serve" {
				t.Fatalf("%q: only serve runs in the background", line)
			}
			base = startServe(t, dir, []string{envAddr + "=127.0.0.1:0", envLogLevel + "=warn"}, args[1:len(args)-1]...)
			ran["serve"] = true
			continue
		}
		cmd := command(t, args...)
		cmd.Dir = dir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("README line %q: %v\n%s%s", line, err, stdout.String(), stderr.String())
		}
		ran[args[0]+" "+args[1]] = true
		if args[1] == "--dry-run" && !strings.Contains(stdout.String(), "== "+args[2]) {
			t.Errorf("dry run printed %q", stdout.String())
		}
	}
	for _, want := range []string{"ingest --data-dir", "serve", "export --data-dir", "ingest --dry-run"} {
		if !ran[want] {
			t.Errorf("the README's block does not run %s", want)
		}
	}
	samples, _ := filepath.Glob("../../testdata/reports/*.txt")
	want := `"totalCount":` + strconv.Itoa(len(samples))
	if body := gql(t, base, "{ documents(first: 10) { totalCount } }"); !strings.Contains(body, want) {
		t.Errorf("serve shows %s, want %s", body, want)
	}
	exported, err := os.ReadFile(filepath.Join(dir, "graph.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(exported)), "\n") {
		var o struct {
			Type   string
			Labels []string
		}
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("graph.jsonl: %v: %q", err, line)
		}
		if o.Type == "node" && len(o.Labels) == 1 && o.Labels[0] == "Document" {
			n++
		}
	}
	if n != len(samples) {
		t.Errorf("graph.jsonl has %d documents, want %d", n, len(samples))
	}
}

// TestExportBesideWritingServe: a serve taking mutations holds the data
// dir's lock; export still reads beside it (no lock needed) and the same
// graph comes over HTTP; a second writer is refused with a clear message.
func TestExportBesideWritingServe(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runCmd(t, "ingest", "--data-dir", data, "../../testdata/reports/hengyang_fangtan.txt"); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	base := startServe(t, "", []string{envToken + "=s3cret"}, "--data-dir", data, "--addr", "127.0.0.1:0", "--log-level", "warn")
	code, local, errs := runCmd(t, "export", "--data-dir", data, "--log-level", "warn")
	if code != 0 || !strings.Contains(local, "hengyang_fangtan.txt") {
		t.Fatalf("export beside a writing serve: exit %d %s", code, errs)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/export?format=jsonl", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	remote, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(remote) != local {
		t.Errorf("GET /export: %d, %d bytes; the command wrote %d", resp.StatusCode, len(remote), len(local))
	}
	in := filepath.Join(t.TempDir(), "second.txt")
	os.WriteFile(in, report(t, "second.txt"), 0o644)
	if code, out, errs := runCmd(t, "ingest", "--data-dir", data, in); code == 0 || !strings.Contains(out+errs, data) {
		t.Errorf("a second writer: exit %d\n%s%s", code, out, errs)
	}
}
