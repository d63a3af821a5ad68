/** One line of a chart: a value per x. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

/** A horizontal reference line (for example a limit). */
export interface Reference {
  readonly name: string;
  readonly color: string;
  readonly value: number;
}

/** What {@link lineChart} draws. */
export interface LineChart {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The x values, drawn evenly spaced (as categories: 1, 4, 8, 16…). */
  readonly x: readonly number[];
  readonly series: readonly Series[];
  readonly references?: readonly Reference[];
  /** A line of explanation under the chart. */
  readonly footnote?: string;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { top: 64, right: 150, bottom: 76, left: 72 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A "nice" step for about `ticks` ticks up to `max`: 1, 2 or 5 times a power of ten. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 5, 10].find((f) => f * power >= raw) ?? 10;
  return factor * power;
}

/** A line chart as a standalone SVG document (no script, no external font or style). */
export function lineChart(chart: LineChart): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = [...chart.series.flatMap((s) => s.values), ...(chart.references ?? []).map((r) => r.value)];
  const step = niceStep(Math.max(1, ...all), 5);
  const yMax = Math.ceil(Math.max(1, ...all) / step) * step;
  const xAt = (i: number) => MARGIN.left + (chart.x.length === 1 ? plotW / 2 : (i / (chart.x.length - 1)) * plotW);
  const yAt = (v: number) => MARGIN.top + plotH - (v / yMax) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="16" font-weight="600">${escape(chart.title)}</text>`,
  );
  if (chart.subtitle !== undefined) out.push(`<text x="${MARGIN.left}" y="44" fill="#555">${escape(chart.subtitle)}</text>`);
  for (let v = 0; v <= yMax; v += step) {
    const y = yAt(v).toFixed(1);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#333">${v}</text>`,
    );
  }
  chart.x.forEach((x, i) => {
    const px = xAt(i).toFixed(1);
    out.push(
      `<line x1="${px}" x2="${px}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`,
      `<text x="${px}" y="${MARGIN.top + plotH + 18}" text-anchor="middle" fill="#333">${x}</text>`,
    );
  });
  out.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 38}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
  );
  let legendY = MARGIN.top + 6;
  const legendX = MARGIN.left + plotW + 16;
  for (const reference of chart.references ?? []) {
    const y = yAt(reference.value).toFixed(1);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="${reference.color}" stroke-dasharray="6 4" stroke-width="1.5"/>`,
      `<line x1="${legendX}" x2="${legendX + 22}" y1="${legendY}" y2="${legendY}" stroke="${reference.color}" stroke-dasharray="6 4" stroke-width="1.5"/>`,
      `<text x="${legendX + 28}" y="${legendY}" dominant-baseline="middle">${escape(reference.name)}</text>`,
    );
    legendY += 20;
  }
  if (chart.footnote !== undefined)
    out.push(`<text x="${MARGIN.left}" y="${HEIGHT - 12}" fill="#555" font-size="11">${escape(chart.footnote)}</text>`);
  chart.series.forEach((series, index) => {
    // Lines drawn before this one win a tie for the space above a point.
    const above = (o: Series, j: number, v: number, i: number) =>
      (o.values[i] ?? -Infinity) > v || ((o.values[i] ?? -Infinity) === v && j < index);
    const points = series.values.map((v, i) => `${xAt(i).toFixed(1)},${yAt(v).toFixed(1)}`);
    out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2.5"/>`);
    series.values.forEach((v, i) => {
      const [px, py] = [xAt(i).toFixed(1), yAt(v).toFixed(1)];
      // The label goes above the point, or below it when another line passes above it close by.
      const crowded = chart.series.some((o, j) => j !== index && above(o, j, v, i) && yAt(v) - yAt(o.values[i] ?? 0) < 18);
      const labelY = crowded ? yAt(v) + 17 : yAt(v) - 9;
      out.push(
        `<circle cx="${px}" cy="${py}" r="3.5" fill="${series.color}"/>`,
        `<text x="${px}" y="${labelY.toFixed(1)}" text-anchor="middle" font-size="11" fill="${series.color}">${Math.round(v)}</text>`,
      );
    });
    out.push(
      `<line x1="${legendX}" x2="${legendX + 22}" y1="${legendY}" y2="${legendY}" stroke="${series.color}" stroke-width="2.5"/>`,
      `<text x="${legendX + 28}" y="${legendY}" dominant-baseline="middle">${escape(series.name)}</text>`,
    );
    legendY += 20;
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
