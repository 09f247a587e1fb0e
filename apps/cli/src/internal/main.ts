/**
 * The executable past the fast path of `bin.ts`: runs `Cli.run(process.argv)` with the Node
 * context and exits with its code. Loaded only for a command that does work.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Effect } from "effect"
import * as Cli from "../Cli.js"
import * as Failure from "../Failure.js"

// Messages are styled with ANSI escapes; a pipe or a file gets them plain.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")
const plain = (x: unknown): unknown => (typeof x === "string" ? x.replace(ANSI, "") : x)
const styled = <A, E, R>(program: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  process.stdout.isTTY
    ? program
    : Console.consoleWith((c) =>
        Console.withConsole(program, {
          ...c,
          log: (...args) => c.log(...args.map(plain)),
          error: (...args) => c.error(...args.map(plain))
        })
      )

styled(Cli.run(process.argv)).pipe(
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    teardown: (exit, onExit) => onExit(Failure.exitCodeOf(exit))
  })
)
