/**
 * I8 determinism: two dataset directories are byte-identical. Files are compared by SHA-256
 * (streamed, 1 MiB at a time); a differing file is reported with the first line that differs.
 *
 * @example
 * import { Effect } from "effect"
 * import { Determinism, Report } from "@retail-datagen/validation"
 * const i8 = await Effect.runPromise(Determinism.compare("run-a", "run-b"))
 * console.log(Report.text(Report.make([i8])))
 */
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { open, readdir, stat } from "node:fs/promises"
import { join } from "node:path"
import { Effect } from "effect"
import { Findings } from "./internal/findings.js"
import type { CheckResult } from "./Report.js"
import { DatasetNotFound } from "./Validate.js"

const BLOCK = 1 << 20

const walk = async (root: string, rel = ""): Promise<Array<string>> => {
  const entries = await readdir(join(root, rel), { withFileTypes: true })
  const out: Array<string> = []
  for (const e of entries) {
    const path = rel === "" ? e.name : `${rel}/${e.name}`
    if (e.isDirectory()) out.push(...(await walk(root, path)))
    else out.push(path)
  }
  return out
}

const sha256 = async (path: string): Promise<string> => {
  const hash = createHash("sha256")
  for await (const buf of createReadStream(path, { highWaterMark: BLOCK })) hash.update(buf as Buffer)
  return hash.digest("hex")
}

/** 1-based line of the first byte where two files differ (or where the shorter one ends). */
const firstDifference = async (a: string, b: string): Promise<number> => {
  const fa = await open(a)
  const fb = await open(b)
  try {
    const ba = Buffer.alloc(BLOCK)
    const bb = Buffer.alloc(BLOCK)
    let line = 1
    let pos = 0
    for (;;) {
      const ra = (await fa.read(ba, 0, BLOCK, pos)).bytesRead
      const rb = (await fb.read(bb, 0, BLOCK, pos)).bytesRead
      const n = Math.min(ra, rb)
      let i = 0
      while (i < n && ba[i] === bb[i]) {
        if (ba[i] === 10) line++
        i++
      }
      if (i < n || ra !== rb || ra === 0) return line
      pos += n
    }
  } finally {
    await fa.close()
    await fb.close()
  }
}

const tableOf = (rel: string): string => {
  const parts = rel.split("/")
  if (parts[0] === "facts" && parts.length > 1) return parts[1]!
  if (parts[0] === "master" && parts.length > 1) return parts[1]!.replace(/\.[^.]*$/, "")
  return ""
}

const directoryOf = (root: string) =>
  Effect.tryPromise({
    try: () => stat(root),
    catch: (e) => new DatasetNotFound({ path: root, reason: (e as Error).message })
  }).pipe(
    Effect.filterOrFail(
      (s) => s.isDirectory(),
      () => new DatasetNotFound({ path: root, reason: "not a directory" })
    )
  )

/** SHA-256 of every file under `root`, keyed by its `/`-separated relative path, sorted. */
export const checksums = (root: string): Effect.Effect<ReadonlyMap<string, string>, DatasetNotFound> =>
  Effect.gen(function* () {
    yield* directoryOf(root)
    const unreadable = (e: unknown) => new DatasetNotFound({ path: root, reason: (e as Error).message })
    const files = (yield* Effect.tryPromise({ try: () => walk(root), catch: unreadable })).sort()
    const out = new Map<string, string>()
    for (const rel of files) {
      out.set(rel, yield* Effect.tryPromise({ try: () => sha256(join(root, rel)), catch: unreadable }))
    }
    return out
  })

/**
 * Compares two dataset directories file by file. Violations: a file present in only one of
 * them, or differing bytes (the example names the file and its first differing line).
 */
export const compare = (
  a: string,
  b: string,
  options: { readonly examples?: number } = {}
): Effect.Effect<CheckResult, DatasetNotFound> =>
  Effect.gen(function* () {
    const left = yield* checksums(a)
    const right = yield* checksums(b)
    const f = new Findings("I8", options.examples ?? 5, [])
    const all = [...new Set([...left.keys(), ...right.keys()])].sort()
    for (const rel of all) {
      f.rows++
      const x = left.get(rel)
      const y = right.get(rel)
      if (x === y) continue
      if (x === undefined || y === undefined) {
        f.addFile(tableOf(rel), rel, 0, `only in ${x === undefined ? b : a}`)
        continue
      }
      const line = yield* Effect.tryPromise({
        try: () => firstDifference(join(a, rel), join(b, rel)),
        catch: (e) => new DatasetNotFound({ path: b, reason: (e as Error).message })
      })
      f.addFile(
        tableOf(rel),
        rel,
        line,
        `differs from ${join(b, rel)} (sha256 ${x.slice(0, 12)}… vs ${y.slice(0, 12)}…)`
      )
    }
    return f.result()
  })
