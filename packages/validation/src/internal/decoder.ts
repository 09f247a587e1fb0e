/**
 * Writes decoded cells into a chunk row and checks the per-row value domains that span columns
 * (store Source ↔ Reason, fulfilment node type ↔ mode). A failing cell yields a one-line reason.
 */
import type { Chunk } from "./chunk.js"
import * as D from "./decode.js"
import * as S from "./spec.js"

/** Decodes text cells of one table into chunk columns. */
export class CellDecoder {
  private readonly domains: ReadonlyArray<ReadonlyMap<string, number>>

  constructor(readonly spec: S.TableSpec) {
    this.domains = spec.columns.map((c) => new Map(c.values.map((v, i) => [v, i] as const)))
  }

  /** Decodes `text` into column `col` of row `row`; returns "" or the reason it is malformed. */
  put(chunk: Chunk, col: number, row: number, text: string): string {
    const c = this.spec.columns[col]!
    let v: number
    switch (c.kind) {
      case "text":
        return ""
      case "str":
        chunk.str[col]![row] = text
        chunk.num[col]![row] = text === "" ? Number.NaN : 0
        return text === "" && !c.nullable ? `${c.name}: missing value` : ""
      case "key": {
        if (text === "") {
          chunk.num[col]![row] = Number.NaN
          chunk.str[col]![row] = ""
          return c.nullable ? "" : `${c.name}: missing value`
        }
        if (c.prefix !== "" && !text.startsWith(c.prefix))
          return `${c.name}: "${text}" does not start with ${c.prefix}`
        const n = D.keyNumber(c.prefix, text)
        chunk.num[col]![row] = n
        chunk.str[col]![row] = !Number.isNaN(n) ? "" : text
        return ""
      }
      case "enum":
        v = D.enumCode(this.domains[col]!, c.open, c.values.length, text)
        if (v === D.BAD) return `${c.name}: unknown value "${text}"`
        break
      case "int":
        v = D.int(text)
        break
      case "num":
        v = D.num(text)
        break
      case "cents":
        v = D.cents(text)
        break
      case "ts":
        v = D.ts(text)
        break
      case "date":
        v = D.date(text)
        break
      case "bool":
        v = D.bool(text)
        break
      case "hour":
        v = D.hour(text)
        break
    }
    if (v === D.BAD) return `${c.name}: bad ${D.KIND_LABEL[c.kind]} "${text}"`
    return this.value(chunk, col, row, v)
  }

  /** Stores an already numeric value (NaN = null); returns "" or the reason. */
  value(chunk: Chunk, col: number, row: number, v: number): string {
    const c = this.spec.columns[col]!
    chunk.num[col]![row] = v
    if (Number.isNaN(v)) return c.nullable ? "" : `${c.name}: missing value`
    return ""
  }
}

/** Cross-column domain rules of a decoded row; "" when they hold. */
export const domain = (chunk: Chunk, row: number): string => {
  const spec = chunk.spec
  if (spec === S.storeTxn) {
    const reason = chunk.num[S.storeTxn.at.Reason!]![row]!
    const col = S.storeTxn.at.Source!
    const n = chunk.num[col]![row]!
    const source = !Number.isNaN(n) ? `${n}` : chunk.str[col]![row]!
    if (reason === S.STORE_INBOUND) {
      return source.startsWith("TRK") ? "" : `Source "${source}" of an INBOUND_SHIPMENT is not a TruckId`
    }
    const want = S.STORE_SOURCES[reason]!
    return source === want ? "" : `Source "${source}" of a ${S.STORE_REASONS[reason]} row is not ${want}`
  }
  if (spec === S.onlineOrders) {
    const mode = chunk.num[S.onlineOrders.at.FulfillmentMode!]![row]!
    const type = chunk.num[S.onlineOrders.at.FulfillmentNodeType!]![row]!
    const want = mode === 0 ? 0 : 1
    return type === want ? "" : `FulfillmentNodeType ${S.NODE_TYPES[type]} does not match ${S.MODES[mode]}`
  }
  return ""
}
