package graph

// ComparePaths orders paths as PathQuery defines: by length, then node ids,
// then relationship ids.
func ComparePaths(a, b Path) int {
	if len(a.Relationships) != len(b.Relationships) {
		return len(a.Relationships) - len(b.Relationships)
	}
	for i := range a.Nodes {
		if i >= len(b.Nodes) {
			break
		}
		if a.Nodes[i].ID != b.Nodes[i].ID {
			if a.Nodes[i].ID < b.Nodes[i].ID {
				return -1
			}
			return 1
		}
	}
	for i := range a.Relationships {
		if a.Relationships[i].ID != b.Relationships[i].ID {
			if a.Relationships[i].ID < b.Relationships[i].ID {
				return -1
			}
			return 1
		}
	}
	return 0
}
