/**
 * A small line chart drawn as SVG on the server: no chart library and no script on a phone on a
 * weak connection, and it scales with its box (viewBox), so 360 px works. Each series has its own
 * colour and marker shape; the same numbers are in a table next to it for screen readers.
 */
export interface Series {
  name: string;
  values: (number | null)[];
}

const COLOURS = ["#1d4ed8", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0f766e", "#a16207", "#475569"];

/** A series' marker; `hollow` for a point still under way (white inside, its colour around). */
function marker(i: number, x: number, y: number, colour: string, hollow: boolean) {
  const k = i % 3;
  const paint = hollow ? { fill: "#fff", stroke: colour, strokeWidth: 2 } : { fill: colour };
  if (k === 0) return <circle cx={x} cy={y} r={4} {...paint} />;
  if (k === 1) return <rect x={x - 4} y={y - 4} width={8} height={8} {...paint} />;
  return <path d={`M${x} ${y - 5} L${x + 5} ${y + 4} L${x - 5} ${y + 4} Z`} {...paint} />;
}

export function LineChart({
  id,
  title,
  description,
  labels,
  series,
  max,
  unit = "",
  emptyLabel,
  partialFrom,
  partialNote,
}: {
  id: string;
  title: string;
  description: string;
  labels: string[];
  series: Series[];
  max?: number;
  unit?: string;
  emptyLabel?: string;
  /** The index of the first label still under way (the current quarter): reached by a dashed line, hollow points. */
  partialFrom?: number;
  /** Says what the dashed part means, under the legend (when there is a dashed part). */
  partialNote?: string;
}) {
  const partial = (i: number) => partialFrom !== undefined && i >= partialFrom;
  const W = 480;
  const H = 220;
  const pad = { l: 40, r: 28, t: 12, b: 28 };
  const top = max ?? Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))) * 1.1;
  const x = (i: number) => pad.l + (labels.length <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (labels.length - 1));
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / top);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  return (
    <figure className="min-w-0">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#64748b">
              {top < 10 ? v.toFixed(1) : Math.round(v)}
              {unit}
            </text>
          </g>
        ))}
        {labels.map((l, i) => (
          <text key={l} x={x(i)} y={H - 8} textAnchor="middle" fontSize="11" fill="#475569">
            {l}
          </text>
        ))}
        {emptyLabel && series.every((s) => s.values.every((v) => v === null)) && (
          <text x={(pad.l + W - pad.r) / 2} y={(pad.t + H - pad.b) / 2} textAnchor="middle" fontSize="13" fill="#64748b">
            {emptyLabel}
          </text>
        )}
        {series.map((s, si) => {
          const colour = COLOURS[si % COLOURS.length]!;
          const pts = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
          // A gap (no data) breaks the line rather than joining across it; a step into a point
          // still under way is dashed.
          const segs: { d: string; dashed: boolean }[] = [];
          let cur = "";
          let dashed = false;
          pts.forEach((p, i) => {
            const prev = i > 0 ? pts[i - 1] : null;
            // The first step into a point under way ends the solid line and starts a dashed one.
            if (p && prev && partial(i) && !dashed) {
              if (cur) segs.push({ d: cur, dashed: false });
              cur = `M${prev[0].toFixed(1)} ${prev[1].toFixed(1)}`;
              dashed = true;
            }
            if (!p) {
              if (cur) segs.push({ d: cur, dashed });
              cur = "";
              return;
            }
            cur += `${cur ? "L" : "M"}${p[0].toFixed(1)} ${p[1].toFixed(1)}`;
            if (partial(i)) dashed = true;
          });
          if (cur) segs.push({ d: cur, dashed });
          return (
            <g key={s.name} data-series={s.name}>
              {segs.map((g) => (
                <path key={g.d} d={g.d} fill="none" stroke={colour} strokeWidth={2} strokeDasharray={g.dashed ? "5 4" : undefined} />
              ))}
              {pts.map((p, i) => (p ? <g key={p[0]}>{marker(si, p[0], p[1], colour, partial(i))}</g> : null))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
          {series.map((s, si) => (
            <li key={s.name} className="flex items-center gap-1">
              <svg width="14" height="10" aria-hidden="true">
                <line x1="0" x2="14" y1="5" y2="5" stroke={COLOURS[si % COLOURS.length]} strokeWidth="2" />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
        {partialNote && partialFrom !== undefined && series.some((s) => s.values.slice(partialFrom).some((v) => v !== null)) && (
          <p className="mt-1 text-xs text-slate-500">{partialNote}</p>
        )}
      </figcaption>
    </figure>
  );
}
