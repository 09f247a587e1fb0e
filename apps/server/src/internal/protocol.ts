/** Messages between the server's main thread and a run's worker thread (structured-cloneable). */
import type { Progress } from "@retail-datagen/generator"

/** What the main thread gives a worker (`workerData`). */
export type Job =
  | {
      readonly kind: "generate"
      /** The encoded configuration, paths set to the run's directory. */
      readonly config: unknown
      readonly start: string | undefined
      readonly end: string
      readonly workers: number | undefined
      readonly validate: boolean
    }
  | {
      readonly kind: "validate"
      /** The dataset root (`<dir>/master`, `<dir>/facts`). */
      readonly dir: string
      readonly config: unknown
    }

/** What a worker posts. */
export type Message =
  | {
      readonly type: "progress"
      readonly snapshot: Progress.Snapshot
      /** The fact tables of the run, once known. */
      readonly tables: ReadonlyArray<string> | undefined
      /** Tables whose file of the current day is written. */
      readonly written: ReadonlyArray<string>
      /** Rows per table written by this run (committed days). */
      readonly rows: Readonly<Record<string, number>>
    }
  | {
      readonly type: "day"
      readonly day: string
      readonly rows: Readonly<Record<string, number>>
    }
  | { readonly type: "done"; readonly report?: unknown }
  | { readonly type: "failed"; readonly error: string; readonly message: string }
  | { readonly type: "cancelled" }

/** What the main thread posts to a worker. */
export type Command = { readonly type: "cancel" }
