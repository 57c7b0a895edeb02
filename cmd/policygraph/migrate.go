package main

import (
	"context"
	"fmt"
	"io"
)

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate")
	var sf storeFlags
	sf.register(fs)
	if err := parse(fs, args, stdout, "policygraph migrate --neo4j-uri URI"); err != nil {
		return err
	}
	if sf.neo4jURI == "" {
		return usageError{"migrate needs --neo4j-uri (the embedded store has no schema to migrate)"}
	}
	// Opening the Neo4j store creates constraints and indexes idempotently.
	_, store, err := sf.start(ctx, stderr, readWrite)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	fmt.Fprintln(stdout, "constraints and indexes are in place")
	return nil
}
