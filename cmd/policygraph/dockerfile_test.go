package main

import (
	"net"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfileListensOutside holds the image to an address reachable
// through `docker run -p 8080:8080`: serve in the container listens on
// every interface, on the port the image exposes, set through a variable
// the binary reads.
func TestDockerfileListensOutside(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	var exposed []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "ENV":
			for _, kv := range f[1:] {
				if k, v, ok := strings.Cut(kv, "="); ok {
					env[k] = strings.Trim(v, `"`)
				}
			}
		case "EXPOSE":
			exposed = append(exposed, f[1:]...)
		}
	}
	addr, ok := env[envAddr]
	if !ok {
		t.Fatalf("the Dockerfile does not set %s: serve would listen on loopback only", envAddr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("%s=%q: %v", envAddr, addr, err)
	}
	if host != "0.0.0.0" && host != "" && host != "::" {
		t.Errorf("%s=%q listens on %q, not every interface", envAddr, addr, host)
	}
	if len(exposed) != 1 || strings.TrimSuffix(exposed[0], "/tcp") != port {
		t.Errorf("EXPOSE %v, serve listens on port %s", exposed, port)
	}
	src, _ := os.ReadFile("config.go")
	if !regexp.MustCompile(`"` + envAddr + `"`).Match(src) {
		t.Errorf("config.go does not read %s", envAddr)
	}
}
