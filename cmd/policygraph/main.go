// Command policygraph turns Chinese policy reports into a knowledge graph
// and serves it over GraphQL.
//
//	policygraph ingest  [--data-dir DIR | --neo4j-uri URI] PATH...
//	policygraph export  [--data-dir DIR | --neo4j-uri URI] --format jsonl|graphml [-o FILE]
//	policygraph serve   [--data-dir DIR | --neo4j-uri URI] [--addr 127.0.0.1:8080] [--sample]
//	policygraph migrate --neo4j-uri URI
//	policygraph version
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
	"syscall"
	"time"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

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
  policygraph version
  policygraph health [URL]
        Exit 0 when URL (default http://127.0.0.1:8080/readyz) answers 200;
        for container health checks, where there is no curl.

Without --neo4j-uri the embedded store is used: kept in --data-dir when
given, in memory otherwise. Run "policygraph COMMAND -h" for a command's
flags; each flag also reads an environment variable (shown in the help).
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
		fmt.Fprintln(stdout, "policygraph", version)
		return 0
	case "help", "-h", "--help":
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

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func cmdHealth(ctx context.Context, args []string, stdout io.Writer) error {
	url := "http://127.0.0.1:8080/readyz"
	if len(args) > 0 {
		url = args[0]
	}
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(c, http.MethodGet, url, nil)
	if err != nil {
		return usageError{err.Error()}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
