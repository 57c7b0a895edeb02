// Starts GraphiQL against the /graphql endpoint next to this page
// (/graphiql → /graphql, /api/graphiql → /api/graphql), with a tab for
// each example query of schema/examples (examples.js, which the server
// builds from them). Put {"Authorization": "Bearer <token>"} in the
// Headers tab for mutations.
(function () {
  var url = new URL('graphql', window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: url });
  var tabs = (window.policygraphExamples || []).map(function (e) {
    return { query: e.query };
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    // The example tabs open on a first visit; GraphiQL keeps the tabs a
    // visitor has since opened or edited (in localStorage) instead.
    defaultTabs: tabs.length ? tabs : undefined,
    defaultQuery: tabs.length ? tabs[0].query : undefined,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  }));
})();
