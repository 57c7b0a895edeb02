// Package policygraph holds what the binary embeds from the repository's
// root: the sample reports of testdata/reports, which `policygraph serve
// --sample` ingests wherever it runs.
package policygraph

import "embed"

// SampleReports are the *.txt files of testdata/reports.
//
//go:embed testdata/reports/*.txt
var SampleReports embed.FS

// SampleReportsDir is the folder of SampleReports inside the FS.
const SampleReportsDir = "testdata/reports"
