import { describe, expect, it } from "@effect/vitest"
import { Departments } from "../src/index.js"

describe("Departments", () => {
  it("lists the 13 department keys of the master data, lower-case", () => {
    expect(Departments.DEPARTMENTS).toEqual([
      "grocery",
      "beverages",
      "household",
      "personal care",
      "health & beauty",
      "electronics",
      "clothing",
      "home & garden",
      "baby & kids",
      "pet",
      "automotive",
      "office",
      "seasonal & sports"
    ])
    expect(Departments.COUNT).toBe(13)
  })

  it("indexOf is case- and blank-insensitive and -1 for unknown names", () => {
    expect(Departments.indexOf("Health & Beauty")).toBe(4)
    expect(Departments.indexOf("  PET ")).toBe(9)
    expect(Departments.indexOf("toys")).toBe(-1)
    expect(Departments.isDepartment("pet")).toBe(true)
    expect(Departments.isDepartment("Pet")).toBe(false)
  })

  it("lifts builds a vector of ones with the given entries and rejects unknown names", () => {
    const v = Departments.lifts({ electronics: 1.5, pet: 0.8 })
    expect(Array.from(v)).toEqual([1, 1, 1, 1, 1, 1.5, 1, 1, 1, 0.8, 1, 1, 1])
    expect(() => Departments.lifts({ toys: 2 } as never)).toThrow(/toys/)
  })
})
