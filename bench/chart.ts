import type { AsyncOperation } from "./metrics";

// A timeline of one run as SVG: a row per resource, a bar from each create/update/delete request to the
// poll that saw it finished, a tick per poll, the Proton duration the operation really took shaded, and the
// critical-path bound and the run's wall time as vertical lines.

export interface Timeline {
  title: string;
  ops: AsyncOperation[];
  /** How long Proton's work of each operation took, by operation name (Create..., Delete...). */
  protonMs: (op: AsyncOperation) => number;
  boundMs: number;
  wallMs: number;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function panel(t: Timeline, top: number, width: number): { svg: string; height: number } {
  const left = 260;
  const rowH = 16;
  const resources = [...new Set(t.ops.map((o) => o.resource))];
  // Time runs from the first Proton request of the run: the CLI's start-up before it is only stated.
  const origin = t.ops.length ? Math.min(...t.ops.map((o) => o.startMs)) : 0;
  const span = Math.max(
    t.wallMs - origin,
    t.boundMs,
    ...t.ops.flatMap((o) => o.pollsMs.map((p) => p - origin)),
    1,
  );
  const x = (ms: number) => left + ((ms - origin) / span) * (width - left - 20);
  const out: string[] = [
    `<text x="10" y="${top + 14}" font-weight="bold">${escape(t.title)}</text>`,
    `<text x="${left}" y="${top + 14}">first Proton request ${(origin / 1000).toFixed(1)} s after the command started; ${(span / 1000).toFixed(0)} s shown</text>`,
  ];
  const y0 = top + 24;
  resources.forEach((r, i) => {
    const y = y0 + i * rowH;
    out.push(`<text x="10" y="${y + 11}">${escape(r)}</text>`);
    for (const op of t.ops.filter((o) => o.resource === r)) {
      const end = op.pollsMs.length ? op.pollsMs[op.pollsMs.length - 1] : op.startMs;
      const color = op.operation.startsWith("Delete")
        ? "#d9534f"
        : op.operation.startsWith("Create")
          ? "#337ab7"
          : "#5cb85c";
      out.push(
        `<rect x="${x(op.startMs)}" y="${y + 2}" width="${Math.max(1, x(op.startMs + t.protonMs(op)) - x(op.startMs))}" height="${rowH - 4}" fill="${color}" opacity="0.35"><title>${escape(`${op.operation}: Proton work`)}</title></rect>`,
        `<line x1="${x(op.startMs)}" x2="${x(end)}" y1="${y + rowH / 2}" y2="${y + rowH / 2}" stroke="${color}" stroke-width="2"/>`,
        ...op.pollsMs.map(
          (p) =>
            `<line x1="${x(p)}" x2="${x(p)}" y1="${y + 1}" y2="${y + rowH - 1}" stroke="#222" stroke-width="1.5"/>`,
        ),
      );
    }
  });
  const bottom = y0 + resources.length * rowH + 4;
  for (const [ms, label, color] of [
    [origin + t.boundMs, `bound ${(t.boundMs / 1000).toFixed(1)} s`, "#f0ad4e"],
    [t.wallMs, `wall ${(t.wallMs / 1000).toFixed(1)} s`, "#777"],
  ] as const) {
    out.push(
      `<line x1="${x(ms)}" x2="${x(ms)}" y1="${y0 - 4}" y2="${bottom}" stroke="${color}" stroke-dasharray="4 3"/>`,
      `<text x="${x(ms) + 3}" y="${bottom + 12}" fill="${color}">${label}</text>`,
    );
  }
  return { svg: out.join("\n"), height: bottom - top + 24 };
}

/** One SVG with a panel per timeline, stacked. */
export function timelineSvg(timelines: Timeline[], width = 1100): string {
  let top = 10;
  const panels: string[] = [];
  for (const t of timelines) {
    const p = panel(t, top, width);
    panels.push(p.svg);
    top += p.height + 10;
  }
  const legend =
    `<text x="10" y="${top + 12}">Shaded: Proton's work (blue create, green update, red delete); ` +
    "line: request to the poll that saw it done; ticks: polls; dashed: the critical-path bound from the first request, and the command's end.</text>";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + 24}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...panels,
    legend,
    "</svg>",
  ].join("\n");
}
