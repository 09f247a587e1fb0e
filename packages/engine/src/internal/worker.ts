/**
 * The entry of a worker thread of `Workers.run` (compiled to `dist/internal/worker.js`; never
 * imported by the library itself). It imports the setup module, builds the plugins, runs
 * `Run.run` on its composite shard and posts every day's owned, sorted batches to the main
 * thread, staying at most one day ahead of the main thread's commit.
 */
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { parentPort, workerData } from "node:worker_threads"
import type { Batch, Calendar } from "@retail-datagen/core"
import { Cause, Effect, Option } from "effect"
import * as Registry from "../Registry.js"
import * as Run from "../Run.js"
import { isCheckpoint } from "./checks.js"
import { ownedSorted } from "./rows.js"
import { type Ack, type Init, type Packed, pack, postError, reasonOf, type ToMain } from "./workerProtocol.js"

const port = parentPort
if (port === null) throw new Error("internal/worker.js runs only as a worker thread of Workers.run")
const init = workerData as Init

const post = (message: ToMain, transfer: ReadonlyArray<ArrayBuffer> = []): void =>
  port.postMessage(message, transfer as Array<ArrayBuffer>)

/** A failure of the setup module, reported as the worker's failure (not an engine error). */
class SetupFailed {
  readonly _tag = "SetupFailed"
  constructor(readonly reason: string) {}
}

// Acks from the main thread: the last day it has committed.
let acked = Number.NEGATIVE_INFINITY
let wake: (() => void) | undefined
port.on("message", (m: Ack) => {
  if (m._tag !== "ack") return
  acked = Math.max(acked, m.day)
  wake?.()
})

/** Waits until the main thread has committed `day`. */
const committed = (day: Calendar.EpochDay): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    if (acked >= day) return resume(Effect.void)
    wake = () => {
      if (acked < day) return
      wake = undefined
      resume(Effect.void)
    }
  })

const specifier = (module: string): string =>
  /^(file|data|node):/.test(module) ? module : pathToFileURL(path.resolve(module)).href

interface SetupResult {
  readonly plugins: ReadonlyArray<Registry.AnyPlugin>
  readonly finish?: (() => unknown) | undefined
}

const loadSetup = Effect.tryPromise({
  try: async (): Promise<SetupResult> => {
    const mod = (await import(specifier(init.setup.module))) as { setup?: unknown }
    if (typeof mod.setup !== "function") throw new Error(`${init.setup.module} exports no setup function`)
    const out = (await (mod.setup as (input: unknown, master: unknown) => unknown)(
      init.setup.input,
      init.master
    )) as Partial<SetupResult> | undefined
    if (out === undefined || out === null || !Array.isArray(out.plugins)) {
      throw new Error(`setup of ${init.setup.module} returned no { plugins } object`)
    }
    return out as SetupResult
  },
  catch: (e) => new SetupFailed(`setup module ${init.setup.module}: ${reasonOf(e)}`)
})

const main = Effect.gen(function* () {
  const setup = yield* loadSetup
  const registry = yield* Registry.make(setup.plugins)
  const tableIndex = new Map(registry.tables.map((t, i) => [t.name, i]))
  /** The day's owned batches by table index, and the builder buffers they must not take away. */
  let day: Array<Batch.Batch | undefined> = []
  const keep = new Set<ArrayBufferLike>()
  const first = init.resume === undefined ? init.start : init.resume.afterDay + 1
  const every = init.checkpointEvery
  const send = (d: Calendar.EpochDay, states: Record<string, unknown> | undefined) =>
    Effect.suspend(() => {
      const transfer: Array<ArrayBuffer> = []
      const batches: Array<Packed> = []
      day.forEach((b, i) => {
        if (b !== undefined) batches.push(pack(i, b, keep, transfer))
      })
      day = []
      keep.clear()
      post({ _tag: "day", day: d, batches, states }, transfer)
      // At most one day ahead: day d+1 is made while the main thread commits day d.
      return d > first ? committed(d - 1) : Effect.void
    })
  const summary = yield* Run.run({
    plugins: registry,
    master: init.master,
    seed: init.seed,
    start: init.start,
    end: init.end,
    shard: init.shard,
    resume: init.resume,
    onBatches: (_d, _plugin, batches) =>
      Effect.sync(() => {
        for (const b of batches) {
          for (const c of b.columns) if (!Array.isArray(c)) keep.add((c as Float64Array).buffer)
          day[tableIndex.get(b.table.name)!] = ownedSorted(b.table, [b])
        }
      }),
    onProgress: (event) => {
      if (event._tag === "RunStarted") {
        return Effect.sync(() =>
          post({
            _tag: "started",
            plugins: registry.plugins.map((p) => ({
              name: p.name,
              tables: p.tables.map((t) => tableIndex.get(t.name)!)
            })),
            tables: registry.tables
          })
        )
      }
      // A checkpoint day is sent by onCheckpoint, with the states.
      if (event._tag === "DayDone" && !(init.checkpoint && isCheckpoint(first, init.end, event.day, every)))
        return send(event.day, undefined)
      return Effect.void
    },
    onCheckpoint: init.checkpoint ? (resume) => send(resume.afterDay, resume.states) : undefined,
    checkpointEvery: every
  })
  const report = yield* Effect.try({
    try: () => setup.finish?.(),
    catch: (e) => new SetupFailed(`finish of setup module ${init.setup.module}: ${reasonOf(e)}`)
  })
  post({ _tag: "done", states: summary.resume.states as Record<string, unknown>, report })
})

Effect.runPromise(
  main.pipe(
    Effect.catchAllCause((cause) =>
      Effect.sync(() => {
        const failure = Option.getOrUndefined(Cause.failureOption(cause))
        const error =
          failure instanceof SetupFailed
            ? { _tag: "Defect", fields: { reason: failure.reason } }
            : postError(failure ?? Cause.squash(cause))
        post({ _tag: "failed", error })
      })
    )
  )
).finally(() => port.unref())
