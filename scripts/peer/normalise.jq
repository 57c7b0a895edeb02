# Maps an answer of policygraph or of the @neo4j/graphql peer to one form,
# so scripts/bench-peer.sh can check that both give the same items in the
# same order (jq -S of the result is compared). It changes shapes only:
#   - a connection that selects only nodes, {nodes: [...]}, becomes the list
#     (policygraph's connections; the peer's lists are plain);
#   - an edge that selects only its node, {node: {...}} in a list, becomes
#     the node
#     (the peer's connection edges, aliased nodes: edges);
#   - the peer's positions, one edge per HOLDS_POSITION relationship with
#     properties.title and node.id, become policygraph's Position list: one
#     {title} per place and title, ordered by place id, then title;
#   - a one-item list at data.node (the peer looks the node up by id with a
#     filter) becomes the item, an empty one null.
# Nothing is dropped or reordered otherwise.
def positions:
  if type == "object" and has("edges") and (.edges | all(has("properties") and has("node")))
  then [.edges[] | {id: .node.id, title: .properties.title}] | unique_by([.id, .title]) | map({title})
  else . end;

walk(
  if type == "object" then
    (if has("positions") then .positions |= positions else . end)
    | (if keys == ["nodes"] then .nodes else . end)
  elif type == "array" then
    map(if type == "object" and keys == ["node"] then .node else . end)
  else . end)
| if (.data.node | type) == "array" and (.data.node | length) <= 1 then .data.node |= .[0] else . end
