// The peer of scripts/bench-peer.sh (issue 13): the Neo4j GraphQL Library
// (@neo4j/graphql 7) on Apollo Server, over the graph policygraph's Neo4j
// store writes (graph/neo4jstore): every node carries its ontology label
// and Entity, the properties id, name and aliases (and the label's own,
// such as a City's level), and the relationships are the ontology's types
// (graph/model.go, docs/ontology.md) with the evidence properties doc,
// sentence, start, end, headline and, on HOLDS_POSITION, title.
//
// Only what a reader of the graph would declare is declared: the labels,
// their plain properties and the relationship types between them, in the
// direction they are stored. Nothing is tuned for the benchmark's queries.
//
// Env: PEER_NEO4J_URI (bolt://127.0.0.1:7687), PEER_NEO4J_USER and
//      PEER_NEO4J_PASSWORD (unset: no auth), PEER_NEO4J_DATABASE (neo4j),
//      PEER_PORT (0: any free port), PEER_HOST (127.0.0.1).
// Prints "peer serving on http://HOST:PORT/ ..." once it listens; answers
// POST /graphql (and any other path).
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

// entity(label, fields): the type of an ontology label that documents
// mention: stored with its own label and Entity, the properties every node
// has (id, name, aliases), its own fields, then the documents that mention it.
const entity = (label, fields) => /* GraphQL */ `
  type ${label} @node(labels: ["${label}", "Entity"]) {
    id: ID!
    name: String!
    aliases: [String!]
    ${fields.trim()}
    mentionedIn: [Document!]! @relationship(type: "MENTIONS", direction: IN)
  }
`;

const typeDefs = /* GraphQL */ `
  type Document @node(labels: ["Document", "Entity"]) {
    id: ID!
    name: String!
    aliases: [String!]
    date: String
    title: String
    url: String
    mentions: [Mentionable!]! @relationship(type: "MENTIONS", direction: OUT)
  }

  union Mentionable = Official | City | Organization | Industry | Goal | Proposal | Statement
  union Place = Organization | City
  union Topic = Industry | Goal | Proposal | City

  type Position @relationshipProperties {
    title: String
  }
${entity("Official", `
    proposals: [Proposal!]! @relationship(type: "PROPOSES", direction: OUT)
    goals: [Goal!]! @relationship(type: "SETS", direction: OUT)
    statements: [Statement!]! @relationship(type: "SAID", direction: OUT)
    organizations: [Organization!]! @relationship(type: "HOLDS_POSITION", direction: OUT, properties: "Position")
    cities: [City!]! @relationship(type: "HOLDS_POSITION", direction: OUT, properties: "Position")
    positions: [Place!]! @relationship(type: "HOLDS_POSITION", direction: OUT, properties: "Position")
`)}${entity("City", `
    level: String
    code: String
    parent: [City!]! @relationship(type: "LOCATED_IN", direction: OUT)
    children: [City!]! @relationship(type: "LOCATED_IN", direction: IN)
    organizations: [Organization!]! @relationship(type: "LOCATED_IN", direction: IN)
    proposals: [Proposal!]! @relationship(type: "LOCATED_IN", direction: IN)
    officials: [Official!]! @relationship(type: "HOLDS_POSITION", direction: IN, properties: "Position")
    goals: [Goal!]! @relationship(type: "APPLIES_TO", direction: IN)
`)}${entity("Organization", `
    locatedIn: [City!]! @relationship(type: "LOCATED_IN", direction: OUT)
    officials: [Official!]! @relationship(type: "HOLDS_POSITION", direction: IN, properties: "Position")
`)}${entity("Industry", `
    proposals: [Proposal!]! @relationship(type: "TARGETS", direction: IN)
    goals: [Goal!]! @relationship(type: "TARGETS", direction: IN)
`)}${entity("Goal", `
    targets: [Industry!]! @relationship(type: "TARGETS", direction: OUT)
    parts: [Goal!]! @relationship(type: "HAS_PART", direction: OUT)
    partOf: [Goal!]! @relationship(type: "HAS_PART", direction: IN)
    appliesTo: [City!]! @relationship(type: "APPLIES_TO", direction: OUT)
    setBy: [Official!]! @relationship(type: "SETS", direction: IN)
`)}${entity("Proposal", `
    proposers: [Official!]! @relationship(type: "PROPOSES", direction: IN)
    targets: [Industry!]! @relationship(type: "TARGETS", direction: OUT)
    locatedIn: [City!]! @relationship(type: "LOCATED_IN", direction: OUT)
`)}${entity("Statement", `
    kind: String
    speakers: [Official!]! @relationship(type: "SAID", direction: IN)
    about: [Topic!]! @relationship(type: "ABOUT", direction: OUT)
`)}`;

const env = process.env;
const uri = env.PEER_NEO4J_URI || "bolt://127.0.0.1:7687";
const auth = env.PEER_NEO4J_USER ? neo4j.auth.basic(env.PEER_NEO4J_USER, env.PEER_NEO4J_PASSWORD || "") : undefined;
const driver = neo4j.driver(uri, auth, { disableLosslessIntegers: true });
await driver.verifyConnectivity();

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
const server = new ApolloServer({ schema, introspection: true });
const database = env.PEER_NEO4J_DATABASE || "neo4j";
const { url } = await startStandaloneServer(server, {
  listen: { host: env.PEER_HOST || "127.0.0.1", port: Number(env.PEER_PORT || 0) },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer serving on ${url.replace("localhost", env.PEER_HOST || "127.0.0.1")} (@neo4j/graphql over ${uri})`);

for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
