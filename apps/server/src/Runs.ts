/**
 * The runs of a server: a queue (`maxRuns` at once, `maxQueue` waiting), one worker thread per
 * run (generation never blocks the event loop), status documents (DATA-CONTRACT §8), throttled
 * progress events for SSE, cancel and continue. Each run owns `<dataDir>/<id>/` (`master/`,
 * `facts/`, `run.json`); the manifests there are the truth about what is done, so a restarted
 * server lists a run that was going as interrupted and can continue it.
 *
 * @example
 * import { Effect } from "effect"
 * import { Runs } from "@retail-datagen/server"
 * const program = Effect.gen(function* () {
 *   const runs = yield* Runs.Runs
 *   const status = yield* runs.create({ config: {}, days: 2 })
 * }).pipe(Effect.provide(Runs.layer({ dataDir: "runs" })))
 */
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Worker } from "node:worker_threads"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Generator, MasterData, type Progress } from "@retail-datagen/generator"
import { Context, Effect, Layer } from "effect"
import * as ApiError from "./ApiError.js"
import type { Job, Message } from "./internal/protocol.js"
import {
  type ContinueRequest,
  isTerminal,
  type RunList,
  type RunRequest,
  type State,
  type Status
} from "./RunStatus.js"

/** Options of the run manager. */
export interface Options {
  /** The directory that holds one directory per run. */
  readonly dataDir: string
  /** Runs generating at once (default 1). */
  readonly maxRuns?: number | undefined
  /** Runs waiting beyond the running ones (default 16); more are refused with 429. */
  readonly maxQueue?: number | undefined
  /** Minimum milliseconds between two progress events of a run (default 100). */
  readonly throttleMs?: number | undefined
}

/** One committed day of a run: rows per table. */
export interface DayRows {
  readonly day: string
  readonly rows: Readonly<Record<string, number>>
  readonly total: number
}

/** An SSE event: its id, name and data. */
export interface RunEvent {
  readonly id: number
  readonly event: "status"
  readonly data: Status & { readonly days_committed: ReadonlyArray<DayRows> }
}

/** The run manager. */
export interface Manager {
  readonly create: (
    request: RunRequest
  ) => Effect.Effect<Status, ApiError.BadRequest | ApiError.Conflict | ApiError.TooManyRequests>
  readonly list: (offset: number, limit: number) => Effect.Effect<RunList>
  readonly get: (id: string) => Effect.Effect<Status, ApiError.NotFound>
  readonly cancel: (id: string) => Effect.Effect<Status, ApiError.NotFound | ApiError.Conflict>
  readonly continue: (
    id: string,
    request: ContinueRequest
  ) => Effect.Effect<
    Status,
    ApiError.NotFound | ApiError.Conflict | ApiError.BadRequest | ApiError.TooManyRequests
  >
  /** The run's directory (`master/`, `facts/`). */
  readonly dir: (id: string) => Effect.Effect<string, ApiError.NotFound>
  /** Whether the run is pending or running. */
  readonly busy: (id: string) => boolean
  /**
   * Follows a run's events: first one catch-up event (the current status and the days committed
   * after event `lastEventId`), then every new one; `onEvent`'s `last` is true for the terminal one.
   */
  readonly subscribe: (
    id: string,
    lastEventId: number | undefined,
    onEvent: (event: RunEvent, last: boolean) => void
  ) => Effect.Effect<() => void, ApiError.NotFound>
  /** Validates the run's dataset in a worker thread. */
  readonly validate: (id: string) => Effect.Effect<unknown, ApiError.NotFound | ApiError.Conflict>
  /** Prometheus text. */
  readonly metrics: () => string
}

/** The run manager service. */
export class Runs extends Context.Tag("@retail-datagen/server/Runs")<Runs, Manager>() {}

/** The file of a run's record in its directory. */
export const RECORD_FILE = "run.json"

/** What `run.json` holds. */
interface RunRecord {
  readonly id: string
  readonly created_at: string
  started_at?: string | undefined
  finished_at?: string | undefined
  status: State
  interrupted: boolean
  message: string
  /** The encoded configuration, paths set to the run's directory. */
  readonly config: Config.Encoded
  start: string | undefined
  end: string
  readonly format: string
  readonly workers: number | undefined
  readonly validate: boolean
  error?: { readonly error: string; readonly message: string } | undefined
  /** The run this one is compared with (`GET /runs/:id/diff`). */
  readonly baseline?: string | undefined
}

interface Entry {
  readonly record: RunRecord
  readonly dir: string
  /** Dataset rows per table before the current run started, and the days committed. */
  baseRows: Record<string, number>
  rows: Record<string, number>
  days: Array<DayRows & { eventId: number }>
  datasetStart: string | undefined
  tables: ReadonlyArray<string>
  written: ReadonlyArray<string>
  snapshot: Progress.Snapshot | undefined
  startedMs: number | undefined
  progressAtStart: number
  worker: Worker | undefined
  done: Promise<void> | undefined
  cancelRequested: boolean
  stopping: boolean
  lastUpdate: number | undefined
  // events
  nextEventId: number
  lastEmit: number
  timer: ReturnType<typeof setTimeout> | undefined
  listeners: Set<(event: RunEvent, last: boolean) => void>
}

const WORKER_URL: URL = (() => {
  const here = new URL("./internal/runWorker.js", import.meta.url)
  return existsSync(fileURLToPath(here)) ? here : new URL("../dist/internal/runWorker.js", import.meta.url)
})()

/**
 * The worker's Node flags: the process's, without export conditions (a test runner's `source`
 * condition would make the compiled worker import TypeScript sources) and without `--input-type`
 * (a server started with `node -e` would make the worker fail).
 */
const WORKER_ARGV = ((argv: ReadonlyArray<string>) => {
  const out: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === "--conditions" || a === "-C") i++
    else if (!a.startsWith("--conditions=") && !a.startsWith("-C=") && !a.startsWith("--input-type"))
      out.push(a)
  }
  return out
})(process.execArgv)

const iso = (ms: number) => new Date(ms).toISOString()

/** A new run id: the UTC time of creation and random letters (`r20240102T030405-ab12cd`). */
const newId = (now: number): string => {
  const t = iso(now)
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "")
  return `r${t}-${randomBytes(3).toString("hex")}`
}

/** A run id as the server makes them (anything else is unknown: never a path). */
export const isRunId = (id: string): boolean => /^r\d{8}T\d{6}-[0-9a-f]{6}$/.test(id)

const readJson = async (file: string): Promise<unknown> => {
  try {
    return JSON.parse(await fs.readFile(file, "utf8"))
  } catch {
    return undefined
  }
}

const writeJsonAtomic = async (file: string, value: unknown) => {
  const tmp = `${file}.tmp-${process.pid}`
  await fs.writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`)
  await fs.rename(tmp, file)
}

interface FactsManifest {
  readonly start: string
  readonly lastDay: string
  readonly tables: ReadonlyArray<string>
  readonly files: ReadonlyArray<{
    path: string
    table: string
    day: string
    rows: number
    bytes: number
    sha256: string
  }>
}

/** The facts manifest of a run directory, if any. */
export const factsManifest = async (dir: string): Promise<FactsManifest | undefined> => {
  const m = (await readJson(path.join(dir, "facts", "_manifest.json"))) as FactsManifest | undefined
  return m !== undefined && Array.isArray(m.files) ? m : undefined
}

/** The master manifest of a run directory, if any. */
export const masterManifest = async (dir: string): Promise<MasterData.Manifest | undefined> => {
  const m = (await readJson(path.join(dir, "master", MasterData.MANIFEST))) as MasterData.Manifest | undefined
  return m !== undefined && Array.isArray(m.files) ? m : undefined
}

const dayCount = (from: string, to: string) => Calendar.parse(to) - Calendar.parse(from) + 1

/** Makes the manager; the scope's end cancels the running work and waits for it (≤ 8 s). */
export const make = (options: Options): Effect.Effect<Manager, never, import("effect/Scope").Scope> =>
  Effect.gen(function* () {
    const dataDir = path.resolve(options.dataDir)
    const maxRuns = Math.max(1, options.maxRuns ?? 1)
    const maxQueue = Math.max(0, options.maxQueue ?? 16)
    const throttle = options.throttleMs ?? 100
    const entries = new Map<string, Entry>()
    const queue: Array<string> = []
    const running = new Set<string>()
    let closed = false
    const counters = { rows: 0, bytes: 0, durations: 0, finished: 0, sse: 0 }

    const persist = (e: Entry) =>
      writeJsonAtomic(path.join(e.dir, RECORD_FILE), e.record).catch(() => undefined)

    const loadDataset = async (e: Entry) => {
      const m = await factsManifest(e.dir)
      const rows: Record<string, number> = {}
      const byDay = new Map<string, Record<string, number>>()
      if (m !== undefined) {
        for (const t of m.tables) rows[t] = 0
        for (const f of m.files) {
          rows[f.table] = (rows[f.table] ?? 0) + f.rows
          const d = byDay.get(f.day) ?? {}
          d[f.table] = (d[f.table] ?? 0) + f.rows
          byDay.set(f.day, d)
        }
        e.tables = m.tables
        e.datasetStart = m.start
      }
      e.baseRows = rows
      e.rows = { ...rows }
      e.days = [...byDay.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([day, r]) => ({ day, rows: r, total: sum(r), eventId: 0 }))
    }

    const entryOf = (record: RunRecord): Entry => ({
      record,
      dir: path.join(dataDir, record.id),
      baseRows: {},
      rows: {},
      days: [],
      datasetStart: undefined,
      tables: [],
      written: [],
      snapshot: undefined,
      startedMs: undefined,
      progressAtStart: 0,
      worker: undefined,
      done: undefined,
      cancelRequested: false,
      stopping: false,
      lastUpdate: undefined,
      nextEventId: 1,
      lastEmit: 0,
      timer: undefined,
      listeners: new Set()
    })

    // ---- status --------------------------------------------------------------------------------

    const statusOf = (e: Entry): Status => {
      const r = e.record
      const first = e.datasetStart ?? r.start ?? r.config.dates?.start ?? Config.defaults.dates.start
      const days = Math.max(0, dayCount(first, r.end))
      const daysDone = e.days.length
      const live = r.status === "running" ? e.snapshot : undefined
      const progress = r.status === "completed" ? 1 : days > 0 ? Math.min(1, daysDone / days) : 0
      const tables = e.tables
      const written = r.status === "completed" ? tables : e.written
      const remaining = tables.filter((t) => !written.includes(t))
      const lastDay = e.days.length > 0 ? e.days[e.days.length - 1]!.day : null
      const elapsed = e.startedMs === undefined ? 0 : (Date.now() - e.startedMs) / 1000
      const queuePosition = r.status === "pending" ? queue.indexOf(r.id) + 1 : 0
      const eta = live?.etaSeconds
      return {
        id: r.id,
        status: r.status,
        progress,
        message: r.status === "running" && e.snapshot !== undefined ? liveMessage(e.snapshot) : r.message,
        tables_completed: [...written],
        tables_remaining: remaining,
        ...(r.status === "running" ? { tables_in_progress: remaining } : {}),
        ...(eta === undefined ? {} : { estimated_seconds_remaining: Math.max(0, eta) }),
        ...(r.status === "running" && elapsed > 0
          ? { progress_rate: Math.max(0, (progress - e.progressAtStart) / elapsed) }
          : {}),
        ...(e.lastUpdate === undefined ? {} : { last_update_timestamp: iso(e.lastUpdate) }),
        current_day: live?.day ?? lastDay,
        days_done: daysDone,
        days,
        rows: { ...e.rows },
        total_rows: sum(e.rows),
        ...(queuePosition > 0 ? { queue_position: queuePosition } : {}),
        interrupted: r.interrupted,
        created_at: r.created_at,
        ...(r.started_at === undefined ? {} : { started_at: r.started_at }),
        ...(r.finished_at === undefined ? {} : { finished_at: r.finished_at }),
        start: first,
        end: r.end,
        format: r.format,
        ...(r.error === undefined ? {} : { error: r.error }),
        ...(r.config.scenario === undefined ? {} : { scenario: r.config.scenario }),
        ...(r.baseline === undefined ? {} : { baseline: r.baseline })
      }
    }

    // ---- events ----------------------------------------------------------------------------------

    const eventOf = (e: Entry, id: number, after: number): RunEvent => ({
      id,
      event: "status",
      data: {
        ...statusOf(e),
        days_committed: e.days
          .filter((d) => d.eventId > after)
          .map(({ day, rows, total }) => ({ day, rows, total }))
      }
    })

    const flush = (e: Entry) => {
      e.timer = undefined
      const id = e.nextEventId++
      for (const d of e.days) if (d.eventId === Number.MAX_SAFE_INTEGER) d.eventId = id
      const event = eventOf(e, id, id - 1)
      e.lastEmit = Date.now()
      const last = isTerminal(e.record.status)
      for (const l of [...e.listeners]) l(event, last)
      if (last) e.listeners.clear()
    }

    /** Schedules an event: at once when the last one is ≥ `throttle` ms old, else when it will be. */
    const changed = (e: Entry) => {
      e.lastUpdate = Date.now()
      if (e.timer !== undefined) return
      const wait = e.lastEmit + throttle - Date.now()
      if (wait <= 0) flush(e)
      else e.timer = setTimeout(() => flush(e), wait)
    }

    // ---- running ----------------------------------------------------------------------------------

    const finish = (e: Entry, status: State, message: string, error?: RunRecord["error"]) => {
      const r = e.record
      r.status = status
      r.message = message
      r.error = error
      r.finished_at = iso(Date.now())
      e.worker = undefined
      e.snapshot = undefined
      running.delete(r.id)
      if (e.startedMs !== undefined) {
        counters.durations += (Date.now() - e.startedMs) / 1000
        counters.finished++
      }
      changed(e)
      return persist(e)
    }

    const start = (e: Entry) => {
      const r = e.record
      running.add(r.id)
      r.status = "running"
      r.started_at = iso(Date.now())
      r.finished_at = undefined
      r.error = undefined
      r.interrupted = false
      r.message = "starting"
      e.startedMs = Date.now()
      e.cancelRequested = false
      e.written = []
      e.done = (async () => {
        await fs.mkdir(e.dir, { recursive: true })
        await loadDataset(e)
        e.progressAtStart = statusOf(e).progress
        await persist(e)
        changed(e)
        const job: Job = {
          kind: "generate",
          config: r.config,
          start: r.start,
          end: r.end,
          workers: r.workers ?? 1,
          validate: r.validate
        }
        await new Promise<void>((resolve) => {
          const worker = new Worker(WORKER_URL, { workerData: job, execArgv: WORKER_ARGV })
          e.worker = worker
          if (e.cancelRequested) worker.postMessage({ type: "cancel" })
          let ended = false
          const end = (status: State, message: string, error?: RunRecord["error"]) => {
            if (ended) return
            ended = true
            void finish(e, status, message, error).then(resolve)
          }
          worker.on("message", (m: Message) => {
            switch (m.type) {
              case "progress":
                e.snapshot = m.snapshot
                if (m.tables !== undefined) e.tables = m.tables
                e.written = m.written
                for (const [t, n] of Object.entries(m.rows)) e.rows[t] = (e.baseRows[t] ?? 0) + n
                changed(e)
                break
              case "day": {
                const total = sum(m.rows)
                counters.rows += total
                e.days.push({ day: m.day, rows: m.rows, total, eventId: Number.MAX_SAFE_INTEGER })
                if (e.datasetStart === undefined) e.datasetStart = r.start ?? m.day
                changed(e)
                break
              }
              case "done":
                end("completed", `completed through ${r.end}`)
                break
              case "cancelled":
                if (e.stopping) {
                  r.interrupted = true
                  end(
                    "cancelled",
                    "stopped by a server shutdown after its last committed day; continue finishes it"
                  )
                } else {
                  end("cancelled", "cancelled after its last committed day; continue extends it")
                }
                break
              case "failed":
                end("failed", m.message, { error: m.error, message: m.message })
                break
            }
          })
          worker.on("error", (err) =>
            end("failed", err.message, { error: "WorkerError", message: err.message })
          )
          worker.on("exit", () =>
            end("failed", "the run's worker stopped unexpectedly", {
              error: "WorkerError",
              message: "the run's worker stopped unexpectedly"
            })
          )
        })
        // byte counts of the committed dataset
        const m = await factsManifest(e.dir)
        if (m !== undefined) counters.bytes += m.files.reduce((n, f) => n + f.bytes, 0)
        pump()
      })()
    }

    const pump = () => {
      if (closed) return
      while (running.size < maxRuns && queue.length > 0) {
        const id = queue.shift()!
        const e = entries.get(id)
        if (e !== undefined && e.record.status === "pending") start(e)
      }
      for (const id of queue) {
        const e = entries.get(id)
        if (e !== undefined) changed(e)
      }
    }

    const enqueue = (e: Entry) =>
      Effect.suspend(() => {
        if (running.size >= maxRuns && queue.length >= maxQueue) {
          return Effect.fail(ApiError.tooManyRequests(queue.length))
        }
        e.record.status = "pending"
        e.record.message = "waiting for a free slot"
        e.record.interrupted = false
        queue.push(e.record.id)
        pump()
        return Effect.promise(() => persist(e)).pipe(Effect.as(statusOf(e)))
      })

    // ---- restore -----------------------------------------------------------------------------------

    yield* Effect.promise(async () => {
      await fs.mkdir(dataDir, { recursive: true })
      for (const name of await fs.readdir(dataDir)) {
        if (!isRunId(name)) continue
        const record = (await readJson(path.join(dataDir, name, RECORD_FILE))) as RunRecord | undefined
        if (record === undefined || record.id !== name) continue
        const e = entryOf(record)
        await loadDataset(e)
        if (!isTerminal(record.status)) {
          record.status = "cancelled"
          record.interrupted = true
          record.message = `interrupted: the server stopped while this run was ${record.started_at === undefined ? "waiting" : "going"}; continue finishes it`
          record.finished_at ??= iso(Date.now())
          await persist(e)
        }
        entries.set(name, e)
      }
    })

    yield* Effect.addFinalizer(() =>
      Effect.promise(async () => {
        closed = true
        for (const id of queue.splice(0)) {
          const e = entries.get(id)
          if (e === undefined) continue
          e.record.interrupted = true
          await finish(e, "cancelled", "stopped by a server shutdown before it started; continue runs it")
        }
        const busy = [...running].map((id) => entries.get(id)!).filter((e) => e !== undefined)
        for (const e of busy) {
          e.stopping = true
          e.cancelRequested = true
          e.worker?.postMessage({ type: "cancel" })
        }
        const all = Promise.all(busy.map((e) => e.done))
        const timeout = new Promise((resolve) => setTimeout(resolve, 8000).unref())
        await Promise.race([all, timeout])
        for (const e of busy) await e.worker?.terminate()
        for (const e of entries.values()) if (e.timer !== undefined) clearTimeout(e.timer)
      })
    )

    // ---- operations ------------------------------------------------------------------------------

    const lookup = (id: string) =>
      Effect.suspend(() => {
        const e = entries.get(id)
        return e === undefined
          ? Effect.fail(ApiError.notFound(`no run with id "${id}"`, "id"))
          : Effect.succeed(e)
      })

    const resolveEnd = (
      first: string,
      lastDone: string | undefined,
      end: string | undefined,
      days: number | undefined
    ): Effect.Effect<string, ApiError.BadRequest> => {
      if (end !== undefined && days !== undefined) {
        return Effect.fail(ApiError.badRequest("give either end or days, not both", "days"))
      }
      if (end !== undefined) {
        if (!Calendar.isValid(end))
          return Effect.fail(ApiError.badRequest(`expected a date YYYY-MM-DD, got "${end}"`, "end"))
        return Effect.succeed(end)
      }
      if (days === undefined) return Effect.fail(ApiError.badRequest("give end or days", "end"))
      const from = lastDone === undefined ? Calendar.parse(first) - 1 : Calendar.parse(lastDone)
      return Effect.succeed(Calendar.format((from + days) as Calendar.EpochDay))
    }

    /** The configuration with its scenario: the request's `scenario`, or the configuration's own. */
    const withScenario = (parsed: Config.Config, scenario: unknown) =>
      Effect.gen(function* () {
        if (scenario === undefined) {
          if (parsed.scenario === undefined) return parsed
          return yield* Config.withScenario(parsed, parsed.scenario).pipe(
            Effect.mapError(rejected("config.scenario"))
          )
        }
        if (parsed.scenario !== undefined) {
          return yield* Effect.fail(
            ApiError.badRequest(
              "give the scenario as `scenario` or as `config.scenario`, not both",
              "scenario"
            )
          )
        }
        const decoded = yield* Config.decodeScenario(scenario).pipe(Effect.mapError(rejected("scenario")))
        return yield* Config.withScenario(parsed, decoded).pipe(Effect.mapError(rejected("scenario")))
      })

    /**
     * Checks that `baseline` is a completed run whose dataset can be compared with the new one: the
     * same configuration apart from the scenario (and the file format, paths and streaming
     * settings, which do not change the rows), the same first and last day.
     */
    const checkBaseline = (id: string, config: Config.Encoded, first: string, end: string) =>
      Effect.gen(function* () {
        const b = entries.get(id)
        if (b === undefined) {
          return yield* Effect.fail(ApiError.badRequest(`no run with id "${id}" to compare with`, "baseline"))
        }
        if (b.record.status !== "completed") {
          return yield* Effect.fail(
            ApiError.conflict(
              `the baseline run ${id} is ${b.record.status}; a baseline must be a completed run`
            )
          )
        }
        const difference = firstDifference(comparable(b.record.config), comparable(config))
        if (difference !== undefined) {
          return yield* Effect.fail(
            ApiError.badRequest(
              `the baseline run ${id} was made with another configuration: ${difference.path} is ${JSON.stringify(difference.base)} there and ${JSON.stringify(difference.run)} here`,
              "baseline"
            )
          )
        }
        const b0 = statusOf(b)
        if (b0.start !== first || b0.end !== end) {
          return yield* Effect.fail(
            ApiError.badRequest(
              `the baseline run ${id} covers ${b0.start} … ${b0.end}, this run ${first} … ${end}: they must cover the same days`,
              "baseline"
            )
          )
        }
      })

    const create: Manager["create"] = (request) =>
      Effect.gen(function* () {
        const decoded = yield* Config.decode(request.config ?? {}).pipe(Effect.mapError(rejected("config")))
        const parsed = yield* withScenario(decoded, request.scenario)
        if (request.start !== undefined && !Calendar.isValid(request.start)) {
          return yield* Effect.fail(
            ApiError.badRequest(`expected a date YYYY-MM-DD, got "${request.start}"`, "start")
          )
        }
        const first = request.start ?? parsed.dates.start
        const end =
          request.end === undefined && request.days === undefined
            ? parsed.dates.end
            : yield* resolveEnd(first, undefined, request.end, request.days)
        if (Calendar.parse(end) < Calendar.parse(first)) {
          return yield* Effect.fail(ApiError.badRequest(`end ${end} is before the first day ${first}`, "end"))
        }
        if (request.baseline !== undefined) {
          yield* checkBaseline(request.baseline, Config.encode(parsed), first, end)
        }
        const now = Date.now()
        const id = newId(now)
        const dir = path.join(dataDir, id)
        const encoded = Config.encode(parsed)
        const config: Config.Encoded = {
          ...encoded,
          output: { ...encoded.output, format: request.format ?? parsed.output.format },
          paths: { ...encoded.paths, master: path.join(dir, "master"), facts: path.join(dir, "facts") }
        }
        if (running.size >= maxRuns && queue.length >= maxQueue) {
          return yield* Effect.fail(ApiError.tooManyRequests(queue.length))
        }
        yield* Effect.promise(() => fs.mkdir(dir, { recursive: true }))
        const record: RunRecord = {
          id,
          created_at: iso(now),
          status: "pending",
          interrupted: false,
          message: "waiting for a free slot",
          config,
          start: request.start,
          end,
          format: config.output?.format ?? "csv",
          workers: request.workers,
          validate: request.validate ?? false,
          ...(request.baseline === undefined ? {} : { baseline: request.baseline })
        }
        const e = entryOf(record)
        entries.set(id, e)
        return yield* enqueue(e)
      })

    const list: Manager["list"] = (offset, limit) =>
      Effect.sync(() => {
        const all = [...entries.values()].sort((a, b) =>
          a.record.created_at === b.record.created_at
            ? a.record.id < b.record.id
              ? 1
              : -1
            : a.record.created_at < b.record.created_at
              ? 1
              : -1
        )
        return { runs: all.slice(offset, offset + limit).map(statusOf), total: all.length, offset, limit }
      })

    const cancel: Manager["cancel"] = (id) =>
      Effect.flatMap(lookup(id), (e) =>
        Effect.promise(async () => {
          const r = e.record
          if (r.status === "pending") {
            queue.splice(queue.indexOf(id), 1)
            await finish(e, "cancelled", "cancelled before it started; continue runs it")
            pump()
          } else if (r.status === "running") {
            e.cancelRequested = true
            r.message = "cancelling after the day in progress"
            e.worker?.postMessage({ type: "cancel" })
            changed(e)
          }
          return statusOf(e)
        })
      )

    const continueRun: Manager["continue"] = (id, request) =>
      Effect.gen(function* () {
        const e = yield* lookup(id)
        const r = e.record
        if (!isTerminal(r.status))
          return yield* Effect.fail(
            ApiError.conflict(`run ${id} is ${r.status}; cancel it or wait for it first`)
          )
        const m = yield* Effect.promise(() => factsManifest(e.dir))
        const first = m?.start ?? r.start ?? r.config.dates?.start ?? Config.defaults.dates.start
        const end =
          request.end === undefined && request.days === undefined
            ? r.end
            : yield* resolveEnd(first, m?.lastDay, request.end, request.days)
        if (m !== undefined && Calendar.parse(end) < Calendar.parse(m.lastDay)) {
          return yield* Effect.fail(
            ApiError.badRequest(`end ${end} is before the last day done ${m.lastDay}`, "end")
          )
        }
        // a continuation starts after the dataset's last day; the first day stays the dataset's
        if (m !== undefined) r.start = m.start
        r.end = end
        return yield* enqueue(e)
      })

    const subscribe: Manager["subscribe"] = (id, lastEventId, onEvent) =>
      Effect.map(lookup(id), (e) => {
        const current = e.nextEventId - 1
        const event = eventOf(e, Math.max(current, 0), lastEventId ?? -1)
        const terminal = isTerminal(e.record.status) && e.timer === undefined
        counters.sse++
        let open = true
        const listener = (ev: RunEvent, last: boolean) => {
          onEvent(ev, last)
          if (last && open) {
            open = false
            counters.sse--
          }
        }
        onEvent(event, terminal)
        if (terminal) {
          counters.sse--
          return () => undefined
        }
        e.listeners.add(listener)
        return () => {
          e.listeners.delete(listener)
          if (open) {
            open = false
            counters.sse--
          }
        }
      })

    const validate: Manager["validate"] = (id) =>
      Effect.gen(function* () {
        const e = yield* lookup(id)
        if (!isTerminal(e.record.status)) {
          return yield* Effect.fail(
            ApiError.conflict(`run ${id} is ${e.record.status}; validate it when it is over`)
          )
        }
        const job: Job = { kind: "validate", dir: e.dir, config: e.record.config }
        return yield* Effect.async<unknown, ApiError.Conflict>((resume) => {
          const worker = new Worker(WORKER_URL, { workerData: job, execArgv: WORKER_ARGV })
          worker.on("message", (m: Message) => {
            if (m.type === "done") resume(Effect.succeed(m.report))
            if (m.type === "failed") resume(Effect.fail(ApiError.conflict(m.message)))
          })
          worker.on("error", (err) => resume(Effect.fail(ApiError.conflict(err.message))))
          return Effect.promise(() => worker.terminate())
        })
      })

    const metrics = () => {
      const byStatus: Record<State, number> = {
        pending: 0,
        running: 0,
        completed: 0,
        failed: 0,
        cancelled: 0
      }
      for (const e of entries.values()) byStatus[e.record.status]++
      const lines = [
        "# HELP retail_datagen_runs Runs by status.",
        "# TYPE retail_datagen_runs gauge",
        ...Object.entries(byStatus).map(([s, n]) => `retail_datagen_runs{status="${s}"} ${n}`),
        "# HELP retail_datagen_rows_written_total Fact rows committed by runs of this server process.",
        "# TYPE retail_datagen_rows_written_total counter",
        `retail_datagen_rows_written_total ${counters.rows}`,
        "# HELP retail_datagen_bytes_written_total Fact bytes in the datasets of runs finished by this server process.",
        "# TYPE retail_datagen_bytes_written_total counter",
        `retail_datagen_bytes_written_total ${counters.bytes}`,
        "# HELP retail_datagen_run_duration_seconds Durations of runs finished by this server process.",
        "# TYPE retail_datagen_run_duration_seconds summary",
        `retail_datagen_run_duration_seconds_sum ${counters.durations}`,
        `retail_datagen_run_duration_seconds_count ${counters.finished}`,
        "# HELP retail_datagen_queue_length Runs waiting for a slot.",
        "# TYPE retail_datagen_queue_length gauge",
        `retail_datagen_queue_length ${queue.length}`,
        "# HELP retail_datagen_sse_clients Open event streams.",
        "# TYPE retail_datagen_sse_clients gauge",
        `retail_datagen_sse_clients ${counters.sse}`
      ]
      return `${lines.join("\n")}\n`
    }

    return {
      create,
      list,
      get: (id) => Effect.map(lookup(id), statusOf),
      cancel,
      continue: continueRun,
      dir: (id) => Effect.map(lookup(id), (e) => e.dir),
      busy: (id) => {
        const e = entries.get(id)
        return e !== undefined && !isTerminal(e.record.status)
      },
      subscribe,
      validate,
      metrics
    } satisfies Manager
  })

/** A 400 listing a configuration or scenario's problems, their paths under `prefix`. */
const rejected =
  (prefix: string) =>
  (error: Config.ConfigError): ApiError.BadRequest => {
    const problems = error.problems.map((p) => ({
      path: p.path === "" ? prefix : `${prefix}.${p.path}`,
      message: p.message
    }))
    return ApiError.badRequest(
      problems.map((p) => `${p.path}: ${p.message}`).join("\n"),
      problems[0]?.path ?? prefix,
      problems
    )
  }

/** What makes two runs' rows comparable: the configuration without paths, scenario, format and streaming settings. */
const comparable = (config: Config.Encoded): unknown => {
  const { paths: _p, scenario: _s, realtime: _r, stream: _t, output, ...rest } = config
  const { format: _f, ...keptOutput } = output ?? {}
  return { ...rest, output: keptOutput }
}

/** The first leaf (dotted path) where two JSON values differ. */
const firstDifference = (
  base: unknown,
  run: unknown,
  at = ""
): { path: string; base: unknown; run: unknown } | undefined => {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v)
  if (isObject(base) && isObject(run)) {
    for (const k of [...new Set([...Object.keys(base), ...Object.keys(run)])].sort()) {
      const d = firstDifference(base[k], run[k], at === "" ? k : `${at}.${k}`)
      if (d !== undefined) return d
    }
    return undefined
  }
  return JSON.stringify(base) === JSON.stringify(run) ? undefined : { path: at, base, run }
}

const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((n, x) => n + x, 0)

const liveMessage = (s: Progress.Snapshot): string => {
  if (s.phase === "starting") return "starting"
  if (s.phase === "master") return `master ${s.masterTablesDone}/${s.masterTables} tables`
  if (s.phase === "done") return "finishing"
  return `facts ${s.day ?? ""} · day ${Math.min(s.daysDone + 1, s.days)}/${s.days} of this run · tables ${s.tablesDone}/${s.tables}`
}

/** The run manager as a layer (scoped: closing it stops the running work). */
export const layer = (options: Options): Layer.Layer<Runs> => Layer.scoped(Runs, make(options))

/** The generator's version. */
export const GENERATOR_VERSION: string = Generator.VERSION
