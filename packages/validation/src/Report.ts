/**
 * Validation reports: one result per check (format, I1…I8) with pass/fail, rows examined, the
 * number of violations and the first offending rows, each located by table, file and line.
 *
 * @example
 * import { Report, Validate } from "@retail-datagen/validation"
 * const report = Validate.batches({ master: {}, facts: {} })
 * console.log(Report.text(report))
 * if (!Report.ok(report)) process.exitCode = 1
 */

/**
 * Identifies a check: `F` is the input format, `M` the files of a dataset on disk against its
 * manifests (present, rows, bytes, sha256, nothing stray), `I1`–`I8` the invariants of
 * DATA-CONTRACT §5, `P` the plugin tables (rows in the shard part that owns their partition key,
 * and the checks each plugin ships; present only when the dataset has plugin tables).
 */
export type CheckId = "F" | "M" | "I1" | "I2" | "I3" | "I4" | "I5" | "I6" | "I7" | "P" | "I8"

/** Display names, in report order. */
export const NAMES: Readonly<Record<CheckId, string>> = {
  F: "format",
  M: "files",
  I1: "I1 keys",
  I2: "I2 uniqueness",
  I3: "I3 receipts",
  I4: "I4 inventory",
  I5: "I5 time",
  I6: "I6 money",
  I7: "I7 sensors",
  P: "plugin tables",
  I8: "I8 determinism"
}

/**
 * One offending row. `file` is the path relative to the dataset root for datasets on disk and
 * `<table>[<batch index>]` for in-memory batches; `line` is the 1-based line of the file (the
 * header is line 1) or the batch row index + 1. `line` is 0 when the finding concerns a whole
 * file or table.
 */
export interface Example {
  readonly table: string
  readonly file: string
  readonly line: number
  readonly reason: string
}

export interface CheckResult {
  readonly id: CheckId
  readonly name: string
  readonly status: "pass" | "fail"
  /** Rows the check looked at. */
  readonly rows: number
  readonly violations: number
  /** The first offending rows (at most the configured number). */
  readonly examples: ReadonlyArray<Example>
  /** Sub-rules that were skipped and why (e.g. an extra column is absent). */
  readonly notes: ReadonlyArray<string>
}

export interface Report {
  readonly checks: ReadonlyArray<CheckResult>
  /** Data rows read (each row once, whatever the number of checks that looked at it). */
  readonly rows: number
  /** Files or batches read. */
  readonly sources: number
}

/** A report from check results (e.g. to add an I8 result to a dataset report). */
export const make = (checks: ReadonlyArray<CheckResult>, rows = 0, sources = 0): Report => ({
  checks: [...checks].sort((a, b) => order(a.id) - order(b.id)),
  rows,
  sources
})

const order = (id: CheckId): number => Object.keys(NAMES).indexOf(id)

/** True when every check passed. */
export const ok = (report: Report): boolean => report.checks.every((c) => c.status === "pass")

/** The check with this id, if the report has it. */
export const get = (report: Report, id: CheckId): CheckResult | undefined =>
  report.checks.find((c) => c.id === id)

/** The ids of the failed checks, in report order. */
export const failed = (report: Report): ReadonlyArray<CheckId> =>
  report.checks.filter((c) => c.status === "fail").map((c) => c.id)

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length))
const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s)
const thousands = (n: number): string => `${n}`.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/**
 * A human-readable table (check, status, rows, violations), then per failed check its example
 * rows as `file:line  table  reason`, then the notes on skipped sub-rules.
 */
export const text = (report: Report): string => {
  const out: Array<string> = []
  out.push(`${pad("check", 16)} ${pad("status", 6)} ${lpad("rows", 12)} ${lpad("violations", 10)}`)
  for (const c of report.checks) {
    out.push(
      `${pad(c.name, 16)} ${pad(c.status === "pass" ? "pass" : "FAIL", 6)} ${lpad(thousands(c.rows), 12)} ${lpad(thousands(c.violations), 10)}`
    )
  }
  for (const c of report.checks) {
    if (c.examples.length === 0) continue
    out.push("")
    out.push(
      `${c.name}: ${thousands(c.violations)} violation${c.violations === 1 ? "" : "s"}, first ${c.examples.length}:`
    )
    for (const e of c.examples)
      out.push(`  ${e.line > 0 ? `${e.file}:${e.line}` : e.file}  ${e.table}  ${e.reason}`)
  }
  const notes = report.checks.flatMap((c) => c.notes.map((n) => `  ${c.name}: ${n}`))
  if (notes.length > 0) {
    out.push("")
    out.push("notes:")
    out.push(...notes)
  }
  out.push("")
  out.push(summary(report))
  return out.join("\n")
}

/**
 * The report in one line: `OK: 12,345 rows from 56 sources` — with the files check, `… files
 * match their manifests` — or `FAILED: … (files, I1 keys)` naming the failed checks.
 */
export const summary = (report: Report): string => {
  const head = `${thousands(report.rows)} rows from ${thousands(report.sources)} sources`
  if (!ok(report)) {
    const total = report.checks.reduce((n, c) => n + c.violations, 0)
    return `FAILED: ${head}; ${thousands(total)} violation${total === 1 ? "" : "s"} (${failed(report)
      .map((id) => NAMES[id])
      .join(", ")})`
  }
  return get(report, "M") === undefined ? `OK: ${head}` : `OK: ${head}; every file matches its manifest`
}

/** The report as JSON text (stable field order), with an `ok` field for scripts. */
export const json = (report: Report): string => JSON.stringify({ ok: ok(report), ...report }, null, 2)
