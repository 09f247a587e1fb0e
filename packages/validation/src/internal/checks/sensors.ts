/**
 * I7 sensors, per day: for every store and hour, the ENTRANCE Count (summed over sensors) is at
 * least the number of receipts; for every store, the distinct BLE devices (CustomerBLEId) are at
 * most the day's ENTRANCE Count. One violation per (store, hour) and per (store, day). Needs
 * foot_traffic (else skipped with a note). Rows of unknown stores are left to I1.
 */
import { Calendar } from "@retail-datagen/core"
import type { Findings } from "../findings.js"
import { F64, I32, KeyIndex, NumIndex } from "../keys.js"
import type { Check, Shared } from "../session.js"
import * as S from "../spec.js"

export const make = (sh: Shared, f: Findings): Check => {
  const d = sh.dims
  /** StoreID → local index of the day. */
  const storeIdx = new NumIndex()
  const storeId = new F64()
  /** Per (local store × 24 + hour). */
  const receipts = new F64()
  const entrance = new F64()
  const rSource = new I32()
  const rLine = new I32()
  /** Per local store: distinct devices and the first ping. */
  const devices = new KeyIndex()
  const pairs = new NumIndex()
  const distinct = new F64()
  const bSource = new I32()
  const bLine = new I32()

  const local = (store: number): number => {
    const i = storeIdx.intern(store)
    if (storeIdx.added) {
      storeId.ensure(i + 1)[i] = store
      const n = (i + 1) * 24
      receipts.ensure(n).fill(0, i * 24, n)
      entrance.ensure(n).fill(0, i * 24, n)
      rSource.ensure(n)
      rLine.ensure(n)
      distinct.ensure(i + 1)[i] = 0
      bSource.ensure(i + 1)[i] = -1
      bLine.ensure(i + 1)
    }
    return i
  }
  const known = (store: number): boolean =>
    !Number.isNaN(store) && (!d.stores.provided || d.stores.find(store) >= 0)

  return {
    f,
    beginDay() {
      storeIdx.clear()
      devices.clear()
      pairs.clear()
    },
    fact(chunk, aux) {
      if (chunk.spec === S.receipts) {
        f.rows += chunk.length
        const at = S.receipts.at
        const store = chunk.num[at.StoreID!]!
        const ts = chunk.num[at.EventTS!]!
        for (let r = 0; r < chunk.length; r++) {
          if (aux[r]! < 0 || !known(store[r]!)) continue
          const h = Math.floor((ts[r]! - sh.day * 86400) / 3600)
          if (h < 0 || h > 23) continue // another day's row: I5
          const cell = local(store[r]!) * 24 + h
          if (receipts.data[cell]! === 0) {
            rSource.data[cell] = chunk.source
            rLine.data[cell] = chunk.line[r]!
          }
          receipts.data[cell]!++
        }
      } else if (chunk.spec === S.footTraffic) {
        f.rows += chunk.length
        const at = S.footTraffic.at
        const store = chunk.num[at.StoreID!]!
        const ts = chunk.num[at.EventTS!]!
        const zone = chunk.num[at.Zone!]!
        const count = chunk.num[at.Count!]!
        for (let r = 0; r < chunk.length; r++) {
          if (zone[r] !== S.ENTRANCE || !known(store[r]!)) continue
          const h = Math.floor((ts[r]! - sh.day * 86400) / 3600)
          if (h < 0 || h > 23) continue
          const cell = local(store[r]!) * 24 + h // before reading `.data`: local() may grow it
          entrance.data[cell]! += count[r]!
        }
      } else if (chunk.spec === S.blePings) {
        f.rows += chunk.length
        const at = S.blePings.at
        const store = chunk.num[at.StoreID!]!
        const devN = chunk.num[at.CustomerBLEId!]!
        const devS = chunk.str[at.CustomerBLEId!]!
        for (let r = 0; r < chunk.length; r++) {
          if (!known(store[r]!)) continue
          const s = local(store[r]!)
          const dev = devices.intern(devN[r]!, devS[r]!)
          pairs.intern(s * 4294967296 + dev)
          if (!pairs.added) continue
          if (distinct.data[s] === 0) {
            bSource.data[s] = chunk.source
            bLine.data[s] = chunk.line[r]!
          }
          distinct.data[s]!++
        }
      }
    },
    endDay() {
      if (!sh.facts.has(S.footTraffic.name)) {
        if (storeIdx.size > 0) f.note("foot_traffic not provided: sensor rules not checked")
        return
      }
      const day = Calendar.format(sh.day)
      for (let s = 0; s < storeIdx.size; s++) {
        let dayEntrance = 0
        for (let h = 0; h < 24; h++) {
          const cell = s * 24 + h
          const e = entrance.data[cell]!
          dayEntrance += e
          const n = receipts.data[cell]!
          if (n <= e || !f.hit()) continue
          f.example(
            S.receipts.name,
            rSource.data[cell]!,
            rLine.data[cell]!,
            `StoreID ${storeId.data[s]} on ${day} hour ${h < 10 ? "0" : ""}${h}: ${n} receipts > ENTRANCE Count ${e}`
          )
        }
        const n = distinct.data[s]!
        if (n <= dayEntrance || !f.hit()) continue
        f.example(
          S.blePings.name,
          bSource.data[s]!,
          bLine.data[s]!,
          `StoreID ${storeId.data[s]} on ${day}: ${n} distinct BLE devices > ENTRANCE Count ${dayEntrance}`
        )
      }
    }
  }
}
