import 'uplot/dist/uPlot.min.css';
import { formatNumber, type Lang, type Severity, type Thresholds } from '@hemma/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { formatDateTime, formatShortDate } from '../shared/format';

export interface TrendSeries {
  label: string;
  /** One value per entry of `times`; null where this series has no value. */
  values: (number | null)[];
  /** CSS custom property holding the series colour, so the palette lives in the stylesheet. */
  colorVar: string;
  thresholds?: Thresholds;
}

export interface TrendChartProps {
  /** Epoch milliseconds, ascending. */
  times: number[];
  series: TrendSeries[];
  /** Severity of each time point; yellow/red points get larger, shaped markers. */
  severities: Severity[];
  /** Visible period as epoch milliseconds. */
  range: [number, number];
  ariaLabel: string;
  /** Legend label of the time axis. */
  timeLabel: string;
  lang: Lang;
  decimals?: number;
  height?: number;
  /** Events drawn as labelled vertical lines (e.g. medication changes), epoch milliseconds. */
  annotations?: ChartAnnotation[];
}

export interface ChartAnnotation {
  time: number;
  label: string;
}

const NO_ANNOTATIONS: ChartAnnotation[] = [];

/** Dotted vertical line with a short label at the top for each annotation inside the visible range. */
function drawAnnotations(u: uPlot, annotations: ChartAnnotation[]) {
  if (annotations.length === 0) return;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = cssVar('--ink-muted', '#4a4a4a');
  ctx.fillStyle = cssVar('--ink', '#1a1a1a');
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
  for (const a of annotations) {
    const x = u.valToPos(a.time / 1000, 'x', true);
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillText(a.label, x + 4 * devicePixelRatio, bbox.top + 12 * devicePixelRatio);
  }
  ctx.restore();
}

const cssVar = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m?.[1]) return hex;
  const n = Number.parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const limitsOf = (t: Thresholds | undefined): number[] =>
  t ? [t.redLow, t.yellowLow, t.yellowHigh, t.redHigh].filter((v): v is number => typeof v === 'number') : [];

/** Target band (yellowLow–yellowHigh) shaded, red limits dashed; drawn under the series. */
function drawThresholds(u: uPlot, series: TrendSeries[]) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  const y = (v: number) => u.valToPos(v, 'y', true);
  for (const s of series) {
    const t = s.thresholds;
    if (!t) continue;
    const color = cssVar(s.colorVar, '#1b4d8c');
    const low = t.yellowLow ?? null;
    const high = t.yellowHigh ?? null;
    if (low !== null || high !== null) {
      const top = high !== null ? y(high) : bbox.top;
      const bottom = low !== null ? y(low) : bbox.top + bbox.height;
      ctx.fillStyle = withAlpha(color, 0.12);
      ctx.fillRect(bbox.left, top, bbox.width, bottom - top);
    }
    ctx.strokeStyle = cssVar('--red-strong', '#b3261e');
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([8 * devicePixelRatio, 6 * devicePixelRatio]);
    for (const limit of [t.redLow, t.redHigh]) {
      if (typeof limit !== 'number') continue;
      ctx.beginPath();
      ctx.moveTo(bbox.left, y(limit));
      ctx.lineTo(bbox.left + bbox.width, y(limit));
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
  ctx.restore();
}

/** Yellow points as triangles, red as squares, larger than ordinary points and outlined in dark ink. */
function drawAlertMarkers(u: uPlot, severities: Severity[]) {
  const { ctx } = u;
  const r = 7 * devicePixelRatio;
  const times = u.data[0];
  ctx.save();
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.strokeStyle = cssVar('--ink', '#1a1a1a');
  for (let i = 0; i < times.length; i++) {
    const severity = severities[i];
    if (severity !== 'yellow' && severity !== 'red') continue;
    const x = u.valToPos(times[i] as number, 'x', true);
    ctx.fillStyle =
      severity === 'red' ? cssVar('--red-strong', '#b3261e') : cssVar('--yellow-strong', '#e0a800');
    for (let s = 1; s < u.data.length; s++) {
      const v = u.data[s]?.[i];
      if (v === null || v === undefined) continue;
      const y = u.valToPos(v, 'y', true);
      ctx.beginPath();
      if (severity === 'red') ctx.rect(x - r, y - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(x, y - r * 1.2);
        ctx.lineTo(x + r * 1.1, y + r * 0.8);
        ctx.lineTo(x - r * 1.1, y + r * 0.8);
        ctx.closePath();
      }
      ctx.fill();
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** uPlot wrapper. The canvas is decorative for assistive technology (role="img" + summary); the
 *  value table next to it is the accessible alternative. */
export function TrendChart({
  times,
  series,
  severities,
  range,
  ariaLabel,
  timeLabel,
  lang,
  decimals,
  height = 260,
  annotations = NO_ANNOTATIONS,
}: TrendChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const fmt = (v: number) => formatNumber(v, lang, decimals);
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values)];
    const allLimits = series.flatMap((s) => limitsOf(s.thresholds));

    const options: uPlot.Options = {
      width: Math.max(el.clientWidth, 240),
      height,
      scales: {
        x: { time: true, range: () => [range[0] / 1000, range[1] / 1000] },
        y: {
          // Keep the target band and red limits in view so a value is always seen against its limits.
          range: (_u, min, max) => {
            const lo = Math.min(min ?? Number.POSITIVE_INFINITY, ...allLimits);
            const hi = Math.max(max ?? Number.NEGATIVE_INFINITY, ...allLimits);
            if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
            const pad = Math.max((hi - lo) * 0.08, 1);
            return [lo - pad, hi + pad];
          },
        },
      },
      axes: [
        {
          stroke: cssVar('--ink-muted', '#4a4a4a'),
          grid: { stroke: cssVar('--grid', '#e3e3e3') },
          values: (_u, splits) => splits.map((s) => formatShortDate(s * 1000, lang)),
        },
        {
          stroke: cssVar('--ink-muted', '#4a4a4a'),
          grid: { stroke: cssVar('--grid', '#e3e3e3') },
          size: 56,
          values: (_u, splits) => splits.map(fmt),
        },
      ],
      series: [
        { label: timeLabel, value: (_u, v) => (v === null ? '–' : formatDateTime(v * 1000, lang)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: cssVar(s.colorVar, '#1b4d8c'),
          width: 2,
          spanGaps: true,
          points: { show: true, size: 7, fill: cssVar(s.colorVar, '#1b4d8c') },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : fmt(v)),
        })),
      ],
      hooks: {
        drawAxes: [(u) => drawThresholds(u, series)],
        draw: [(u) => drawAlertMarkers(u, severities), (u) => drawAnnotations(u, annotations)],
      },
    };

    const plot = new uPlot(options, data, el);
    // Follow the container width so the chart never causes horizontal scrolling on small screens.
    const observer = new ResizeObserver(() => {
      const width = Math.max(el.clientWidth, 240);
      if (width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [times, series, severities, range, lang, decimals, height, timeLabel, annotations]);

  return <div ref={container} className="trend-chart" role="img" aria-label={ariaLabel} />;
}
