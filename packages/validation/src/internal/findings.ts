/** The running tally of one check: rows examined, violations, first examples, notes. */
import type { CheckId, CheckResult, Example } from "../Report.js"
import { NAMES } from "../Report.js"

export class Findings {
  rows = 0
  violations = 0
  readonly examples: Array<Example> = []
  readonly notes = new Set<string>()

  constructor(
    readonly id: CheckId,
    readonly limit: number,
    private readonly sources: ReadonlyArray<string>
  ) {}

  /** Counts a violation; true when its example should be recorded (build the reason only then). */
  hit(): boolean {
    this.violations++
    return this.examples.length < this.limit
  }

  /** Records an example (after `hit()` returned true). */
  example(table: string, source: number, line: number, reason: string): void {
    this.examples.push({ table, file: source < 0 ? "" : this.sources[source]!, line, reason })
  }

  /** Counts a violation and records its example when there is room. */
  add(table: string, source: number, line: number, reason: string): void {
    if (this.hit()) this.example(table, source, line, reason)
  }

  /** Counts a violation located by file name rather than source index. */
  addFile(table: string, file: string, line: number, reason: string): void {
    if (this.hit()) this.examples.push({ table, file, line, reason })
  }

  note(text: string): void {
    this.notes.add(text)
  }

  result(): CheckResult {
    return {
      id: this.id,
      name: NAMES[this.id],
      status: this.violations === 0 ? "pass" : "fail",
      rows: this.rows,
      violations: this.violations,
      examples: [...this.examples],
      notes: [...this.notes]
    }
  }
}
