package schema

import (
	"errors"
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

	mu  sync.Mutex
	ops map[string]bool
}

func newMetrics(store graph.Store) *metrics {
	return &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "policygraph_graphql_requests_total",
			Help: "GraphQL requests by operation name and HTTP status."}, []string{"operation", "status"}),
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

func (m *metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.requests, m.duration, m.storeCalls, m.storeDuration, m.perRequest, m.inflight, m.storeHealth}
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
	m.requests.WithLabelValues(op, strconv.Itoa(o.status)).Inc()
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
