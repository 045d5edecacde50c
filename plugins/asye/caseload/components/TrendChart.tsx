import { useId } from "react";

export type TrendMarker = "circle" | "square";

export interface TrendSeries {
  key: string;
  label: string;
  colour: string;
  /** Dashed, so the series is told apart without colour. */
  dashed?: boolean;
  /** Drawn at each point and in the legend, so solid lines are told apart without colour. */
  marker?: TrendMarker;
  /** One value per point, null where the week has none. */
  values: (number | null)[];
}

// Drawn at about the width the page gives charts (32rem), so its text stays at reading size.
const WIDTH = 500;
const HEIGHT = 260;
const LEFT = 36;
const RIGHT = 24;
const TOP = 12;
const BOTTOM = 40;
const LEGEND_ROW = 24;
const TICK_STEP = 5;

const MARKER_SIZE = 8;

function Marker({ shape, x, y, colour }: { shape: TrendMarker; x: number; y: number; colour: string }) {
  if (shape === "square") return <rect x={x - MARKER_SIZE / 2} y={y - MARKER_SIZE / 2} width={MARKER_SIZE} height={MARKER_SIZE} fill={colour} />;
  return <circle cx={x} cy={y} r={MARKER_SIZE / 2} fill={colour} />;
}

/**
 * Weekly averages as a line chart drawn on the server (no script), named for assistive technology; the
 * data table beside it carries the same numbers. Each series also has its own marker shape or dash, so
 * it does not rely on colour alone.
 */
export function TrendChart({ title, description, labels, series }: { title: string; description: string; labels: string[]; series: TrendSeries[] }) {
  const id = useId();
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(TICK_STEP, Math.ceil(Math.max(0, ...all) / TICK_STEP) * TICK_STEP);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (i: number) => LEFT + (labels.length <= 1 ? plotWidth / 2 : (i / (labels.length - 1)) * plotWidth);
  const y = (v: number) => TOP + plotHeight - (v / max) * plotHeight;
  const ticks = Array.from({ length: max / TICK_STEP + 1 }, (_, i) => i * TICK_STEP);
  // Label every point when there are few, else about four of them, so the labels never overlap.
  const labelEvery = Math.max(1, Math.ceil(labels.length / 4));
  const legendTop = HEIGHT + 4;
  return (
    <svg className="pathways-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${legendTop + series.length * LEGEND_ROW}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} stroke="#b1b4b6" strokeWidth="1" />
          <text x={LEFT - 6} y={y(tick) + 4} textAnchor="end" fontSize="14" fill="#0b0c0c">
            {tick}
          </text>
        </g>
      ))}
      {labels.map((label, i) =>
        (labels.length - 1 - i) % labelEvery === 0 ? (
          <text key={`label-${i}`} x={x(i)} y={HEIGHT - BOTTOM + 20} textAnchor={i === labels.length - 1 && labels.length > 1 ? "end" : "middle"} fontSize="14" fill="#0b0c0c">
            {label}
          </text>
        ) : null,
      )}
      {series.map((s) => {
        const points = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const))).filter((p): p is readonly [number, number] => p !== null);
        const { marker } = s;
        return (
          <g key={s.key}>
            <polyline fill="none" stroke={s.colour} strokeWidth="3" strokeDasharray={s.dashed ? "8 5" : undefined} points={points.map(([px, py]) => `${px},${py}`).join(" ")} />
            {marker ? points.map(([px, py]) => <Marker key={`${px}`} shape={marker} x={px} y={py} colour={s.colour} />) : null}
          </g>
        );
      })}
      {series.map((s, i) => (
        <g key={`legend-${s.key}`}>
          <line x1={LEFT} x2={LEFT + 36} y1={legendTop + i * LEGEND_ROW + 8} y2={legendTop + i * LEGEND_ROW + 8} stroke={s.colour} strokeWidth="3" strokeDasharray={s.dashed ? "8 5" : undefined} />
          {s.marker ? <Marker shape={s.marker} x={LEFT + 18} y={legendTop + i * LEGEND_ROW + 8} colour={s.colour} /> : null}
          <text x={LEFT + 44} y={legendTop + i * LEGEND_ROW + 13} fontSize="14" fill="#0b0c0c">
            {s.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
