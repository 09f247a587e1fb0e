/**
 * The worker thread of one run: decodes the job, runs the generator (or the validator) and posts
 * its progress; a `cancel` message interrupts the run, which stops after its last committed day
 * (the dataset stays continuable).
 */
import { parentPort, workerData } from "node:worker_threads"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Generator, Progress } from "@retail-datagen/generator"
import { Cause, Effect, Exit, Fiber } from "effect"
import type { Command, Job, Message } from "./protocol.js"

const port = parentPort!
const job = workerData as Job
const post = (m: Message) => port.postMessage(m)

const describe = (cause: Cause.Cause<unknown>): { error: string; message: string } => {
  const failure = Cause.failureOption(cause)
  if (failure._tag === "Some") {
    const e = failure.value as { _tag?: unknown; message?: unknown }
    return {
      error: typeof e._tag === "string" ? e._tag : "Failure",
      message: typeof e.message === "string" ? e.message : String(e)
    }
  }
  return { error: "InternalError", message: Cause.pretty(cause).split("\n")[0] ?? "internal error" }
}

const generate = (job: Extract<Job, { kind: "generate" }>) =>
  Effect.gen(function* () {
    const config = yield* Config.decode(job.config)
    const tracker = Progress.tracker()
    let tables: ReadonlyArray<string> | undefined
    let written: Array<string> = []
    const rows: Record<string, number> = {}
    let dayRows: Record<string, number> = {}
    return yield* Generator.generate(config, {
      start: job.start,
      end: job.end,
      workers: job.workers,
      validate: job.validate,
      onEvent: (event) =>
        Effect.sync(() => {
          const snapshot = tracker.update(event, Date.now())
          switch (event._tag) {
            case "PipelineStarted":
              tables = event.tables
              for (const t of event.tables) rows[t] ??= 0
              break
            case "FileWritten":
              written.push(event.table)
              dayRows[event.table] = (dayRows[event.table] ?? 0) + event.rows
              break
            case "DayCommitted":
              for (const [t, n] of Object.entries(dayRows)) rows[t] = (rows[t] ?? 0) + n
              post({ type: "day", day: Calendar.format(event.day), rows: dayRows })
              dayRows = {}
              written = []
              break
            default:
              break
          }
          post({ type: "progress", snapshot, tables, written: [...written], rows: { ...rows } })
        })
    })
  })

const validate = (job: Extract<Job, { kind: "validate" }>) =>
  Effect.gen(function* () {
    const config = yield* Config.decode(job.config)
    return yield* Generator.validateDirectory(job.dir, config)
  })

const program: Effect.Effect<unknown, unknown> = job.kind === "generate" ? generate(job) : validate(job)
const fiber = Effect.runFork(program)
port.on("message", (m: Command) => {
  if (m.type === "cancel") Effect.runFork(Fiber.interrupt(fiber))
})
fiber.addObserver((exit) => {
  if (Exit.isSuccess(exit)) post({ type: "done", report: job.kind === "validate" ? exit.value : undefined })
  else if (Cause.isInterruptedOnly(exit.cause)) post({ type: "cancelled" })
  else post({ type: "failed", ...describe(exit.cause) })
  port.close()
})
