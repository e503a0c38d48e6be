// Charts, drawn here as SVG.

import { h, s } from './dom.js';
import { localDate, minuteOfDay } from './time.js';

/// A chart drawn at the width it is shown at: an SVG scaled to fit a phone would shrink its
/// labels with it (11 px text drawn for 640 px is 6 px on a 350 px panel), so the box redraws
/// the chart whenever its own width changes.
function fitted(draw) {
  const box = h('div', { class: 'chart-box' });
  let drawn = 0;
  const redraw = (width) => {
    const fit = Math.max(260, Math.min(960, Math.round(width)));
    if (fit === drawn) return;
    drawn = fit;
    box.replaceChildren(draw(fit));
  };
  redraw(640);
  new ResizeObserver((entries) => {
    const width = entries[entries.length - 1].contentRect.width;
    if (width > 0) redraw(width);
  }).observe(box);
  return box;
}

export const barChart = (rows, options) => fitted((width) => drawBars(rows, options, width));
export const hBarChart = (rows, options) =>
  rows.length ? fitted((width) => drawHBars(rows, options, width)) : h('p', { class: 'muted' }, 'Nothing yet this week.');
export const lineChart = (points, options) => points.length < 2
  ? h('p', { class: 'muted' }, 'The trend appears after two completed sessions.')
  : fitted((width) => drawLine(points, options, width));
export const timeline = (sessions, entries) => fitted((width) => drawTimeline(sessions, entries, width));

function drawBars(rows, { title, unit, alt }, width) {
  const height = 180;
  const top = 16;
  const bottom = 28;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const step = width / Math.max(1, rows.length);
  const summary = rows.map((r) => `${r.label}: ${Math.round(r.value)} ${unit}`).join(', ');
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${title}. ${summary}` },
    s('title', {}, title),
    s('line', { class: 'axis', x1: 0, x2: width, y1: height - bottom, y2: height - bottom }),
    rows.map((r, i) => {
      const barHeight = ((height - top - bottom) * r.value) / max;
      // A few bars stay bars, not walls.
      const barWidth = Math.min(step * 0.7, 72);
      const x = i * step + (step - barWidth) / 2;
      return s('g', {},
        s('rect', { class: alt ? 'bar alt' : 'bar', x, y: height - bottom - barHeight, width: barWidth, height: barHeight, rx: 3 },
          s('title', {}, `${r.label}: ${Math.round(r.value)} ${unit}`)),
        s('text', { x: x + barWidth / 2, y: height - 10, 'text-anchor': 'middle' }, r.label),
        r.value ? s('text', { x: x + barWidth / 2, y: height - bottom - barHeight - 4, 'text-anchor': 'middle' }, Math.round(r.value)) : null);
    }));
}

function drawHBars(rows, { title, unit, alt }, width) {
  const rowHeight = 26;
  // About 7 px a character at 11 px; a narrow chart keeps most of its width for the bars.
  const labelWidth = Math.min(170, Math.round(width * 0.34));
  const chars = Math.floor(labelWidth / 7);
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = rows.length * rowHeight + 4;
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `${title}. ${rows.map((r) => `${r.label}: ${Math.round(r.value)} ${unit}`).join(', ')}` },
  s('title', {}, title),
  rows.map((r, i) => {
    const w = ((width - labelWidth - 60) * r.value) / max;
    const y = i * rowHeight + 4;
    return s('g', {},
      s('text', { x: 0, y: y + 15 }, r.label.length > chars ? `${r.label.slice(0, chars - 1)}…` : r.label),
      s('rect', { class: alt ? 'bar alt' : 'bar', x: labelWidth, y, width: Math.max(2, w), height: rowHeight - 8, rx: 3 }),
      s('text', { x: labelWidth + w + 6, y: y + 15 }, `${Math.round(r.value)} ${unit}`));
  }));
}

function drawLine(points, { title }, width) {
  const height = 160;
  const pad = 24;
  const x = (i) => pad + ((width - 2 * pad) * i) / (points.length - 1);
  const y = (v) => height - pad - ((height - 2 * pad) * v) / 100;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `${title}: ${points.map((p) => p.value).join(', ')}` },
  s('title', {}, title),
  [0, 50, 80, 100].map((v) => [s('line', { class: 'axis', x1: pad, x2: width - pad, y1: y(v), y2: y(v) }),
    s('text', { x: 0, y: y(v) + 4 }, v)]),
  s('path', { class: 'line', d: path }),
  points.map((p, i) => s('circle', { class: 'dot', cx: x(i), cy: y(p.value), r: 3.5 }, s('title', {}, `${p.label}: ${p.value}`))));
}

/// Today from 00:00 to 24:00 in the user's timezone: sessions above, time entries below.
function drawTimeline(sessions, entries, width) {
  const height = 86;
  const x = (minute) => (width * minute) / 1440;
  const span = (startMs, endMs) => {
    const a = minuteOfDay(startMs);
    const b = localDate(endMs) === localDate(startMs) ? minuteOfDay(endMs) : 1440;
    return [x(a), Math.max(2, x(b) - x(a))];
  };
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Timeline of today: ${sessions.length} sessions and ${entries.length} time entries` },
  s('title', {}, 'Today'),
  [0, 3, 6, 9, 12, 15, 18, 21, 24].map((hour) => [
    s('line', { class: 'axis', x1: x(hour * 60), x2: x(hour * 60), y1: 0, y2: 62 }),
    s('text', { x: Math.min(width - 12, x(hour * 60)), y: 80, 'text-anchor': hour === 0 ? 'start' : 'middle' }, `${hour}h`)]),
  sessions.map((item) => {
    const [sx, sw] = span(item.start, item.end);
    return s('rect', { class: item.type === 'work' ? 'bar' : 'bar alt', x: sx, y: 4, width: sw, height: 24, rx: 2 },
      s('title', {}, item.label));
  }),
  entries.map((item) => {
    const [sx, sw] = span(item.start, item.end);
    return s('rect', { class: 'bar entry', x: sx, y: 34, width: sw, height: 24, rx: 2 }, s('title', {}, item.label));
  }));
}
