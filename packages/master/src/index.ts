/**
 * @retail-datagen/master — master data (dimensions) as typed columnar tables: geographies,
 * stores with profiles, DCs, trucks, customers, products and starting inventory positions.
 * A pure library: no file I/O (the sinks write the batches).
 */
export * as Customers from "./Customers.js"
export * as DistributionCenters from "./DistributionCenters.js"
export * as Geographies from "./Geographies.js"
export * as Inventory from "./Inventory.js"
export * as Master from "./Master.js"
export * as MasterSpec from "./MasterSpec.js"
export * as Products from "./Products.js"
export * as Stores from "./Stores.js"
export * as Tables from "./Tables.js"
export * as Taxonomy from "./Taxonomy.js"
export * as Trucks from "./Trucks.js"
/** The two entry points, also reachable as `Master.generateMaster` / `Master.toBatches`. */
export { generateMaster, toBatches } from "./Master.js"
