/**
 * The shape of results (rows of contenders per case, with ratios to reference rows) and their rendering as a
 * terminal table and as markdown.
 */

/** How a contender fared: a failed or unavailable contender never shows a number. */
export type RowStatus = 'ok' | 'failed' | 'not available';

/** One contender in one case of a scenario. */
export interface Row {
  readonly case: string;
  readonly contender: string;
  readonly status: RowStatus;
  /** Why it failed or is not available. */
  readonly reason?: string;
  /** Figures by column key. */
  readonly values: Readonly<Record<string, number | undefined>>;
  /** Settings or remarks shown under the table. */
  readonly note?: string;
}

/** A column of figures. */
export interface Column {
  readonly key: string;
  readonly title: string;
  /** Decimals shown (default: 0, or 2 below 10). */
  readonly digits?: number;
}

/** A ratio column: the row's `metric` divided by the same metric of `reference` in the same case. */
export interface Ratio {
  readonly title: string;
  readonly metric: string;
  readonly reference: string;
}

/** The results of one scenario. */
export interface ScenarioReport {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly columns: readonly Column[];
  readonly ratios: readonly Ratio[];
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
  readonly durationMs: number;
}

/** A goal of the issue and whether the run shows it. */
export interface GoalCheck {
  readonly goal: string;
  /** undefined: the run has no figures for it (scenario not run, or the contender failed). */
  readonly holds: boolean | undefined;
  readonly detail: string;
}

/** The value of `metric` for `contender` in `caseName`, if that row is ok. */
export function valueOf(
  report: ScenarioReport,
  caseName: string,
  contender: string,
  metric: string,
): number | undefined {
  const row = report.rows.find((r) => r.case === caseName && r.contender === contender && r.status === 'ok');
  return row?.values[metric];
}

function ratioOf(report: ScenarioReport, row: Row, ratio: Ratio): number | undefined {
  if (row.status !== 'ok') return undefined;
  const mine = row.values[ratio.metric];
  const reference = valueOf(report, row.case, ratio.reference, ratio.metric);
  if (mine === undefined || reference === undefined || reference === 0) return undefined;
  return mine / reference;
}

/** Formats a figure for a table. */
export function formatNumber(value: number | undefined, digits?: number): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const d = digits ?? (Math.abs(value) < 10 ? 2 : 0);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** Header and cells of a scenario's table. */
export function tableCells(report: ScenarioReport): { header: string[]; rows: string[][] } {
  const header = ['case', 'contender', ...report.columns.map((c) => c.title), ...report.ratios.map((r) => r.title)];
  const rows = report.rows.map((row) => {
    const lead = [row.case, row.contender];
    if (row.status !== 'ok') {
      const label =
        row.status === 'failed' ? `FAILED: ${row.reason ?? 'unknown'}` : `not available: ${row.reason ?? ''}`;
      return [...lead, label, ...Array<string>(report.columns.length + report.ratios.length - 1).fill('')];
    }
    return [
      ...lead,
      ...report.columns.map((c) => formatNumber(row.values[c.key], c.digits)),
      ...report.ratios.map((r) => {
        const value = ratioOf(report, row, r);
        return value === undefined ? '–' : `${formatNumber(value, 2)}×`;
      }),
    ];
  });
  return { header, rows };
}

/** The scenario as an aligned text table for the terminal. */
export function renderText(report: ScenarioReport): string {
  const { header, rows } = tableCells(report);
  const ok = rows.filter((_, i) => report.rows[i]!.status === 'ok');
  const widths = header.map((h, i) =>
    Math.max(h.length, ...ok.map((r) => (r[i] ?? '').length), ...(i < 2 ? rows.map((r) => (r[i] ?? '').length) : [])),
  );
  const line = (cells: string[], figures: boolean): string =>
    cells
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : figures ? cell.padStart(widths[i]!) : cell))
      .join('  ')
      .trimEnd();
  const out = [
    `== ${report.title} (${(report.durationMs / 1000).toFixed(0)} s)`,
    report.description,
    '',
    line(header, true),
    line(
      widths.map((w) => '-'.repeat(w)),
      true,
    ),
  ];
  let previousCase = '';
  rows.forEach((row, i) => {
    const cells = row[0] === previousCase ? ['', ...row.slice(1)] : row;
    out.push(line(report.rows[i]!.status === 'ok' ? cells : cells.slice(0, 3), report.rows[i]!.status === 'ok'));
    previousCase = row[0]!;
  });
  for (const note of report.notes) out.push(`  * ${note}`);
  return out.join('\n');
}

/** The scenario as a markdown section. */
export function renderMarkdown(report: ScenarioReport, level = 3): string {
  const { header, rows } = tableCells(report);
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  const out = [
    `${'#'.repeat(level)} ${report.title}`,
    '',
    report.description,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

/** Goals as text lines. */
export function renderGoals(goals: readonly GoalCheck[], markdown: boolean): string {
  const mark = (holds: boolean | undefined): string =>
    holds === undefined ? 'NOT MEASURED' : holds ? 'HOLDS' : 'DOES NOT HOLD';
  return goals
    .map((g) =>
      markdown ? `- **${mark(g.holds)}**: ${g.goal}. ${g.detail}` : `  [${mark(g.holds)}] ${g.goal}: ${g.detail}`,
    )
    .join('\n');
}
