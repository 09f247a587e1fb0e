/**
 * The file inventory of a dataset on disk: what its manifests list (`master/_manifest.json`,
 * `facts/_manifest.json`, `facts/_manifest.part-k-of-n.json` — path, rows, bytes and sha256 per
 * file) against what is there. Files of the writer itself (manifests, `_config.json`, saved
 * states, locks: any top-level entry whose name starts with `_`) are neither data nor stray.
 */
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { readdir, readFile, stat } from "node:fs/promises"
import { join } from "node:path"
import type { Table } from "@retail-datagen/core"

/** One file a manifest lists, by its path relative to the dataset root. */
export interface Listed {
  readonly rel: string
  /** The manifest that lists it, relative to the root. */
  readonly manifest: string
  readonly rows: number
  readonly bytes: number
  readonly sha256: string
  /** Fact files: table and partition date. */
  readonly table: string
  readonly day: string | undefined
}

/** The manifests found and the files they list. */
export interface Inventory {
  /** Manifest files read, relative to the root. */
  readonly manifests: ReadonlyArray<string>
  /** Manifests that could not be read: path and why. */
  readonly unreadable: ReadonlyArray<{ readonly rel: string; readonly reason: string }>
  /** Every listed file. */
  readonly listed: ReadonlyMap<string, Listed>
  /** Whether the master and facts directories have a manifest. */
  readonly masterListed: boolean
  readonly factsListed: boolean
  /**
   * The declarations of the plugin tables the facts manifests record (`plugins[].tables`: name,
   * columns with their types, partition key), by table name.
   */
  readonly declared: ReadonlyMap<string, Table.Table>
}

const MANIFEST = /^_manifest(?:\.part-\d+-of-\d+)?\.json$/

const asEntries = (json: unknown): ReadonlyArray<Record<string, unknown>> | undefined => {
  const files = (json as { files?: unknown } | null)?.files
  return Array.isArray(files) && files.every((f) => typeof f === "object" && f !== null)
    ? (files as ReadonlyArray<Record<string, unknown>>)
    : undefined
}

const KINDS = new Set(["int", "cents", "float", "timestamp", "date", "bool", "id", "enum", "string"])

/** A recorded column (`{ name, kind, …type }`) as a `Table.Column`; undefined when malformed. */
const column = (c: unknown): Table.Column | undefined => {
  const { name, kind, prefix, width, decimals, values } = (c ?? {}) as Record<string, unknown>
  if (typeof name !== "string" || typeof kind !== "string" || !KINDS.has(kind)) return undefined
  if (kind === "id") return { name, type: { kind, prefix: String(prefix ?? ""), width: Number(width ?? 0) } }
  if (kind === "float") return { name, type: { kind, decimals: Number(decimals ?? 0) } }
  if (kind === "enum")
    return Array.isArray(values) ? { name, type: { kind, values: values.map(String) } } : undefined
  return { name, type: { kind } as Table.ColumnType }
}

const PARTITIONS = new Set(["StoreID", "DCID", "CustomerID"])

/** The plugin table declarations of a manifest (`plugins[].tables`); malformed ones are left out. */
const declarations = (json: unknown): Array<Table.Table> => {
  const plugins = (json as { plugins?: unknown } | null)?.plugins
  if (!Array.isArray(plugins)) return []
  return plugins.flatMap((p) => {
    const tables = (p as { tables?: unknown } | null)?.tables
    if (!Array.isArray(tables)) return []
    return tables.flatMap((t: { name?: unknown; columns?: unknown; partition?: unknown }) => {
      if (typeof t?.name !== "string" || !Array.isArray(t.columns)) return []
      const columns = t.columns.map(column)
      if (!columns.every((c) => c !== undefined)) return []
      const partition = PARTITIONS.has(t.partition as string) ? (t.partition as Table.PartitionKey) : null
      return [{ name: t.name, columns, partition }]
    })
  })
}

const isEntry = (f: Record<string, unknown>): boolean =>
  typeof f.path === "string" &&
  typeof f.rows === "number" &&
  typeof f.bytes === "number" &&
  typeof f.sha256 === "string"

/** Reads the manifests under `root` (none is fine: then nothing is listed). */
export const readInventory = async (root: string): Promise<Inventory> => {
  const manifests: Array<string> = []
  const unreadable: Array<{ rel: string; reason: string }> = []
  const listed = new Map<string, Listed>()
  const declared = new Map<string, Table.Table>()
  let masterListed = false
  let factsListed = false
  for (const sub of ["master", "facts"] as const) {
    const names = await readdir(join(root, sub)).catch(() => [] as Array<string>)
    for (const name of names.filter((n) => MANIFEST.test(n)).sort()) {
      if (sub === "master" && name !== "_manifest.json") continue
      const rel = `${sub}/${name}`
      let json: unknown
      try {
        json = JSON.parse(await readFile(join(root, rel), "utf8"))
      } catch (e) {
        unreadable.push({ rel, reason: `cannot read it: ${(e as Error).message}` })
        continue
      }
      const entries = asEntries(json)
      if (entries === undefined || !entries.every(isEntry)) {
        unreadable.push({ rel, reason: "not a manifest: no files list of path, rows, bytes and sha256" })
        continue
      }
      manifests.push(rel)
      for (const t of declarations(json)) if (!declared.has(t.name)) declared.set(t.name, t)
      if (sub === "master") masterListed = true
      else factsListed = true
      for (const f of entries) {
        const fileRel = `${sub}/${f.path as string}`
        listed.set(fileRel, {
          rel: fileRel,
          manifest: rel,
          rows: f.rows as number,
          bytes: f.bytes as number,
          sha256: f.sha256 as string,
          table: typeof f.table === "string" ? f.table : "",
          day: typeof f.day === "string" ? f.day : undefined
        })
      }
    }
  }
  return { manifests, unreadable, listed, masterListed, factsListed, declared }
}

/** Every regular file under `root/sub` but the writer's own (`_…` at the top), relative to `root`. */
export const dataFiles = async (root: string, sub: "master" | "facts"): Promise<Array<string>> => {
  const out: Array<string> = []
  const walk = async (rel: string, top: boolean): Promise<void> => {
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => [])
    for (const e of entries) {
      if (top && e.name.startsWith("_")) continue
      const child = `${rel}/${e.name}`
      if (e.isDirectory()) await walk(child, false)
      else out.push(child)
    }
  }
  await walk(sub, true)
  return out.sort()
}

/** Size of a file, or `undefined` when it is not a regular file. */
export const sizeOf = (file: string): Promise<number | undefined> =>
  stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined
  )

/** SHA-256 (hex) of a file's bytes. */
export const sha256Of = async (file: string): Promise<string> => {
  const hash = createHash("sha256")
  for await (const buf of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(buf as Buffer)
  return hash.digest("hex")
}

/** Data rows of a CSV file as written by the sinks: lines but the header (no quoted line breaks counted). */
export const csvRows = async (file: string): Promise<number> => {
  let lines = 0
  let last = 10
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lines++
    if (buf.length > 0) last = buf[buf.length - 1]!
  }
  if (last !== 10) lines++
  return Math.max(0, lines - 1)
}
