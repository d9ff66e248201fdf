// Summaries and number formatting.

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many values were summarised. */
  n: number;
}

export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** `value / reference`, or null when either is missing. */
export function ratio(value: number | null | undefined, reference: number | null | undefined): number | null {
  if (value == null || reference == null || reference === 0) return null;
  return value / reference;
}

/** Three significant digits, at most two decimals for large numbers. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.01) return x.toFixed(3);
  return x.toPrecision(2);
}

export function fmtRatio(r: number | null): string {
  return r == null ? '–' : `${num(r)}×`;
}

export function fmtSeconds(s: number): string {
  if (s >= 1) return `${num(s)} s`;
  if (s >= 1e-3) return `${num(s * 1e3)} ms`;
  return `${num(s * 1e6)} µs`;
}

export function fmtMs(ms: number): string {
  return fmtSeconds(ms / 1000);
}

export function fmtBytes(bytes: number): string {
  const a = Math.abs(bytes);
  if (a >= 1024 ** 3) return `${num(bytes / 1024 ** 3)} GiB`;
  if (a >= 1024 ** 2) return `${num(bytes / 1024 ** 2)} MiB`;
  if (a >= 1024) return `${num(bytes / 1024)} KiB`;
  return `${Math.round(bytes)} B`;
}

/** "median (min–max)" with a unit formatter; just the median when there is one value. */
export function fmtSummary(s: Summary, format: (x: number) => string): string {
  if (s.n === 1 || s.min === s.max) return format(s.median);
  return `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** A markdown table. */
export function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const rule = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** A summary as a table cell, or – when there is none. */
export function cell(s: Summary | null, format: (x: number) => string): string {
  return s ? fmtSummary(s, format) : '–';
}
