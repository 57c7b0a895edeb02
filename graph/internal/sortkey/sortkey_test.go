package sortkey_test

import (
	"errors"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/sortkey"
)

func TestValidateSortKey(t *testing.T) {
	for _, f := range []string{"id", "name", "population", "_x", "a1"} {
		if err := sortkey.Validate(graph.SortKey{Field: f}); err != nil {
			t.Errorf("%q: %v", f, err)
		}
	}
	for _, f := range []string{"a-b", "1x", "name desc", "pg.search", ""} {
		if err := sortkey.Validate(graph.SortKey{Field: f, Desc: true}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("%q: %v, want ErrInvalid", f, err)
		}
	}
}
