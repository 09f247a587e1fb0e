/**
 * P plugin tables. The rows of the tables that plugins add (their declarations come from the
 * dataset's manifest or from the loaded plugin): in a shard's part file
 * (`….part-k-of-N.csv`), every row's partition key (StoreID, DCID) is in a region that shard k
 * generates (region mod N = k − 1); and every check the plugin ships (`Plugin.check`) holds for
 * every row. Column names and kinds are the format check's (the table's declaration is its spec),
 * the partition date is I5's and the keys are I1's, as for the contract tables.
 */
import type { Plugin, Table } from "@retail-datagen/core"
import type { Chunk } from "../chunk.js"
import type { Findings } from "../findings.js"
import type { Check, Shared } from "../session.js"
import type * as S from "../spec.js"

/** A plugin table as the validator checks it. */
export interface PluginTable {
  readonly spec: S.TableSpec
  /** Its partition key (`Table.partitionOf` of its declaration). */
  readonly partition: Table.PartitionKey | undefined
  readonly checks: ReadonlyArray<Plugin.Check>
}

const PART = /\.part-(\d+)-of-(\d+)\.(?:csv|parquet)$/

/** The plain value of a decoded cell (see `Table.Value`); null for an empty cell. */
const value = (chunk: Chunk, col: number, r: number): string | number | boolean | null => {
  const c = chunk.spec.columns[col]!
  const n = chunk.num[col]![r]!
  switch (c.kind) {
    case "str": {
      const s = chunk.str[col]![r]!
      return s === "" ? null : s
    }
    case "enum":
      return Number.isNaN(n) ? null : (c.values[n] ?? null)
    case "bool":
      return Number.isNaN(n) ? null : n === 1
    case "key": {
      if (!Number.isNaN(n)) return n
      const s = chunk.str[col]![r]!
      return s === "" ? null : Number(s.slice(c.prefix.length))
    }
    default:
      return Number.isNaN(n) ? null : n
  }
}

export const make =
  (tables: ReadonlyMap<S.TableSpec, PluginTable>) =>
  (sh: Shared, f: Findings): Check => {
    const d = sh.dims
    /** Region (0-based) of a partition key value; -1 when unknown, undefined when not computable. */
    const regionOf = (key: Table.PartitionKey, id: number): number | undefined => {
      if (key === "StoreID") {
        if (!d.stores.present.has("DCID")) return undefined
        const i = d.stores.find(id)
        return i < 0 ? -1 : d.stores.attr("DCID")[i]! - 1
      }
      if (key === "DCID") return d.dcs.find(id) < 0 ? -1 : id - 1
      return undefined
    }
    const partition = (t: PluginTable, chunk: Chunk): void => {
      const m = PART.exec(sh.sources[chunk.source] ?? "")
      if (m === null || t.partition === undefined) return
      const part = Number(m[1])
      const parts = Number(m[2])
      const col = chunk.spec.at[t.partition]!
      const ids = chunk.num[col]!
      for (let r = 0; r < chunk.length; r++) {
        const id = ids[r]!
        if (Number.isNaN(id)) continue
        const region = regionOf(t.partition, id)
        if (region === undefined) {
          f.note(
            `${chunk.spec.name}: the regions of ${t.partition} are unknown (no stores/DCs with DCID): part files not checked`
          )
          return
        }
        if (region < 0 || region % parts === part - 1) continue // an unknown id is I1's
        if (f.hit()) {
          f.example(
            chunk.spec.name,
            chunk.source,
            chunk.line[r]!,
            `${t.partition} ${id} is in region ${region + 1}, which part ${(region % parts) + 1} of ${parts} generates, not this part ${part}`
          )
        }
      }
    }
    const checks = (t: PluginTable, chunk: Chunk): void => {
      const names = chunk.spec.columns.map((c) => c.name)
      for (let r = 0; r < chunk.length; r++) {
        let row: Record<string, unknown> | undefined
        for (const check of t.checks) {
          if (row === undefined) {
            row = {}
            for (let c = 0; c < names.length; c++) row[names[c]!] = value(chunk, c, r)
          }
          let problem: string | undefined
          try {
            problem = check.test(row as Table.Row<Table.Columns>)
          } catch (e) {
            problem = `the check threw: ${e instanceof Error ? e.message : String(e)}`
          }
          if (problem !== undefined && f.hit()) {
            f.example(chunk.spec.name, chunk.source, chunk.line[r]!, `${check.name}: ${problem}`)
          }
        }
      }
    }
    return {
      f,
      fact(chunk) {
        const t = tables.get(chunk.spec)
        if (t === undefined) return
        f.rows += chunk.length
        partition(t, chunk)
        if (t.checks.length > 0) checks(t, chunk)
      }
    }
  }
