import { useId } from 'react';

/** A small bar chart (SVG, decorative) with its numbers written out below it. */
export function WeeklyBars({ title, points }: { title: string; points: { label: string; value: number }[] }) {
  const id = useId();
  const max = Math.max(1, ...points.map((p) => p.value));
  const w = 28;
  const h = 100;
  return (
    <figure className="ws-bars" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${points.length * w} ${h + 14}`}
        width="100%"
        height={h + 14}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {points.map((p, i) => {
          const bh = (p.value / max) * h;
          return <rect key={p.label} className="ws-bar" x={i * w + 4} y={h - bh} width={w - 8} height={bh} />;
        })}
      </svg>
      <p className="ws-meta">{points.map((p) => `${p.label}: ${p.value}`).join(' · ')}</p>
    </figure>
  );
}
