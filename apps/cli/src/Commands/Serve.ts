/**
 * `serve`: the HTTP server (`@retail-datagen/server`) — start, watch and download generations
 * over HTTP, with the OpenAPI document at `/openapi.json` and docs at `/docs`. The server package
 * is imported when the command runs, so the other commands never load it.
 */
import { Command, HelpDoc, Options, Span } from "@effect/cli"
import { Console, Effect, Option } from "effect"

const text = (name: string, pseudo: string, description: string) =>
  Options.text(name).pipe(Options.withPseudoName(pseudo), Options.withDescription(description))

const count = (name: string, description: string, fallback: number, min: number) =>
  Options.integer(name).pipe(
    Options.withPseudoName("N"),
    Options.withDescription(description),
    Options.withDefault(fallback),
    Options.filterMap(
      (n) => (n >= min ? Option.some(n) : Option.none()),
      `--${name}: expected an integer ≥ ${min}`
    )
  )

/** The `serve` command. */
export const serveCommand = Command.make(
  "serve",
  {
    port: count("port", "Port to listen on (0: any free port).", 8080, 0),
    host: text("host", "ADDRESS", "Address to bind; the default serves this machine only.").pipe(
      Options.withDefault("127.0.0.1")
    ),
    dataDir: text("data-dir", "DIR", "Directory of the runs' datasets (one directory per run).").pipe(
      Options.withDefault("runs")
    ),
    maxRuns: count("max-runs", "Runs generating at once; the others wait in the queue.", 1, 1),
    maxQueue: count("max-queue", "Runs waiting in the queue; more are refused with 429.", 16, 0),
    token: text(
      "token",
      "TOKEN",
      "Bearer token required by every mutating route and download (default: $RETAIL_DATAGEN_TOKEN; none: open)."
    ).pipe(Options.optional),
    cors: text("cors", "ORIGIN", "Allow this origin (CORS); default: CORS off.").pipe(Options.optional)
  },
  (f) =>
    Effect.gen(function* () {
      const { Server } = yield* Effect.promise(() => import("@retail-datagen/server"))
      const token = Option.getOrUndefined(f.token) ?? Server.envToken()
      if (token === undefined && f.host !== "127.0.0.1" && f.host !== "localhost" && f.host !== "::1") {
        yield* Console.error(
          `warning: serving ${f.host} without a token: anyone who reaches it can start runs`
        )
      }
      return yield* Server.run({
        port: f.port,
        host: f.host,
        dataDir: f.dataDir,
        maxRuns: f.maxRuns,
        maxQueue: f.maxQueue,
        token,
        cors: Option.getOrUndefined(f.cors)
      })
    })
).pipe(
  Command.withDescription(
    HelpDoc.blocks([
      HelpDoc.p(
        "Serve the generator over HTTP: POST /runs starts a run (queued, in a worker thread), GET /runs/<id> is its status, /runs/<id>/events streams its progress (SSE), /runs/<id>/files/… downloads its files. OpenAPI at /openapi.json, docs at /docs. Ctrl-C or SIGTERM stops after the day in progress; a restarted server lists such runs as interrupted and continues them on POST /runs/<id>/continue."
      ),
      HelpDoc.p(Span.code("retail-datagen serve --port 8080 --data-dir runs --token $(openssl rand -hex 16)"))
    ])
  )
)
