/**
 * Column specs of the master tables, in DATA-CONTRACT §3 order. The contract columns come
 * first; the documented extra columns follow them (see the package README).
 *
 * @example
 * import { Table } from "@retail-datagen/core"
 * import { Tables } from "@retail-datagen/master"
 * Table.header(Tables.Trucks) // ["ID", "LicensePlate", "Refrigeration", "DCID", "CapacityUnits"]
 */
import { Table } from "@retail-datagen/core"
import { FIRST_NAMES, LAST_NAMES, SEGMENTS } from "./Customers.js"
import { FORMATS, VOLUME_CLASSES } from "./Stores.js"
import { CATEGORIES, DEPARTMENTS, STORAGES, SUBCATEGORIES, TAXABILITIES } from "./Taxonomy.js"

export const GeographiesMaster: Table.Table = Table.make("geographies_master", {
  ID: Table.int,
  City: Table.string,
  State: Table.string,
  ZipCode: Table.string,
  District: Table.string,
  Region: Table.string,
  Latitude: Table.float(4),
  Longitude: Table.float(4),
  MetroWeight: Table.int,
  AreaCode: Table.int,
  TaxRateBps: Table.int
})

export const Stores: Table.Table = Table.make("stores", {
  ID: Table.int,
  StoreNumber: Table.id("ST", 4),
  Address: Table.string,
  GeographyID: Table.int,
  DCID: Table.int,
  VolumeClass: Table.enumOf(VOLUME_CLASSES),
  Format: Table.enumOf(FORMATS),
  OpenHour: Table.int,
  CloseHour: Table.int,
  TrafficWeight: Table.float(3),
  TaxRateBps: Table.int,
  ReducedTaxRateBps: Table.int,
  Latitude: Table.float(5),
  Longitude: Table.float(5)
})

export const DistributionCenters: Table.Table = Table.make("distribution_centers", {
  ID: Table.int,
  DCNumber: Table.id("DC", 3),
  Address: Table.string,
  GeographyID: Table.int,
  Latitude: Table.float(5),
  Longitude: Table.float(5)
})

export const Trucks: Table.Table = Table.make("trucks", {
  ID: Table.int,
  LicensePlate: Table.string,
  Refrigeration: Table.bool,
  DCID: Table.int,
  CapacityUnits: Table.int
})

export const Customers: Table.Table = Table.make("customers", {
  ID: Table.int,
  FirstName: Table.enumOf(FIRST_NAMES),
  LastName: Table.enumOf(LAST_NAMES),
  Address: Table.string,
  GeographyID: Table.int,
  LoyaltyCard: Table.id("LC", 10),
  Phone: Table.string,
  BLEId: Table.id("BLE", 10),
  AdId: Table.id("AD", 10),
  Segment: Table.enumOf(SEGMENTS),
  NearestStoreID1: Table.int,
  NearestStoreID2: Table.int,
  NearestStoreID3: Table.int,
  Latitude: Table.float(5),
  Longitude: Table.float(5)
})

export const ProductsMaster: Table.Table = Table.make("products_master", {
  ID: Table.int,
  ProductName: Table.string,
  Brand: Table.string,
  Company: Table.string,
  Department: Table.enumOf(DEPARTMENTS),
  Category: Table.enumOf(CATEGORIES),
  Subcategory: Table.enumOf(SUBCATEGORIES),
  Cost: Table.cents,
  MSRP: Table.cents,
  SalePrice: Table.cents,
  RequiresRefrigeration: Table.bool,
  LaunchDate: Table.date,
  BasePrice: Table.cents,
  Storage: Table.enumOf(STORAGES),
  Taxability: Table.enumOf(TAXABILITIES),
  PopularityWeight: Table.float(6)
})

export const DcInventorySnapshots: Table.Table = Table.make("dc_inventory_snapshots", {
  DCID: Table.int,
  ProductID: Table.int,
  CurrentQuantity: Table.int,
  ReorderPoint: Table.int,
  LastUpdated: Table.date
})

export const StoreInventorySnapshots: Table.Table = Table.make("store_inventory_snapshots", {
  StoreID: Table.int,
  ProductID: Table.int,
  CurrentQuantity: Table.int,
  ReorderPoint: Table.int,
  LastUpdated: Table.date
})

/** Every master table, in contract order. */
export const all: ReadonlyArray<Table.Table> = [
  GeographiesMaster,
  Stores,
  DistributionCenters,
  Trucks,
  Customers,
  ProductsMaster,
  DcInventorySnapshots,
  StoreInventorySnapshots
]

/** Names of the master tables, in contract order. */
export type Name =
  | "geographies_master"
  | "stores"
  | "distribution_centers"
  | "trucks"
  | "customers"
  | "products_master"
  | "dc_inventory_snapshots"
  | "store_inventory_snapshots"

/** Number of leading contract columns per table; the rest are documented extras. */
export const CONTRACT_COLUMNS: Readonly<Record<Name, number>> = {
  geographies_master: 6,
  stores: 4,
  distribution_centers: 4,
  trucks: 4,
  customers: 9,
  products_master: 12,
  dc_inventory_snapshots: 5,
  store_inventory_snapshots: 5
}
