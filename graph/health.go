package graph

import (
	"errors"
	"time"
)

// ErrUnavailable is wrapped by the errors of calls a store refused or
// abandoned because its server cannot be reached: nothing was read or
// written by the call, and the caller may try again later.
var ErrUnavailable = errors.New("store unavailable")

// Health is what a store knows about whether it can answer.
type Health struct {
	Available bool
	// Reason says why not, in a word fit for operators and clients (it
	// carries no addresses or driver text): "unreachable", "timeout",
	// "unauthorized" or "error". Empty when Available.
	Reason string
	// Since is when the store entered this state (zero for a store that
	// was never unavailable).
	Since time.Time
	// Err is the failure that made the store unavailable, for logs only.
	Err error
}

// HealthReporter is implemented by stores that can lose their server (the
// Neo4j store); an embedded store is always available.
type HealthReporter interface {
	Health() Health
}

// HealthOf returns s's health, or Available for a store that does not
// report one.
func HealthOf(s Store) Health {
	if hr, ok := s.(HealthReporter); ok {
		return hr.Health()
	}
	return Health{Available: true}
}
