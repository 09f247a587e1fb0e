/**
 * The HTTP server: `Api` served by Node (`@effect/platform-node`), with the OpenAPI document at
 * `/openapi.json`, interactive docs at `/docs` and CORS only for `cors`. `layer` for an Effect
 * program, `start` for a promise-based caller (tests, scripts), `run` for a command line.
 *
 * @example
 * import { Server } from "@retail-datagen/server"
 * const server = await Server.start({ port: 0, dataDir: "runs" })
 * console.log(server.url) // http://127.0.0.1:54321
 * await server.close()
 */
import { createServer } from "node:http"
import {
  HttpApiBuilder,
  HttpApiScalar,
  type HttpApp,
  HttpServer,
  HttpServerRequest,
  HttpServerResponse
} from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Console, Effect, Layer, ManagedRuntime, Option } from "effect"
import * as Handlers from "./Handlers.js"
import * as Runs from "./Runs.js"
import * as Streams from "./Streams.js"

/** Options of the server. */
export interface Options {
  /** Port (default 8080; 0: any free port). */
  readonly port?: number | undefined
  /** Address to bind (default 127.0.0.1). */
  readonly host?: string | undefined
  /** Directory of the runs' datasets (default `./runs`). */
  readonly dataDir?: string | undefined
  /** Runs generating at once (default 1). */
  readonly maxRuns?: number | undefined
  /** Runs waiting for a slot (default 16); more are refused with 429. */
  readonly maxQueue?: number | undefined
  /** Bearer token required by mutating routes and downloads (default: none). */
  readonly token?: string | undefined
  /** The origin allowed by CORS (default: CORS off). */
  readonly cors?: string | undefined
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number | undefined
  /** Minimum milliseconds between two progress events of a run (default 100). */
  readonly throttleMs?: number | undefined
}

/** Defaults of `Options`. */
export const DEFAULTS = { port: 8080, host: "127.0.0.1", dataDir: "runs", bodyLimit: 1 << 20 } as const

const decodeErrorMessage = (body: {
  readonly message?: unknown
  readonly issues?: ReadonlyArray<{ readonly path?: ReadonlyArray<unknown>; readonly message?: unknown }>
}) => {
  const issue = body.issues?.[0]
  const where = issue?.path?.map(String).join(".")
  return {
    error: "BadRequest",
    message:
      issue === undefined
        ? String(body.message ?? "bad request")
        : `${where === undefined || where === "" ? "" : `${where}: `}${String(issue.message)}`,
    ...(where === undefined || where === "" ? {} : { path: where })
  }
}

/**
 * Rewrites the responses the API framework makes itself into the `{ error, message, path? }`
 * shape: parameter decoding errors (400) and unknown routes (404).
 */
const tagOf = (e: unknown): unknown => (e as { _tag?: unknown } | null)?._tag

const errorShape = (app: HttpApp.Default) =>
  Effect.catchAll(app, (e) => {
    if (tagOf(e) === "HttpApiDecodeError") {
      return Effect.succeed(HttpServerResponse.unsafeJson(decodeErrorMessage(e as never), { status: 400 }))
    }
    if (tagOf(e) === "RouteNotFound") {
      return Effect.map(HttpServerRequest.HttpServerRequest, (request) =>
        HttpServerResponse.unsafeJson(
          { error: "NotFound", message: `no route ${request.method} ${request.url}` },
          { status: 404 }
        )
      )
    }
    // the API's own errors: encoded by the API after this middleware
    return Effect.fail(e) as unknown as Effect.Effect<never>
  })

/** The server's layer without the Node listener (any `HttpServer` serves it). */
export const app = (options: Options) =>
  HttpApiBuilder.serve().pipe(
    Layer.provide(HttpApiBuilder.middleware(errorShape, { withContext: true })),
    Layer.provide(HttpApiScalar.layer({ path: "/docs" })),
    Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" })),
    Layer.provide(
      options.cors === undefined
        ? Layer.empty
        : HttpApiBuilder.middlewareCors({
            allowedOrigins: [options.cors],
            allowedHeaders: ["content-type", "authorization", "last-event-id", "range"],
            exposedHeaders: ["location", "etag", "content-range"]
          })
    ),
    Layer.provide(Handlers.layer),
    Layer.provide(
      Runs.layer({
        dataDir: options.dataDir ?? DEFAULTS.dataDir,
        maxRuns: options.maxRuns,
        maxQueue: options.maxQueue,
        throttleMs: options.throttleMs
      })
    ),
    Layer.provide(Streams.layer({ dataDir: options.dataDir ?? DEFAULTS.dataDir })),
    Layer.provide(
      Layer.succeed(Handlers.ServerSettings, {
        token: options.token,
        bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit
      })
    )
  )

/** The whole server, listening on `host:port`; the `HttpServer` it provides knows the address. */
export const layer = (options: Options) =>
  app(options).pipe(
    Layer.provideMerge(
      NodeHttpServer.layer(createServer, {
        port: options.port ?? DEFAULTS.port,
        host: options.host ?? DEFAULTS.host
      })
    )
  )

/** The base URL of a listening server. */
export const urlOf = (server: HttpServer.HttpServer): string => {
  const a = server.address
  if (a._tag === "UnixAddress") return `unix:${a.path}`
  const host = a.hostname.includes(":") ? `[${a.hostname}]` : a.hostname
  return `http://${host}:${a.port}`
}

/** A started server. */
export interface Started {
  readonly url: string
  /** Stops accepting, cancels running work at its next day boundary and waits for it. */
  readonly close: () => Promise<void>
}

/** Starts the server; resolves when it listens. */
export const start = async (options: Options): Promise<Started> => {
  const runtime = ManagedRuntime.make(layer(options))
  const server = await runtime.runPromise(HttpServer.HttpServer)
  return { url: urlOf(server), close: () => runtime.dispose() }
}

/**
 * Runs the server until interrupted (SIGINT/SIGTERM with `NodeRuntime.runMain`), printing its
 * address first.
 */
export const run = (options: Options): Effect.Effect<never> =>
  Layer.launch(
    Layer.effectDiscard(
      Effect.flatMap(HttpServer.HttpServer, (server) =>
        Console.log(`retail-datagen server listening on ${urlOf(server)} (docs: ${urlOf(server)}/docs)`)
      )
    ).pipe(Layer.provideMerge(layer(options)))
  ).pipe(Effect.orDie) as Effect.Effect<never>

/** The token from the environment (`RETAIL_DATAGEN_TOKEN`), if set and non-empty. */
export const envToken = (): string | undefined =>
  Option.getOrUndefined(
    Option.fromNullable(process.env.RETAIL_DATAGEN_TOKEN).pipe(Option.filter((t) => t !== ""))
  )
