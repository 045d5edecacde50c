// A rollout's progress as a stacked horizontal bar per group (covered, booked, not yet), drawn on the
// server as SVG with an accessible name and description; the data table beside it has the same figures.
import { useId } from "react";

export interface CoverageBar {
  key: string | number;
  label: string;
  covered: number;
  booked: number;
  notYet: number;
}

const BAR = 26;
const GAP = 12;
const LABEL = 190;
const WIDTH = 360;
// Green, blue and grey as in the tags, each with text contrast against white.
const COLOURS = { covered: "#00703c", booked: "#1d70b8", notYet: "#505a5f" } as const;

export function CoverageChart({ title, description, bars, legend, target }: { title: string; description: string; bars: CoverageBar[]; legend: Record<keyof typeof COLOURS, string>; target: number }) {
  const id = useId();
  const height = bars.length * (BAR + GAP) + 40;
  const targetX = LABEL + (WIDTH * target) / 100;
  return (
    <svg className="pathways-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${LABEL + WIDTH + 60} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((b, i) => {
        const y = i * (BAR + GAP);
        const total = Math.max(1, b.covered + b.booked + b.notYet);
        let x = LABEL;
        const parts = (["covered", "booked", "notYet"] as const).map((k) => {
          const w = (b[k] / total) * WIDTH;
          const rect = <rect key={k} x={x} y={y} width={w} height={BAR} fill={COLOURS[k]} />;
          x += w;
          return rect;
        });
        return (
          <g key={b.key}>
            <text x={LABEL - 8} y={y + BAR / 2 + 5} textAnchor="end" fontSize="13" fill="#0b0c0c">{b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label}</text>
            {parts}
            <text x={LABEL + WIDTH + 6} y={y + BAR / 2 + 5} fontSize="13" fill="#0b0c0c">{`${Math.round((b.covered / total) * 100)}%`}</text>
          </g>
        );
      })}
      <line x1={targetX} x2={targetX} y1={0} y2={bars.length * (BAR + GAP)} stroke="#0b0c0c" strokeWidth="2" strokeDasharray="4 3" />
      {(["covered", "booked", "notYet"] as const).map((k, i) => (
        <g key={k}>
          <rect x={LABEL + i * 120} y={height - 24} width={14} height={14} fill={COLOURS[k]} />
          <text x={LABEL + i * 120 + 20} y={height - 12} fontSize="13" fill="#0b0c0c">{legend[k]}</text>
        </g>
      ))}
    </svg>
  );
}
