import { useId } from "react";

export interface BandCount {
  band: string;
  label: string;
  count: number;
  /** What to print beside the bar, when not the count itself (an amount of money, say). */
  display?: string;
}

const BAR_HEIGHT = 28;
const GAP = 10;
const LABEL_WIDTH = 150;
const CHART_WIDTH = 300;
const COLOURS = ["#b1b4b6", "#d4351c", "#f47738", "#1d70b8", "#00703c"];

/**
 * How people are spread across readiness bands, as a horizontal bar chart drawn on the server (no
 * script), named for assistive technology; the data table beside it carries the same numbers.
 */
export function BandChart({ title, description, bands }: { title: string; description: string; bands: BandCount[] }) {
  const id = useId();
  const max = Math.max(1, ...bands.map((b) => b.count));
  // A negative amount (an overdrawn forecast) draws no bar; its figure still shows.
  const height = bands.length * (BAR_HEIGHT + GAP);
  return (
    <svg className="pathways-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${LABEL_WIDTH + CHART_WIDTH + 50} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bands.map((b, i) => {
        const y = i * (BAR_HEIGHT + GAP);
        const width = Math.round((Math.max(0, b.count) / max) * CHART_WIDTH);
        return (
          <g key={b.band}>
            <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2 + 5} textAnchor="end" fontSize="14" fill="#0b0c0c">
              {b.label}
            </text>
            <rect x={LABEL_WIDTH} y={y} width={Math.max(width, 1)} height={BAR_HEIGHT} fill={COLOURS[i % COLOURS.length]} />
            <text x={LABEL_WIDTH + Math.max(width, 1) + 6} y={y + BAR_HEIGHT / 2 + 5} fontSize="14" fill="#0b0c0c">
              {b.display ?? b.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
