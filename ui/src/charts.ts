// Charts: uPlot (small, fast, canvas) for time series; plain elements for the top lists. Colours
// come from the stylesheet's variables so that light and dark themes agree.
import uPlot from 'uplot';
import { h } from './dom.js';

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export interface StackSeries {
  label: string;
  color: string;
  values: number[];
}

function times(slots: string[]): number[] {
  return slots.map((s) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : `${s}:00:00Z`) / 1000);
}

function sizeOf(el: HTMLElement) {
  return { width: Math.max(280, el.clientWidth || 600), height: 240 };
}

function axes(): uPlot.Axis[] {
  const stroke = css('--muted');
  const grid = { stroke: css('--grid'), width: 1 };
  return [
    { stroke, grid, ticks: grid },
    { stroke, grid, ticks: grid, size: 50 },
  ];
}

/** Bars stacked bottom to top in the order given; the legend shows each layer's own value. */
export function stackedBars(title: string, slots: string[], layers: StackSeries[]): HTMLElement {
  const box = h('figure', { class: 'chart', 'data-chart': title, 'data-total': layers.reduce((a, l) => a + l.values.reduce((x, y) => x + y, 0), 0) });
  box.appendChild(h('figcaption', {}, title));
  const x = times(slots);
  const cumulative: number[][] = [];
  let acc = slots.map(() => 0);
  for (const l of layers) {
    acc = acc.map((v, i) => v + (l.values[i] ?? 0));
    cumulative.push(acc);
  }
  // drawn from the top layer down, each covering the ones below it
  const order = layers.map((_, i) => i).reverse();
  const bars = uPlot.paths.bars!({ size: [0.8, 40] });
  const opts: uPlot.Options = {
    ...sizeOf(box),
    series: [
      {},
      ...order.map((i) => ({
        label: layers[i]!.label,
        fill: layers[i]!.color,
        stroke: layers[i]!.color,
        paths: bars,
        points: { show: false },
        value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) => (idx === null ? '—' : String(layers[i]!.values[idx] ?? 0)),
      })),
    ],
    axes: axes(),
    legend: { live: true },
    cursor: { points: { show: false } },
  };
  mount(box, opts, [x, ...order.map((i) => cumulative[i]!)]);
  return box;
}

export function lines(title: string, slots: string[], series: StackSeries[]): HTMLElement {
  const box = h('figure', { class: 'chart', 'data-chart': title, 'data-total': series.reduce((a, l) => a + l.values.reduce((x, y) => x + y, 0), 0) });
  box.appendChild(h('figcaption', {}, title));
  const opts: uPlot.Options = {
    ...sizeOf(box),
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { size: 4 } }))],
    axes: axes(),
  };
  mount(box, opts, [times(slots), ...series.map((s) => s.values)]);
  return box;
}

/** uPlot needs the element in the page to measure it: drawn on the next frame, resized with it. */
function mount(box: HTMLElement, opts: uPlot.Options, data: uPlot.AlignedData) {
  requestAnimationFrame(() => {
    const plot = new uPlot({ ...opts, ...sizeOf(box) }, data, box);
    box.setAttribute('data-drawn', 'true');
    new ResizeObserver(() => plot.setSize(sizeOf(box))).observe(box);
  });
}

export interface TopRow {
  key: string;
  total: number;
  hard: number;
  soft: number;
  complaint: number;
  other: number;
}

const PARTS = ['hard', 'soft', 'complaint', 'other'] as const;

/** A ranked list with a bar per row split hard / soft / complaint / other. */
export function topList(title: string, rows: TopRow[], link?: (key: string) => string): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.total));
  const list = h('ol', { class: 'toplist' });
  for (const r of rows) {
    const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
    for (const p of PARTS) {
      if (r[p]) bar.appendChild(h('span', { class: `seg seg-${p}`, style: null, 'data-w': String((r[p] / max) * 100) }));
    }
    const label = link ? h('a', { href: link(r.key) }, r.key) : h('span', {}, r.key);
    const parts = PARTS.filter((p) => r[p]).map((p) => `${p} ${r[p]}`).join(', ');
    list.appendChild(h('li', { title: parts }, h('span', { class: 'k' }, label), h('span', { class: 'n' }, String(r.total)), bar));
  }
  // widths set through the CSSOM (allowed by the CSP, unlike style attributes in markup)
  for (const seg of list.querySelectorAll<HTMLElement>('.seg')) seg.style.width = `${seg.dataset.w}%`;
  return h('figure', { class: 'top', 'data-chart': title, 'data-total': rows.reduce((a, r) => a + r.total, 0) }, h('figcaption', {}, title), rows.length ? list : h('p', { class: 'muted' }, 'nothing in this range'));
}

export const colors = () => ({ hard: css('--hard'), soft: css('--soft'), complaint: css('--complaint'), other: css('--other'), manual: css('--manual'), lifted: css('--lifted') });
