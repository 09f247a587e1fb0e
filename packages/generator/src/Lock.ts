/**
 * The writer lock of a dataset directory: every writer (`generate`, `facts`, `master`, `merge`)
 * holds it for the whole run, so a second writer fails at once instead of mixing its files into
 * the first one's dataset.
 *
 * The lock is a small JSON file in the directory (`_lock.json`; `_lock.part-k-of-n.json` for a
 * shard of a split run, so the shards of one run may write side by side) created atomically:
 * written under a temporary name, then hard-linked to its final name, which fails when the name
 * exists. It records the holder's pid, host, start time and command. It is removed when the run
 * ends — success, failure or interruption (`Effect.acquireRelease`). A lock left by a process
 * that is gone (same host, pid no longer running: a killed run) is taken over, with a
 * `LockTakenOver` note. A whole-run lock excludes every shard lock and the other way round.
 *
 * @example
 * import { Effect } from "effect"
 * import { Lock } from "@retail-datagen/generator"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     yield* Lock.acquire("data/facts", { command: "my-writer" })
 *     // … write into data/facts …
 *   })
 * )
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import { hostname } from "node:os"
import * as path from "node:path"
import type { Plugin } from "@retail-datagen/core"
import { Directory, SinkError } from "@retail-datagen/sinks"
import { Effect, Schema, type Scope } from "effect"

/** The lock file of a whole run. */
export const FILE = "_lock.json"

/** Lock files: `_lock.json` and `_lock.part-k-of-n.json`. */
export const PATTERN = /^_lock(?:\.part-(\d+)-of-(\d+))?\.json$/

/** The lock file name of `shard` (`_lock.json` for a whole run). */
export const fileOf = (shard: Plugin.Shard = { index: 0, count: 1 }): string =>
  shard.count === 1 ? FILE : `_lock.part-${shard.index + 1}-of-${shard.count}.json`

/** What a lock file records. */
export const Holder = Schema.Struct({
  pid: Schema.Number,
  host: Schema.String,
  /** When the writer took the lock (ISO-8601). */
  since: Schema.String,
  /** What is writing, e.g. `generate`. */
  command: Schema.String
})
export interface Holder extends Schema.Schema.Type<typeof Holder> {}

/** A lock found in a directory: its file and holder. */
export interface Found extends Holder {
  /** The lock file's path. */
  readonly file: string
  /** Whether its process still runs (always true for another host: it cannot be checked). */
  readonly live: boolean
}

/** Another writer holds the dataset directory. */
export class DatasetLocked extends Schema.TaggedError<DatasetLocked>()("DatasetLocked", {
  /** The locked directory. */
  dir: Schema.String,
  /** The lock file. */
  file: Schema.String,
  pid: Schema.Number,
  host: Schema.String,
  since: Schema.String,
  command: Schema.String
}) {
  override get message(): string {
    return `dataset ${this.dir} is being written by pid ${this.pid} on ${this.host} since ${this.since} (${this.command}); wait for it to finish, or remove ${this.file} if that process is gone`
  }
}

/** A lock taken over from a process that is gone. */
export interface TakenOver {
  readonly dir: string
  readonly file: string
  /** The process that left the lock. */
  readonly previous: Holder
}

/** Options of `acquire`. */
export interface Options {
  /** What is writing (recorded in the file, shown to a second writer). */
  readonly command: string
  /** The part of a split run this writer is (default: the whole run). */
  readonly shard?: Plugin.Shard | undefined
  /** Called when a stale lock is taken over. */
  readonly onTakeOver?: ((taken: TakenOver) => Effect.Effect<void>) | undefined
}

const thisHost = hostname()

/** Whether process `pid` runs on this host. */
const alive = (pid: number): boolean => {
  if (pid === process.pid) return true
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as { code?: string }).code === "EPERM"
  }
}

const decodeHolder = Schema.decodeUnknownOption(Schema.parseJson(Holder))

/** Reads a lock file: its holder, `null` when it is damaged, `undefined` when it is not there. */
const readHolder = async (file: string): Promise<Holder | null | undefined> => {
  let text: string
  try {
    text = await fs.readFile(file, "utf8")
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return undefined
    throw e
  }
  const h = decodeHolder(text)
  return h._tag === "Some" ? h.value : null
}

const isLive = (h: Holder): boolean => h.host !== thisHost || alive(h.pid)

const same = (a: Holder, b: Holder): boolean =>
  a.pid === b.pid && a.host === b.host && a.since === b.since && a.command === b.command

/** The locks in `dir` (none when it does not exist), with whether their writers still run. */
export const held = (dir: string): Effect.Effect<ReadonlyArray<Found>> =>
  Effect.promise(async () => {
    const names = await fs.readdir(dir).catch(() => [] as Array<string>)
    const out: Array<Found> = []
    for (const name of names.filter((n) => PATTERN.test(n)).sort()) {
      const file = path.join(dir, name)
      const h = await readHolder(file).catch(() => undefined)
      if (h === undefined) continue
      if (h === null) out.push({ file, pid: 0, host: "?", since: "?", command: "?", live: false })
      else out.push({ file, ...h, live: isLive(h) })
    }
    return out
  })

/** The first live lock among `dirs` (for readers such as `validate`). */
export const firstLive = (
  dirs: ReadonlyArray<string>
): Effect.Effect<(Found & { dir: string }) | undefined> =>
  Effect.gen(function* () {
    for (const dir of dirs) {
      const live = (yield* held(dir)).find((f) => f.live)
      if (live !== undefined) return { ...live, dir }
    }
    return undefined
  })

type Outcome =
  | { readonly _tag: "Acquired"; readonly holder: Holder; readonly taken: ReadonlyArray<Holder> }
  | { readonly _tag: "Locked"; readonly file: string; readonly holder: Holder }

/** Links a file holding `holder` to `file`; false when `file` exists. */
const create = async (file: string, holder: Holder): Promise<boolean> => {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`
  )
  await fs.writeFile(temp, `${JSON.stringify(holder)}\n`, { flag: "wx", mode: 0o644 })
  try {
    await fs.link(temp, file)
    return true
  } catch (e) {
    if ((e as { code?: string }).code === "EEXIST") return false
    throw e
  } finally {
    await fs.unlink(temp).catch(() => undefined)
  }
}

/**
 * Moves a stale lock out of the way, then checks that what was moved is the stale lock read
 * before (another writer may have taken it over meanwhile: then it is put back and the
 * directory counts as locked by that writer).
 */
const evict = async (file: string, stale: Holder | null): Promise<Holder | undefined> => {
  const aside = `${file}.stale-${process.pid}-${randomBytes(6).toString("hex")}`
  try {
    await fs.rename(file, aside)
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return undefined
    throw e
  }
  const moved = await readHolder(aside).catch(() => null)
  if (moved === undefined || moved === null || stale === null || same(moved, stale) || !isLive(moved)) {
    await fs.unlink(aside).catch(() => undefined)
    return undefined
  }
  // a live writer's fresh lock: restore it (unless yet another lock appeared, which then rules)
  await fs.link(aside, file).catch(() => undefined)
  await fs.unlink(aside).catch(() => undefined)
  return moved
}

/** Takes the lock file `file`, taking over stale locks; at most a few rounds. */
const take = async (file: string, holder: Holder, taken: Array<Holder>): Promise<Outcome> => {
  for (let round = 0; round < 8; round++) {
    if (await create(file, holder)) return { _tag: "Acquired", holder, taken }
    const current = await readHolder(file)
    if (current === undefined) continue // released meanwhile
    if (current !== null && isLive(current)) return { _tag: "Locked", file, holder: current }
    const live = await evict(file, current)
    if (live !== undefined) return { _tag: "Locked", file, holder: live }
    if (current !== null) taken.push(current)
  }
  const current = await readHolder(file)
  return current === null || current === undefined
    ? { _tag: "Locked", file, holder: { pid: 0, host: "?", since: "?", command: "?" } }
    : { _tag: "Locked", file, holder: current }
}

/**
 * Removes the directories the lock created (`dir` up to `created`) when they are empty: a run
 * that failed before writing anything leaves nothing behind.
 */
const removeEmpty = (dir: string, created: string | undefined): Effect.Effect<void> =>
  created === undefined
    ? Effect.void
    : Effect.promise(async () => {
        const top = path.resolve(created)
        for (let d = path.resolve(dir); ; d = path.dirname(d)) {
          try {
            await fs.rmdir(d)
          } catch {
            return
          }
          if (d === top || path.dirname(d) === d) return
        }
      })

/** Removes `file` if it still records `holder`. */
const release = (file: string, holder: Holder): Effect.Effect<void> =>
  Effect.promise(async () => {
    const current = await readHolder(file).catch(() => undefined)
    if (current !== undefined && current !== null && same(current, holder)) {
      await fs.unlink(file).catch(() => undefined)
    }
  })

/** The other lock files that exclude `name`: every shard lock for a whole run, the whole lock for a shard. */
const conflicting = (dir: string, name: string): Effect.Effect<Found | undefined> =>
  Effect.map(held(dir), (found) =>
    found.find((f) => {
      const other = path.basename(f.file)
      return f.live && other !== name && (name === FILE || other === FILE)
    })
  )

const lockedError = (dir: string, file: string, h: Holder) =>
  new DatasetLocked({ dir, file, pid: h.pid, host: h.host, since: h.since, command: h.command })

/**
 * Takes the writer lock of `dir` (created when missing) for the current scope: fails with
 * `DatasetLocked` when another live writer holds it (or, for a shard, the whole dataset; for a
 * whole run, any shard), takes over a lock whose process is gone, and removes the lock when the
 * scope closes.
 */
export const acquire = (
  dir: string,
  options: Options
): Effect.Effect<void, DatasetLocked | SinkError.SinkError, Scope.Scope> => {
  const name = fileOf(options.shard)
  const file = path.join(dir, name)
  const acquireOnce = Effect.gen(function* () {
    const created = yield* Effect.tryPromise({
      try: () => Directory.create(dir),
      catch: (e) =>
        (e as { code?: string }).code === "EEXIST"
          ? new SinkError.SinkError({
              path: dir,
              operation: "mkdir",
              code: "EEXIST",
              reason: "a file of that name exists and is not a directory"
            })
          : SinkError.fromCause(dir, "mkdir", e)
    })
    const holder: Holder = {
      pid: process.pid,
      host: thisHost,
      since: new Date().toISOString(),
      command: options.command
    }
    const outcome = yield* Effect.tryPromise({
      try: () => take(file, holder, []),
      catch: (e) => SinkError.fromCause(file, "open", e)
    }).pipe(Effect.tapError(() => removeEmpty(dir, created)))
    return { ...outcome, created }
  })
  return Effect.acquireRelease(acquireOnce, (o) =>
    Effect.zipRight(
      o._tag === "Acquired" ? release(file, o.holder) : Effect.void,
      removeEmpty(dir, o.created)
    )
  ).pipe(
    Effect.flatMap((o) =>
      Effect.gen(function* () {
        if (o._tag === "Locked") return yield* lockedError(dir, o.file, o.holder)
        const other = yield* conflicting(dir, name)
        if (other !== undefined) return yield* lockedError(dir, other.file, other)
        if (options.onTakeOver !== undefined) {
          for (const previous of o.taken) yield* options.onTakeOver({ dir, file, previous })
        }
      })
    )
  )
}

/**
 * Takes the writer locks of several directories (duplicates, by resolved path, taken once) for
 * the current scope, in the order given.
 */
export const acquireAll = (
  dirs: ReadonlyArray<{ readonly dir: string; readonly shard?: Plugin.Shard | undefined }>,
  options: Omit<Options, "shard">
): Effect.Effect<void, DatasetLocked | SinkError.SinkError, Scope.Scope> =>
  Effect.gen(function* () {
    const seen = new Set<string>()
    for (const d of dirs) {
      const key = path.resolve(d.dir)
      if (seen.has(key)) continue
      seen.add(key)
      yield* acquire(d.dir, { ...options, shard: d.shard })
    }
  })

/** The note of a lock taken over, e.g. for a log line. */
export const describeTakeOver = (t: TakenOver): string =>
  `took over the lock of ${t.dir}: left by pid ${t.previous.pid} on ${t.previous.host} since ${t.previous.since} (${t.previous.command}), which is no longer running`
