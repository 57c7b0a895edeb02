package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
)

// A property named as an attribute the export writes itself, or as one
// Gephi reads as a drawing property (position, size, colour, weight), is
// written under "<name>_prop": it neither replaces the label nor moves the
// node.
func TestGraphMLReservedNames(t *testing.T) {
	s := memstore.New()
	t.Cleanup(func() { s.Close(context.Background()) })
	doc := graph.DocumentID("r.txt")
	city := graph.NodeID(graph.City, "430200")
	b := graph.DocumentBatch{
		Document: graph.Node{ID: doc, Label: graph.Document, Name: "r.txt", Props: graph.Props{"source": "r.txt"}},
		Nodes: []graph.Node{{ID: city, Label: graph.City, Name: "株洲市",
			Props: graph.Props{"type": "prefecture", "labels": "x", "x": 1.5, "size": int64(3), "r": int64(255), "code": "430200"}}},
		Relationships: []graph.Relationship{{ID: "m1", Type: graph.Mentions, From: doc, To: city,
			Props: graph.Props{"weight": 2.0, "type": "direct", "edgeid": "e"}}},
	}
	if _, err := s.WriteDocument(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	_, f := graphML(t, s)
	got := map[string]map[string]string{}
	for _, e := range append(f.Graph.Nodes, f.Graph.Edges...) {
		got[e.ID] = e.data(t)
	}
	for _, c := range []struct {
		elem, key, want string
	}{
		{city, "n_label", "株洲市"},
		{city, "n_type", "City"},
		{city, "n_labels", ":City"},
		{city, "n_type_prop", "prefecture"},
		{city, "n_labels_prop", "x"},
		{city, "n_x_prop", "1.5"},
		{city, "n_size_prop", "3"},
		{city, "n_r_prop", "255"},
		{city, "n_code", "430200"},
		{"m1", "e_label", "MENTIONS"},
		{"m1", "e_type", "MENTIONS"},
		{"m1", "e_type_prop", "direct"},
		{"m1", "e_weight_prop", "2"},
		{"m1", "e_edgeid_prop", "e"},
	} {
		if v, ok := got[c.elem][c.key]; !ok || v != c.want {
			t.Errorf("%s %s = %q (present %v), want %q", c.elem, c.key, v, ok, c.want)
		}
	}
	for _, k := range []string{"n_x", "n_size", "n_r", "e_weight", "e_edgeid"} {
		if _, ok := got[city][k]; ok {
			t.Errorf("%s written under Gephi's reserved name", k)
		}
		if _, ok := got["m1"][k]; ok {
			t.Errorf("%s written under Gephi's reserved name", k)
		}
	}
}

// networkxLoad is the Python side of TestGraphMLNetworkx: it reads the file
// with networkx's GraphML reader and prints what it read as JSON.
const networkxLoad = `
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
print(json.dumps({
    "directed": g.is_directed(),
    "nodes": {n: d for n, d in g.nodes(data=True)},
    "edges": [[u, v, d] for u, v, d in g.edges(data=True)],
}, ensure_ascii=False))
`

// TestGraphMLNetworkx loads the export with networkx, as a reader outside
// Go sees it: every node with its name as label and its type, attribute
// types kept (long → int, double → float, boolean → bool), every edge with
// its type. It needs python3 with networkx (pip install networkx); under
// CI it fails without them rather than skip.
func TestGraphMLNetworkx(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(py, "-c", "import networkx").Run()
	}
	if err != nil {
		msg := "GraphML is checked with networkx: install python3 and networkx (pip install networkx): " + err.Error()
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	s := load(t, 0, 1)
	out, _ := graphML(t, s)
	path := filepath.Join(t.TempDir(), "graph.graphml")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", networkxLoad, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	js, err := cmd.Output()
	if err != nil {
		t.Fatalf("networkx cannot read the export: %v\n%s", err, stderr.String())
	}
	var g struct {
		Directed bool
		Nodes    map[string]map[string]any
		Edges    [][3]json.RawMessage
	}
	if err := json.Unmarshal(js, &g); err != nil {
		t.Fatalf("%v: %s", err, js)
	}
	if !g.Directed {
		t.Errorf("networkx reads an undirected graph")
	}
	nodes, rels := scan(t, s)
	if len(g.Nodes) != len(nodes) {
		t.Errorf("networkx reads %d nodes, want %d", len(g.Nodes), len(nodes))
	}
	for _, n := range nodes {
		d := g.Nodes[n.ID]
		if d["label"] != n.Name || d["type"] != string(n.Label) || d["labels"] != ":"+string(n.Label) || d["name"] != n.Name {
			t.Errorf("node %s reads as %v", n.ID, d)
		}
	}
	z := g.Nodes[zhuzhou]
	if z["population"] != float64(390) || z["share"] != 0.5 || z["capital"] != false {
		t.Errorf("typed attributes read as %#v", z)
	}
	if text, _ := g.Nodes[docB]["text"].(string); text != textB {
		t.Errorf("text reads as %v", g.Nodes[docB]["text"])
	}
	var got, want []string
	for _, e := range g.Edges {
		var u, v string
		var d map[string]any
		if json.Unmarshal(e[0], &u) != nil || json.Unmarshal(e[1], &v) != nil || json.Unmarshal(e[2], &d) != nil {
			t.Fatalf("edge %s", e)
		}
		got = append(got, u+" "+v+" "+d["type"].(string)+" "+d["label"].(string))
	}
	for _, r := range rels {
		want = append(want, r.From+" "+r.To+" "+string(r.Type)+" "+string(r.Type))
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("networkx edges\n%v\nwant\n%v", got, want)
	}
}
