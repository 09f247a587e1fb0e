/**
 * The whole master data set: `generateMaster` builds every dimension as typed columnar tables
 * (no I/O); `toBatches` turns them into core `Batch`es with the contract columns (and the
 * documented extras) for the sinks to write.
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

const ids = (n: number): Float64Array => {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = i + 1
  return out
}
type NumericArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array
const num = (xs: NumericArray): Float64Array => new Float64Array(xs)
const codes = (xs: ArrayLike<number>): Uint16Array => (xs instanceof Uint16Array ? xs : Uint16Array.from(xs))
const constant = (n: number, v: number): Float64Array => new Float64Array(n).fill(v)

const batchOf = (
  table: Table.Table,
  length: number,
  columns: Readonly<Record<string, Column>>
): Batch.Batch => ({
  table,
  length,
  columns: table.columns.map((c) => {
    const col = columns[c.name]
    if (col === undefined) throw new Error(`master: no data for ${table.name}.${c.name}`)
    if (col.length !== length)
      throw new Error(`master: ${table.name}.${c.name} has ${col.length} rows, not ${length}`)
    return col
  })
})

const nearestColumn = (c: CustomerTable, j: number): Float64Array => {
  const out = new Float64Array(c.length)
  const k = c.nearestCount
  if (j >= k) return out.fill(Number.NaN)
  for (let i = 0; i < c.length; i++) out[i] = c.nearestStoreIds[i * k + j]!
  return out
}

const addressColumn = (c: CustomerTable): Array<string> => {
  const out = new Array<string>(c.length)
  for (let i = 0; i < c.length; i++) out[i] = Customers.addressOf(c, i)
  return out
}

const phoneColumn = (c: CustomerTable, g: GeographyTable): Array<string> => {
  const area = Array.from(g.areaCode, (a) => `${a}-555-01`)
  const line = Array.from({ length: 100 }, (_, i) => Ids.pad(i, 2))
  const out = new Array<string>(c.length)
  for (let i = 0; i < c.length; i++) out[i] = area[c.geographyId[i]! - 1]! + line[c.phoneLine[i]!]!
  return out
}

const snapshotBatch = (table: Table.Table, location: string, s: SnapshotTable): Batch.Batch =>
  batchOf(table, s.length, {
    [location]: num(s.locationId),
    ProductID: num(s.productId),
    CurrentQuantity: num(s.currentQuantity),
    ReorderPoint: num(s.reorderPoint),
    LastUpdated: constant(s.length, s.lastUpdated)
  })

/** One master table as a `Batch` (columns in contract order, then the documented extras). */
export const toBatch = (master: Master, name: Tables.Name): Batch.Batch => {
  switch (name) {
    case "geographies_master": {
      const g = master.geographies
      return batchOf(Tables.GeographiesMaster, g.length, {
        ID: ids(g.length),
        City: g.city,
        State: g.state,
        ZipCode: g.zipCode,
        District: g.district,
        Region: g.region,
        Latitude: num(g.latitude),
        Longitude: num(g.longitude),
        MetroWeight: num(g.metroWeight),
        AreaCode: num(g.areaCode),
        TaxRateBps: num(g.taxRateBps)
      })
    }
    case "stores": {
      const s = master.stores
      return batchOf(Tables.Stores, s.length, {
        ID: ids(s.length),
        StoreNumber: ids(s.length),
        Address: s.address,
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
      })
    }
    case "distribution_centers": {
      const d = master.dcs
      return batchOf(Tables.DistributionCenters, d.length, {
        ID: ids(d.length),
        DCNumber: ids(d.length),
        Address: d.address,
        GeographyID: num(d.geographyId),
        Latitude: num(d.latitude),
        Longitude: num(d.longitude)
      })
    }
    case "trucks": {
      const t = master.trucks
      return batchOf(Tables.Trucks, t.length, {
        ID: ids(t.length),
        LicensePlate: t.licensePlate,
        Refrigeration: codes(t.refrigerated),
        DCID: num(t.dcId),
        CapacityUnits: num(t.capacityUnits)
      })
    }
    case "customers": {
      const c = master.customers
      return batchOf(Tables.Customers, c.length, {
        ID: ids(c.length),
        FirstName: codes(c.firstName),
        LastName: codes(c.lastName),
        Address: addressColumn(c),
        GeographyID: num(c.geographyId),
        LoyaltyCard: num(c.loyaltyCard),
        Phone: phoneColumn(c, master.geographies),
        BLEId: num(c.bleId),
        AdId: num(c.adId),
        Segment: codes(c.segment),
        NearestStoreID1: nearestColumn(c, 0),
        NearestStoreID2: nearestColumn(c, 1),
        NearestStoreID3: nearestColumn(c, 2),
        Latitude: num(c.latitude),
        Longitude: num(c.longitude)
      })
    }
    case "products_master": {
      const p = master.products
      const refrigerated = new Uint16Array(p.length)
      for (let i = 0; i < p.length; i++) refrigerated[i] = p.storage[i]! === 0 ? 0 : 1
      return batchOf(Tables.ProductsMaster, p.length, {
        ID: ids(p.length),
        ProductName: p.productName,
        Brand: Array.from(p.brandId, (b) => p.brands[b]!),
        Company: Array.from(p.companyId, (c) => p.companies[c]!),
        Department: codes(p.department),
        Category: codes(p.category),
        Subcategory: codes(p.subcategory),
        Cost: num(p.cost),
        MSRP: num(p.msrp),
        SalePrice: num(p.salePrice),
        RequiresRefrigeration: refrigerated,
        LaunchDate: num(p.launchDate),
        BasePrice: num(p.basePrice),
        Storage: codes(p.storage),
        Taxability: codes(p.taxability),
        PopularityWeight: num(p.popularity)
      })
    }
    case "dc_inventory_snapshots":
      return snapshotBatch(Tables.DcInventorySnapshots, "DCID", master.dcInventory)
    case "store_inventory_snapshots":
      return snapshotBatch(Tables.StoreInventorySnapshots, "StoreID", master.storeInventory)
  }
}

/** Names of the master tables, in contract order. */
export const TABLE_NAMES: ReadonlyArray<Tables.Name> = Tables.all.map((t) => t.name as Tables.Name)

/** Every master table as a `Batch`, in contract order (see `toBatch` to build them one at a time). */
export const toBatches = (master: Master): ReadonlyArray<Batch.Batch> =>
  TABLE_NAMES.map((n) => toBatch(master, n))
