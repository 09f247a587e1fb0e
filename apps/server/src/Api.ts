/**
 * The HTTP API of the server as one definition (`@effect/platform` `HttpApi`): routes, parameter
 * and body schemas, responses and errors. The handlers (`Handlers`) implement it and the OpenAPI
 * document (`/openapi.json`) is derived from it.
 *
 * The API is a list of groups; a new family of routes (e.g. streaming) is one more group added to
 * `Api` here and one more handler layer in `Handlers`.
 *
 * @example
 * import { OpenApi } from "@effect/platform"
 * import { Api } from "@retail-datagen/server"
 * const spec = OpenApi.fromApi(Api.Api)
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import {
  BadRequest,
  Conflict,
  NotFound,
  PayloadTooLarge,
  RangeNotSatisfiable,
  TooManyRequests,
  Unauthorized
} from "./ApiError.js"
import { ContinueRequest, RunList, RunRequest, Status } from "./RunStatus.js"
import { DeadLetters, StreamList, StreamRequest, StreamStatus } from "./Streams.js"

const RunId = Schema.Struct({ id: Schema.String })
const Json = Schema.Unknown.annotations({ identifier: "Json" })

/** `GET /health`. */
export const Health = Schema.Struct({ status: Schema.Literal("ok") })

/** `GET /version`. */
export const Version = Schema.Struct({ name: Schema.String, version: Schema.String, node: Schema.String })

/** `POST /config/validate` of a valid configuration: the configuration with every default filled in. */
export const ConfigValid = Schema.Struct({ ok: Schema.Literal(true), config: Json })

/** `GET /runs/:id/files`: master files and fact partitions of the run's manifests. */
export const FileList = Schema.Struct({
  master: Schema.Array(
    Schema.Struct({ path: Schema.String, table: Schema.String, rows: Schema.Number, bytes: Schema.Number })
  ),
  tables: Schema.Record({
    key: Schema.String,
    value: Schema.Array(
      Schema.Struct({ dt: Schema.String, path: Schema.String, rows: Schema.Number, bytes: Schema.Number })
    )
  })
}).annotations({ identifier: "FileList" })

/** `GET /runs/:id/tables/:table/preview`: the first rows of a partition. */
export const Preview = Schema.Struct({
  table: Schema.String,
  dt: Schema.String,
  path: Schema.String,
  columns: Schema.Array(Schema.String),
  rows: Schema.Array(Schema.Array(Schema.String))
}).annotations({ identifier: "Preview" })

/** `POST /runs/:id/validate`: the findings of `validate` on the run's dataset. */
export const ValidationReport = Schema.Struct({
  ok: Schema.Boolean,
  text: Schema.String,
  report: Json
}).annotations({ identifier: "ValidationReport" })

/** Health, version, metrics. */
export class SystemGroup extends HttpApiGroup.make("system")
  .add(HttpApiEndpoint.get("health", "/health").addSuccess(Health))
  .add(HttpApiEndpoint.get("version", "/version").addSuccess(Version))
  .add(
    HttpApiEndpoint.get("metrics", "/metrics").addSuccess(
      HttpApiSchema.Text({ contentType: "text/plain; version=0.0.4" })
    )
  )
  .annotate(OpenApi.Description, "Health, version and Prometheus metrics.") {}

/** The default configuration and configuration checks. */
export class ConfigGroup extends HttpApiGroup.make("config")
  .add(HttpApiEndpoint.get("default", "/config/default").addSuccess(Json))
  .add(HttpApiEndpoint.post("validate", "/config/validate").setPayload(Json).addSuccess(ConfigValid))
  .annotate(OpenApi.Description, "The default configuration; checking a configuration.") {}

/** Starting, listing, watching, cancelling and continuing runs. */
export class RunsGroup extends HttpApiGroup.make("runs")
  .add(
    HttpApiEndpoint.post("create", "/runs")
      .setPayload(RunRequest)
      .addSuccess(Status, { status: 202 })
      .annotate(
        OpenApi.Description,
        "Start a run (202, `Location: /runs/<id>`); it waits in the queue when all slots are busy."
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/runs")
      .setUrlParams(
        Schema.Struct({
          offset: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())),
          limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 1000)))
        })
      )
      .addSuccess(RunList)
  )
  .add(HttpApiEndpoint.get("get", "/runs/:id").setPath(RunId).addSuccess(Status))
  .add(
    HttpApiEndpoint.del("cancel", "/runs/:id")
      .setPath(RunId)
      .addSuccess(Status, { status: 202 })
      .annotate(OpenApi.Description, "Cancel a run at a day boundary; its dataset stays continuable.")
  )
  .add(
    HttpApiEndpoint.post("continue", "/runs/:id/continue")
      .setPath(RunId)
      .setPayload(ContinueRequest)
      .addSuccess(Status, { status: 202 })
      .annotate(
        OpenApi.Description,
        "Extend (or finish) the run's dataset to `end`, or by `days` after its last day."
      )
  )
  .add(
    HttpApiEndpoint.get("events", "/runs/:id/events")
      .setPath(RunId)
      .addSuccess(HttpApiSchema.Text({ contentType: "text/event-stream" }))
      .annotate(
        OpenApi.Description,
        "Server-Sent Events: `status` (the status document, ≥ 100 ms apart) and `day` (rows of a committed day); resumes after `Last-Event-ID`; ends with the terminal status."
      )
  ) {}

/** The files of a run: manifest, listing, downloads, previews, validation. */
export class FilesGroup extends HttpApiGroup.make("files")
  .add(HttpApiEndpoint.get("manifest", "/runs/:id/manifest").setPath(RunId).addSuccess(Json))
  .add(HttpApiEndpoint.get("list", "/runs/:id/files").setPath(RunId).addSuccess(FileList))
  .add(
    HttpApiEndpoint.get("download", "/runs/:id/files/*")
      .setPath(Schema.Struct({ id: Schema.String, "*": Schema.String }))
      .addSuccess(HttpApiSchema.Uint8Array({ contentType: "application/octet-stream" }))
      .annotate(
        OpenApi.Description,
        "A file of the run's manifests (`master/stores.csv`, `facts/receipts/dt=…/…`), with `ETag` (its sha256) and `Range`."
      )
  )
  .add(
    HttpApiEndpoint.get("preview", "/runs/:id/tables/:table/preview")
      .setPath(Schema.Struct({ id: Schema.String, table: Schema.String }))
      .setUrlParams(
        Schema.Struct({
          dt: Schema.optional(Schema.String),
          limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 1000)))
        })
      )
      .addSuccess(Preview)
  )
  .add(HttpApiEndpoint.post("validate", "/runs/:id/validate").setPath(RunId).addSuccess(ValidationReport))
  .add(
    HttpApiEndpoint.get("report", "/runs/:id/report")
      .setPath(RunId)
      .addSuccess(HttpApiSchema.Text({ contentType: "text/html" }))
      .annotate(
        OpenApi.Description,
        "The realism report of a finished run (the HTML page of `retail-datagen report`), computed once and kept as `report.html` in the run's directory."
      )
  )
  .add(
    HttpApiEndpoint.get("diff", "/runs/:id/diff")
      .setPath(RunId)
      .setUrlParams(
        Schema.Struct({
          base: Schema.optional(
            Schema.String.annotations({
              description: "The run to compare with; default the run's `baseline`."
            })
          ),
          format: Schema.optional(
            Schema.Literal("json", "html").annotations({
              description: "`json` or `html`; default by the `Accept` header (JSON unless it prefers HTML)."
            })
          )
        })
      )
      .addSuccess(Json)
      // one 200 in two media types (the generated document would merge them into JSON)
      .annotate(OpenApi.Transform, (op) => ({
        ...op,
        responses: {
          ...(op.responses as Record<string, unknown>),
          200: {
            description:
              "`{ base, scenario, name, interventions, totals: [{ metric, dc, base, scenario, delta, relative }], cells: [{ metric, day, dc, base, scenario }] }` (dc 0: the chain), or the HTML page",
            content: {
              "application/json": { schema: { type: "object" } },
              "text/html": { schema: { type: "string" } }
            }
          }
        }
      }))
      .annotate(
        OpenApi.Description,
        "The effect of the run's scenario: this run compared with `base` (or its recorded `baseline`) per metric, day and DC region — the JSON of `retail-datagen diff --json` or the HTML page of `diff --out`. 409 while either run is going, 400 when there is nothing to compare with."
      )
  ) {}

/** Live streams of a configuration's events: start, list, watch, pause, resume, stop. */
export class StreamsGroup extends HttpApiGroup.make("streams")
  .add(
    HttpApiEndpoint.post("create", "/streams")
      .setPayload(StreamRequest)
      .addSuccess(StreamStatus, { status: 201 })
      .annotate(
        OpenApi.Description,
        "Start a stream (201, `Location: /streams/<id>`): the configuration's days as events to `sink` (`sse`: `GET /streams/<id>/events`, which the stream waits for; `file`; `nats`; `redis`), paced at `speed`, for `days` or until stopped."
      )
  )
  .add(HttpApiEndpoint.get("list", "/streams").addSuccess(StreamList))
  .add(HttpApiEndpoint.get("get", "/streams/:id").setPath(RunId).addSuccess(StreamStatus))
  .add(
    HttpApiEndpoint.post("pause", "/streams/:id/pause")
      .setPath(RunId)
      .addSuccess(StreamStatus)
      .annotate(OpenApi.Description, "Hold the stream; answers once the send in flight is acknowledged.")
  )
  .add(
    HttpApiEndpoint.post("resume", "/streams/:id/resume")
      .setPath(RunId)
      .addSuccess(StreamStatus)
      .annotate(
        OpenApi.Description,
        "Go on after a pause; a stopped stream (by `DELETE`, or by the end of an earlier server process) starts again after its checkpoint, with the same id and count. 409 when it completed or failed."
      )
  )
  .add(
    HttpApiEndpoint.del("stop", "/streams/:id")
      .setPath(RunId)
      .addSuccess(StreamStatus)
      .annotate(OpenApi.Description, "Stop the stream (checkpoint saved, sink closed).")
  )
  .add(
    HttpApiEndpoint.get("events", "/streams/:id/events")
      .setPath(RunId)
      .addSuccess(HttpApiSchema.Text({ contentType: "text/event-stream" }))
      .annotate(
        OpenApi.Description,
        "Server-Sent Events, one per event: `id:` = event_id, `data:` = the envelope. For an `sse` stream this is the delivery (acknowledged when the client's socket took it; `Last-Event-ID` resumes within the last 10,000 events); for other sinks a tap of the acknowledged events that a slow client may miss. Needs the server's token when it has one, as a download: the events are the data, and an `sse` stream's clients set its pace."
      )
  )
  .add(
    HttpApiEndpoint.get("deadLetters", "/streams/:id/dead-letters")
      .setPath(RunId)
      .setUrlParams(
        Schema.Struct({
          limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 1000)))
        })
      )
      .addSuccess(DeadLetters)
      .annotate(
        OpenApi.Description,
        "The latest rejected events of the stream: their ids and the sink's reasons (not the events, which stay in the stream's dead-letter file); open, like a run's file listing."
      )
  )
  .annotate(OpenApi.Description, "Live event streams (the batch run's rows as events).") {}

/** The web console: `/` and its bundled assets (left out of the OpenAPI document). */
export class ConsoleGroup extends HttpApiGroup.make("console")
  .add(HttpApiEndpoint.get("index", "/").addSuccess(HttpApiSchema.Text({ contentType: "text/html" })))
  .add(
    HttpApiEndpoint.get("asset", "/console/:file")
      .setPath(Schema.Struct({ file: Schema.String }))
      .addSuccess(HttpApiSchema.Uint8Array())
  )
  .annotate(OpenApi.Exclude, true) {}

/** The whole API. */
export class Api extends HttpApi.make("retail-datagen")
  .add(SystemGroup)
  .add(ConfigGroup)
  .add(RunsGroup)
  .add(FilesGroup)
  .add(StreamsGroup)
  .add(ConsoleGroup)
  .addError(BadRequest)
  .addError(Unauthorized)
  .addError(NotFound)
  .addError(Conflict)
  .addError(PayloadTooLarge)
  .addError(RangeNotSatisfiable)
  .addError(TooManyRequests)
  .annotate(OpenApi.Title, "retail-datagen")
  .annotate(
    OpenApi.Description,
    "Start, watch and download synthetic retail datasets. Errors are `{ error, message, path? }`."
  ) {}
