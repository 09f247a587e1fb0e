/**
 * Independent checks of the supply-chain output, re-derived from the rows and the master data
 * (never from the implementation's state). Each returns a list of problems (empty = fine).
 */
import { Batch, Calendar, Table, Timestamp } from "@retail-datagen/core"
import { Inventory, type Master, Products, Trucks } from "@retail-datagen/master"
import type { Tables } from "./helpers.js"

const STATUS = ["SCHEDULED", "LOADING", "IN_TRANSIT", "ARRIVED", "UNLOADING", "COMPLETED"]

/** Column `name` of a batch as plain cells. */
const col = (b: Batch.Batch, name: string): Array<Batch.Cell> => {
  const c = Table.indexOf(b.table, name)
  return Array.from({ length: b.length }, (_, r) => Batch.cell(b, r, c))
}

interface Row {
  readonly ts: number
  readonly node: number
  readonly product: number
  readonly delta: number
  readonly reason: string
  readonly source: string
  readonly trace: number
  readonly day: number
}

const ledgerRows = (t: Tables, table: string, nodeCol: string): Array<Row> =>
  (t[table] ?? []).flatMap((b) => {
    const ts = col(b, "EventTS")
    const node = col(b, nodeCol)
    const product = col(b, "ProductID")
    const delta = col(b, "QtyDelta")
    const reason = col(b, "Reason")
    const trace = col(b, "TraceId")
    const source = table === "store_inventory_txn" ? col(b, "Source") : []
    return ts.map((x, r) => ({
      ts: x as number,
      node: node[r] as number,
      product: product[r] as number,
      delta: delta[r] as number,
      reason: reason[r] as string,
      source: (source[r] as string | undefined) ?? "",
      trace: trace[r] as number,
      day: Timestamp.day(x as number)
    }))
  })

export const storeRows = (t: Tables): Array<Row> => ledgerRows(t, "store_inventory_txn", "StoreID")
export const dcRows = (t: Tables): Array<Row> => ledgerRows(t, "dc_inventory_txn", "DCID")

/** Shelf capacity by the documented rule: max(⌈factor × CurrentQuantity⌉, 2 × ReorderPoint + 1). */
export const capacityOf = (master: Master.Master, store: number, product: number, factor = 1.5): number => {
  const snap = master.storeInventory
  const row = Inventory.rowOf(snap, store, product)
  return Math.max(Math.ceil(factor * snap.currentQuantity[row]!), 2 * snap.reorderPoint[row]! + 1)
}

/**
 * Replays the ledgers from the snapshots in EventTS order (additions first at the same second):
 * no balance below 0, no store balance above shelf capacity, no row for a position that does not
 * exist. Also returns the end-of-day store balances for scenario checks.
 */
export const replay = (
  master: Master.Master,
  t: Tables,
  capacityFactor = 1.5
): { problems: Array<string>; minStore: number; minDc: number } => {
  const problems: Array<string> = []
  let minStore = Number.POSITIVE_INFINITY
  let minDc = Number.POSITIVE_INFINITY
  for (const [rows, snap, isStore] of [
    [storeRows(t), master.storeInventory, true],
    [dcRows(t), master.dcInventory, false]
  ] as const) {
    const bal = new Map<number, number>()
    const sorted = rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.ts - b.r.ts || (a.r.delta < 0 ? 1 : 0) - (b.r.delta < 0 ? 1 : 0) || a.i - b.i)
    for (const { r } of sorted) {
      const row = Inventory.rowOf(snap, r.node, r.product)
      if (row < 0) {
        problems.push(
          `${isStore ? "store" : "dc"} ${r.node} product ${r.product}: row for a position not in the snapshot`
        )
        continue
      }
      const before = bal.get(row) ?? snap.currentQuantity[row]!
      const after = before + r.delta
      bal.set(row, after)
      if (isStore) minStore = Math.min(minStore, after)
      else minDc = Math.min(minDc, after)
      if (after < 0)
        problems.push(
          `${isStore ? "store" : "dc"} ${r.node} product ${r.product} at ${Timestamp.format(r.ts)}: ${after}`
        )
      if (isStore && after > capacityOf(master, r.node, r.product, capacityFactor))
        problems.push(
          `store ${r.node} product ${r.product} at ${Timestamp.format(r.ts)}: ${after} above capacity`
        )
    }
  }
  return { problems, minStore, minDc }
}

/** SALE units per (store, product, day) equal the receipt-line units (lines joined to receipts). */
export const saleUnits = (t: Tables): Array<string> => {
  const lineUnits = new Map<string, number>()
  const receipts = t.receipts ?? []
  const lines = t.receipt_lines ?? []
  receipts.forEach((rb, k) => {
    const store = new Map<number, number>()
    const ids = col(rb, "ReceiptId")
    const st = col(rb, "StoreID")
    ids.forEach((id, r) => {
      store.set(id as number, st[r] as number)
    })
    const lb = lines[k]!
    const rid = col(lb, "ReceiptId")
    const product = col(lb, "ProductID")
    const qty = col(lb, "Qty")
    const ts = col(lb, "EventTS")
    rid.forEach((id, r) => {
      const key = `${store.get(id as number)}/${product[r]}/${Timestamp.day(ts[r] as number)}`
      lineUnits.set(key, (lineUnits.get(key) ?? 0) + (qty[r] as number))
    })
  })
  const sale = new Map<string, number>()
  for (const r of storeRows(t)) {
    if (r.reason !== "SALE") continue
    if (r.source !== "CUSTOMER_PURCHASE") return [`SALE row with Source ${r.source}`]
    const key = `${r.node}/${r.product}/${r.day}`
    sale.set(key, (sale.get(key) ?? 0) - r.delta)
  }
  const problems: Array<string> = []
  for (const [k, v] of lineUnits)
    if (sale.get(k) !== v) problems.push(`${k}: lines ${v}, SALE ${sale.get(k) ?? 0}`)
  for (const [k, v] of sale) if (!lineUnits.has(k)) problems.push(`${k}: SALE ${v} without lines`)
  return problems
}

interface Move {
  readonly ts: number
  readonly trace: number
  readonly truck: number
  readonly dc: number
  readonly store: number
  readonly status: number
  readonly eta: number
  readonly etd: number
}

export const moves = (t: Tables): Array<Move> =>
  (t.truck_moves ?? []).flatMap((b) => {
    const ts = col(b, "EventTS")
    const trace = col(b, "TraceId")
    const truck = col(b, "TruckId")
    const dc = col(b, "DCID")
    const store = col(b, "StoreID")
    const status = col(b, "Status")
    const eta = col(b, "ETA")
    const etd = col(b, "ETD")
    const shipment = col(b, "ShipmentId")
    return ts.map((x, r) => {
      if ((trace[r] as number) - 3e14 !== shipment[r]) throw new Error("ShipmentId and TraceId disagree")
      return {
        ts: x as number,
        trace: trace[r] as number,
        truck: truck[r] as number,
        dc: dc[r] as number,
        store: store[r] as number,
        status: STATUS.indexOf(status[r] as string),
        eta: eta[r] as number,
        etd: etd[r] as number
      }
    })
  })

/** Problems by rule. */
export interface ShipmentProblems {
  /** Truck/store/DC keys, kind-3 traces, ETA < ETD. */
  readonly keys: Array<string>
  /** Six statuses per shipment, in lifecycle order and in time, rows agreeing, scheduled on its dispatch day. */
  readonly lifecycle: Array<string>
  /** Store INBOUND at/after ARRIVED, at the shipment's store, Source = its truck, once per product. */
  readonly inbound: Array<string>
  /** A truck never on two trips at once. */
  readonly overlap: Array<string>
  /** Units ≤ capacity; DC OUTBOUND at LOADING and = store INBOUND. */
  readonly capacity: Array<string>
  /** Refrigerated products only on refrigerated trucks, which run cold loads. */
  readonly cold: Array<string>
  /** Shipments with all six rows. */
  complete: number
}

/**
 * Truck moves and deliveries: statuses in lifecycle order and in time; ETA < ETD; trucks of the
 * shipment's DC serving its stores; a truck never on two trips at once (next SCHEDULED ≥ previous
 * COMPLETED + the return trip); store INBOUND rows at or after ARRIVED, once per product, from
 * the shipment's truck (Source) and store; units ≤ capacity; refrigerated products only on
 * refrigerated trucks; DC OUTBOUND units = store INBOUND units of every completed shipment.
 */
export const shipments = (
  master: Master.Master,
  t: Tables,
  truckCapacity = 0,
  dispatchHour = 4
): ShipmentProblems => {
  const p: ShipmentProblems = {
    keys: [],
    lifecycle: [],
    inbound: [],
    overlap: [],
    capacity: [],
    cold: [],
    complete: 0
  }
  const byTrace = new Map<number, Array<Move>>()
  for (const m of moves(t)) {
    const list = byTrace.get(m.trace) ?? []
    list.push(m)
    byTrace.set(m.trace, list)
    if (!(m.eta < m.etd)) p.keys.push(`shipment ${m.trace}: ETA ${m.eta} ≥ ETD ${m.etd}`)
    if (master.trucks.dcId[m.truck - 1] !== m.dc) p.keys.push(`truck ${m.truck} is not of DC ${m.dc}`)
    if (master.stores.dcId[m.store - 1] !== m.dc) p.keys.push(`store ${m.store} is not served by DC ${m.dc}`)
    if (Math.floor(m.trace / 1e14) !== 3) p.keys.push(`shipment trace ${m.trace} is not of kind 3`)
  }
  const trips: Array<{ truck: number; start: number; end: number }> = []
  for (const [trace, list] of byTrace) {
    list.sort((a, b) => a.status - b.status)
    list.forEach((m, k) => {
      if (m.status !== k)
        p.lifecycle.push(`shipment ${trace}: statuses ${list.map((x) => x.status).join(",")}`)
      if (k > 0 && m.ts < list[k - 1]!.ts)
        p.lifecycle.push(`shipment ${trace}: status ${k} before status ${k - 1}`)
      if (
        m.eta !== list[0]!.eta ||
        m.etd !== list[0]!.etd ||
        m.truck !== list[0]!.truck ||
        m.store !== list[0]!.store
      )
        p.lifecycle.push(`shipment ${trace}: rows disagree`)
    })
    const scheduled = list[0]!
    if (scheduled.status === 0) {
      const day = Math.floor((trace % 1e14) / 1e9) // ShipmentId's dispatch day
      const second = scheduled.ts - day * 86400
      if (second < dispatchHour * 3600 || second >= 86400)
        p.lifecycle.push(
          `shipment ${trace}: SCHEDULED at ${Timestamp.format(scheduled.ts)}, not on its dispatch day from ${dispatchHour}:00`
        )
    }
    if (list.length === 6) {
      p.complete++
      trips.push({
        truck: list[0]!.truck,
        start: list[0]!.ts,
        end: list[5]!.ts + (list[0]!.eta - list[2]!.ts)
      })
    } else if (list.length > 6) p.lifecycle.push(`shipment ${trace}: ${list.length} rows`)
  }
  const byTruck = new Map<number, typeof trips>()
  for (const x of trips) byTruck.set(x.truck, [...(byTruck.get(x.truck) ?? []), x])
  for (const [truck, list] of byTruck) {
    list.sort((a, b) => a.start - b.start)
    for (let k = 1; k < list.length; k++)
      if (list[k]!.start < list[k - 1]!.end)
        p.overlap.push(`truck ${truck}: trip at ${list[k]!.start} overlaps the previous`)
  }
  const inbound = new Map<number, number>()
  const outbound = new Map<number, number>()
  const seen = new Set<string>()
  const coldTrips = new Set<number>()
  for (const r of storeRows(t)) {
    if (r.reason !== "INBOUND_SHIPMENT") continue
    const list = byTrace.get(r.trace)
    const arrived = list?.find((m) => m.status === 3)
    if (list === undefined || arrived === undefined) {
      p.inbound.push(`INBOUND ${r.trace} without ARRIVED`)
      continue
    }
    if (r.ts < arrived.ts) p.inbound.push(`INBOUND ${r.trace} at ${r.ts} before ARRIVED ${arrived.ts}`)
    if (r.node !== arrived.store)
      p.inbound.push(`INBOUND ${r.trace} at store ${r.node}, shipment to ${arrived.store}`)
    if (r.source !== Trucks.truckId(arrived.truck)) p.inbound.push(`INBOUND ${r.trace} Source ${r.source}`)
    if (r.delta <= 0) p.inbound.push(`INBOUND ${r.trace} of ${r.delta}`)
    const key = `${r.trace}/${r.product}`
    if (seen.has(key)) p.inbound.push(`INBOUND ${key} twice`)
    seen.add(key)
    if (
      Products.requiresRefrigeration(master.products, r.product - 1) &&
      master.trucks.refrigerated[arrived.truck - 1] !== 1
    )
      p.cold.push(`refrigerated product ${r.product} on truck ${arrived.truck}`)
    inbound.set(r.trace, (inbound.get(r.trace) ?? 0) + r.delta)
    if (Products.requiresRefrigeration(master.products, r.product - 1)) coldTrips.add(r.trace)
  }
  // refrigerated trucks run cold loads (they take ambient-only loads only in an all-refrigerated fleet)
  for (const [trace, list] of byTrace) {
    const truck = list[0]!.truck
    const dc = master.trucks.dcId[truck - 1]!
    let dry = 0
    for (let k = master.trucks.dcStart[dc - 1]!; k < master.trucks.dcStart[dc]!; k++)
      if (master.trucks.refrigerated[k] === 0) dry++
    if (list.length === 6 && master.trucks.refrigerated[truck - 1] === 1 && dry > 0 && !coldTrips.has(trace))
      p.cold.push(`refrigerated truck ${truck} on an ambient-only trip ${trace}`)
  }
  for (const r of dcRows(t)) {
    if (r.reason !== "OUTBOUND_SHIPMENT") continue
    const list = byTrace.get(r.trace)
    const loading = list?.find((m) => m.status === 1)
    if (loading === undefined || r.ts !== loading.ts) p.capacity.push(`OUTBOUND ${r.trace} not at LOADING`)
    outbound.set(r.trace, (outbound.get(r.trace) ?? 0) - r.delta)
  }
  for (const [trace, list] of byTrace) {
    const truck = list[0]!.truck
    const cap = truckCapacity > 0 ? truckCapacity : master.trucks.capacityUnits[truck - 1]!
    const units = inbound.get(trace) ?? 0
    if (units > cap) p.capacity.push(`shipment ${trace}: ${units} units on a truck of ${cap}`)
    if (list.length === 6 && (units === 0 || outbound.get(trace) !== units))
      p.capacity.push(`shipment ${trace}: outbound ${outbound.get(trace)} vs inbound ${units}`)
  }
  return p
}

/** Every batch holds rows of its own day only, in EventTS order. */
export const ordered = (t: Tables, days: ReadonlyArray<number>): Array<string> => {
  const problems: Array<string> = []
  for (const name of ["store_inventory_txn", "dc_inventory_txn", "truck_moves"]) {
    ;(t[name] ?? []).forEach((b, k) => {
      const ts = col(b, "EventTS") as Array<number>
      ts.forEach((x, r) => {
        if (Timestamp.day(x) !== days[k])
          problems.push(`${name} ${Calendar.format(days[k]!)}: row on ${Timestamp.format(x)}`)
        if (r > 0 && x < ts[r - 1]!)
          problems.push(`${name} ${Calendar.format(days[k]!)}: row ${r} out of order`)
      })
    })
  }
  return problems
}

/** Rows of a table as text lines (as the CSV sink would write them). */
export const lines = (b: Batch.Batch): Array<string> =>
  Array.from({ length: b.length }, (_, r) => b.table.columns.map((_, c) => Batch.text(b, r, c)).join(","))

/** Text of every table and day, for byte-level comparisons. */
export const text = (t: Tables): Record<string, Array<Array<string>>> =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.map(lines)]))
