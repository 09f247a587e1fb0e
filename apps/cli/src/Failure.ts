/**
 * Everything that can stop a command, and the one place where a failure becomes the text printed
 * on stderr and the process exit code. No stack trace ever reaches the user.
 *
 * | exit | meaning |
 * |---|---|
 * | 0 | success |
 * | 1 | the command could not do its job: bad configuration (file, JSON, value, flag value), I/O |
 * | 2 | usage error: unknown command or flag, malformed flag value, conflicting flags, `validate` of a directory that is not a dataset |
 * | 130 | interrupted (Ctrl-C / SIGTERM) |
 */
import { ValidationError } from "@effect/cli"
import { Config } from "@retail-datagen/config"
import { Cause, Exit, Schema } from "effect"

/** Exit codes of the command. */
export const ExitCode = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const

/**
 * Flags that are well-formed one by one but wrong together or out of range (e.g. `--end` with
 * `--days`, `--days 0`).
 *
 * @category errors
 */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  flag: Schema.String,
  problem: Schema.String
}) {
  override get message(): string {
    return `${this.flag}: ${this.problem}`
  }
}

/**
 * An output file exists and `--force` was not given.
 *
 * @category errors
 */
export class OutputExists extends Schema.TaggedError<OutputExists>()("OutputExists", {
  path: Schema.String
}) {
  override get message(): string {
    return `${this.path} already exists; use --overwrite to replace it`
  }
}

/**
 * Writing an output failed (permissions, missing directory, disk full…).
 *
 * @category errors
 */
export class WriteFailed extends Schema.TaggedError<WriteFailed>()("WriteFailed", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot write ${this.path}: ${this.reason}`
  }
}

/**
 * `validate` found violations of the data contract (the report was printed).
 *
 * @category errors
 */
export class Violations extends Schema.TaggedError<Violations>()("Violations", {
  dir: Schema.String,
  violations: Schema.Number,
  failed: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `${this.dir}: ${this.violations} violation${this.violations === 1 ? "" : "s"} of the data contract (${this.failed.join(", ")})`
  }
}

/** What the user sees for a failure: lines for stderr (without the `error: ` prefix) and the exit code. */
export interface Report {
  readonly lines: ReadonlyArray<string>
  readonly exitCode: number
}

const isTagged = (u: unknown): u is { readonly _tag: string } =>
  typeof u === "object" && u !== null && typeof (u as { _tag?: unknown })._tag === "string"

/** The report of one expected error. */
export const reportError = (error: unknown): Report => {
  // @effect/cli has already printed its own message (with usage) for these.
  if (ValidationError.isValidationError(error)) return { lines: [], exitCode: ExitCode.usage }
  if (error instanceof Config.ConfigError) return { lines: error.lines, exitCode: ExitCode.failure }
  if (error instanceof UsageError) return { lines: [error.message], exitCode: ExitCode.usage }
  // `validate` or `report` of a directory that is not a dataset (empty, mistyped): a usage error
  if (isTagged(error) && error._tag === "DatasetNotFound" && error instanceof Error)
    return { lines: [error.message], exitCode: ExitCode.usage }
  if (isTagged(error) && error instanceof Error) return { lines: [error.message], exitCode: ExitCode.failure }
  return { lines: [`unexpected failure: ${describe(error)}`], exitCode: ExitCode.failure }
}

const describe = (u: unknown): string => (u instanceof Error ? u.message : String(u))

/** The report of a whole failure cause: the first failure, else the first defect, else an interruption. */
export const report = (cause: Cause.Cause<unknown>): Report => {
  const failures = Array.from(Cause.failures(cause))
  if (failures.length > 0) {
    const reports = failures.map(reportError)
    return { lines: reports.flatMap((r) => r.lines), exitCode: reports[0]!.exitCode }
  }
  const defects = Array.from(Cause.defects(cause))
  if (defects.length > 0) {
    return { lines: [`internal error: ${describe(defects[0])}`], exitCode: ExitCode.failure }
  }
  return { lines: ["interrupted"], exitCode: ExitCode.interrupted }
}

/** The exit code of a finished program whose success value is its exit code. */
export const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return typeof exit.value === "number" ? exit.value : ExitCode.ok
  return Cause.isInterruptedOnly(exit.cause) ? ExitCode.interrupted : report(exit.cause).exitCode
}

/** The stderr text of a report: one `error: …` line per problem. */
export const render = (r: Report): string => r.lines.map((line) => `error: ${line}`).join("\n")
