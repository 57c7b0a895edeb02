package graph

// EvalPredicate is evalPredicate for the external tests.
var EvalPredicate = evalPredicate
