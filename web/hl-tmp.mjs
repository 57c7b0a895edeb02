import cytoscape from 'cytoscape'; import fcose from 'cytoscape-fcose'; cytoscape.use(fcose);
const n = 1000; const els = [];
for (let i = 0; i < n; i++) els.push({ group:'nodes', data: { id: 'n'+i, w: 30 }, position: {x:0,y:0} });
for (let i = 1; i < n; i++) els.push({ group:'edges', data: { id: 'e'+i, source: 'n'+Math.floor(Math.sqrt(i*7)%i), target: 'n'+i } });
const cy = cytoscape({ headless: true, styleEnabled: true, elements: els, style: [{selector:'node', style:{width:'data(w)', height:'data(w)'}}] });
let t = Date.now();
const fixed = [{nodeId:'n0', position:{x:500,y:500}}];
cy.layout({ name: 'fcose', quality: 'default', animate: false, randomize: true, fixedNodeConstraint: fixed }).run();
console.log('ms', Date.now()-t, cy.getElementById('n0').position(), cy.getElementById('n5').position());
