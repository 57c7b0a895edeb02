// The GraphQL documents the explorer sends, and small helpers that run
// them. Only the service's own /graphql (and /graphql.csv) is used.
import { gql } from './api.js';

// citation: the sentence's GB/T 7714-2015 entry, copied with it (no access
// date: the same graph gives the same text).
const EVIDENCE = `sentence headline start end documentId citation
  document { id title newspaper date source }`;

const SUBGRAPH = `
  nodes { id label name aliases node { ... on Document { title headlines date newspaper } } }
  edges { id type source target title evidence { ${EVIDENCE} } }`;

export const SEARCH = `query Search($q: String!, $first: Int) {
  search(query: $q, first: $first) {
    field snippet start end score sentence sentenceStart sentenceEnd
    document { id title newspaper date }
    node { id ... on Official { label name } ... on City { label name } ... on Organization { label name }
      ... on Industry { label name } ... on Goal { label name } ... on Proposal { label name } ... on Statement { label name }
      ... on Document { label name title headlines date newspaper } }
  }
}`;

export const NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int, $limit: Int, $labels: [Label!], $types: [RelationshipType!]) {
  neighborhood(id: $id, depth: $depth, limit: $limit, labels: $labels, relationshipTypes: $types) {
    truncated ${SUBGRAPH}
  }
}`;

export const NODES = `query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Official { label name aliases } ... on City { label name aliases } ... on Organization { label name aliases }
    ... on Industry { label name aliases } ... on Goal { label name aliases } ... on Proposal { label name aliases }
    ... on Statement { label name aliases } ... on Document { label name aliases title headlines date newspaper }
  }
}`;

export const SHORTEST_PATH = `query ShortestPath($from: ID!, $to: ID!, $maxDepth: Int, $types: [RelationshipType!]) {
  shortestPath(from: $from, to: $to, maxDepth: $maxDepth, relationshipTypes: $types) {
    length ${SUBGRAPH}
  }
}`;

const NAMED = 'id ... on Official { name } ... on City { name } ... on Organization { name } ... on Industry { name } ... on Goal { name } ... on Proposal { name } ... on Statement { name } ... on Document { label name title headlines date newspaper }';

export const NODE_DETAILS = `query NodeDetails($id: ID!) {
  node(id: $id) {
    id
    ... on Official { label name aliases properties positions { title organization { id name } city { id name } } evidence(first: 12) { relationshipType ${EVIDENCE} } }
    ... on City { label name aliases properties code level parent { id name } evidence(first: 12) { relationshipType ${EVIDENCE} } }
    ... on Organization { label name aliases properties evidence(first: 12) { relationshipType ${EVIDENCE} } }
    ... on Industry { label name aliases properties evidence(first: 12) { relationshipType ${EVIDENCE} } }
    ... on Goal { label name aliases properties evidence(first: 12) { relationshipType ${EVIDENCE} } }
    ... on Proposal { label name aliases properties evidence(first: 12) { relationshipType ${EVIDENCE} } }
    ... on Statement { label name aliases properties text kind speakers { nodes { id name } } citation { ${EVIDENCE} }
      evidence(first: 12, relationshipTypes: [ABOUT]) { relationshipType ${EVIDENCE} } }
    ... on Document { label name aliases properties title newspaper date source headlines reporters city { id name } }
  }
}`;

export const CROSS_REFERENCE = `query CrossReference($topic: String!, $cities: [String!], $from: String, $to: String) {
  crossReference(topic: $topic, cities: $cities, from: $from, to: $to) {
    topic totalCount truncated
    cities { id name aliases }
    industries { id name aliases }
    groups {
      city { id name }
      date
      items {
        label name titles
        node { ${NAMED} }
        related { ${NAMED} }
        quotes { kind text sentence start end headline citation gbt: citation(style: GBT7714) newspaper date source title relationshipType document { id } }
      }
    }
  }
}`;

const GRAPH_NODE = 'id label name aliases node { ... on Document { title headlines date newspaper } }';

// The document reader: the report's text and articles, and the article at
// the cited sentence's offset with its facts (relationships, and what it
// names) as subgraphs the graph view can add.
export const READER = `query Reader($id: ID!, $offset: Int!) {
  node(id: $id) {
    id
    ... on Document { label name title newspaper date source headlines citation text
      articles { index headline start end }
      article(offset: $offset) { index headline start end
        facts(first: 100) { truncated nodes { ${GRAPH_NODE} } edges { id type source target title evidence { ${EVIDENCE} } } }
        named: facts(first: 100, relationshipTypes: [MENTIONS]) { truncated nodes { ${GRAPH_NODE} } edges { id type source target evidence { start end } } }
      }
    }
  }
}`;

export const STATS = `query Stats { stats { nodes relationships labels { label count } relationshipTypes { type count } } }`;

export const search = (q, first, opts) => gql(SEARCH, { q, first }, opts).then((d) => d.search);

export const neighborhood = (vars, opts) => gql(NEIGHBORHOOD, vars, opts).then((d) => d.neighborhood);

export const nodesByIds = (ids, opts) => gql(NODES, { ids }, opts).then((d) => d.nodes);

export const shortestPath = (vars, opts) => gql(SHORTEST_PATH, vars, opts).then((d) => d.shortestPath);

export const nodeDetails = (id, opts) => gql(NODE_DETAILS, { id }, opts).then((d) => d.node);

export const crossReference = (vars, opts) => gql(CROSS_REFERENCE, vars, opts).then((d) => d.crossReference);

export const readerDocument = (id, offset, opts) => gql(READER, { id, offset }, opts).then((d) => d.node);

export const stats = (opts) => gql(STATS, {}, opts).then((d) => d.stats);

// Tables for GET /graphql.csv: the same lists, with the columns a
// spreadsheet wants (a column per scalar leaf, in selection order).
export const SEARCH_CSV = `query SearchTable($q: String!, $first: Int) {
  search(query: $q, first: $first) {
    node { id ... on Official { label name } ... on City { label name } ... on Organization { label name }
      ... on Industry { label name } ... on Goal { label name } ... on Proposal { label name } ... on Statement { label name }
      ... on Document { label name } }
    field snippet score
    document { title newspaper date }
  }
}`;

export const CROSS_REFERENCE_CSV = `query CrossReferenceTable($topic: String!, $cities: [String!], $from: String, $to: String) {
  crossReference(topic: $topic, cities: $cities, from: $from, to: $to) {
    groups {
      city { name }
      date
      items { label name titles quotes { kind sentence citation } }
    }
  }
}`;

/**
 * The URL of GET /graphql.csv: the query's first list as a CSV file (UTF-8
 * with a BOM). rows names, by response keys from the root, a list under
 * it whose items are the rows instead. Variables that are undefined or
 * null are left out (the query's defaults apply).
 * @param {string} query
 * @param {object} [variables]
 * @param {{rows?: string, base?: string}} [opts] base defaults to the page's
 */
export function csvURL(query, variables = {}, opts = {}) {
  const url = new URL('graphql.csv', opts.base ?? document.baseURI);
  url.searchParams.set('query', query);
  const vars = Object.fromEntries(Object.entries(variables ?? {}).filter(([, v]) => v != null));
  if (Object.keys(vars).length) url.searchParams.set('variables', JSON.stringify(vars));
  if (opts.rows) url.searchParams.set('rows', opts.rows);
  return url.href;
}

/** The search results for q as CSV: up to 100 hits, the most the server pages. */
export const searchCSV = (q, opts) => csvURL(SEARCH_CSV, { q, first: 100 }, opts);

/** A speechwriter's brief as CSV: a row per item (official, goal, proposal), beside its place and date. */
export const crossReferenceCSV = (vars, opts) => csvURL(CROSS_REFERENCE_CSV, vars, { ...opts, rows: 'crossReference.groups.items' });
