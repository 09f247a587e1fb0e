/**
 * Reading a dataset directory (DATA-CONTRACT §1 layout) into a session, file by file and chunk
 * by chunk: `master/<table>.csv|parquet`, then per day (ascending) the day's partition of every
 * fact table, `facts/<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.csv|parquet`, in feed order. Any
 * table or partition may be CSV or Parquet; when both files exist the CSV is read and the
 * Parquet one is a finding. Unexpected files are findings. Nothing here throws on bad input.
 */
import { createHash, type Hash } from "node:crypto"
import { createReadStream } from "node:fs"
import { readdir } from "node:fs/promises"
import { join } from "node:path"
import { Calendar } from "@retail-datagen/core"
import type { Progress } from "../Validate.js"
import type { Chunk } from "./chunk.js"
import { CsvParser } from "./csv.js"
import { Duck, literal, reason } from "./duck.js"
import type { Findings } from "./findings.js"
import { csvRows, dataFiles, type Inventory, type Listed, sha256Of, sizeOf } from "./inventory.js"
import { ParquetTable } from "./parquet.js"
import { CsvTable } from "./readers.js"
import type { Session } from "./session.js"
import * as S from "./spec.js"

const CHUNK_BYTES = 1 << 20

const emitter =
  (session: Session, spec: S.TableSpec) =>
  (chunk: Chunk): void =>
    spec.fact ? session.fact(chunk) : session.master(chunk)

/** Streams one CSV file into the session; read errors become findings. */
export const readCsv = async (
  session: Session,
  root: string,
  rel: string,
  spec: S.TableSpec,
  hash?: Hash
): Promise<void> => {
  const source = session.source(rel)
  const sink = new CsvTable(spec, source, session.format, emitter(session, spec))
  const parser = new CsvParser(sink)
  let empty = true
  try {
    const stream = createReadStream(join(root, rel), { highWaterMark: CHUNK_BYTES })
    for await (const buf of stream) {
      if ((buf as Buffer).length > 0) empty = false
      hash?.update(buf as Buffer)
      parser.push(buf as Buffer)
      if (parser.stopped) {
        stream.destroy()
        break
      }
    }
    parser.end()
  } catch (e) {
    session.format.add(spec.name, source, 0, `cannot read: ${(e as Error).message}`)
    return
  }
  if (empty) session.format.add(spec.name, source, 0, "empty file: no header row")
  else sink.flush()
}

/**
 * Streams one Parquet file into the session through DuckDB, 2,048 rows at a time; an unreadable
 * file or schema becomes a finding.
 */
export const readParquet = async (
  session: Session,
  duck: Duck,
  root: string,
  rel: string,
  spec: S.TableSpec
): Promise<void> => {
  const source = session.source(rel)
  const sink = new ParquetTable(spec, source, session.format, emitter(session, spec))
  const from = `read_parquet(${literal(join(root, rel))})`
  try {
    const connection = await duck.connect()
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)
    const select = sink.plan(described.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) })))
    if (select === undefined) return
    const result = await connection.stream(`SELECT ${select} FROM ${from}`)
    // DuckDB produces the next chunk while this one is decoded
    const fetch = () => {
      const p = result.fetchChunk()
      p.catch(() => undefined) // awaited below; not unhandled if decoding throws first
      return p
    }
    let next = fetch()
    for (;;) {
      const data = await next
      if (data === null || data.rowCount === 0) break
      next = fetch()
      sink.read(data)
    }
  } catch (e) {
    session.format.add(spec.name, source, 0, `cannot read: ${reason(e)}`)
    return
  }
  sink.flush()
}

const list = async (dir: string): Promise<Array<{ name: string; dir: boolean }> | undefined> => {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries
      .map((e) => ({ name: e.name, dir: e.isDirectory() }))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
  } catch {
    return undefined
  }
}

const DT = /^dt=(\d{4}-\d{2}-\d{2})$/

/** The file to read among `<base>.csv` and `<base>.parquet` in `names` (CSV first), and the one left. */
const pick = (
  names: ReadonlySet<string>,
  base: string
): { read: string | undefined; left: string | undefined } => {
  const csv = names.has(`${base}.csv`) ? `${base}.csv` : undefined
  const parquet = names.has(`${base}.parquet`) ? `${base}.parquet` : undefined
  return csv !== undefined ? { read: csv, left: parquet } : { read: parquet, left: undefined }
}

const BOTH = (read: string): string => `a second file for the same data: ${read} is read, this one is not`

/** A shard's part of a partition file: `<base>.part-k-of-N.<csv|parquet>` (a split run not yet merged). */
const PART = /^(.+)\.part-(\d+)-of-(\d+)\.(csv|parquet)$/

/**
 * The part files of `base` among `names`, in shard order, when they are one complete set of one
 * format (`parts`); otherwise why not (`problem`). `undefined` when there are none.
 */
const partsOf = (
  names: ReadonlyArray<string>,
  base: string
): { parts: ReadonlyArray<string> } | { problem: string } | undefined => {
  const found = names.flatMap((name) => {
    const m = PART.exec(name)
    return m !== null && m[1] === base ? [{ name, k: Number(m[2]), n: Number(m[3]), ext: m[4]! }] : []
  })
  if (found.length === 0) return undefined
  const { n, ext } = found[0]!
  if (found.some((f) => f.n !== n || f.ext !== ext)) {
    return { problem: "part files of different splits or formats in one partition" }
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !found.some((f) => f.k === k))
  if (missing.length > 0) return { problem: `part ${missing.join(", ")} of ${n} is missing` }
  return { parts: found.sort((a, b) => a.k - b.k).map((f) => f.name) }
}

/** Progress of reading a dataset: files and bytes read of those to read. */
/** How a dataset on disk is read besides the contract checks. */
export interface DiskOptions {
  /** The manifests and the files they list (checked when present). */
  readonly inventory: Inventory
  /** Findings of the file check (listed files present, rows, bytes, sha256; no stray files). */
  readonly files: Findings
  /** Compare the sha256 of every listed file (default true). */
  readonly hashes: boolean
  readonly onProgress?: ((p: Progress) => void) | undefined
  /** The specs of the plugin tables to read (fed after the contract tables of each day). */
  readonly plugins: ReadonlyArray<S.TableSpec>
}

/** Validates `root` into `session`. */
export const readDirectory = async (session: Session, root: string, options: DiskOptions): Promise<void> => {
  const duck = new Duck()
  try {
    await readAll(session, duck, root, options)
  } finally {
    await duck.close()
  }
}

/** `name` is a file of the writer itself at the top of master/ or facts/ (`_manifest.json`, `_state/`, …). */
const own = (name: string): boolean => name.startsWith("_")

const thousands = (n: number): string => `${n}`.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

const readAll = async (session: Session, duck: Duck, root: string, options: DiskOptions): Promise<void> => {
  const format = session.format
  const { inventory, files: check } = options
  for (const u of inventory.unreadable) check.addFile("", u.rel, 0, u.reason)
  // 1. listed files that are not there: first, and their day's table is left out of the
  //    cross-table checks (a missing file is reported once, not through its side effects)
  const missingOn = new Map<number, Set<string>>()
  const present = new Map<string, number>()
  for (const l of inventory.listed.values()) {
    const size = await sizeOf(join(root, l.rel))
    if (size === undefined) {
      check.addFile(
        l.table,
        l.rel,
        0,
        `missing: listed in ${l.manifest} (${thousands(l.rows)} rows), not on disk`
      )
      if (l.day !== undefined && Calendar.isValid(l.day)) {
        const day = Calendar.parse(l.day)
        let set = missingOn.get(day)
        if (set === undefined) missingOn.set(day, (set = new Set()))
        set.add(l.table)
      }
    } else present.set(l.rel, size)
  }
  // 2. files that no manifest lists, in a directory that has one
  for (const sub of ["master", "facts"] as const) {
    const listedHere = sub === "master" ? inventory.masterListed : inventory.factsListed
    if (!listedHere) continue
    const manifest = inventory.manifests.find((m) => m.startsWith(`${sub}/`))!
    for (const rel of await dataFiles(root, sub)) {
      if (!inventory.listed.has(rel)) check.addFile("", rel, 0, `stray file: not listed in ${manifest}`)
    }
  }
  // 3. what to read: master tables, then per day the day's partition of every fact table
  const masterReads: Array<{ rel: string; spec: S.TableSpec }> = []
  const master = await list(join(root, "master"))
  if (master === undefined) format.note("no master/ directory: dimension checks skipped")
  else {
    const names = new Set(master.filter((e) => !e.dir).map((e) => e.name))
    for (const spec of S.MASTER) {
      const { read, left } = pick(names, spec.name)
      if (read === undefined) continue
      if (left !== undefined) format.add(spec.name, session.source(`master/${left}`), 0, BOTH(read))
      masterReads.push({ rel: `master/${read}`, spec })
    }
    for (const e of master) {
      const known = S.MASTER.some((t) => e.name === `${t.name}.csv` || e.name === `${t.name}.parquet`)
      if (!known && !own(e.name)) format.note(`master/${e.name} ignored: not a contract table`)
    }
  }
  const factsDir = await list(join(root, "facts"))
  if (factsDir === undefined) format.note("no facts/ directory: fact checks skipped")
  const files = new Map<string, Map<number, ReadonlyArray<string>>>()
  for (const e of factsDir ?? []) {
    if (own(e.name)) continue
    const spec = S.byName.get(e.name) ?? options.plugins.find((t) => t.name === e.name)
    if (spec === undefined || !spec.fact || !e.dir) {
      format.note(`facts/${e.name} ignored: neither a contract fact table nor a declared plugin table`)
      continue
    }
    const days = new Map<number, ReadonlyArray<string>>()
    files.set(spec.name, days)
    for (const part of (await list(join(root, "facts", e.name))) ?? []) {
      const rel = `facts/${e.name}/${part.name}`
      const m = DT.exec(part.name)
      if (m === null || !part.dir || !Calendar.isValid(m[1]!)) {
        format.add(
          spec.name,
          session.source(rel),
          0,
          "unexpected entry: partitions are dt=YYYY-MM-DD directories"
        )
        continue
      }
      const day = Calendar.parse(m[1]!)
      const base = `${spec.name}_${Calendar.compact(day)}`
      const entries = (await list(join(root, rel))) ?? []
      const fileNames = entries.filter((f) => !f.dir).map((f) => f.name)
      const { read, left } = pick(new Set(fileNames), base)
      // Without the partition file, a complete set of shard part files stands for it (their rows
      // together are the day's rows); next to it (a merge with --keep-parts), parts are noted.
      const parts = partsOf(fileNames, base)
      const partNames = new Set(parts !== undefined && "parts" in parts ? parts.parts : [])
      if (read !== undefined) days.set(day, [`${rel}/${read}`])
      else if (parts !== undefined && "parts" in parts)
        days.set(
          day,
          parts.parts.map((p) => `${rel}/${p}`)
        )
      if (parts !== undefined && "problem" in parts && read === undefined) {
        format.add(
          spec.name,
          session.source(`${rel}/${base}.part-*`),
          0,
          `shard part files: ${parts.problem}`
        )
      }
      for (const file of entries) {
        if (file.name === read && !file.dir) continue
        if (partNames.has(file.name) || (read !== undefined && PART.exec(file.name)?.[1] === base)) {
          if (read !== undefined)
            format.note(`${rel}/${file.name} ignored: part file kept next to the merged ${read}`)
          continue
        }
        if (read === undefined && PART.exec(file.name)?.[1] === base) continue
        const why =
          file.name === left && !file.dir
            ? BOTH(read!)
            : `unexpected file: the partition file is ${base}.csv or ${base}.parquet`
        format.add(spec.name, session.source(`${rel}/${file.name}`), 0, why)
      }
    }
  }
  const facts = [...S.FACTS, ...options.plugins]
  const allDays = [...new Set([...files.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b)
  const provided = [...files.keys()]
  // 4. read, checking each listed file's rows and sha256 on the way
  const toRead = [
    ...masterReads.map((r) => r.rel),
    ...allDays.flatMap((day) => facts.flatMap((spec) => files.get(spec.name)?.get(day) ?? []))
  ]
  const sizes = await Promise.all(toRead.map((rel) => present.get(rel) ?? sizeOf(join(root, rel))))
  const progress = {
    files: 0,
    totalFiles: toRead.length,
    bytes: 0,
    totalBytes: sizes.reduce<number>((n, b) => n + (b ?? 0), 0)
  }
  const seen = new Set<string>()
  const read = async (rel: string, spec: S.TableSpec): Promise<void> => {
    const listed = inventory.listed.get(rel)
    const hash = listed !== undefined && options.hashes ? createHash("sha256") : undefined
    const before = session.rows
    if (rel.endsWith(".parquet")) await readParquet(session, duck, root, rel, spec)
    else await readCsv(session, root, rel, spec, hash)
    seen.add(rel)
    if (listed !== undefined) {
      const digest =
        hash === undefined
          ? undefined
          : rel.endsWith(".parquet")
            ? await sha256Of(join(root, rel)).catch(() => "")
            : hash.digest("hex")
      compare(check, listed, present.get(rel), session.rows - before, digest)
    }
    const size = present.get(rel) ?? (await sizeOf(join(root, rel))) ?? 0
    progress.files++
    progress.bytes += size
    options.onProgress?.({ ...progress, file: rel })
  }
  for (const { rel, spec } of masterReads) {
    session.provideMaster(spec)
    await read(rel, spec)
  }
  for (const day of allDays) {
    const gone = missingOn.get(day)
    session.beginDay(day, gone === undefined ? provided : provided.filter((t) => !gone.has(t)))
    for (const spec of facts) {
      for (const rel of files.get(spec.name)?.get(day) ?? []) await read(rel, spec)
    }
    session.endDay()
  }
  // 5. listed files the contract checks do not read (plugin tables, parts next to a merge)
  for (const listed of inventory.listed.values()) {
    const size = present.get(listed.rel)
    if (seen.has(listed.rel) || size === undefined) continue
    const file = join(root, listed.rel)
    const rows = listed.rel.endsWith(".csv") ? await csvRows(file).catch(() => undefined) : undefined
    const digest = options.hashes ? await sha256Of(file).catch(() => "") : undefined
    compare(check, listed, size, rows, digest)
  }
  if (missingOn.size > 0) {
    check.note("tables with a missing file were left out of the cross-table checks of that day")
  }
}

/** Compares a listed file with what was found: bytes, rows (when counted), sha256 (when computed). */
const compare = (
  check: Findings,
  listed: Listed,
  bytes: number | undefined,
  rows: number | undefined,
  sha256: string | undefined
): void => {
  check.rows += rows ?? 0
  const problems: Array<string> = []
  if (rows !== undefined && rows !== listed.rows)
    problems.push(`${thousands(rows)} rows, ${listed.manifest} says ${thousands(listed.rows)}`)
  if (bytes !== undefined && bytes !== listed.bytes)
    problems.push(`${thousands(bytes)} bytes, ${listed.manifest} says ${thousands(listed.bytes)}`)
  if (sha256 !== undefined && sha256 !== listed.sha256)
    problems.push(
      `content differs from ${listed.manifest} (sha256 ${sha256.slice(0, 12)}…, listed ${listed.sha256.slice(0, 12)}…)`
    )
  if (problems.length > 0) check.addFile(listed.table, listed.rel, 0, `changed: ${problems.join("; ")}`)
}
