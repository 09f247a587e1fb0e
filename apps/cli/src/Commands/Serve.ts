/**
 * `serve`: the HTTP server (`@retail-datagen/server`) — start, watch and download generations
 * over HTTP, with the OpenAPI document at `/openapi.json` and docs at `/docs`. The server package
 * is imported when the command runs, so the other commands never load it.
 */
import { Console, Effect } from "effect"

export interface Flags {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly maxRuns: number
  readonly maxQueue: number
  readonly token: string | undefined
  readonly cors: string | undefined
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"])

/** Runs the server until Ctrl-C or SIGTERM. */
export const serve = (flags: Flags) =>
  Effect.gen(function* () {
    const { Server } = yield* Effect.promise(() => import("@retail-datagen/server"))
    const token = flags.token ?? Server.envToken()
    if (token === undefined && !LOOPBACK.has(flags.host)) {
      yield* Console.error(`warning: serving ${flags.host} without a token: anyone who reaches it can start runs`)
    }
    return yield* Server.run({ ...flags, token })
  })
