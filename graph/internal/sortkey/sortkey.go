// Package sortkey checks the sort keys of a node query for both stores.
package sortkey

import (
	"fmt"

	"github.com/policygraph/policygraph/graph"
)

// Validate checks a sort field name: id, name or a property name (an
// identifier, as graph.ValidateNode holds property names to), so a store
// can put it in a query. A bad one wraps graph.ErrInvalid.
func Validate(k graph.SortKey) error {
	if k.Field == "id" || k.Field == "name" || isIdent(k.Field) {
		return nil
	}
	return fmt.Errorf("%w: bad sort field %q", graph.ErrInvalid, k.Field)
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
