import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Hash from "../src/Hash.js"

describe("Hash", () => {
  it("mix32 is injective (no two of 2^16 consecutive inputs collide) and unsigned", () => {
    const seen = new Set<number>()
    for (let x = -32768; x < 32768; x++) {
      const h = Hash.mix32(x)
      expect(h >= 0 && h < 2 ** 32).toBe(true)
      seen.add(h)
    }
    expect(seen.size).toBe(65536)
  })

  it.prop("fmix32 is mix32 as a signed 32-bit integer", [FastCheck.integer()], ([x]) => {
    expect(Hash.fmix32(x)).toBe(Hash.mix32(x) | 0)
  })

  it("scramble is a bijection of n for a fixed salt", () => {
    const s = Hash.salt(42, "loyalty", 0x5bd1e995)
    const seen = new Set<number>()
    for (let n = 0; n < 50_000; n++) seen.add(Hash.scramble(n, s))
    expect(seen.size).toBe(50_000)
  })

  it("salts differ by seed (also above 2^32), name and domain", () => {
    const base = Hash.salt(42, "ble", 1)
    expect(Hash.salt(43, "ble", 1)).not.toBe(base)
    expect(Hash.salt(42 + 2 ** 32, "ble", 1)).not.toBe(base)
    expect(Hash.salt(42, "ad", 1)).not.toBe(base)
    expect(Hash.salt(42, "ble", 2)).not.toBe(base)
    expect(Hash.salt(42, "ble", 1)).toBe(base)
  })

  it("fnv1a gives the published FNV-1a 32-bit test vectors", () => {
    const fnv = (s: string) => {
      let h = Hash.FNV_OFFSET
      for (let i = 0; i < s.length; i++) h = Hash.fnv1a(h, s.charCodeAt(i))
      return h >>> 0
    }
    expect(fnv("")).toBe(0x811c9dc5)
    expect(fnv("a")).toBe(0xe40c292c)
    expect(fnv("foobar")).toBe(0xbf9cf968)
  })
})
