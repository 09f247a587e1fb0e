/**
 * The implementation of `Api`: one layer per group, over the `Runs` manager and the server's
 * `Settings` (token, body limit). Together they make `layer`.
 *
 * @example
 * import { HttpApiBuilder } from "@effect/platform"
 * import { Layer } from "effect"
 * import { Handlers, Runs } from "@retail-datagen/server"
 * const api = Handlers.layer.pipe(Layer.provide(Runs.layer({ dataDir: "runs" })))
 */
import { createHash, timingSafeEqual } from "node:crypto"
import { existsSync } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { HttpApiBuilder, type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Config } from "@retail-datagen/config"
import { Diff, Report as Realism } from "@retail-datagen/report"
import type { Sse } from "@retail-datagen/stream"
import { Report } from "@retail-datagen/validation"
import { Context, Effect, Layer, ParseResult, Queue, Schema, Stream } from "effect"
import { Api } from "./Api.js"
import * as ApiError from "./ApiError.js"
import { readParquetPreview, readPreview } from "./internal/preview.js"
import { version } from "./internal/version.js"
import { ContinueRequest, RunRequest } from "./RunStatus.js"
import { factsManifest, masterManifest, Runs } from "./Runs.js"
import { StreamRequest, Streams } from "./Streams.js"

/** What the handlers need to know of the server's options. */
export interface Settings {
  /** The bearer token of mutating routes and downloads (none: open). */
  readonly token: string | undefined
  /** The largest request body accepted, in bytes. */
  readonly bodyLimit: number
}

/** The server's settings as a service. */
export class ServerSettings extends Context.Tag("@retail-datagen/server/Settings")<
  ServerSettings,
  Settings
>() {}

const digest = (s: string) => createHash("sha256").update(s).digest()

/** Checks `Authorization: Bearer <token>` in constant time (when the server has a token). */
const authorize = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.flatMap(ServerSettings, (settings) => {
    if (settings.token === undefined) return Effect.void
    const header = request.headers.authorization ?? ""
    const given = header.startsWith("Bearer ") ? header.slice(7) : ""
    // comparing digests keeps the comparison constant-time whatever the lengths
    return timingSafeEqual(digest(given), digest(settings.token))
      ? Effect.void
      : Effect.fail(ApiError.unauthorized())
  })

/** Reads a JSON body: 413 over the limit, 400 when it is not JSON. */
const jsonBody = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function* () {
    const { bodyLimit } = yield* ServerSettings
    const declared = Number(request.headers["content-length"] ?? "0")
    if (declared > bodyLimit) return yield* Effect.fail(ApiError.payloadTooLarge(bodyLimit))
    const text = yield* Effect.orElseSucceed(request.text, () => "")
    if (Buffer.byteLength(text) > bodyLimit) return yield* Effect.fail(ApiError.payloadTooLarge(bodyLimit))
    if (text.trim() === "") return {}
    try {
      return JSON.parse(text) as unknown
    } catch (e) {
      return yield* Effect.fail(
        ApiError.badRequest(`the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
      )
    }
  })

const pathText = (p: ReadonlyArray<PropertyKey>) =>
  p.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("")

/** Decodes a body with `schema`, every problem listed with its field path. */
const decodeBody = <A, I>(schema: Schema.Schema<A, I>, body: unknown) =>
  Schema.decodeUnknown(schema)(body, { errors: "all", onExcessProperty: "error" }).pipe(
    Effect.mapError((error) => {
      const problems: Array<ApiError.Problem> = []
      for (const i of ParseResult.ArrayFormatter.formatErrorSync(error)) {
        const p = pathText(i.path)
        // an optional field's union reports one issue per member: keep the first
        if (problems.some((q) => q.path === p)) continue
        problems.push({ path: p, message: i._tag === "Unexpected" ? "unknown key" : i.message })
      }
      return ApiError.badRequest(
        problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)).join("\n"),
        problems[0]?.path || undefined,
        problems
      )
    })
  )

const accepted = (status: { readonly id: string }, body: unknown) =>
  HttpServerResponse.unsafeJson(body, { status: 202, headers: { location: `/runs/${status.id}` } })

const SystemLive = HttpApiBuilder.group(Api, "system", (handlers) =>
  handlers
    .handle("health", () => Effect.succeed({ status: "ok" as const }))
    .handle("version", () => Effect.succeed({ name: "retail-datagen", version, node: process.version }))
    .handle("metrics", () =>
      Effect.gen(function* () {
        const runs = (yield* Runs).metrics()
        return runs + (yield* (yield* Streams).metrics())
      })
    )
)

const ConfigLive = HttpApiBuilder.group(Api, "config", (handlers) =>
  handlers
    .handle("default", () => Effect.succeed(Config.encode(Config.defaults) as unknown))
    .handleRaw("validate", ({ request }) =>
      Effect.gen(function* () {
        const body = yield* jsonBody(request)
        const config = yield* Config.decode(body).pipe(
          Effect.mapError((error) =>
            ApiError.badRequest(
              error.lines.join("\n"),
              error.problems[0]?.path || undefined,
              error.problems.map((p) => ({ path: p.path, message: p.message }))
            )
          )
        )
        return HttpServerResponse.unsafeJson({ ok: true, config: Config.encode(config) })
      })
    )
)

const lastEventId = (request: HttpServerRequest.HttpServerRequest): number | undefined => {
  const text = request.headers["last-event-id"]
  const n = text === undefined ? Number.NaN : Number(text)
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined
}

const encoder = new TextEncoder()

const RunsLive = HttpApiBuilder.group(Api, "runs", (handlers) =>
  handlers
    .handleRaw("create", ({ request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        const body = yield* decodeBody(RunRequest, yield* jsonBody(request))
        const status = yield* (yield* Runs).create(body)
        return accepted(status, status)
      })
    )
    .handle("list", ({ urlParams }) =>
      Effect.flatMap(Runs, (runs) => runs.list(urlParams.offset ?? 0, urlParams.limit ?? 50))
    )
    .handle("get", ({ path }) => Effect.flatMap(Runs, (runs) => runs.get(path.id)))
    .handleRaw("cancel", ({ path, request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        const status = yield* (yield* Runs).cancel(path.id)
        return accepted(status, status)
      })
    )
    .handleRaw("continue", ({ path, request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        const runs = yield* Runs
        yield* runs.get(path.id)
        const body = yield* decodeBody(ContinueRequest, yield* jsonBody(request))
        const status = yield* runs.continue(path.id, body)
        return accepted(status, status)
      })
    )
    .handleRaw("events", ({ path, request }) =>
      Effect.gen(function* () {
        const runs = yield* Runs
        yield* runs.get(path.id)
        const after = lastEventId(request)
        const body = Stream.asyncPush<Uint8Array>((emit) =>
          Effect.acquireRelease(
            runs.subscribe(path.id, after, (event, last) => {
              emit.single(
                encoder.encode(
                  `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`
                )
              )
              if (last) emit.end()
            }),
            (unsubscribe) => Effect.sync(unsubscribe)
          ).pipe(Effect.orDie)
        )
        return HttpServerResponse.stream(body, {
          contentType: "text/event-stream",
          headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
        })
      })
    )
)

/** The files a run may serve: `master/<file>` of its master manifest, `facts/<path>` of its facts manifest. */
const servable = (dir: string) =>
  Effect.promise(async () => {
    const files = new Map<
      string,
      { sha256: string; bytes: number; rows: number; table: string; day?: string }
    >()
    const master = await masterManifest(dir)
    for (const f of master?.files ?? []) {
      files.set(`master/${f.path}`, { sha256: f.sha256, bytes: f.bytes, rows: f.rows, table: f.table })
    }
    const facts = await factsManifest(dir)
    for (const f of facts?.files ?? []) {
      files.set(`facts/${f.path}`, {
        sha256: f.sha256,
        bytes: f.bytes,
        rows: f.rows,
        table: f.table,
        day: f.day
      })
    }
    return { files, facts, master }
  })

/** The real path of a listed file, refusing symlinks and anything outside the run's directory. */
const realFile = (dir: string, rel: string) =>
  Effect.promise(async () => {
    const full = path.join(dir, rel)
    try {
      const st = await fs.lstat(full)
      if (!st.isFile()) return undefined
      const real = await fs.realpath(full)
      const root = await fs.realpath(dir)
      return real.startsWith(root + path.sep) ? { path: real, size: st.size } : undefined
    } catch {
      return undefined
    }
  })

/** Parses a single `bytes=` range of a file of `size` bytes. */
const parseRange = (header: string, size: number): { start: number; end: number } | "invalid" | undefined => {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (m === null) return undefined
  const [, a, b] = m
  if (a === "" && b === "") return "invalid"
  let start: number
  let end: number
  if (a === "") {
    const n = Number(b)
    if (n === 0) return "invalid"
    start = Math.max(0, size - n)
    end = size - 1
  } else {
    start = Number(a)
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1)
  }
  return start > end || start >= size ? "invalid" : { start, end }
}

/** The status of a run that is over and has days, else a 409 saying why there is nothing to compare yet. */
const finished = (id: string, role: string) =>
  Effect.gen(function* () {
    const runs = yield* Runs
    const status = yield* runs.get(id)
    if (!["completed", "cancelled", "failed"].includes(status.status) || status.days_done === 0) {
      return yield* Effect.fail(
        ApiError.conflict(
          `${role} run ${id} is ${status.status} with ${status.days_done} days done; the diff comes once both runs are over`
        )
      )
    }
    return { status, dir: yield* runs.dir(id) }
  })

/** Whether the response should be the HTML page: `format`, else an `Accept` header that prefers HTML to JSON. */
const wantsHtml = (format: "json" | "html" | undefined, accept: string | undefined): boolean => {
  if (format !== undefined) return format === "html"
  const types = (accept ?? "").split(",").map((t) => t.split(";")[0]!.trim().toLowerCase())
  const html = types.indexOf("text/html")
  const json = types.indexOf("application/json")
  return html >= 0 && (json < 0 || html < json)
}

const FilesLive = HttpApiBuilder.group(Api, "files", (handlers) =>
  handlers
    .handle("manifest", ({ path: p }) =>
      Effect.gen(function* () {
        const dir = yield* (yield* Runs).dir(p.id)
        const m = yield* Effect.promise(() => factsManifest(dir))
        if (m === undefined)
          return yield* Effect.fail(ApiError.notFound(`run ${p.id} has no facts manifest yet`))
        return m as unknown
      })
    )
    .handle("list", ({ path: p }) =>
      Effect.gen(function* () {
        const dir = yield* (yield* Runs).dir(p.id)
        const { facts, master } = yield* servable(dir)
        const tables: Record<string, Array<{ dt: string; path: string; rows: number; bytes: number }>> = {}
        for (const t of facts?.tables ?? []) tables[t] = []
        for (const f of facts?.files ?? []) {
          ;(tables[f.table] ??= []).push({ dt: f.day, path: `facts/${f.path}`, rows: f.rows, bytes: f.bytes })
        }
        return {
          master: (master?.files ?? []).map((f) => ({
            path: `master/${f.path}`,
            table: f.table,
            rows: f.rows,
            bytes: f.bytes
          })),
          tables
        }
      })
    )
    .handleRaw("download", ({ path: p, request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        const dir = yield* (yield* Runs).dir(p.id)
        const rel = p["*"]
        const { files } = yield* servable(dir)
        const entry = files.get(rel)
        const file = entry === undefined ? undefined : yield* realFile(dir, rel)
        if (entry === undefined || file === undefined) {
          return yield* Effect.fail(ApiError.notFound(`run ${p.id} has no file "${rel}"`, "path"))
        }
        const etag = `"${entry.sha256}"`
        const headers = {
          etag,
          "accept-ranges": "bytes",
          "content-disposition": `attachment; filename="${path.basename(rel)}"`
        }
        if (request.headers["if-none-match"] === etag) {
          return HttpServerResponse.empty({ status: 304, headers: { etag } })
        }
        const range =
          request.headers.range === undefined ? undefined : parseRange(request.headers.range, file.size)
        if (range === "invalid") return yield* Effect.fail(ApiError.rangeNotSatisfiable(file.size))
        const contentType = rel.endsWith(".csv") ? "text/csv" : "application/octet-stream"
        // (the platform's own weak ETag is replaced by the manifest's sha256)
        if (range === undefined) {
          return yield* HttpServerResponse.file(file.path, { contentType }).pipe(
            Effect.map(HttpServerResponse.setHeaders(headers)),
            Effect.orDie
          )
        }
        return yield* HttpServerResponse.file(file.path, {
          status: 206,
          contentType,
          offset: range.start,
          bytesToRead: range.end - range.start + 1
        }).pipe(
          Effect.map(
            HttpServerResponse.setHeaders({
              ...headers,
              "content-range": `bytes ${range.start}-${range.end}/${file.size}`
            })
          ),
          Effect.orDie
        )
      })
    )
    .handle("preview", ({ path: p, urlParams }) =>
      Effect.gen(function* () {
        const dir = yield* (yield* Runs).dir(p.id)
        const { facts } = yield* servable(dir)
        const files = (facts?.files ?? []).filter((f) => f.table === p.table)
        if (files.length === 0)
          return yield* Effect.fail(
            ApiError.notFound(`run ${p.id} has no files of table "${p.table}"`, "table")
          )
        const f = urlParams.dt === undefined ? files[0]! : files.find((f) => f.day === urlParams.dt)
        if (f === undefined)
          return yield* Effect.fail(
            ApiError.notFound(`table ${p.table} has no partition dt=${urlParams.dt}`, "dt")
          )
        const file = yield* realFile(dir, `facts/${f.path}`)
        if (file === undefined)
          return yield* Effect.fail(ApiError.notFound(`file facts/${f.path} is missing`, "table"))
        const limit = urlParams.limit ?? 20
        const { columns, rows } = yield* Effect.promise(() =>
          f.path.endsWith(".parquet") ? readParquetPreview(file.path, limit) : readPreview(file.path, limit)
        )
        return { table: p.table, dt: f.day, path: `facts/${f.path}`, columns, rows }
      })
    )
    .handleRaw("validate", ({ path: p, request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        const report = (yield* (yield* Runs).validate(p.id)) as Report.Report
        return HttpServerResponse.unsafeJson({ ok: Report.ok(report), text: Report.text(report), report })
      })
    )
    .handleRaw("report", ({ path: p }) =>
      Effect.gen(function* () {
        const runs = yield* Runs
        const status = yield* runs.get(p.id)
        if (!["completed", "cancelled", "failed"].includes(status.status) || status.days_done === 0) {
          return yield* Effect.fail(
            ApiError.conflict(
              `run ${p.id} is ${status.status} with ${status.days_done} days done; its report comes once it is over`
            )
          )
        }
        const dir = yield* runs.dir(p.id)
        const file = path.join(dir, "report.html")
        const fresh = yield* Effect.promise(async () => {
          const [page, manifest] = await Promise.all([
            fs.stat(file).catch(() => undefined),
            fs.stat(path.join(dir, "facts", "_manifest.json")).catch(() => undefined)
          ])
          return page !== undefined && manifest !== undefined && page.mtimeMs >= manifest.mtimeMs
        })
        const html = fresh
          ? yield* Effect.promise(() => fs.readFile(file, "utf8"))
          : yield* Realism.make(dir).pipe(
              Effect.map(Realism.html),
              Effect.tap((text) => Effect.ignore(Realism.write(file, text))),
              Effect.mapError((e) => ApiError.conflict(`the report of run ${p.id} failed: ${e.message}`))
            )
        return HttpServerResponse.text(html, { contentType: "text/html; charset=utf-8" })
      })
    )
    .handleRaw("diff", ({ path: p, urlParams, request }) =>
      Effect.gen(function* () {
        const runs = yield* Runs
        const base = urlParams.base ?? (yield* runs.get(p.id)).baseline
        if (base === undefined) {
          return yield* Effect.fail(
            ApiError.badRequest(
              `run ${p.id} has no baseline: give the run to compare with as ?base=<runId>`,
              "base"
            )
          )
        }
        const scenario = yield* finished(p.id, "the")
        const baseline = yield* finished(base, "the baseline").pipe(
          Effect.mapError((e) =>
            e instanceof ApiError.NotFound
              ? ApiError.notFound(`no run with id "${base}" to compare with`, "base")
              : e
          )
        )
        const diff = yield* Diff.make(baseline.dir, scenario.dir).pipe(
          Effect.mapError((e) =>
            ApiError.conflict(
              e._tag === "DatasetNotFound"
                ? `run ${e.dir === baseline.dir ? base : p.id} has no dataset to compare`
                : `the diff of run ${p.id} with run ${base} failed: cannot compute ${e.figure}: ${e.reason}`
            )
          )
        )
        // the runs by id, not by their directories on the server
        const named: Diff.Diff = { ...diff, base, scenario: p.id }
        return wantsHtml(urlParams.format, request.headers.accept)
          ? HttpServerResponse.text(Diff.html(named), { contentType: "text/html; charset=utf-8" })
          : HttpServerResponse.text(Diff.json(named), { contentType: "application/json" })
      })
    )
)

/**
 * A stream's events as an SSE response body: a client whose writes wait for the response to take
 * them. It holds at most three texts: one the response is writing (it waits for `drain`), one in
 * the queue and one being offered — the hub's send waits on that one.
 */
const eventBody = (
  request: HttpServerRequest.HttpServerRequest,
  id: string,
  lastEventId: string | undefined
) =>
  Effect.gen(function* () {
    const streams = yield* Streams
    const response = NodeHttpServerRequest.toServerResponse(request)
    // `undefined` ends the body after the texts queued before it (a shutdown would drop them)
    const queue = yield* Queue.bounded<string | undefined>(1)
    // bytes of the texts offered and not yet taken by the response
    let queued = 0
    const client: Sse.Client = {
      write: (text: string) => {
        queued += Buffer.byteLength(text)
        return Effect.runPromise(Queue.offer(queue, text)).then(
          () => undefined,
          () => undefined
        )
      },
      end: () => void Effect.runFork(Queue.offer(queue, undefined)),
      buffered: () => queued + response.writableLength
    }
    const detach = yield* streams.attach(id, client, lastEventId)
    return Stream.fromQueue(queue).pipe(
      Stream.takeWhile((text): text is string => text !== undefined),
      Stream.map((text) => {
        queued -= Buffer.byteLength(text)
        return encoder.encode(text)
      }),
      Stream.ensuring(Effect.zipRight(Effect.sync(detach), Queue.shutdown(queue)))
    )
  })

const StreamsLive = HttpApiBuilder.group(Api, "streams", (handlers) =>
  handlers
    .handleRaw("create", ({ request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        const body = yield* decodeBody(StreamRequest, yield* jsonBody(request))
        const status = yield* (yield* Streams).create(body)
        return HttpServerResponse.unsafeJson(status, {
          status: 201,
          headers: { location: `/streams/${status.id}` }
        })
      })
    )
    .handle("list", () =>
      Effect.map(
        Effect.flatMap(Streams, (s) => s.list()),
        (streams) => ({ streams })
      )
    )
    .handle("get", ({ path: p }) => Effect.flatMap(Streams, (s) => s.get(p.id)))
    .handleRaw("pause", ({ path: p, request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        return HttpServerResponse.unsafeJson(yield* (yield* Streams).pause(p.id))
      })
    )
    .handleRaw("resume", ({ path: p, request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        return HttpServerResponse.unsafeJson(yield* (yield* Streams).resume(p.id))
      })
    )
    .handleRaw("stop", ({ path: p, request }) =>
      Effect.gen(function* () {
        yield* authorize(request)
        return HttpServerResponse.unsafeJson(yield* (yield* Streams).stop(p.id))
      })
    )
    .handleRaw("events", ({ path: p, request }) =>
      Effect.gen(function* () {
        // the events are the data (as a download), and an sse stream's clients set its pace
        yield* authorize(request)
        const body = yield* eventBody(request, p.id, request.headers["last-event-id"])
        return HttpServerResponse.stream(body, {
          contentType: "text/event-stream",
          headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
        })
      })
    )
    .handle("deadLetters", ({ path: p, urlParams }) =>
      Effect.flatMap(Streams, (s) => s.deadLetters(p.id, urlParams.limit ?? 20))
    )
)

/** The console bundle (`dist/console`, built by `console/build.mjs`), next to this module or to its source. */
const CONSOLE_DIR: string = (() => {
  const here = new URL("./console/", import.meta.url)
  return existsSync(fileURLToPath(here))
    ? fileURLToPath(here)
    : fileURLToPath(new URL("../dist/console/", import.meta.url))
})()

const ASSETS: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8"
}

const asset = (name: string) =>
  ASSETS[name] === undefined
    ? Effect.fail(ApiError.notFound(`no console file "${name}"`, "file"))
    : HttpServerResponse.file(path.join(CONSOLE_DIR, name), { contentType: ASSETS[name]! }).pipe(
        Effect.catchAll(() =>
          Effect.fail(ApiError.notFound("the console is not built (run the package's build)", "file"))
        )
      )

const ConsoleLive = HttpApiBuilder.group(Api, "console", (handlers) =>
  handlers.handle("index", () => asset("index.html")).handle("asset", ({ path: p }) => asset(p.file))
)

/** Every handler of `Api`; needs `Runs`, `Streams` and `ServerSettings`. */
export const layer = HttpApiBuilder.api(Api).pipe(
  Layer.provide(SystemLive),
  Layer.provide(ConfigLive),
  Layer.provide(RunsLive),
  Layer.provide(FilesLive),
  Layer.provide(StreamsLive),
  Layer.provide(ConsoleLive)
)
