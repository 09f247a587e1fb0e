/**
 * What a generation command reports when it finishes: rows per table, wall time and notes. The
 * command layer prints it (plain lines, or JSON with `--json`).
 */

/** Rows written for one table. */
export interface TableSummary {
  readonly table: string
  readonly rows: number
}

/** The result of `generate`, `master` or `facts`. */
export interface Summary {
  readonly tables: ReadonlyArray<TableSummary>
  readonly seconds: number
  /** Remarks for the user, e.g. "no fact tables registered yet". */
  readonly notes: ReadonlyArray<string>
}

/** A summary with no tables, only notes. */
export const notesOnly = (...notes: ReadonlyArray<string>): Summary => ({ tables: [], seconds: 0, notes })

/** Human-readable lines of a summary. */
export const describe = (summary: Summary): Array<string> => {
  const lines = summary.tables.map((t) => `${t.table}: ${t.rows.toLocaleString("en-US")} rows`)
  if (summary.tables.length > 0) {
    const rows = summary.tables.reduce((n, t) => n + t.rows, 0)
    const rate =
      summary.seconds > 0 ? ` (${Math.round(rows / summary.seconds).toLocaleString("en-US")} rows/s)` : ""
    lines.push(`total: ${rows.toLocaleString("en-US")} rows in ${summary.seconds.toFixed(1)} s${rate}`)
  }
  return [...lines, ...summary.notes]
}
