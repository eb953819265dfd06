/** Horizontal bars as inline SVG: label, bar, count (officer statistics pages). Each row carries data-count for tests. */
function BarChart({ rows, testId }: { rows: Array<{ label: string; count: number }>; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rowH = 22;
  return (
    <svg viewBox={`0 0 400 ${Math.max(1, rows.length) * rowH}`} className="w-full" role="img" data-testid={testId}>
      {rows.map((r, i) => (
        <g key={r.label} transform={`translate(0 ${i * rowH})`} data-count={r.count}>
          <text x="0" y="15" fontSize="11" fill="#334155">
            {r.label}
          </text>
          <rect x="150" y="4" height="14" width={(r.count / max) * 210} fill="#1d4e89" rx="2" />
          <text x={156 + (r.count / max) * 210} y="15" fontSize="11" fill="#0f172a">
            {r.count}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** One figure of a statistics page: label over a large number, red when `alert`. */
export function StatTile({ label, value, testId, alert, note }: { label: string; value: React.ReactNode; testId?: string; alert?: boolean; note?: string }) {
  return (
    <div className="card">
      <div className="muted">{label}</div>
      <div className={`text-2xl font-semibold${alert ? " text-rouge-500" : ""}`} data-testid={testId}>
        {value}
      </div>
      {note ? <div className="muted">{note}</div> : null}
    </div>
  );
}

/** One chart of a statistics page: a titled card around a BarChart. */
export function ChartCard({ title, rows, testId }: { title: string; rows: Array<{ label: string; count: number }>; testId: string }) {
  return (
    <section className="card space-y-2">
      <h2 className="h2">{title}</h2>
      <BarChart testId={testId} rows={rows} />
    </section>
  );
}
