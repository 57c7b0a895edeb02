// Command policygraph turns Chinese policy reports into a knowledge graph
// and serves it over GraphQL.
//
//	policygraph ingest  [--data-dir DIR | --neo4j-uri URI] PATH...
//	policygraph export  [--data-dir DIR | --neo4j-uri URI] --format jsonl|graphml [-o FILE]
//	policygraph serve   [--data-dir DIR | --neo4j-uri URI] [--addr 127.0.0.1:8080] [--sample]
//	policygraph migrate --neo4j-uri URI
//	policygraph health  [URL]
//	policygraph version
//	policygraph help    [COMMAND]
//
// Every flag has an environment variable (POLICYGRAPH_DATA_DIR,
// POLICYGRAPH_NEO4J_URI, …); a flag on the command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

const usage = `policygraph turns Chinese policy reports into a knowledge graph and serves it.

Usage:
  policygraph ingest  [--data-dir DIR | --neo4j-uri URI] PATH...
        Read reports (files, or folders of *.txt) into the graph.
  policygraph export  [--data-dir DIR | --neo4j-uri URI] --format jsonl|graphml [-o FILE]
        Write the whole graph (APOC JSON lines or GraphML) to FILE or stdout.
  policygraph serve   [--data-dir DIR | --neo4j-uri URI] [--addr 127.0.0.1:8080] [--sample]
        Serve GraphQL at /graphql, the explorer at /, GraphiQL at /graphiql.
  policygraph migrate --neo4j-uri URI
        Create Neo4j constraints and indexes (serve and ingest do it too).
  policygraph health  [URL]
        Exit 0 when URL (default http://127.0.0.1:8080/readyz) answers 200;
        for container health checks, where there is no curl.
  policygraph version
        The module version and VCS revision the binary was built from.
  policygraph help [COMMAND]
        This text, or a command's flags.

Without --neo4j-uri the embedded store is used: kept in --data-dir when
given, in memory otherwise. Run "policygraph help COMMAND" (or
"policygraph COMMAND -h") for a command's flags; each setting also reads an
environment variable (shown in the help).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: testable, and it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "ingest":
		err = cmdIngest(ctx, args[1:], stdout, stderr)
	case "export":
		err = cmdExport(ctx, args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, args[1:], stdout, stderr)
	case "health":
		err = cmdHealth(ctx, args[1:], stdout)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "policygraph", buildVersion())
		return 0
	case "help", "-h", "--help":
		if len(args) > 1 && args[0] == "help" {
			if !commands[args[1]] {
				fmt.Fprintf(stderr, "policygraph help: unknown command %q\n\n%s", args[1], usage)
				return 2
			}
			return run(ctx, []string{args[1], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "policygraph: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "policygraph %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "policygraph %s: %v\n", args[0], err)
	return 1
}

// commands are the commands with flags of their own, for "help COMMAND".
var commands = map[string]bool{"ingest": true, "export": true, "serve": true, "migrate": true, "health": true}

// buildVersion is the module version and VCS revision from the build info:
// "v1.2.3", or a pseudo-version, or "(devel)" for a build outside a module
// version, then the revision, "+dirty" for uncommitted changes, and when.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(no build info)"
	}
	return formatVersion(bi)
}

func formatVersion(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		v += " revision " + rev
		if settings["vcs.modified"] == "true" {
			v += "+dirty"
		}
		if t := settings["vcs.time"]; t != "" {
			v += " (" + t + ")"
		}
	}
	if bi.GoVersion != "" {
		v += " " + bi.GoVersion
	}
	return v
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func cmdHealth(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("health")
	if err := parse(fs, args, stdout, "policygraph health [URL]\n\nExit 0 when URL (default http://127.0.0.1:8080/readyz) answers 200 within 5 s."); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError{"health takes one URL"}
	}
	url := "http://127.0.0.1:8080/readyz"
	if fs.NArg() == 1 {
		url = fs.Arg(0)
	}
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(c, http.MethodGet, url, nil)
	if err != nil {
		return usageError{err.Error()}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("ask %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
