package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/queries/querytest"
)

// BenchmarkQueries serves the README's example queries (schema/examples)
// over real HTTP on 127.0.0.1 from the embedded store holding copies of
// the fixture: 5 by default (20 reports, the dev corpus's size; 190 nodes),
// POLICYGRAPH_BENCH_COPIES=50 for 200 reports. Each example is a
// sub-benchmark (ns/op is one request's latency); "mix" sends all of them
// round-robin from parallel clients and also reports req/s, p50 and p99.
func BenchmarkQueries(b *testing.B) {
	copies := 5
	if n, err := strconv.Atoi(os.Getenv("POLICYGRAPH_BENCH_COPIES")); err == nil && n > 0 {
		copies = n
	}
	s := memstore.New()
	if err := querytest.LoadScaled(context.Background(), s, copies); err != nil {
		b.Fatal(err)
	}
	h, err := NewHandler(Config{Store: s, Introspection: true})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	files, _ := filepath.Glob("examples/*.graphql")
	var bodies [][]byte
	var names []string
	for _, f := range files {
		q, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := json.Marshal(map[string]string{"query": string(q)})
		bodies = append(bodies, body)
		names = append(names, filepath.Base(f))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	send := func(body []byte) error {
		resp, err := client.Post(srv.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || bytes.Contains(out, []byte(`"errors"`)) {
			b.Fatalf("%d %s", resp.StatusCode, out)
		}
		return nil
	}
	for i, body := range bodies {
		b.Run(names[i], func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				if err := send(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("mix", func(b *testing.B) {
		var mu sync.Mutex
		var lat []time.Duration
		start := time.Now()
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			var mine []time.Duration
			i := 0
			for pb.Next() {
				t0 := time.Now()
				if err := send(bodies[i%len(bodies)]); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
				i++
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
		elapsed := time.Since(start)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		if len(lat) > 0 {
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		}
	})
}
