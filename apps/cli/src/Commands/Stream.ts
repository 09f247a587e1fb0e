/**
 * `stream`: the events of a configuration's days (the batch run's rows), paced or flat out, to a
 * sink. The stream package (and a broker client) is loaded only when the command runs.
 */
import { existsSync } from "node:fs"
import * as path from "node:path"
import type { Config } from "@retail-datagen/config"
import type { Live } from "@retail-datagen/stream"
import { Console, Effect } from "effect"
import { UsageError } from "../Failure.js"
import * as Plan from "../Plan.js"

/** The sinks of `--sink`. */
export type SinkName = "stdout" | "file" | "sse" | "nats" | "redis"

export interface Flags {
  readonly config: string | undefined
  readonly start: string | undefined
  readonly days: number | undefined
  readonly continueFrom: string | undefined
  readonly sink: SinkName
  readonly out: string | undefined
  readonly url: string | undefined
  /** Address of `--sink sse` (`--listen [HOST:]PORT`). */
  readonly listen: { readonly host: string | undefined; readonly port: number } | undefined
  readonly speed: number | "max"
  readonly from: "now" | undefined
  /** Simulation worker threads (default 0: in the main thread). */
  readonly workers?: number | undefined
  readonly maxRetrySeconds: number
  readonly deadLetters: string | undefined
  readonly checkpoint: string | undefined
  readonly quiet: boolean
}

/** The facts directory of `--continue DIR`: `DIR/facts` when it holds a manifest, else `DIR`. */
const factsDirOf = (dir: string): string =>
  existsSync(path.join(dir, "facts", "_manifest.json")) ? path.join(dir, "facts") : dir

/** Runs the stream; status lines go to stderr (stdout may carry the events). */
export const stream = (
  flags: Flags
): Effect.Effect<Live.Summary, Live.LiveError | UsageError | Config.ConfigError> =>
  Effect.scoped(
    Effect.gen(function* () {
      if (flags.continueFrom !== undefined && flags.start !== undefined) {
        return yield* new UsageError({
          flag: "--continue",
          problem: "starts after the dataset's last day; leave out --start"
        })
      }
      if (flags.days !== undefined && flags.days < 1) {
        return yield* new UsageError({
          flag: "--days",
          problem: `expected an integer ≥ 1, got ${flags.days}`
        })
      }
      if ((flags.sink === "sse") !== (flags.listen !== undefined)) {
        return yield* new UsageError({
          flag: "--listen",
          problem:
            flags.sink === "sse"
              ? "--sink sse needs the port to listen on, e.g. --listen 8090"
              : "goes with --sink sse only"
        })
      }
      const { config, source } = yield* Plan.loadConfig(flags.config)
      const { Checkpoint, Live, Sink, Sse } = yield* Effect.promise(() => import("@retail-datagen/stream"))
      const out = flags.out ?? "events"
      const hub = config.stream.hub
      // a broker that is down at the start is retried as one that goes down mid-stream
      const maxRetryTime = `${flags.maxRetrySeconds} seconds` as const
      const sink =
        flags.sink === "file"
          ? yield* Sink.file({ dir: out })
          : flags.sink === "sse" && flags.listen !== undefined
            ? yield* Effect.tap(
                Effect.acquireRelease(Sse.listen(flags.listen), (s) => s.close),
                (s) =>
                  // always said (also with --quiet): a consumer needs the address of an ephemeral port
                  Console.error(
                    `events at ${s.url} (Server-Sent Events; the stream starts with the first client)`
                  )
              )
            : flags.sink === "nats"
              ? yield* Effect.flatMap(
                  Effect.promise(() => import("@retail-datagen/stream-nats")),
                  ({ NatsSink }) => NatsSink.make({ servers: flags.url ?? "127.0.0.1:4222", hub, maxRetryTime })
                )
              : flags.sink === "redis"
                ? yield* Effect.flatMap(
                    Effect.promise(() => import("@retail-datagen/stream-redis")),
                    ({ RedisSink }) =>
                      RedisSink.make({ url: flags.url ?? "redis://127.0.0.1:6379", hub, maxRetryTime })
                  )
                : Sink.stdout()
      const checkpoint = flags.checkpoint === undefined ? undefined : Checkpoint.file(flags.checkpoint)
      const say = (line: string) => (flags.quiet ? Effect.void : Console.error(line))
      yield* say(
        `streaming ${source} ${
          flags.continueFrom !== undefined
            ? `after the dataset in ${flags.continueFrom}`
            : `from ${flags.start ?? config.dates.start}`
        }, ${flags.days === undefined ? "open-ended (stop with Ctrl-C)" : `${flags.days} days`}, to ${sink.name} at speed ${flags.speed}`
      )
      const summary = yield* Live.run(config, {
        sink,
        start: flags.start,
        days: flags.days,
        continueFrom: flags.continueFrom === undefined ? undefined : factsDirOf(flags.continueFrom),
        speed: flags.speed,
        from: flags.from,
        workers: flags.workers ?? 0,
        checkpoint,
        deadLetters:
          flags.deadLetters ?? (flags.sink === "file" ? path.join(out, "_dead_letters.ndjson") : undefined),
        maxRetryTime
      })
      const resumed =
        summary.resumedAfter === null
          ? ""
          : ` (resumed after ${summary.resumedAfter.day} #${summary.resumedAfter.sequence})`
      yield* say(
        `streamed ${summary.eventsSent} events of ${summary.days} days in ${summary.seconds.toFixed(1)} s${resumed}` +
          (summary.deadLetters > 0 ? `, ${summary.deadLetters} to dead letters` : "") +
          (summary.retries > 0 ? `, ${summary.retries} retries` : "")
      )
      return summary
    })
  )
