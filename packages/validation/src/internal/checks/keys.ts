/**
 * I1 keys: every StoreID, DCID, ProductID, CustomerID, TruckId and GeographyID resolves in its
 * dimension; a truck move's truck belongs to its DCID and its store is served by that DC. One
 * violation per offending row (the reason names the first unresolved key). A reference to a
 * dimension that was not provided is skipped with a note.
 */
import type { Chunk } from "../chunk.js"
import { keyText } from "../chunk.js"
import { idAfter } from "../decode.js"
import type { Dim } from "../dims.js"
import type { Findings } from "../findings.js"
import type { Check, Shared } from "../session.js"
import { DUP } from "../session.js"
import * as S from "../spec.js"

export const make = (sh: Shared, f: Findings): Check => {
  const d = sh.dims
  /** Columns of a chunk that must resolve in a dimension. */
  const refs = (spec: S.TableSpec): Array<readonly [number, Dim]> => {
    const out: Array<readonly [number, Dim]> = []
    const add = (col: string, dim: Dim): void => {
      // (a plugin table's column of that name but another kind is no reference)
      if (spec.at[col] === undefined || spec.columns[spec.at[col]!]!.kind !== "int") return
      if (!dim.provided) {
        f.note(`${dim.spec.name} not provided: ${spec.name}.${col} not resolved`)
        return
      }
      out.push([spec.at[col]!, dim])
    }
    if (spec.at.GeographyID !== undefined) add("GeographyID", d.geographies)
    if (spec.at.DCID !== undefined) add("DCID", d.dcs)
    if (spec.at.StoreID !== undefined) add("StoreID", d.stores)
    if (spec.at.ProductID !== undefined) add("ProductID", d.products)
    if (spec.at.CustomerID !== undefined) add("CustomerID", d.customers)
    return out
  }

  /** Checks plain id references; returns the rows already reported (bit per row) via `bad`. */
  const scan = (chunk: Chunk, aux: Int32Array | undefined, bad: Uint8Array): void => {
    const list = refs(chunk.spec)
    const table = chunk.spec.name
    for (const [col, dim] of list) {
      if (!chunk.has[col]) continue
      const v = chunk.num[col]!
      for (let r = 0; r < chunk.length; r++) {
        if (bad[r] === 1 || (aux !== undefined && aux[r] === DUP)) continue
        const id = v[r]!
        if (Number.isNaN(id) || dim.find(id) >= 0) continue
        bad[r] = 1
        if (f.hit()) {
          const name = chunk.spec.columns[col]!.name
          f.example(table, chunk.source, chunk.line[r]!, `${name} ${id} not in ${dim.spec.name}`)
        }
      }
    }
  }

  let mask = new Uint8Array(1024)
  const fresh = (n: number): Uint8Array => {
    if (mask.length < n) mask = new Uint8Array(n * 2)
    else mask.fill(0, 0, n)
    return mask
  }

  const truckMoves = (chunk: Chunk, bad: Uint8Array): void => {
    const at = S.truckMoves.at
    const truckN = chunk.num[at.TruckId!]!
    const truckS = chunk.str[at.TruckId!]!
    const dc = chunk.num[at.DCID!]!
    const store = chunk.num[at.StoreID!]!
    const trucks = d.trucks
    const truckDc = trucks.attr("DCID")
    const storeDcKnown = d.stores.provided && d.stores.present.has("DCID")
    if (!trucks.provided) f.note("trucks not provided: truck_moves.TruckId not resolved")
    if (d.stores.provided && !storeDcKnown) {
      f.note("stores has no DCID column: a truck move's store is not checked against its DC")
    }
    const storeDc = d.stores.attr("DCID")
    for (let r = 0; r < chunk.length; r++) {
      if (bad[r] === 1) continue
      let why = ""
      if (trucks.provided) {
        const n = truckN[r]!
        const id = !Number.isNaN(n) ? n : idAfter("TRK", truckS[r]!)
        const t = trucks.find(id)
        if (t < 0) why = `TruckId ${keyText(chunk, at.TruckId!, r)} not in trucks`
        else if (truckDc[t] !== dc[r] && !Number.isNaN(truckDc[t])) {
          why = `truck ${keyText(chunk, at.TruckId!, r)} belongs to DC ${truckDc[t]}, not DCID ${dc[r]}`
        }
      }
      if (why === "" && storeDcKnown) {
        const s = d.stores.find(store[r]!)
        if (s >= 0 && !Number.isNaN(storeDc[s]) && storeDc[s] !== dc[r]) {
          why = `store ${store[r]} is served by DC ${storeDc[s]}, not DCID ${dc[r]}`
        }
      }
      if (why !== "") {
        bad[r] = 1
        f.add(chunk.spec.name, chunk.source, chunk.line[r]!, why)
      }
    }
  }

  const inbound = (chunk: Chunk, bad: Uint8Array): void => {
    if (!d.trucks.provided) return
    const at = S.storeTxn.at
    const reason = chunk.num[at.Reason!]!
    const srcN = chunk.num[at.Source!]!
    const srcS = chunk.str[at.Source!]!
    for (let r = 0; r < chunk.length; r++) {
      if (bad[r] === 1 || reason[r] !== S.STORE_INBOUND) continue
      const n = srcN[r]!
      const s = !Number.isNaN(n) ? `${n}` : srcS[r]!
      if (d.trucks.find(idAfter("TRK", s)) >= 0) continue
      bad[r] = 1
      f.add(chunk.spec.name, chunk.source, chunk.line[r]!, `Source ${s} of an INBOUND_SHIPMENT not in trucks`)
    }
  }

  const online = (chunk: Chunk, bad: Uint8Array): void => {
    const at = S.onlineOrders.at
    const type = chunk.num[at.FulfillmentNodeType!]!
    const node = chunk.num[at.FulfillmentNodeID!]!
    for (let r = 0; r < chunk.length; r++) {
      if (bad[r] === 1) continue
      const dim = type[r] === S.NODE_DC ? d.dcs : d.stores
      if (!dim.provided) {
        f.note(`${dim.spec.name} not provided: online_orders.FulfillmentNodeID not resolved`)
        continue
      }
      if (dim.find(node[r]!) >= 0) continue
      bad[r] = 1
      f.add(
        chunk.spec.name,
        chunk.source,
        chunk.line[r]!,
        `FulfillmentNodeID ${node[r]} not in ${dim.spec.name}`
      )
    }
  }

  return {
    f,
    master(chunk, aux) {
      if (chunk.spec === S.geographies) {
        f.rows += chunk.length
        return
      }
      f.rows += chunk.length
      const bad = fresh(chunk.length)
      // a dimension's own ID is not a reference; skip duplicates (I2 reports them)
      const own = chunk.spec.at.ID !== undefined ? aux : undefined
      scan(chunk, own, bad)
    },
    fact(chunk, aux) {
      f.rows += chunk.length
      const bad = fresh(chunk.length)
      if (chunk.spec === S.marketing) return
      const isLines = chunk.spec === S.receiptLines || chunk.spec === S.receipts
      scan(chunk, isLines ? aux : undefined, bad)
      if (chunk.spec === S.truckMoves) truckMoves(chunk, bad)
      else if (chunk.spec === S.storeTxn) inbound(chunk, bad)
      else if (chunk.spec === S.onlineOrders) online(chunk, bad)
    }
  }
}
