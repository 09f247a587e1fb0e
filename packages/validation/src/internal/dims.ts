/**
 * The dimension data the checks look up: for each master table its ids (dense-indexed, first
 * occurrence wins) and the few attributes the rules need. Memory: about 24 bytes per id plus
 * 8 bytes per kept attribute.
 */
import type { Chunk } from "./chunk.js"
import { F64, NumIndex } from "./keys.js"
import * as S from "./spec.js"

export const DUP = -2

export class Dim {
  readonly index = new NumIndex()
  /** The table was part of the input (even if empty). */
  provided = false
  /** Attribute columns kept, by column name. */
  readonly attrs = new Map<string, F64>()
  /** Attribute columns the input had. */
  readonly present = new Set<string>()

  constructor(
    readonly spec: S.TableSpec,
    keep: ReadonlyArray<string>
  ) {
    for (const k of keep) this.attrs.set(k, new F64())
  }

  /** Dense index of an id, or -1. */
  find(id: number): number {
    return !Number.isNaN(id) ? this.index.get(id) : -1
  }

  attr(name: string): Float64Array {
    return this.attrs.get(name)!.data
  }

  /** Adds the chunk's rows; returns per row the dense index or DUP. */
  load(chunk: Chunk, out: Int32Array): void {
    const ids = chunk.num[this.spec.at.ID!]!
    const kept = [...this.attrs].map(([name, arr]) => {
      const col = this.spec.at[name]!
      if (chunk.has[col]) this.present.add(name)
      return [chunk.num[col]!, arr] as const
    })
    for (let r = 0; r < chunk.length; r++) {
      const i = this.index.intern(ids[r]!)
      if (!this.index.added) {
        out[r] = DUP
        continue
      }
      out[r] = i
      for (const [src, arr] of kept) arr.ensure(i + 1)[i] = src[r]!
    }
  }
}

export class Dims {
  readonly geographies = new Dim(S.geographies, [])
  readonly dcs = new Dim(S.dcs, [])
  readonly stores = new Dim(S.stores, [
    "DCID",
    "OpenHour",
    "CloseHour",
    "TaxRateBps",
    "ReducedTaxRateBps",
    "TaxRate"
  ])
  readonly trucks = new Dim(S.trucks, ["DCID"])
  readonly customers = new Dim(S.customers, [])
  readonly products = new Dim(S.products, ["SalePrice", "LaunchDate", "Taxability"])

  /** The dimension of a master table with an ID column. */
  of(spec: S.TableSpec): Dim | undefined {
    switch (spec) {
      case S.geographies:
        return this.geographies
      case S.dcs:
        return this.dcs
      case S.stores:
        return this.stores
      case S.trucks:
        return this.trucks
      case S.customers:
        return this.customers
      case S.products:
        return this.products
      default:
        return undefined
    }
  }
}
