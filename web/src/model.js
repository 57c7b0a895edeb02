// The ontology as the explorer shows it: node labels and relationship
// types with their Chinese names, colours and shapes. Colours are from the
// Okabe–Ito palette (distinguishable with common colour blindness), and
// every label also has its own shape, so colour is never the only cue. A
// statement's yellow is the palette's lightest, so it also gets a dark
// outline (stroke) to stand out on the white canvas.

export const LABELS = [
  { id: 'Official', name: '官员/代表', color: '#E69F00', shape: 'ellipse', size: 30 },
  { id: 'City', name: '行政区', color: '#0072B2', shape: 'hexagon', size: 34 },
  { id: 'Organization', name: '机构', color: '#009E73', shape: 'round-rectangle', size: 30 },
  { id: 'Industry', name: '产业', color: '#CC79A7', shape: 'diamond', size: 34 },
  { id: 'Goal', name: '目标', color: '#D55E00', shape: 'round-triangle', size: 34 },
  { id: 'Proposal', name: '建议', color: '#56B4E9', shape: 'round-pentagon', size: 32 },
  { id: 'Statement', name: '言论', color: '#F0E442', stroke: '#7A6E00', shape: 'round-tag', size: 28 },
  { id: 'Document', name: '报道', color: '#8C8C8C', shape: 'rectangle', size: 24 },
];

export const REL_TYPES = [
  { id: 'PROPOSES', name: '提出', hint: '官员 → 建议' },
  { id: 'TARGETS', name: '涉及产业', hint: '建议/目标 → 产业' },
  { id: 'LOCATED_IN', name: '位于', hint: '行政区/机构/建议 → 行政区' },
  { id: 'HOLDS_POSITION', name: '任职', hint: '官员 → 机构/行政区' },
  { id: 'SETS', name: '提出目标', hint: '官员 → 目标' },
  { id: 'HAS_PART', name: '包含', hint: '目标 → 子目标' },
  { id: 'APPLIES_TO', name: '适用于', hint: '目标 → 行政区' },
  { id: 'MENTIONS', name: '提及', hint: '报道 → 实体' },
  { id: 'SAID', name: '发言', hint: '官员 → 言论' },
  { id: 'ABOUT', name: '谈及', hint: '言论 → 产业/目标/建议/行政区' },
];

/** Labels and types hidden until the reader turns them on: reports are hubs. */
export const DEFAULT_HIDDEN_LABELS = ['Document'];
export const DEFAULT_HIDDEN_TYPES = ['MENTIONS'];

const labelById = new Map(LABELS.map((l) => [l.id, l]));
const typeById = new Map(REL_TYPES.map((t) => [t.id, t]));

const UNKNOWN_LABEL = { name: '其他', color: '#666666', shape: 'ellipse', size: 28 };

/**
 * A report's name as the explorer shows it: its headline (the first, when
 * the page has several), else its newspaper and date; never its file name,
 * which names a download, not a report.
 * @param {{title?: string, headlines?: string[], newspaper?: string, date?: string}} d
 */
export function documentTitle(d) {
  const trim = (s) => (typeof s === 'string' ? s.trim() : '');
  const headline = trim(d?.title) || (d?.headlines ?? []).map(trim).find(Boolean);
  if (headline) return headline;
  const where = [trim(d?.newspaper), trim(d?.date)].filter(Boolean).join(' ');
  return where ? `${where} 报道` : '无标题报道';
}

/** A node's display name: a report's headline, anything else's name. */
export function nodeName(n) {
  if (n?.label !== 'Document') return n?.name ?? '';
  return documentTitle({ ...n, ...(n.node ?? {}) });
}

export function labelInfo(id) {
  return labelById.get(id) ?? { ...UNKNOWN_LABEL, id };
}

export function labelName(id) {
  return labelInfo(id).name;
}

export function typeInfo(id) {
  return typeById.get(id) ?? { id, name: id, hint: '' };
}

export function typeName(id) {
  return typeInfo(id).name;
}

export function isLabel(id) {
  return labelById.has(id);
}

export function isType(id) {
  return typeById.has(id);
}

/** Small SVG outlines of each node shape, for the legend. */
const SHAPE_PATHS = {
  ellipse: '<circle cx="8" cy="8" r="7"/>',
  hexagon: '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
  'round-rectangle': '<rect x="1" y="2.5" width="14" height="11" rx="3"/>',
  diamond: '<polygon points="8,0.5 15.5,8 8,15.5 0.5,8"/>',
  'round-triangle': '<polygon points="8,1 15,14.5 1,14.5" stroke-linejoin="round"/>',
  'round-pentagon': '<polygon points="8,0.8 15.2,6 12.4,14.8 3.6,14.8 0.8,6" stroke-linejoin="round"/>',
  rectangle: '<rect x="1.5" y="1.5" width="13" height="13"/>',
  'round-tag': '<polygon points="1,3 10.5,3 15,8 10.5,13 1,13" stroke-linejoin="round"/>',
};

export function shapeSVG(label) {
  const { color, shape, stroke } = labelInfo(label);
  const body = SHAPE_PATHS[shape] ?? SHAPE_PATHS.ellipse;
  return `<svg class="shape" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="${color}" stroke="${stroke ?? '#ffffff'}" stroke-width="1">${body}</svg>`;
}
