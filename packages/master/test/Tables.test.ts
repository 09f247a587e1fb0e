import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Table } from "@retail-datagen/core"
import { Master, Tables } from "../src/index.js"
import { generate } from "./helpers.js"

/** DATA-CONTRACT §3, verbatim. */
const CONTRACT: ReadonlyArray<readonly [string, string]> = [
  ["geographies_master", "ID, City, State, ZipCode, District, Region"],
  ["stores", "ID, StoreNumber, Address, GeographyID"],
  ["distribution_centers", "ID, DCNumber, Address, GeographyID"],
  ["trucks", "ID, LicensePlate, Refrigeration, DCID"],
  ["customers", "ID, FirstName, LastName, Address, GeographyID, LoyaltyCard, Phone, BLEId, AdId"],
  [
    "products_master",
    "ID, ProductName, Brand, Company, Department, Category, Subcategory, Cost, MSRP, SalePrice, RequiresRefrigeration, LaunchDate"
  ],
  ["dc_inventory_snapshots", "DCID, ProductID, CurrentQuantity, ReorderPoint, LastUpdated"],
  ["store_inventory_snapshots", "StoreID, ProductID, CurrentQuantity, ReorderPoint, LastUpdated"]
]

const kindOf = (t: Table.Table, column: string): Table.Kind => t.columns[Table.indexOf(t, column)]!.type.kind

describe("Tables", () => {
  it("lists the contract tables in contract order, contract columns first", () => {
    expect(Tables.all.map((t) => t.name)).toEqual(CONTRACT.map(([n]) => n))
    expect(Master.TABLE_NAMES).toEqual(CONTRACT.map(([n]) => n))
    for (const [name, columns] of CONTRACT) {
      const t = Tables.all.find((x) => x.name === name)!
      const contract = columns.split(", ")
      expect(Table.header(t).slice(0, contract.length), name).toEqual(contract)
      expect(Tables.CONTRACT_COLUMNS[name as Tables.Name]).toBe(contract.length)
      expect(new Set(Table.header(t)).size).toBe(t.columns.length)
    }
  })

  it("types ids as integers, money as cents, dates as dates, booleans as bools", () => {
    for (const t of Tables.all) {
      for (const c of t.columns) {
        if (c.name === "ID" || /ID$/.test(c.name))
          expect(kindOf(t, c.name), `${t.name}.${c.name}`).toBe("int")
      }
    }
    for (const c of ["Cost", "MSRP", "SalePrice", "BasePrice"])
      expect(kindOf(Tables.ProductsMaster, c)).toBe("cents")
    expect(kindOf(Tables.ProductsMaster, "LaunchDate")).toBe("date")
    expect(kindOf(Tables.ProductsMaster, "RequiresRefrigeration")).toBe("bool")
    expect(kindOf(Tables.Trucks, "Refrigeration")).toBe("bool")
    expect(kindOf(Tables.DcInventorySnapshots, "LastUpdated")).toBe("date")
    expect(kindOf(Tables.StoreInventorySnapshots, "LastUpdated")).toBe("date")
  })

  it("toBatches returns one batch per table, aligned with its spec and the master's sizes", () => {
    const m = generate({ seed: 5, stores: 12, dcs: 2, customers: 300, products: 120 })
    const batches = Master.toBatches(m)
    expect(batches.map((b) => b.table)).toEqual(Tables.all)
    const sizes = [
      m.geographies.length,
      m.stores.length,
      m.dcs.length,
      m.trucks.length,
      m.customers.length,
      m.products.length,
      m.dcInventory.length,
      m.storeInventory.length
    ]
    batches.forEach((b, i) => {
      expect(b.length).toBe(sizes[i])
      expect(b.columns.length).toBe(b.table.columns.length)
      b.columns.forEach((col) => {
        expect(col.length).toBe(b.length)
      })
    })
  })

  it("writes the documented text forms", () => {
    const m = generate({ seed: 5, stores: 12, dcs: 2, customers: 300, products: 120 })
    const row = (name: Tables.Name, r = 0) => Batch.rows(Master.toBatch(m, name))[r]!
    const store = row("stores")
    expect(Batch.text(Master.toBatch(m, "stores"), 0, 1)).toBe("ST0001")
    expect(store.VolumeClass).toMatch(/^(flagship|high|medium|low|kiosk)$/)
    expect(Batch.text(Master.toBatch(m, "distribution_centers"), 1, 1)).toBe("DC002")
    const customers = Master.toBatch(m, "customers")
    expect(Batch.text(customers, 0, 5)).toMatch(/^LC\d{10}$/)
    expect(Batch.text(customers, 0, 7)).toMatch(/^BLE\d{10}$/)
    expect(Batch.text(customers, 0, 8)).toMatch(/^AD\d{10}$/)
    expect(Batch.text(customers, 0, 3)).toMatch(/^\d{1,4} \S+ [A-Z][a-z]+( Apt \d{1,2})?$/)
    const products = Master.toBatch(m, "products_master")
    expect(Batch.text(products, 0, 8)).toMatch(/^\d+\.\d{2}$/)
    expect(Batch.text(products, 0, 11)).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(Batch.text(products, 0, 10)).toMatch(/^(true|false)$/)
    const snap = Master.toBatch(m, "store_inventory_snapshots")
    expect(Batch.text(snap, 0, 4)).toBe(Calendar.format(m.spec.startDate))
    // Strings never need to carry a comma, so CSV rows stay simple for the common case.
    expect(row("geographies_master").ZipCode).toMatch(/^\d{5}$/)
  })
})
