package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
)

// The crash tests run policygraph as a real process — this test binary,
// re-executed as the command — and kill -9 it right after it acknowledges
// writes. TestMain turns the binary into the command when asked.
const asMainEnv = "POLICYGRAPH_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// killIterations is how many write-then-kill rounds each crash test runs:
// POLICYGRAPH_KILL_ITERATIONS, default 10 (scripts/kill-loop.sh runs 50).
func killIterations(t *testing.T) int {
	if v := os.Getenv("POLICYGRAPH_KILL_ITERATIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("POLICYGRAPH_KILL_ITERATIONS=%q", v)
		}
		return n
	}
	if testing.Short() {
		return 3
	}
	return 10
}

// command returns policygraph ARGS as a process of its own.
func command(t *testing.T, args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), asMainEnv+"=1", "POLICYGRAPH_DATA_DIR=", "POLICYGRAPH_NEO4J_URI=")
	return cmd
}

// report is a distinct report: a sample with a line naming it, so every
// file is its own document with its own text.
func report(t *testing.T, name string) []byte {
	base, err := os.ReadFile("../../testdata/reports/hengyang_fangtan.txt")
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(name+" 株洲日报讯\n\n"), base...)
}

// documentsIn opens the data dir as a reader would and returns its
// documents' sources.
func documentsIn(t *testing.T, dir string) map[string]bool {
	t.Helper()
	s, err := memstore.Open(memstore.Options{DataDir: dir, ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s after the kill: %v", dir, err)
	}
	defer s.Close(context.Background())
	page, err := s.FindNodes(context.Background(), graph.NodeQuery{Labels: []graph.Label{graph.Document}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, n := range page.Nodes {
		out[n.Props.String("source")] = true
	}
	return out
}

// TestKillAfterIngestAcknowledged: `policygraph ingest` reports each file
// as it is written and a summary at the end; kill -9 right after any of
// them loses nothing it reported ingested.
func TestKillAfterIngestAcknowledged(t *testing.T) {
	data := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 9))
	acked, lost := 0, 0
	n := killIterations(t)
	for it := 0; it < n; it++ {
		in := t.TempDir()
		files := 1 + rng.IntN(3)
		for f := 0; f < files; f++ {
			name := fmt.Sprintf("crash-%03d-%d.txt", it, f)
			if err := os.WriteFile(filepath.Join(in, name), report(t, name), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// Kill after the k-th file's log line, or after the summary.
		killAt := 1 + rng.IntN(files+1)
		cmd := command(t, "ingest", "--log-format", "json", "--data-dir", data, in)
		stderr, _ := cmd.StderrPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		ack := map[string]bool{}
		seen := 0
		killed := make(chan struct{})
		var once sync.Once
		note := func(source string) {
			mu.Lock()
			defer mu.Unlock()
			if source != "" {
				ack[source] = true
			}
			if seen++; seen >= killAt {
				once.Do(func() { cmd.Process.Kill(); close(killed) })
			}
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				var line struct{ Message, File string }
				if json.Unmarshal(sc.Bytes(), &line) == nil && line.Message == "ingested" {
					note(filepath.Base(line.File))
				}
			}
		}()
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if m := regexp.MustCompile(`^ingested (\d+) of (\d+) files`).FindStringSubmatch(sc.Text()); m != nil {
					if m[1] != m[2] {
						t.Errorf("iteration %d: %s", it, sc.Text())
					}
					// Every file is acknowledged by the summary.
					for f := 0; f < files; f++ {
						mu.Lock()
						ack[fmt.Sprintf("crash-%03d-%d.txt", it, f)] = true
						mu.Unlock()
					}
					note("")
				}
			}
		}()
		wg.Wait()
		cmd.Wait()
		select {
		case <-killed:
		default:
			t.Logf("iteration %d: the process ended before the kill", it)
		}
		docs := documentsIn(t, data)
		for src := range ack {
			acked++
			if !docs[src] {
				lost++
				t.Errorf("iteration %d: %s was reported ingested, then lost in the kill", it, src)
			}
		}
	}
	t.Logf("ingest kill -9 loop: %d iterations, %d acknowledged files, %d lost", n, acked, lost)
}

var servingLine = regexp.MustCompile(`serving on http://([^/]+)/`)

// TestKillAfterIngestDocumentAcknowledged: `serve` answers ingestDocument
// only once the document is on disk; kill -9 right after some answers
// loses none of the answered documents.
func TestKillAfterIngestDocumentAcknowledged(t *testing.T) {
	data := t.TempDir()
	rng := rand.New(rand.NewPCG(2, 7))
	const perRound = 5
	acked, lost := 0, 0
	n := killIterations(t)
	for it := 0; it < n; it++ {
		cmd := command(t, "serve", "--data-dir", data, "--addr", "127.0.0.1:0", "--mutation-token", "kill-test", "--log-level", "warn")
		stdout, _ := cmd.StdoutPipe()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
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
		url, ok := "", false
		select {
		case a, more := <-addr:
			url, ok = "http://"+a+"/graphql", more
		case <-time.After(60 * time.Second):
		}
		if !ok {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("iteration %d: serve did not start: %s", it, stderr.String())
		}

		// perRound concurrent mutations; kill after the k-th answer, the
		// others in flight.
		killAt := 1 + rng.IntN(perRound)
		var mu sync.Mutex
		var ack []string
		var once sync.Once
		var wg sync.WaitGroup
		for r := 0; r < perRound; r++ {
			src := fmt.Sprintf("api-%03d-%d.txt", it, r)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if mutate(url, src, string(report(t, src))) {
					mu.Lock()
					ack = append(ack, src)
					if len(ack) >= killAt {
						once.Do(func() { cmd.Process.Kill() })
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		once.Do(func() { cmd.Process.Kill() })
		cmd.Wait()
		if len(ack) == 0 {
			t.Fatalf("iteration %d: no mutation was answered: %s", it, stderr.String())
		}
		docs := documentsIn(t, data)
		for _, src := range ack {
			acked++
			if !docs[src] {
				lost++
				t.Errorf("iteration %d: ingestDocument %s was answered, then lost in the kill", it, src)
			}
		}
	}
	t.Logf("ingestDocument kill -9 loop: %d iterations, %d acknowledged documents, %d lost", n, acked, lost)
}

// mutate sends ingestDocument and reports whether it was acknowledged:
// 200 with the document in the answer.
func mutate(url, source, text string) bool {
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($t: String!, $s: String!) { ingestDocument(text: $t, source: $s) { document { id } } }`,
		"variables": map[string]string{"t": text, "s": source},
	})
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer kill-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false // killed before it answered
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return err == nil && resp.StatusCode == http.StatusOK && strings.Contains(string(b), `"id":"`+graph.DocumentID(source)+`"`)
}
