// Package web serves the graph explorer: static assets embedded in the
// binary, so the explorer needs no build step at run time.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed dist
var dist embed.FS

// Handler serves the explorer at /.
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded at build time
	}
	return http.FileServer(http.FS(sub))
}
