// Starts GraphiQL against the /graphql endpoint next to this page
// (/graphiql → /graphql, /api/graphiql → /api/graphql). Put
// {"Authorization": "Bearer <token>"} in the Headers tab for mutations.
(function () {
  var url = new URL('graphql', window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: url });
  var defaultQuery = [
    '# Who proposes what about 硬质材料 (hard materials) in 株洲市?',
    'query HardMaterialsInZhuzhou {',
    '  proposals(where: {targets: {some: {name: {eq: "硬质材料"}}}, locatedIn: {some: {name: {eq: "株洲市"}}}}) {',
    '    totalCount',
    '    nodes {',
    '      name',
    '      proposers { nodes { name positions { title organization { name } city { name } } } }',
    '      mentionedIn { edges { node { title newspaper date } evidence { sentence } } }',
    '    }',
    '  }',
    '}',
    ''
  ].join('\n');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: defaultQuery,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  }));
})();
