// The force-directed layout (fCoSE) on a headless Cytoscape.js graph: runs
// in the layout worker, and on the page itself when workers are missing.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

/**
 * @param {{nodes: {id: string, w: number, h: number, x: number, y: number}[],
 *          edges: {source: string, target: string}[],
 *          fixed: {id: string, x: number, y: number}[],
 *          quality: 'draft'|'default'}} job
 * @returns {Record<string, {x: number, y: number}>} positions by node id
 */
export function computeLayout(job) {
  const elements = [];
  for (const n of job.nodes) elements.push({ group: 'nodes', data: { id: n.id, w: n.w, h: n.h }, position: { x: n.x, y: n.y } });
  let i = 0;
  for (const e of job.edges) elements.push({ group: 'edges', data: { id: `e${i++}`, source: e.source, target: e.target } });
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements,
    style: [{ selector: 'node', style: { width: 'data(w)', height: 'data(h)' } }],
  });
  const n = job.nodes.length;
  cy.layout({
    name: 'fcose',
    quality: job.quality,
    randomize: true,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    packComponents: false,
    nodeSeparation: 110,
    idealEdgeLength: () => (n > 400 ? 80 : 120),
    nodeRepulsion: () => 12000,
    numIter: n > 600 ? 1200 : 2500,
    fixedNodeConstraint: job.fixed.length ? job.fixed.map((f) => ({ nodeId: f.id, position: { x: f.x, y: f.y } })) : undefined,
  }).run();
  const out = {};
  cy.nodes().forEach((node) => {
    const p = node.position();
    out[node.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
  });
  cy.destroy();
  return out;
}
