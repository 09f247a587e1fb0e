/**
 * The messages between the main thread (`Workers.run`) and a worker thread (`internal/worker.ts`),
 * and how batches and errors cross the thread boundary: typed-array columns move (their buffers
 * go in the transfer list), string columns are cloned, errors travel as their plain fields and
 * are rebuilt as the engine's tagged errors on the main side.
 */
import type { Batch, Calendar, Plugin, Table } from "@retail-datagen/core"
import {
  DependencyCycle,
  DuplicatePlugin,
  DuplicateTable,
  type EngineError,
  InvalidPlugin,
  InvalidRunOptions,
  MissingDependency,
  PluginFailed
} from "../EngineError.js"

/** The `workerData` of a worker thread. */
export interface Init {
  /** 0-based index of the worker and the number of workers. */
  readonly worker: number
  readonly workers: number
  readonly setup: { readonly module: string; readonly input: unknown }
  readonly master: unknown
  readonly seed: number
  readonly start: Calendar.EpochDay
  readonly end: Calendar.EpochDay
  /** The composite shard this worker runs. */
  readonly shard: Plugin.Shard
  readonly resume:
    | { readonly afterDay: Calendar.EpochDay; readonly states: Record<string, unknown> }
    | undefined
  /** Whether to send the plugin states with the checkpoint days (the main thread checkpoints). */
  readonly checkpoint: boolean
  /** Days between checkpoints (`Run.Options.checkpointEvery`). */
  readonly checkpointEvery: number
}

/** A batch as posted: the table by its index in `Started.tables`. */
export interface Packed {
  readonly table: number
  readonly length: number
  readonly columns: ReadonlyArray<Batch.ColumnData>
}

/** An error as posted: the tag and the plain fields of an engine error, or a defect's text. */
export interface PostedError {
  readonly _tag: string
  readonly fields: Record<string, unknown>
}

/** Worker → main. */
export type ToMain =
  /** The plugins are set up; sent once before the first day. */
  | {
      readonly _tag: "started"
      readonly plugins: ReadonlyArray<{ readonly name: string; readonly tables: ReadonlyArray<number> }>
      readonly tables: ReadonlyArray<Table.Table>
    }
  /** One day's output, one owned batch per table (sorted), and the states when checkpointing. */
  | {
      readonly _tag: "day"
      readonly day: Calendar.EpochDay
      readonly batches: ReadonlyArray<Packed>
      readonly states: Record<string, unknown> | undefined
    }
  /** The run completed: end-of-run states and the result of the setup's `finish`. */
  | { readonly _tag: "done"; readonly states: Record<string, unknown>; readonly report: unknown }
  | { readonly _tag: "failed"; readonly error: PostedError }

/** Main → worker: the main thread has committed `day` (the worker may run one day past it). */
export interface Ack {
  readonly _tag: "ack"
  readonly day: Calendar.EpochDay
}

/** Whether a typed array owns its whole buffer (so moving the buffer moves exactly it). */
const ownsBuffer = (a: Float64Array | Uint16Array): boolean =>
  a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength

/**
 * Packs an owned batch for posting, adding its typed-array buffers to `transfer`. A column whose
 * buffer is in `keep` (still used by the worker, e.g. a plugin's builder) or is not owned whole is
 * copied first, so moving it never detaches anything the worker reads later.
 */
export const pack = (
  table: number,
  batch: Batch.Batch,
  keep: ReadonlySet<ArrayBufferLike>,
  transfer: Array<ArrayBuffer>
): Packed => {
  const columns = batch.columns.map((c) => {
    if (Array.isArray(c)) return c
    let a = c as Float64Array | Uint16Array
    if (!ownsBuffer(a) || keep.has(a.buffer) || transfer.includes(a.buffer as ArrayBuffer)) a = a.slice()
    transfer.push(a.buffer as ArrayBuffer)
    return a
  })
  return { table, length: batch.length, columns }
}

/** The text of a thrown value. */
export const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** An engine error (or anything thrown) as plain, cloneable data. */
export const postError = (e: unknown): PostedError => {
  if (typeof e === "object" && e !== null && typeof (e as { _tag?: unknown })._tag === "string") {
    const { _tag, cause, ...rest } = { ...(e as Record<string, unknown>) }
    const fields: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rest)) {
      if (v === undefined || typeof v === "function") continue
      try {
        fields[k] = structuredClone(v)
      } catch {
        fields[k] = String(v)
      }
    }
    if (cause instanceof Error) fields.cause = { message: cause.message, stack: cause.stack ?? "" }
    return { _tag: _tag as string, fields }
  }
  return {
    _tag: "Defect",
    fields: { reason: e instanceof Error ? (e.stack ?? e.message) : String(e) }
  }
}

const ENGINE_ERRORS: Record<string, new (fields: never) => EngineError> = {
  DuplicatePlugin,
  DuplicateTable,
  InvalidPlugin,
  MissingDependency,
  DependencyCycle,
  InvalidRunOptions,
  PluginFailed
}

/**
 * The engine error a posted error stands for, or `undefined` when it is not one (the caller
 * reports it as the worker's failure).
 */
export const engineError = (posted: PostedError): EngineError | undefined => {
  const Ctor = ENGINE_ERRORS[posted._tag]
  if (Ctor === undefined) return undefined
  const { cause, ...fields } = posted.fields
  const rebuilt =
    typeof cause === "object" && cause !== null
      ? { ...fields, cause: Object.assign(new Error(String((cause as { message: unknown }).message)), cause) }
      : fields
  try {
    return new Ctor(rebuilt as never)
  } catch {
    return undefined
  }
}
