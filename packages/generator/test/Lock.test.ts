/**
 * The writer lock: one writer per dataset directory. A second writer — same configuration or
 * another seed — fails at once with `DatasetLocked` naming the holder, and the first writer's
 * dataset ends byte-identical to one written alone. Stale locks (a process that is gone) are
 * taken over with a note. No timing: the "running" writer is either this process holding the
 * lock, or a run whose event callback starts the second writer.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import { hostname } from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { Generator, Lock } from "../src/index.js"
import { cleanup, expectSameTree, freshDir, smallConfig } from "./helpers.js"

afterAll(cleanup)

const FAST = { builtIn: false, workers: 1 } as const

/** The pid of a process that has exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"])
  return Number(child.stdout.toString())
}

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const e = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (e === undefined) throw new Error(`expected a typed failure, got ${String(exit.cause)}`)
  return e
}

describe("Lock.acquire", () => {
  it.effect("writes pid, host, start time and command; a second acquire fails; released with the scope", () =>
    Effect.gen(function* () {
      const dir = path.join(freshDir(), "facts")
      const file = path.join(dir, Lock.FILE)
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* Lock.acquire(dir, { command: "generate" })
          const holder = JSON.parse(fs.readFileSync(file, "utf8"))
          expect(holder).toMatchObject({ pid: process.pid, host: hostname(), command: "generate" })
          expect(Number.isNaN(Date.parse(holder.since))).toBe(false)
          const second = yield* Effect.exit(Effect.scoped(Lock.acquire(dir, { command: "facts" })))
          const e = failure(second)
          expect(e._tag).toBe("DatasetLocked")
          expect(e.message).toBe(
            `dataset ${dir} is being written by pid ${process.pid} on ${hostname()} since ${holder.since} (generate); wait for it to finish, or remove ${file} if that process is gone`
          )
          // the failed attempt left the holder's lock alone
          expect(JSON.parse(fs.readFileSync(file, "utf8"))).toStrictEqual(holder)
        })
      )
      expect(fs.existsSync(file)).toBe(false)
    })
  )

  it.effect("released when the work fails or is interrupted", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const failed = yield* Effect.exit(
        Effect.scoped(Effect.zipRight(Lock.acquire(dir, { command: "x" }), Effect.fail("boom")))
      )
      expect(Exit.isFailure(failed)).toBe(true)
      expect(fs.readdirSync(dir)).toStrictEqual([])
      const interrupted = yield* Effect.exit(
        Effect.scoped(Effect.zipRight(Lock.acquire(dir, { command: "x" }), Effect.interrupt))
      )
      expect(Exit.isInterrupted(interrupted)).toBe(true)
      expect(fs.readdirSync(dir)).toStrictEqual([])
    })
  )

  it.effect("takes over a lock whose process is gone, with a note", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const stale = {
        pid: deadPid(),
        host: hostname(),
        since: "2024-01-01T00:00:00.000Z",
        command: "generate"
      }
      fs.writeFileSync(path.join(dir, Lock.FILE), JSON.stringify(stale))
      expect((yield* Lock.held(dir)).map((f) => f.live)).toStrictEqual([false])
      const notes: Array<Lock.TakenOver> = []
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* Lock.acquire(dir, { command: "facts", onTakeOver: (t) => Effect.sync(() => notes.push(t)) })
          expect(JSON.parse(fs.readFileSync(path.join(dir, Lock.FILE), "utf8")).pid).toBe(process.pid)
        })
      )
      expect(notes).toHaveLength(1)
      expect(notes[0]!.previous).toStrictEqual(stale)
      expect(Lock.describeTakeOver(notes[0]!)).toContain(`pid ${stale.pid}`)
      expect(fs.readdirSync(dir)).toStrictEqual([])
    })
  )

  it.effect("a damaged lock file is taken over; a lock of another host is not", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      fs.writeFileSync(path.join(dir, Lock.FILE), "{")
      yield* Effect.scoped(Lock.acquire(dir, { command: "generate" }))
      const other = {
        pid: process.pid,
        host: `not-${hostname()}`,
        since: "2024-01-01T00:00:00Z",
        command: "merge"
      }
      fs.writeFileSync(path.join(dir, Lock.FILE), JSON.stringify(other))
      const e = failure(yield* Effect.exit(Effect.scoped(Lock.acquire(dir, { command: "generate" }))))
      expect(e.message).toContain(`on not-${hostname()} since 2024-01-01T00:00:00Z (merge)`)
    })
  )

  it.effect("shards of one run lock side by side; a whole run excludes them and the other way round", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* Lock.acquire(dir, { command: "generate", shard: { index: 0, count: 2 } })
          yield* Lock.acquire(dir, { command: "generate", shard: { index: 1, count: 2 } })
          expect(fs.readdirSync(dir).sort()).toStrictEqual([
            "_lock.part-1-of-2.json",
            "_lock.part-2-of-2.json"
          ])
          const same = yield* Effect.exit(
            Effect.scoped(Lock.acquire(dir, { command: "generate", shard: { index: 1, count: 2 } }))
          )
          expect(failure(same)._tag).toBe("DatasetLocked")
          const whole = yield* Effect.exit(Effect.scoped(Lock.acquire(dir, { command: "merge" })))
          expect(failure(whole)._tag).toBe("DatasetLocked")
        })
      )
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* Lock.acquire(dir, { command: "merge" })
          const shard = yield* Effect.exit(
            Effect.scoped(Lock.acquire(dir, { command: "generate", shard: { index: 0, count: 2 } }))
          )
          expect(failure(shard)._tag).toBe("DatasetLocked")
        })
      )
      expect(fs.readdirSync(dir)).toStrictEqual([])
    })
  )
})

describe("two writers into one dataset", () => {
  it.effect("a writer fails at once while another holds the directory: facts, master and merge too", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const config = smallConfig(dir, { dates: { end: "2024-02-01" } })
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* Lock.acquire(config.paths.facts, { command: "generate" })
          const attempts: ReadonlyArray<
            Effect.Effect<unknown, { readonly _tag: string; readonly message: string }>
          > = [Generator.generate(config, FAST), Generator.facts(config, FAST), Generator.merge(config)]
          for (const attempt of attempts) {
            const e = failure(yield* Effect.exit(attempt))
            expect(e._tag).toBe("DatasetLocked")
            expect(e.message).toContain(`is being written by pid ${process.pid}`)
          }
        })
      )
      // nothing was written, not even the directories
      expect(fs.readdirSync(dir)).toStrictEqual([])
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* Lock.acquire(config.paths.master, { command: "master" })
          expect(failure(yield* Effect.exit(Generator.master(config)))._tag).toBe("DatasetLocked")
        })
      )
    })
  )

  for (const [name, secondSeed] of [
    ["the same configuration", 5],
    ["different seeds", 6]
  ] as const) {
    it.effect(`${name}: the second fails while the first runs, and the first's dataset is intact`, () =>
      Effect.gen(function* () {
        const alone = freshDir()
        yield* Generator.generate(smallConfig(alone), FAST)
        const dir = freshDir()
        const config = smallConfig(dir)
        const second = smallConfig(dir, { seed: secondSeed })
        const seen: Array<string> = []
        const summary = yield* Generator.generate(config, {
          ...FAST,
          onEvent: (e) =>
            e._tag !== "DayCommitted" || e.index !== 0
              ? Effect.void
              : // the first writer is between two days: start the second one now
                Effect.gen(function* () {
                  const exit = yield* Effect.exit(Generator.generate(second, FAST))
                  const err = failure(exit)
                  seen.push(err._tag, err.message)
                })
        })
        expect(seen[0]).toBe("DatasetLocked")
        expect(seen[1]).toMatch(
          new RegExp(
            `^dataset .*/(master|facts) is being written by pid ${process.pid} on .* since \\S+ \\(generate\\)`
          )
        )
        expect(summary.days).toBe(4)
        expectSameTree(alone, dir)
      })
    )
  }

  it.effect("a run that finds a stale lock takes it over and says so", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const config = smallConfig(dir, { dates: { end: "2024-02-01" } })
      fs.mkdirSync(config.paths.facts, { recursive: true })
      const stale = {
        pid: deadPid(),
        host: hostname(),
        since: "2024-01-01T00:00:00.000Z",
        command: "generate"
      }
      fs.writeFileSync(path.join(config.paths.facts, Lock.FILE), JSON.stringify(stale))
      const taken: Array<Generator.Event> = []
      yield* Generator.generate(config, {
        ...FAST,
        onEvent: (e) => (e._tag === "LockTakenOver" ? Effect.sync(() => taken.push(e)) : Effect.void)
      })
      expect(taken).toHaveLength(1)
      expect(taken[0]).toMatchObject({ dir: config.paths.facts, previous: stale })
      expect(fs.existsSync(path.join(config.paths.facts, Lock.FILE))).toBe(false)
    })
  )
})
