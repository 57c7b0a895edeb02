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

// TestComposeReplicas parses compose.replicas.yaml, the override that runs
// two replicas behind nginx: the replicas publish no port, nginx waits for
// their health check, mounts a configuration that exists and proxies to
// the service by its name.
func TestComposeReplicas(t *testing.T) {
	data, err := os.ReadFile("../../compose.replicas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image  string `yaml:"image"`
			Deploy struct {
				Replicas int `yaml:"replicas"`
			} `yaml:"deploy"`
			Ports     yaml.Node                    `yaml:"ports"`
			DependsOn map[string]map[string]string `yaml:"depends_on"`
			Volumes   []string                     `yaml:"volumes"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("compose.replicas.yaml does not parse: %v", err)
	}
	app, lb := c.Services["policygraph"], c.Services["lb"]
	if app.Deploy.Replicas < 2 {
		t.Errorf("replicas: %d", app.Deploy.Replicas)
	}
	if app.Ports.Tag != "!reset" {
		t.Errorf("the replicas' ports must be reset (one host port cannot serve two replicas), got tag %q", app.Ports.Tag)
	}
	if !strings.HasPrefix(lb.Image, "nginx:") || lb.DependsOn["policygraph"]["condition"] != "service_healthy" {
		t.Errorf("lb: image %q, depends_on %v", lb.Image, lb.DependsOn)
	}
	if len(lb.Volumes) != 1 {
		t.Fatalf("lb volumes: %v", lb.Volumes)
	}
	conf, err := os.ReadFile("../../" + strings.TrimPrefix(strings.SplitN(lb.Volumes[0], ":", 2)[0], "./"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(conf), "server policygraph:8080") || !strings.Contains(string(conf), "proxy_pass http://policygraph") {
		t.Errorf("nginx.conf does not proxy to the service:\n%s", conf)
	}
}
