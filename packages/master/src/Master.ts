/**
 * The whole master data set: `generateMaster` builds every dimension as typed columnar tables
 * (no I/O); `toBatches` turns them into core `Batch`es with the contract columns (and the
 * documented extras) for the sinks to write, and `chunks` streams one table as bounded batches
 * (what the master files are written from).
 *
 * Deterministic: every table draws from its own streams `Rng.make(seed, "master", table, …)`,
 * so the same spec always gives the same tables, and changing one table's rules never shifts
 * another's draws.
 *
 * @example
 * import { Master, MasterSpec } from "@retail-datagen/master"
 * const master = Master.generateMaster(MasterSpec.make({ seed: 1, stores: 20, dcs: 2, customers: 1000, products: 200 }))
 * master.stores.dcId[0]          // the DC serving store 1
 * const batches = Master.toBatches(master) // 8 batches, contract order
 * for (const b of Master.chunks(master, "customers", 256)) b.length // 256, 256, 256, 232
 */
import { type Batch, Ids, type Table } from "@retail-datagen/core"
import { Effect } from "effect"
import type { CustomerTable } from "./Customers.js"
import * as Customers from "./Customers.js"
import type { DcTable } from "./DistributionCenters.js"
import type { GeographyTable } from "./Geographies.js"
import { generateCustomers } from "./internal/customers.js"
import { generateGeographies } from "./internal/geographies.js"
import { generateDcSnapshots, generateStoreSnapshots } from "./internal/inventory.js"
import { generateDcs, generateStores, generateTrucks } from "./internal/network.js"
import { generateProducts } from "./internal/products.js"
import type { SnapshotTable } from "./Inventory.js"
import type { MasterSpec, MasterSpecError } from "./MasterSpec.js"
import { decode } from "./MasterSpec.js"
import type { ProductTable } from "./Products.js"
import type { StoreTable } from "./Stores.js"
import * as Tables from "./Tables.js"
import type { TruckTable } from "./Trucks.js"

/** Every dimension of a run, columnar. Row `i` of a table is the entity with ID `i + 1`. */
export interface Master {
  readonly spec: MasterSpec
  readonly geographies: GeographyTable
  readonly stores: StoreTable
  readonly dcs: DcTable
  readonly trucks: TruckTable
  readonly customers: CustomerTable
  readonly products: ProductTable
  readonly storeInventory: SnapshotTable
  readonly dcInventory: SnapshotTable
}

export interface GenerateOptions {
  /** Called as each table is complete (for progress reporting), with its row count. */
  readonly onTable?: (table: Tables.Name, rows: number) => void
}

/** Generates all master data for a decoded spec. Pure and synchronous; see `generate` for the Effect form. */
export const generateMaster = (spec: MasterSpec, options: GenerateOptions = {}): Master => {
  const report = options.onTable ?? (() => {})
  const geographies = generateGeographies(spec)
  report("geographies_master", geographies.length)
  const dcs = generateDcs(spec, geographies)
  report("distribution_centers", dcs.length)
  const stores = generateStores(spec, geographies, dcs)
  report("stores", stores.length)
  const trucks = generateTrucks(spec, geographies, dcs)
  report("trucks", trucks.length)
  const products = generateProducts(spec)
  report("products_master", products.length)
  const customers = generateCustomers(spec, geographies, stores)
  report("customers", customers.length)
  const storeSnapshots = generateStoreSnapshots(spec, stores, products)
  report("store_inventory_snapshots", storeSnapshots.table.length)
  const dcInventory = generateDcSnapshots(spec, stores, dcs, products, storeSnapshots)
  report("dc_inventory_snapshots", dcInventory.length)
  return {
    spec,
    geographies,
    stores,
    dcs,
    trucks,
    customers,
    products,
    storeInventory: storeSnapshots.table,
    dcInventory
  }
}

/** Decodes `input` as a `MasterSpec` and generates the master data. */
export const generate = (input: unknown, options?: GenerateOptions): Effect.Effect<Master, MasterSpecError> =>
  Effect.flatMap(decode(input), (spec) => Effect.sync(() => generateMaster(spec, options)))

type Column = Batch.ColumnData
type NumericArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array

/**
 * A column of a master table as a function of a row range `[start, end)`. Numeric and code
 * sources keep one buffer, allocated at their first (largest) range and overwritten by the
 * next call — so `toBatch` (one call) gets fresh arrays and `chunks` reuses them.
 */
type Source = (start: number, end: number) => Column

interface Plan {
  readonly table: Table.Table
  readonly length: number
  readonly sources: Readonly<Record<string, Source>>
}

/** A Float64 buffer of at least `n` values, reused while it is large enough. */
const f64Buffer = (): ((n: number) => Float64Array) => {
  let buf: Float64Array | undefined
  return (n) => {
    if (buf === undefined || buf.length < n) buf = new Float64Array(n)
    return buf.length === n ? buf : buf.subarray(0, n)
  }
}

/** The 1-based ids of the rows. */
const ids = (): Source => {
  const out = f64Buffer()
  return (a, b) => {
    const o = out(b - a)
    for (let i = 0; i < o.length; i++) o[i] = a + i + 1
    return o
  }
}

const num = (xs: NumericArray): Source => {
  const out = f64Buffer()
  return (a, b) => {
    const o = out(b - a)
    o.set(xs.subarray(a, b))
    return o
  }
}

const codes = (xs: Uint16Array | Uint8Array): Source => {
  if (xs instanceof Uint16Array) return (a, b) => xs.subarray(a, b)
  let buf: Uint16Array | undefined
  return (a, b) => {
    const n = b - a
    if (buf === undefined || buf.length < n) buf = new Uint16Array(n)
    const o = buf.length === n ? buf : buf.subarray(0, n)
    o.set(xs.subarray(a, b))
    return o
  }
}

const constant = (v: number): Source => {
  const out = f64Buffer()
  return (a, b) => out(b - a).fill(v)
}

const strings =
  (xs: ReadonlyArray<string>): Source =>
  (a, b) =>
    a === 0 && b === xs.length ? xs : xs.slice(a, b)

/** Strings computed per row (allocated per range: the strings are new anyway). */
const text =
  (f: (i: number) => string): Source =>
  (a, b) => {
    const out = new Array<string>(b - a)
    for (let i = a; i < b; i++) out[i - a] = f(i)
    return out
  }

const nearest = (c: CustomerTable, j: number): Source => {
  const out = f64Buffer()
  const k = c.nearestCount
  const storeIds = c.nearestStoreIds
  return (a, b) => {
    const o = out(b - a)
    if (j >= k) return o.fill(Number.NaN)
    for (let i = a; i < b; i++) o[i - a] = storeIds[i * k + j]!
    return o
  }
}

/**
 * Phone numbers (`Customers.phoneOf`) from a table of every geography × line text, filled on
 * first use: at most 100 strings per geography instead of one new string per customer.
 */
const phone = (c: CustomerTable, g: GeographyTable): Source => {
  const area = Array.from(g.areaCode, (a) => `${a}-555-01`)
  const line = Array.from({ length: 100 }, (_, i) => Ids.pad(i, 2))
  const known = new Array<string | undefined>(area.length * 100).fill(undefined)
  const geo = c.geographyId
  const phoneLine = c.phoneLine
  return text((i) => {
    const k = (geo[i]! - 1) * 100 + phoneLine[i]!
    return (known[k] ??= area[geo[i]! - 1]! + line[phoneLine[i]!]!)
  })
}

const snapshotPlan = (table: Table.Table, location: string, s: SnapshotTable): Plan => ({
  table,
  length: s.length,
  sources: {
    [location]: num(s.locationId),
    ProductID: num(s.productId),
    CurrentQuantity: num(s.currentQuantity),
    ReorderPoint: num(s.reorderPoint),
    LastUpdated: constant(s.lastUpdated)
  }
})

const planOf = (master: Master, name: Tables.Name): Plan => {
  switch (name) {
    case "geographies_master": {
      const g = master.geographies
      return {
        table: Tables.GeographiesMaster,
        length: g.length,
        sources: {
          ID: ids(),
          City: strings(g.city),
          State: strings(g.state),
          ZipCode: strings(g.zipCode),
          District: strings(g.district),
          Region: strings(g.region),
          Latitude: num(g.latitude),
          Longitude: num(g.longitude),
          MetroWeight: num(g.metroWeight),
          AreaCode: num(g.areaCode),
          TaxRateBps: num(g.taxRateBps)
        }
      }
    }
    case "stores": {
      const s = master.stores
      return {
        table: Tables.Stores,
        length: s.length,
        sources: {
          ID: ids(),
          StoreNumber: ids(),
          Address: strings(s.address),
          GeographyID: num(s.geographyId),
          DCID: num(s.dcId),
          VolumeClass: codes(s.volumeClass),
          Format: codes(s.format),
          OpenHour: num(s.openHour),
          CloseHour: num(s.closeHour),
          TrafficWeight: num(s.trafficWeight),
          TaxRateBps: num(s.taxRateBps),
          ReducedTaxRateBps: num(s.reducedTaxRateBps),
          Latitude: num(s.latitude),
          Longitude: num(s.longitude)
        }
      }
    }
    case "distribution_centers": {
      const d = master.dcs
      return {
        table: Tables.DistributionCenters,
        length: d.length,
        sources: {
          ID: ids(),
          DCNumber: ids(),
          Address: strings(d.address),
          GeographyID: num(d.geographyId),
          Latitude: num(d.latitude),
          Longitude: num(d.longitude)
        }
      }
    }
    case "trucks": {
      const t = master.trucks
      return {
        table: Tables.Trucks,
        length: t.length,
        sources: {
          ID: ids(),
          LicensePlate: strings(t.licensePlate),
          Refrigeration: codes(t.refrigerated),
          DCID: num(t.dcId),
          CapacityUnits: num(t.capacityUnits)
        }
      }
    }
    case "customers": {
      const c = master.customers
      return {
        table: Tables.Customers,
        length: c.length,
        sources: {
          ID: ids(),
          FirstName: codes(c.firstName),
          LastName: codes(c.lastName),
          Address: text((i) => Customers.addressOf(c, i)),
          GeographyID: num(c.geographyId),
          LoyaltyCard: num(c.loyaltyCard),
          Phone: phone(c, master.geographies),
          BLEId: num(c.bleId),
          AdId: num(c.adId),
          Segment: codes(c.segment),
          NearestStoreID1: nearest(c, 0),
          NearestStoreID2: nearest(c, 1),
          NearestStoreID3: nearest(c, 2),
          Latitude: num(c.latitude),
          Longitude: num(c.longitude)
        }
      }
    }
    case "products_master": {
      const p = master.products
      let refrigerated: Uint16Array | undefined
      return {
        table: Tables.ProductsMaster,
        length: p.length,
        sources: {
          ID: ids(),
          ProductName: strings(p.productName),
          Brand: text((i) => p.brands[p.brandId[i]!]!),
          Company: text((i) => p.companies[p.companyId[i]!]!),
          Department: codes(p.department),
          Category: codes(p.category),
          Subcategory: codes(p.subcategory),
          Cost: num(p.cost),
          MSRP: num(p.msrp),
          SalePrice: num(p.salePrice),
          RequiresRefrigeration: (a, b) => {
            if (refrigerated === undefined || refrigerated.length < b - a)
              refrigerated = new Uint16Array(b - a)
            const o = refrigerated.length === b - a ? refrigerated : refrigerated.subarray(0, b - a)
            for (let i = a; i < b; i++) o[i - a] = p.storage[i]! === 0 ? 0 : 1
            return o
          },
          LaunchDate: num(p.launchDate),
          BasePrice: num(p.basePrice),
          Storage: codes(p.storage),
          Taxability: codes(p.taxability),
          PopularityWeight: num(p.popularity)
        }
      }
    }
    case "dc_inventory_snapshots":
      return snapshotPlan(Tables.DcInventorySnapshots, "DCID", master.dcInventory)
    case "store_inventory_snapshots":
      return snapshotPlan(Tables.StoreInventorySnapshots, "StoreID", master.storeInventory)
  }
}

/** The column sources of a plan in table order (a missing one is a bug in `planOf`). */
const sourcesOf = (plan: Plan): Array<Source> =>
  plan.table.columns.map((c) => {
    const source = plan.sources[c.name]
    if (source === undefined) throw new Error(`master: no data for ${plan.table.name}.${c.name}`)
    return source
  })

const batchOf = (plan: Plan, sources: ReadonlyArray<Source>, start: number, end: number): Batch.Batch => {
  const length = end - start
  return {
    table: plan.table,
    length,
    columns: sources.map((source, i) => {
      const col = source(start, end)
      if (col.length !== length) {
        const name = plan.table.columns[i]!.name
        throw new Error(`master: ${plan.table.name}.${name} has ${col.length} rows, not ${length}`)
      }
      return col
    })
  }
}

/** One master table as a `Batch` (columns in contract order, then the documented extras). */
export const toBatch = (master: Master, name: Tables.Name): Batch.Batch => {
  const plan = planOf(master, name)
  return batchOf(plan, sourcesOf(plan), 0, plan.length)
}

/** Rows per batch of `chunks` unless told otherwise. */
export const CHUNK_ROWS = 65_536

/**
 * One master table as consecutive batches of at most `rows` rows (at least one batch, empty
 * for an empty table), built lazily: converting a table never holds more than one chunk of
 * `Batch` columns. The batches concatenate to `toBatch(master, name)`.
 *
 * The numeric columns of a chunk are **reused** for the next one: consume each batch before
 * asking for the next (as `Partition.writeFile` does), or copy it (`Batch.concat`).
 *
 * @example
 * import { Partition } from "@retail-datagen/sinks"
 * Partition.writeFile(file, Tables.Customers, Master.chunks(master, "customers"), "csv")
 */
export function* chunks(
  master: Master,
  name: Tables.Name,
  rows: number = CHUNK_ROWS
): Generator<Batch.Batch, void, undefined> {
  if (!(Number.isInteger(rows) && rows >= 1))
    throw new RangeError(`chunk rows must be a positive integer, got ${rows}`)
  const plan = planOf(master, name)
  const sources = sourcesOf(plan)
  const n = plan.length
  if (n === 0) {
    yield batchOf(plan, sources, 0, 0)
    return
  }
  for (let start = 0; start < n; start += rows) yield batchOf(plan, sources, start, Math.min(n, start + rows))
}

/** Names of the master tables, in contract order. */
export const TABLE_NAMES: ReadonlyArray<Tables.Name> = Tables.all.map((t) => t.name as Tables.Name)

/** The table spec of a master table name. */
export const tableOf = (name: Tables.Name): Table.Table => Tables.all[TABLE_NAMES.indexOf(name)]!

/**
 * Every master table as a `Batch`, in contract order (see `toBatch` to build them one at a time
 * and `chunks` to stream one in bounded memory).
 */
export const toBatches = (master: Master): ReadonlyArray<Batch.Batch> =>
  TABLE_NAMES.map((n) => toBatch(master, n))
