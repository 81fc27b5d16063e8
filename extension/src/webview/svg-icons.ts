/// <reference lib="dom" />
// The history webview's icons as inline SVG drawn in the text colour, not characters: a glyph such as
// "⏸" or "✓" is an empty box in some fonts, and the codicon font is not shipped with the extension.
// The shapes are plain data (16×16); only svgIcon() touches the DOM.
import type { RunState } from '../model/history-view-model';

export type IconName = 'circle' | 'half-circle' | 'check' | 'cross' | 'slash-circle' | 'clock' | 'square' | 'arrow' | 'question' | 'pause';

type Part = { tag: 'circle' | 'path' | 'rect'; attrs: Record<string, string> };

const RING: Part = { tag: 'circle', attrs: { cx: '8', cy: '8', r: '5.5', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' } };
const line = (d: string, width = '1.5'): Part => ({
  tag: 'path',
  attrs: { d, fill: 'none', stroke: 'currentColor', 'stroke-width': width, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' },
});
const filled = (tag: Part['tag'], attrs: Record<string, string>): Part => ({ tag, attrs: { ...attrs, fill: 'currentColor' } });

export const ICON_SHAPES: Record<IconName, readonly Part[]> = {
  circle: [RING],
  'half-circle': [RING, filled('path', { d: 'M8 2.5 A5.5 5.5 0 0 1 8 13.5 Z' })],
  check: [line('M3.5 8.5 L6.5 11.5 L12.5 4.5', '2')],
  cross: [line('M4.5 4.5 L11.5 11.5 M11.5 4.5 L4.5 11.5', '2')],
  'slash-circle': [RING, line('M4.2 11.8 L11.8 4.2')],
  clock: [RING, line('M8 4.8 V8 L10.3 9.4')],
  square: [filled('rect', { x: '4', y: '4', width: '8', height: '8', rx: '1' })],
  arrow: [line('M3 8 H12.5 M9 4.5 L12.5 8 L9 11.5')],
  question: [RING, line('M6.3 6.5 A1.8 1.8 0 1 1 8.6 8.2 C8.1 8.4 8 8.7 8 9.3'), filled('circle', { cx: '8', cy: '11.2', r: '0.8' })],
  pause: [filled('rect', { x: '4', y: '3', width: '3', height: '10' }), filled('rect', { x: '9', y: '3', width: '3', height: '10' })],
};

/** The icon of a step's or run's state (the tree's codicons, drawn alike). */
export const STATE_ICONS: Record<RunState, IconName> = {
  scheduled: 'circle',
  running: 'half-circle',
  completed: 'check',
  failed: 'cross',
  cancelled: 'slash-circle',
  timedOut: 'clock',
  terminated: 'square',
  continuedAsNew: 'arrow',
  unknown: 'question',
};

/** An icon as an inline SVG element (class `svg-icon`, its name in `data-icon`), hidden from screen readers. */
export function svgIcon(name: IconName): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', 'svg-icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.dataset.icon = name;
  for (const part of ICON_SHAPES[name]) {
    const el = document.createElementNS(ns, part.tag);
    for (const [k, v] of Object.entries(part.attrs)) el.setAttribute(k, v);
    svg.appendChild(el);
  }
  return svg;
}
