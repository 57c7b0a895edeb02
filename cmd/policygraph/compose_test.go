package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestComposeMatchesBinary parses compose.yaml and checks that every
// POLICYGRAPH_ variable it sets is one the binary reads, and that the
// Neo4j service is the 5.26 community image with a volume and a health check.
func TestComposeMatchesBinary(t *testing.T) {
	data, err := os.ReadFile("../../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Healthcheck map[string]any    `yaml:"healthcheck"`
			Command     []string          `yaml:"command"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("compose.yaml does not parse: %v", err)
	}
	neo, app := c.Services["neo4j"], c.Services["policygraph"]
	if !strings.HasPrefix(neo.Image, "neo4j:5.26") || !strings.Contains(neo.Image, "community") {
		t.Errorf("neo4j image %q", neo.Image)
	}
	if len(neo.Volumes) == 0 || neo.Healthcheck == nil {
		t.Errorf("neo4j needs a data volume and a health check")
	}
	if app.Build == nil || app.Healthcheck == nil {
		t.Errorf("policygraph service must build from the Dockerfile and have a health check")
	}
	known := map[string]bool{}
	src, _ := os.ReadFile("config.go")
	for _, m := range regexp.MustCompile(`"(POLICYGRAPH_[A-Z0-9_]+)"`).FindAllStringSubmatch(string(src), -1) {
		known[m[1]] = true
	}
	if len(known) < 6 {
		t.Fatalf("found only %d variables in config.go", len(known))
	}
	for name := range app.Environment {
		if strings.HasPrefix(name, "POLICYGRAPH_") && !known[name] {
			t.Errorf("compose sets %s, which the binary does not read", name)
		}
	}
	for _, need := range []string{envNeo4jURI, envNeo4jUser, envNeo4jPassword, envNeo4jDatabase, envAddr} {
		if _, ok := app.Environment[need]; !ok {
			t.Errorf("compose does not set %s", need)
		}
	}
	if _, err := os.Stat("../../Dockerfile"); err != nil {
		t.Errorf("Dockerfile: %v", err)
	}
}
