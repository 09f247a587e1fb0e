/**
 * The one error of the sinks: a file could not be written. It names the file, the step that
 * failed and the system error code, and reads as one sentence.
 *
 * @example
 * import { SinkError } from "@retail-datagen/sinks"
 * const e = SinkError.fromCause("/data/x.csv", "open", Object.assign(new Error("x"), { code: "EACCES" }))
 * e.message // "cannot write /data/x.csv: permission denied (EACCES) while opening the file"
 */
import { Schema } from "effect"

/** The step of a file write that failed. */
export const Operation = Schema.Literal(
  "mkdir",
  "open",
  "encode",
  "write",
  "fsync",
  "rename",
  "parquet",
  "checksum"
)
export type Operation = typeof Operation.Type

const STEPS: Record<Operation, string> = {
  mkdir: "creating its directory",
  open: "opening the file",
  encode: "encoding rows",
  write: "writing",
  fsync: "syncing to disk",
  rename: "renaming it into place",
  parquet: "writing Parquet",
  checksum: "computing its checksum"
}

const CODES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ENOENT: "no such file or directory",
  ENOTDIR: "a parent path is not a directory",
  EISDIR: "the path is a directory",
  EROFS: "read-only file system",
  EEXIST: "the file already exists",
  EMFILE: "too many open files",
  EIO: "input/output error",
  EBUSY: "resource busy"
}

/** A file could not be written; nothing was left at `path` or at its temporary name. */
export class SinkError extends Schema.TaggedError<SinkError>()("SinkError", {
  /** The file that was being written. */
  path: Schema.String,
  /** The step that failed. */
  operation: Operation,
  /** The system error code (`EACCES`, `ENOSPC`, …) when there is one. */
  code: Schema.optional(Schema.String),
  /** What went wrong, in words. */
  reason: Schema.String,
  /** The original error. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    const code = this.code === undefined ? "" : ` (${this.code})`
    return `cannot write ${this.path}: ${this.reason}${code} while ${STEPS[this.operation]}`
  }
}

const codeOf = (cause: unknown): string | undefined => {
  const code = (cause as { code?: unknown } | null)?.code
  return typeof code === "string" ? code : undefined
}

/** A `SinkError` from whatever was thrown while doing `operation` on `path`. */
export const fromCause = (path: string, operation: Operation, cause: unknown): SinkError => {
  const code = codeOf(cause)
  const reason =
    code !== undefined && CODES[code] !== undefined
      ? CODES[code]
      : cause instanceof Error
        ? cause.message
        : String(cause)
  return new SinkError(
    code === undefined ? { path, operation, reason, cause } : { path, operation, code, reason, cause }
  )
}
