package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
)

// Health reasons (graph.Health.Reason).
const (
	reasonUnreachable  = "unreachable"  // connections refused, reset or closed
	reasonTimeout      = "timeout"      // the server accepts but does not answer
	reasonUnauthorized = "unauthorized" // the server refuses our credentials
	reasonUnavailable  = "unavailable"  // the server answers but the database does not
)

// Defaults for Config.HealthInterval and Config.HealthTimeout, and how many
// probes in a row must time out before a silent server counts as gone (one
// slow answer from a busy server is not an outage).
const (
	defaultHealthInterval = time.Second
	defaultHealthTimeout  = 2 * time.Second
	timeoutsBeforeDown    = 2
)

// health is what the store knows about its server. With the server gone,
// the driver retries every read until the caller's deadline, so each API
// request would wait out its whole timeout; instead, once a call or the
// background probe has seen the server unreachable, reads fail at once
// with graph.ErrUnavailable, and reads already waiting in the driver's
// retry loop are cancelled. The probe runs every interval in either state,
// so an outage is noticed within about an interval even when no call
// fails, and the end of one as soon as the server answers.
type health struct {
	mu       sync.Mutex
	state    graph.Health
	timeouts int // probes timed out in a row
	inflight map[int]context.CancelCauseFunc
	next     int
	notify   func(graph.Health)

	stop chan struct{}
	done chan struct{}
}

func newHealth(notify func(graph.Health)) *health {
	return &health{state: graph.Health{Available: true, Since: time.Now()}, inflight: map[int]context.CancelCauseFunc{}, notify: notify}
}

func (h *health) get() graph.Health {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.state
}

// unavailableErr is the error of a call refused or abandoned while the
// server is unreachable; it names the reason, not the driver's text.
func unavailableErr(st graph.Health) error {
	return fmt.Errorf("%w: the Neo4j server is %s (since %s)", graph.ErrUnavailable, st.Reason, st.Since.Format(time.RFC3339))
}

// begin starts a read that must not outlive the server's reachability. It
// fails at once when the server is known unreachable; otherwise the
// returned context is cancelled, with an ErrUnavailable cause, should the
// server become unreachable before end is called.
func (h *health) begin(ctx context.Context) (context.Context, func(), error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.state.Available {
		return ctx, func() {}, unavailableErr(h.state)
	}
	c, cancel := context.WithCancelCause(ctx)
	id := h.next
	h.next++
	h.inflight[id] = cancel
	return c, func() {
		h.mu.Lock()
		delete(h.inflight, id)
		h.mu.Unlock()
		cancel(nil)
	}, nil
}

// observe updates the state from the outcome of a call made with ctx: a
// success shows the server is up, an unreachable server shows it is down;
// other failures (bad queries, deadlines) say nothing about the server.
func (h *health) observe(ctx context.Context, err error) {
	if err == nil {
		h.set(graph.Health{Available: true}, false)
		return
	}
	if reason := classify(err, ctx.Err() != nil); reason != "" && reason != reasonTimeout {
		h.set(graph.Health{Reason: reason, Err: err}, false)
	}
}

// probed updates the state from a probe: like observe, but a probe that
// timed out counts too once it has happened timeoutsBeforeDown times in a
// row, since a silent server (a partition, a hung host) never refuses.
func (h *health) probed(ctx context.Context, err error) {
	if err == nil {
		h.set(graph.Health{Available: true}, true)
		return
	}
	reason := classify(err, ctx.Err() != nil)
	if reason == "" {
		reason = "error"
	}
	h.mu.Lock()
	if reason == reasonTimeout {
		h.timeouts++
		if h.timeouts < timeoutsBeforeDown {
			h.mu.Unlock()
			return
		}
	}
	h.mu.Unlock()
	h.set(graph.Health{Reason: reason, Err: err}, false)
}

func (h *health) set(st graph.Health, resetTimeouts bool) {
	h.mu.Lock()
	if resetTimeouts || st.Available {
		h.timeouts = 0
	}
	if st.Available == h.state.Available {
		if !st.Available {
			// Still down: keep when it began, but say what it is now.
			h.state.Reason, h.state.Err = st.Reason, st.Err
		}
		h.mu.Unlock()
		return
	}
	st.Since = time.Now()
	h.state = st
	var cancels []context.CancelCauseFunc
	if !st.Available {
		for id, c := range h.inflight {
			cancels = append(cancels, c)
			delete(h.inflight, id)
		}
	}
	notify := h.notify
	h.mu.Unlock()
	cause := unavailableErr(st)
	for _, c := range cancels {
		c(cause)
	}
	if notify != nil {
		notify(st)
	}
}

// classify names what err says about the server, or "" when it says
// nothing (a failed query). A connectivity error counts as a timeout, not
// as an unreachable server, when the call's deadline had passed (done):
// the driver wraps its own deadline errors in types that do not unwrap.
// The attempts a retry loop gave up on are looked at one by one; any that
// was refused or cut makes the server unreachable.
func classify(err error, done bool) string {
	var tel *neo4j.TransactionExecutionLimit
	if errors.As(err, &tel) {
		found := ""
		for _, e := range tel.Errors {
			switch classify(e, false) {
			case reasonUnreachable:
				return reasonUnreachable
			case reasonTimeout:
				found = reasonTimeout
			}
		}
		return found
	}
	var ce *neo4j.ConnectivityError
	if errors.As(err, &ce) {
		if done || ce.Inner != nil && (errors.Is(ce.Inner, context.DeadlineExceeded) || errors.Is(ce.Inner, context.Canceled) || isTimeout(ce.Inner)) {
			return reasonTimeout
		}
		return reasonUnreachable
	}
	var ae *neo4j.InvalidAuthenticationError
	if errors.As(err, &ae) {
		return reasonUnauthorized
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch ne.Code {
		case "Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationRateLimit":
			return reasonUnauthorized
		case "Neo.TransientError.General.DatabaseUnavailable", "Neo.ClientError.Database.DatabaseNotFound":
			return reasonUnavailable
		}
	}
	return ""
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// run probes every interval until stop is closed.
func (h *health) run(interval, timeout time.Duration, probe func(context.Context) error) {
	h.stop, h.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(h.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			err := probe(ctx)
			select {
			case <-h.stop:
				cancel()
				return // the driver was closed under the probe
			default:
			}
			h.probed(ctx, err)
			cancel()
		}
	}()
}

func (h *health) close() {
	if h.stop != nil {
		close(h.stop)
		<-h.done
		h.stop = nil
	}
}

// probe runs RETURN 1 in the store's database outside any managed
// transaction, so no retry loop hides the outcome. A pooled connection
// that the server closed since (it restarted) fails once and leaves the
// pool; only a second failure on a fresh connection counts.
func (s *Store) probe(ctx context.Context) error {
	err := s.ping(ctx)
	if err != nil && classify(err, ctx.Err() != nil) == reasonUnreachable {
		err = s.ping(ctx)
	}
	return err
}

func (s *Store) ping(ctx context.Context) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, "RETURN 1", nil, neo4j.WithTxTimeout(time.Second))
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// Health implements graph.HealthReporter.
func (s *Store) Health() graph.Health { return s.health.get() }
