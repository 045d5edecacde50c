import { useId } from "react";

export interface ChangeBar {
  key: string;
  label: string;
  previous: number | null;
  value: number | null;
  /** The figures as printed beside the bars ("12", "45.5%"). */
  previousDisplay: string;
  valueDisplay: string;
}

const ROW_HEIGHT = 64;
const BAR_HEIGHT = 20;
const LABEL_WIDTH = 260;
const CHART_WIDTH = 260;
const PREVIOUS = "#b1b4b6";
const CURRENT = "#1d70b8";

/**
 * Each figure's previous and current quarter as a pair of bars, scaled to the larger of the two, since the
 * figures have different units. Drawn on the server; the data table beside it carries the same numbers.
 */
export function ChangeChart({ title, description, bars, legend }: { title: string; description: string; bars: ChangeBar[]; legend: { previous: string; current: string } }) {
  const id = useId();
  const height = bars.length * ROW_HEIGHT + 30;
  const width = (value: number | null, max: number) => (value === null || value <= 0 ? 0 : Math.max(1, Math.round((value / max) * CHART_WIDTH)));
  return (
    <svg className="pathways-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${LABEL_WIDTH + CHART_WIDTH + 80} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <rect x={LABEL_WIDTH} y={4} width={14} height={14} fill={PREVIOUS} />
      <text x={LABEL_WIDTH + 20} y={16} fontSize="14" fill="#0b0c0c">{legend.previous}</text>
      <rect x={LABEL_WIDTH + 150} y={4} width={14} height={14} fill={CURRENT} />
      <text x={LABEL_WIDTH + 170} y={16} fontSize="14" fill="#0b0c0c">{legend.current}</text>
      {bars.map((b, i) => {
        const y = 30 + i * ROW_HEIGHT;
        const max = Math.max(1, b.previous ?? 0, b.value ?? 0);
        const previousWidth = width(b.previous, max);
        const currentWidth = width(b.value, max);
        return (
          <g key={b.key}>
            <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT + 4} textAnchor="end" fontSize="13" fill="#0b0c0c">
              {b.label.length > 40 ? `${b.label.slice(0, 39)}…` : b.label}
            </text>
            <rect x={LABEL_WIDTH} y={y} width={previousWidth} height={BAR_HEIGHT} fill={PREVIOUS} />
            <text x={LABEL_WIDTH + previousWidth + 6} y={y + 15} fontSize="13" fill="#0b0c0c">{b.previousDisplay}</text>
            <rect x={LABEL_WIDTH} y={y + BAR_HEIGHT + 4} width={currentWidth} height={BAR_HEIGHT} fill={CURRENT} />
            <text x={LABEL_WIDTH + currentWidth + 6} y={y + BAR_HEIGHT + 19} fontSize="13" fill="#0b0c0c">{b.valueDisplay}</text>
          </g>
        );
      })}
    </svg>
  );
}
