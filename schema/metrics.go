package schema

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/policygraph/policygraph/graph"
)

// maxOperationNames bounds the operation label's cardinality: operation
// names come from clients, so after this many distinct ones the rest are
// counted as "other".
const maxOperationNames = 200

type metrics struct {
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	storeCalls    *prometheus.CounterVec
	storeDuration *prometheus.HistogramVec
	perRequest    prometheus.Histogram
	inflight      prometheus.Gauge
	storeHealth   prometheus.Collector
	graphSize     prometheus.Collector
	buildInfo     prometheus.Collector

	mu  sync.Mutex
	ops map[string]bool
}

func newMetrics(store graph.Store) *metrics {
	return &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "policygraph_graphql_requests_total",
			Help: "GraphQL requests by operation name, HTTP status and outcome: ok, or the first error's code (GraphQL errors travel with HTTP 200 as often as not)."},
			[]string{"operation", "status", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "policygraph_graphql_request_duration_seconds",
			Help:    "GraphQL request latency by operation name.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"operation"}),
		storeCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "policygraph_store_round_trips_total",
			Help: "Store calls made by the GraphQL API, by method and outcome."}, []string{"method", "outcome"}),
		storeDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "policygraph_store_round_trip_duration_seconds",
			Help:    "Latency of the store calls made by the GraphQL API.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1}}, []string{"method"}),
		perRequest: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "policygraph_graphql_store_round_trips_per_request",
			Help: "Store round trips per GraphQL request (batching keeps it near the query's depth).", Buckets: []float64{0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32}}),
		inflight:    prometheus.NewGauge(prometheus.GaugeOpts{Name: "policygraph_graphql_requests_in_flight", Help: "GraphQL requests being served."}),
		storeHealth: healthCollector{store},
		graphSize:   sizeCollector{store},
		buildInfo:   buildInfoGauge(),
		ops:         map[string]bool{},
	}
}

var (
	storeUpDesc = prometheus.NewDesc("policygraph_store_up",
		"1 when the graph store can answer, 0 while it reports itself unavailable (reason says why: unreachable, timeout, unauthorized, unavailable).",
		[]string{"reason"}, nil)
	storeSinceDesc = prometheus.NewDesc("policygraph_store_state_since_seconds",
		"When the store's availability last changed (Unix time; 0 when it never did).", nil, nil)
)

// healthCollector reports the store's own view of its availability at
// each scrape.
type healthCollector struct{ store graph.Store }

func (c healthCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- storeUpDesc
	ch <- storeSinceDesc
}

func (c healthCollector) Collect(ch chan<- prometheus.Metric) {
	st := graph.HealthOf(c.store)
	up := 0.0
	if st.Available {
		up = 1
	}
	ch <- prometheus.MustNewConstMetric(storeUpDesc, prometheus.GaugeValue, up, st.Reason)
	since := 0.0
	if !st.Since.IsZero() {
		since = float64(st.Since.UnixNano()) / 1e9
	}
	ch <- prometheus.MustNewConstMetric(storeSinceDesc, prometheus.GaugeValue, since)
}

var (
	graphNodesDesc = prometheus.NewDesc("policygraph_graph_nodes",
		"Nodes in the graph by label (read from the store at each scrape).", []string{"label"}, nil)
	graphRelsDesc = prometheus.NewDesc("policygraph_graph_relationships",
		"Relationships in the graph by type (read from the store at each scrape).", []string{"type"}, nil)
)

// sizeScrapeTimeout bounds the store call a scrape makes.
const sizeScrapeTimeout = 2 * time.Second

// sizeCollector reports the graph's size at each scrape: one Stats call,
// every label and type (0 included, so a series never vanishes). While the
// store is unavailable, or when Stats fails, it reports nothing rather
// than wrong zeros (policygraph_store_up says why).
type sizeCollector struct{ store graph.Store }

func (c sizeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- graphNodesDesc
	ch <- graphRelsDesc
}

func (c sizeCollector) Collect(ch chan<- prometheus.Metric) {
	if !graph.HealthOf(c.store).Available {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), sizeScrapeTimeout)
	defer cancel()
	st, err := c.store.Stats(ctx)
	if err != nil {
		return
	}
	for _, l := range graph.Labels {
		ch <- prometheus.MustNewConstMetric(graphNodesDesc, prometheus.GaugeValue, float64(st.Nodes[l]), string(l))
	}
	for _, t := range graph.RelTypes {
		ch <- prometheus.MustNewConstMetric(graphRelsDesc, prometheus.GaugeValue, float64(st.Relationships[t]), string(t))
	}
}

// buildInfoGauge is policygraph_build_info: 1, with the module version,
// VCS revision and Go version the binary was built with ("unknown" where
// the build recorded none, as under go test).
func buildInfoGauge() prometheus.Collector {
	version, revision := "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" {
			version = v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && s.Value != "" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "policygraph_build_info",
		Help:        "Always 1: the version, VCS revision and Go version of the running binary.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": runtime.Version()}})
	g.Set(1)
	return g
}

func (m *metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.requests, m.duration, m.storeCalls, m.storeDuration, m.perRequest, m.inflight, m.storeHealth, m.graphSize, m.buildInfo}
}

func (m *metrics) opLabel(op string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ops[op] {
		return op
	}
	if len(m.ops) >= maxOperationNames {
		return "other"
	}
	m.ops[op] = true
	return op
}

func (m *metrics) observeRequest(o outcome, d time.Duration, roundTrips int64) {
	op := m.opLabel(o.operation)
	m.requests.WithLabelValues(op, strconv.Itoa(o.status), o.code).Inc()
	m.duration.WithLabelValues(op).Observe(d.Seconds())
	m.perRequest.Observe(float64(roundTrips))
}

func (m *metrics) observeStore(method string, d time.Duration, err error) {
	outcome := "ok"
	switch {
	case errors.Is(err, graph.ErrUnavailable):
		outcome = "unavailable" // refused without reaching the server, or abandoned when it went
	case err != nil:
		outcome = "error"
	}
	m.storeCalls.WithLabelValues(method, outcome).Inc()
	m.storeDuration.WithLabelValues(method).Observe(d.Seconds())
}
