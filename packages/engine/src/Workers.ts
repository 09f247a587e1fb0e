/**
 * Runs one shard's days on W worker threads (`node:worker_threads`), with the callbacks of
 * `Run.run`, so `Pipeline` (or any caller) can use either.
 *
 * Worker `w` of `W` inside shard `k` of `N` runs `Run.run` on the composite shard
 * `{ index: k + N·w, count: N·W }`: the union of its regions is exactly shard `k`'s. Functions
 * cannot cross threads, so each worker builds its plugins from a *setup module*: an ES module
 * (absolute path or file URL) exporting
 * `setup(input, master) => { plugins, finish? } | Promise<…>`, called with the structured-cloneable
 * `setup.input` and the master data. Share the master first (`share`): its typed arrays then live
 * in `SharedArrayBuffer`s and every worker reads the same memory.
 *
 * Per day each worker posts its owned batch per table in the canonical row order (`EventTS`, then
 * every column: typed-array buffers are moved, strings cloned); the main thread merges the
 * workers' runs (a merge, not a sort) and calls `onBatches(day, plugin, batches)` once per plugin
 * with one owned batch per table in the canonical order — the order an in-process run's rows get
 * from the pipeline's sort, whatever the count — then emits `DayDone` (rows summed) and calls
 * `onCheckpoint` (on checkpoint days) with `states: { workers: [states of worker 0, …] }`. A worker runs at most one
 * day ahead of the main thread's commit, so about two days of output are in memory.
 *
 * Saved states belong to a worker count: worker `w`'s plugins own the regions of its composite
 * shard, so a resume must use the same count (a `resume.states` of another count is an
 * `InvalidRunOptions`). A plugin failure in a worker is the same `PluginFailed` as in process; a
 * crashed worker (uncaught error, exit) or a failing setup module is a `WorkerFailed` naming the
 * worker; interrupting the run terminates every worker.
 *
 * @example
 * import { Effect } from "effect"
 * import { Workers } from "@retail-datagen/engine"
 * const summary = await Effect.runPromise(
 *   Workers.run({
 *     count: 2,
 *     setup: { module: new URL("./setup.mjs", import.meta.url).href, input: { stores: 40 } },
 *     master: Workers.share(master),
 *     seed: 42,
 *     start: 19723,
 *     end: 19729,
 *     onBatches: (day, plugin, batches) => Effect.log(plugin, day, batches[0]!.length)
 *   })
 * )
 * summary.reports // what each worker's `finish()` returned
 */
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import type { Batch, Calendar, Plugin, Table } from "@retail-datagen/core"
import { Clock, Effect, Queue, Schema } from "effect"
import { type EngineError, InvalidRunOptions } from "./EngineError.js"
import { isCheckpoint, runProblem } from "./internal/checks.js"
import { mergeSorted } from "./internal/rows.js"
import {
  type Ack,
  engineError,
  type Init,
  type PostedError,
  reasonOf,
  type ToMain
} from "./internal/workerProtocol.js"
import * as Progress from "./Progress.js"
import type * as Registry from "./Registry.js"
import type * as Run from "./Run.js"

/** The most worker threads a run may use. */
export const MAX_COUNT = 256

/** A worker thread crashed, exited early or its setup module failed; `worker` is its 0-based index. */
export class WorkerFailed extends Schema.TaggedError<WorkerFailed>()("WorkerFailed", {
  worker: Schema.Number,
  reason: Schema.String
}) {
  override get message(): string {
    return `worker thread ${this.worker} failed: ${this.reason}`
  }
}

/** Where each worker gets its plugins: an ES module (absolute path or file URL) and its input. */
export interface Setup {
  /** Absolute path or `file:` URL of an ES module exporting `setup(input, master)`. */
  readonly module: string
  /** Handed to `setup`; structured-cloneable (no functions). */
  readonly input: unknown
}

/** What a setup module's `setup(input, master)` returns (or resolves to). */
export interface SetupResult<Master = unknown> {
  readonly plugins: ReadonlyArray<Registry.AnyPlugin<Master>>
  /** Called in the worker after its last day; the value (structured-cloneable) lands in `Summary.reports`. */
  readonly finish?: (() => unknown) | undefined
}

export interface Options<E = never, R = never>
  extends Omit<Run.Options<unknown, E, R>, "plugins" | "master"> {
  /** Number of worker threads, an integer 1…256. */
  readonly count: number
  readonly setup: Setup
  /** Master data for `setup` and `ctx.master`; pass it through `share` so workers do not copy it. */
  readonly master?: unknown
}

export interface Summary extends Run.Summary {
  /** Number of worker threads. */
  readonly workers: number
  /** The value of each worker's `finish()` (undefined without one), by worker index. */
  readonly reports: ReadonlyArray<unknown>
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

const shareValue = (v: unknown, seen: Map<object, unknown>): unknown => {
  if (typeof v !== "object" || v === null) return v
  if (seen.has(v)) return seen.get(v)
  let out: unknown = v
  if (ArrayBuffer.isView(v)) {
    if (!(v instanceof DataView) && !(v.buffer instanceof SharedArrayBuffer)) {
      // Any typed array (Float64Array, BigInt64Array, …): the same constructor over a shared buffer.
      const a = v as unknown as Float64Array
      const Ctor = a.constructor as new (
        buffer: ArrayBufferLike,
        offset: number,
        length: number
      ) => Float64Array
      const copy = new Ctor(new SharedArrayBuffer(a.byteLength), 0, a.length)
      copy.set(a)
      out = copy
    }
  } else if (Array.isArray(v)) {
    if (v.some((x) => typeof x === "object" && x !== null)) {
      const copy: Array<unknown> = []
      seen.set(v, copy)
      for (const x of v) copy.push(shareValue(x, seen))
      return copy
    }
  } else if (v instanceof Map) {
    const copy = new Map()
    seen.set(v, copy)
    for (const [k, x] of v) copy.set(k, shareValue(x, seen))
    return copy
  } else if (isPlainObject(v)) {
    const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(v))
    seen.set(v, copy)
    for (const [k, x] of Object.entries(v)) copy[k] = shareValue(x, seen)
    return copy
  }
  seen.set(v, out)
  return out
}

/**
 * A copy of a plain object tree whose typed arrays all live in `SharedArrayBuffer`s (same type,
 * same values); typed arrays already shared, strings, numbers, arrays of primitives and objects
 * of classes are kept as is. Posting the result to a worker shares the arrays instead of copying
 * them. Call it once on the master data.
 *
 * @example
 * const shared = Workers.share({ stores: new Float64Array([1, 2]), names: ["a", "b"] })
 * shared.stores.buffer instanceof SharedArrayBuffer // true
 */
export const share = <A>(value: A): A => shareValue(value, new Map()) as A

const isUnshared = (v: unknown): v is Float64Array =>
  ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v.buffer instanceof SharedArrayBuffer)

/**
 * Like `share`, but replaces the typed arrays of the tree's plain objects and arrays in place
 * (objects that cannot be changed are left as they are), so each original array can be freed
 * as soon as its shared copy exists: memory peaks at the data plus its largest array, instead of
 * twice the data. Returns the same tree. For data that nothing else keeps in unshared form
 * (the master data of a run).
 *
 * @example
 * const master = Workers.shareInPlace({ stores: { id: new Int32Array(1000) } })
 * master.stores.id.buffer instanceof SharedArrayBuffer // true
 */
export const shareInPlace = <A>(value: A): A => {
  const seen = new Map<object, unknown>()
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null || seen.has(v) || ArrayBuffer.isView(v)) return
    seen.set(v, v)
    if (Array.isArray(v)) {
      if (Object.isFrozen(v)) return
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i]
        if (isUnshared(x)) v[i] = shareValue(x, seen)
        else visit(x)
      }
    } else if (isPlainObject(v) && !Object.isFrozen(v)) {
      const o = v as Record<string, unknown>
      for (const k of Object.keys(o)) {
        const x = o[k]
        if (isUnshared(x)) o[k] = shareValue(x, seen)
        else visit(x)
      }
    }
  }
  visit(value)
  return value
}

/**
 * The compiled worker entry, `dist/internal/worker.js` of this package, found through the package's
 * own name: the same file whether this module runs from `dist`, from `src` (tests) or inlined
 * into a bundle (the command line's), where `import.meta.url` is the bundle's.
 */
const entry = (): URL =>
  pathToFileURL(
    path.join(
      path.dirname(createRequire(import.meta.url).resolve("@retail-datagen/engine/package.json")),
      "dist/internal/worker.js"
    )
  )

/**
 * The Node options of the workers: this process's, without a "source" export condition (workers
 * run the compiled JavaScript of the workspace packages, not their TypeScript sources, which
 * tests and dev tools resolve through that condition).
 */
const workerExecArgv = (): Array<string> => {
  const out: Array<string> = []
  const args = process.execArgv
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if ((a === "--conditions" || a === "-C") && args[i + 1] === "source") i++
    else if (a !== "--conditions=source" && a !== "-C=source") out.push(a)
  }
  return out
}

interface Plan {
  readonly shard: Plugin.Shard
  readonly first: Calendar.EpochDay
  readonly last: Calendar.EpochDay
  readonly states: ReadonlyArray<Record<string, unknown>> | undefined
}

const invalid = (field: string, reason: string) => Effect.fail(new InvalidRunOptions({ field, reason }))

const validate = <E, R>(options: Options<E, R>): Effect.Effect<Plan, InvalidRunOptions> => {
  const { count, seed, start, end, resume, setup } = options
  const shard = options.shard ?? { index: 0, count: 1 }
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    return invalid("count", `must be an integer in 1…${MAX_COUNT}, got ${count}`)
  }
  if (typeof setup?.module !== "string" || setup.module === "") {
    return invalid("setup.module", "must be the path or file URL of an ES module exporting setup")
  }
  const problem = runProblem({
    seed,
    start,
    end,
    shard,
    afterDay: resume?.afterDay,
    checkpointEvery: options.checkpointEvery
  })
  if (problem !== undefined) return Effect.fail(problem)
  try {
    structuredClone(setup.input)
  } catch (e) {
    return invalid("setup.input", `must be structured-cloneable: ${reasonOf(e)}`)
  }
  if (resume === undefined) return Effect.succeed({ shard, first: start, last: end, states: undefined })
  const { afterDay } = resume
  const workers = (resume.states as { workers?: unknown } | undefined)?.workers
  if (!Array.isArray(workers)) {
    return invalid(
      "resume.states",
      "must be the states of a worker run, { workers: [states of worker 0, …] }"
    )
  }
  if (workers.length !== count) {
    return invalid(
      "resume.states",
      `holds the states of ${workers.length} worker threads, this run has ${count}: worker states belong to ` +
        "their worker count (each worker owns the regions of its composite shard); resume with the same count"
    )
  }
  return Effect.succeed({ shard, first: afterDay + 1, last: end, states: workers })
}

type Message = ToMain | { readonly _tag: "crashed"; readonly reason: string }

interface Thread {
  readonly index: number
  readonly worker: Worker
  readonly inbox: Queue.Queue<Message>
}

const failureOf = (w: number, error: PostedError): EngineError | WorkerFailed =>
  engineError(error) ?? new WorkerFailed({ worker: w, reason: String(error.fields.reason ?? error._tag) })

/** The next message of a thread, which must have the tag `tag`. */
const next = <T extends ToMain["_tag"]>(
  thread: Thread,
  tag: T
): Effect.Effect<Extract<ToMain, { _tag: T }>, EngineError | WorkerFailed> =>
  Effect.flatMap(Queue.take(thread.inbox), (m) => {
    if (m._tag === tag) return Effect.succeed(m as Extract<ToMain, { _tag: T }>)
    if (m._tag === "failed") return Effect.fail(failureOf(thread.index, m.error))
    const reason = m._tag === "crashed" ? m.reason : `sent "${m._tag}" where "${tag}" was expected`
    return Effect.fail(new WorkerFailed({ worker: thread.index, reason }))
  })

/** Starts worker `w`; the scope terminates it. */
const spawn = (w: number, data: Init) =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const inbox = yield* Queue.unbounded<Message>()
      const url = entry()
      if (!fs.existsSync(fileURLToPath(url))) {
        return yield* new WorkerFailed({
          worker: w,
          reason: `the compiled worker entry ${fileURLToPath(url)} is missing (build the engine: pnpm build)`
        })
      }
      const worker = yield* Effect.try({
        try: () => new Worker(url, { workerData: data, execArgv: workerExecArgv() }),
        catch: (e) =>
          new InvalidRunOptions({
            field: "master",
            reason: `cannot be handed to a worker thread (structured clone): ${reasonOf(e)}`
          })
      })
      let done = false
      worker.on("message", (m: ToMain) => {
        if (m._tag === "done" || m._tag === "failed") done = true
        inbox.unsafeOffer(m)
      })
      worker.on("error", (e) => {
        done = true
        inbox.unsafeOffer({
          _tag: "crashed",
          reason: `uncaught ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
        })
      })
      worker.on("exit", (code) => {
        if (!done) inbox.unsafeOffer({ _tag: "crashed", reason: `exited with code ${code} before finishing` })
      })
      return { index: w, worker, inbox } satisfies Thread
    }),
    (thread) => Effect.promise(() => thread.worker.terminate())
  )

/**
 * Runs the days of `options.shard` on `options.count` worker threads. Fails with
 * `InvalidRunOptions`, a registry error or `PluginFailed` of a worker's plugins, `WorkerFailed`,
 * or an error of the callbacks. Interrupting it terminates the workers.
 */
export const run = <E = never, R = never>(
  options: Options<E, R>
): Effect.Effect<Summary, EngineError | WorkerFailed | E, R> =>
  Effect.gen(function* () {
    const plan = yield* validate(options)
    const W = options.count
    const emit = options.onProgress ?? (() => Effect.void)
    let daysDone = 0
    const body = Effect.gen(function* () {
      const startedAt = yield* Clock.currentTimeMillis
      const threads = yield* Effect.forEach(
        Array.from({ length: W }, (_, w) => w),
        (w) =>
          spawn(w, {
            worker: w,
            workers: W,
            setup: options.setup,
            master: options.master,
            seed: options.seed,
            start: options.start,
            end: options.end,
            shard: { index: plan.shard.index + plan.shard.count * w, count: plan.shard.count * W },
            resume:
              plan.states === undefined ? undefined : { afterDay: plan.first - 1, states: plan.states[w]! },
            checkpoint: options.onCheckpoint !== undefined,
            checkpointEvery: options.checkpointEvery ?? 1
          })
      )
      const started = yield* Effect.forEach(threads, (t) => next(t, "started"))
      const { plugins, tables } = started[0]!
      const names = tables.map((t) => t.name)
      for (let w = 1; w < W; w++) {
        const other = started[w]!.tables.map((t) => t.name)
        if (other.join("\u0000") !== names.join("\u0000")) {
          return yield* new WorkerFailed({
            worker: w,
            reason: `its plugins make the tables ${other.join(", ")}, worker 0's make ${names.join(", ")}`
          })
        }
      }
      const days = plan.last - plan.first + 1
      yield* emit(
        Progress.RunStarted({
          plugins: plugins.map((p) => p.name),
          tables: names,
          days,
          firstDay: plan.first,
          lastDay: plan.last,
          shard: plan.shard
        })
      )
      const cumulative: Record<string, number> = {}
      for (const t of names) cumulative[t] = 0
      for (let day = plan.first; day <= plan.last; day++) {
        const out = yield* Effect.forEach(threads, (t) => next(t, "day"))
        const merged = tables.map((table: Table.Table, i): Batch.Batch => {
          const parts: Array<Batch.Batch> = []
          for (const m of out) {
            const p = m.batches.find((b) => b.table === i)
            if (p !== undefined) parts.push({ table, length: p.length, columns: p.columns })
          }
          return mergeSorted(table, parts)
        })
        if (options.onBatches !== undefined) {
          for (const p of plugins) {
            if (p.tables.length > 0)
              yield* options.onBatches(
                day,
                p.name,
                p.tables.map((i) => merged[i]!)
              )
          }
        }
        const rows: Record<string, number> = {}
        merged.forEach((b) => {
          rows[b.table.name] = b.length
          cumulative[b.table.name]! += b.length
        })
        daysDone++
        yield* emit(
          Progress.DayDone({ day, index: day - plan.first, days, rows, cumulative: { ...cumulative } })
        )
        if (
          options.onCheckpoint !== undefined &&
          isCheckpoint(plan.first, plan.last, day, options.checkpointEvery ?? 1)
        ) {
          const workers = out.map((m) => m.states ?? {})
          yield* options.onCheckpoint({ afterDay: day, states: { workers } })
        }
        const ack: Ack = { _tag: "ack", day }
        for (const t of threads) t.worker.postMessage(ack)
      }
      const done = yield* Effect.forEach(threads, (t) => next(t, "done"))
      for (const t of names) yield* emit(Progress.TableDone({ table: t, rows: cumulative[t]! }))
      const seconds = ((yield* Clock.currentTimeMillis) - startedAt) / 1000
      const totalRows = names.reduce((n, t) => n + cumulative[t]!, 0)
      const summary: Summary = {
        plugins: plugins.map((p) => p.name),
        shard: plan.shard,
        firstDay: plan.first,
        lastDay: plan.last,
        days,
        rows: cumulative,
        totalRows,
        seconds,
        rowsPerSecond: seconds > 0 ? totalRows / seconds : 0,
        resume: { afterDay: plan.last, states: { workers: done.map((d) => d.states) } },
        workers: W,
        reports: done.map((d) => d.report)
      }
      yield* emit(Progress.RunFinished({ summary }))
      return summary
    })
    return yield* Effect.scoped(body).pipe(
      Effect.onInterrupt(() => Effect.ignore(emit(Progress.RunCancelled({ daysDone }))))
    )
  })
