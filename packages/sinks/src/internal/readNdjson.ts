/**
 * The inverse of the NDJSON encoder: one object per line with every key in table order, values
 * as the encoder writes them (numbers, `"…"` texts, `true`/`false`, `null`). The values are
 * decoded from the bytes with the CSV reader's field decoders; only a string with a JSON escape
 * goes through `JSON.parse`. Anything else throws a `Malformed` naming the line and column.
 */
import { type Batch, Table } from "@retail-datagen/core"
import { BOOL, CENTS, DATE, ENUM, FLOAT, ID, INT, kinds, STRING, TIMESTAMP } from "./Columns.js"
import { linesAfter, Malformed, Reader, sinksFor } from "./readCsv.js"

const LF = 10
const QUOTE = 34
const BACKSLASH = 92
const COMMA = 44
const CLOSE = 125

/** The batch of `table` held by the NDJSON `bytes`; throws a `Malformed`. */
export const decode = (table: Table.Table, bytes: Buffer): Batch.Batch => {
  const cols = table.columns
  const nc = cols.length
  const kind = kinds(table)
  const keys = cols.map((c, i) => Buffer.from(`${i === 0 ? "{" : ","}${JSON.stringify(c.name)}:`, "utf8"))
  const enumText = cols.map((c) => new Map(c.type.kind === "enum" ? c.type.values.map((v, i) => [v, i]) : []))
  const decimals = cols.map((c) => (c.type.kind === "float" ? c.type.decimals : 0))
  const bound = linesAfter(bytes, 0)
  const sinks = sinksFor(cols, bound)
  const r = new Reader(table, bytes)
  const n = bytes.length
  let pos = 0
  let rows = 0
  const expect = (b: Uint8Array, what: string): void => {
    for (let i = 0; i < b.length; i++) if (bytes[pos + i] !== b[i]) r.fail(`expected ${what}`)
    pos += b.length
  }
  while (pos < n) {
    r.line = rows + 1
    if (nc === 0) expect(Buffer.from("{"), "{")
    for (let c = 0; c < nc; c++) {
      r.col = c
      expect(keys[c]!, `the key ${JSON.stringify(cols[c]!.name)}`)
      const k = kind[c]!
      const sink = sinks[c]!
      if (bytes[pos] === 110 && bytes[pos + 1] === 117 && bytes[pos + 2] === 108 && bytes[pos + 3] === 108) {
        pos += 4
        if (sink instanceof Float64Array) sink[rows] = Number.NaN
        else if (sink instanceof Uint16Array) sink[rows] = Table.NULL_CODE
        else sink[rows] = ""
        continue
      }
      if (k === STRING || k === ENUM || k === ID || k === TIMESTAMP || k === DATE) {
        if (bytes[pos] !== QUOTE) r.fail("expected a JSON string")
        const s = pos + 1
        let e = s
        let escaped = false
        while (e < n && bytes[e] !== QUOTE) {
          if (bytes[e] === BACKSLASH) {
            escaped = true
            e++
          }
          if (bytes[e] === LF) r.fail("a JSON string is not closed on its line")
          e++
        }
        if (e >= n) r.fail("a JSON string is not closed before the end of the file")
        pos = e + 1
        if (escaped) {
          let text: string
          try {
            text = JSON.parse(bytes.toString("utf8", s - 1, e + 1)) as string
          } catch {
            return r.fail("an invalid JSON string")
          }
          if (k === STRING) (sink as Array<string>)[rows] = text
          else if (k === ENUM) {
            const code = enumText[c]!.get(text)
            ;(sink as Uint16Array)[rows] =
              code === undefined ? r.fail(`"${text}" is not one of the column's values`) : code
          } else if (k === ID) {
            const b = Buffer.from(text, "utf8")
            const sub = new Reader(table, b)
            sub.line = r.line
            sub.col = c
            ;(sink as Float64Array)[rows] = sub.id(0, b.length, c)
          } else r.fail("an escape in a date or timestamp")
          continue
        }
        if (k === STRING) (sink as Array<string>)[rows] = bytes.toString("utf8", s, e)
        else if (k === ENUM) (sink as Uint16Array)[rows] = r.enumCode(s, e, c)
        else if (k === ID) (sink as Float64Array)[rows] = r.id(s, e, c)
        else if (k === TIMESTAMP) (sink as Float64Array)[rows] = r.timestamp(s, e, c)
        else (sink as Float64Array)[rows] = r.date(s, e, c)
        continue
      }
      const s = pos
      while (pos < n && bytes[pos] !== COMMA && bytes[pos] !== CLOSE && bytes[pos] !== LF) pos++
      if (s === pos) r.fail("a value is missing")
      if (k === BOOL) (sink as Uint16Array)[rows] = r.bool(s, pos)
      else if (k === INT) (sink as Float64Array)[rows] = r.int(s, pos)
      else if (k === CENTS) (sink as Float64Array)[rows] = r.cents(s, pos)
      else if (k === FLOAT) (sink as Float64Array)[rows] = r.float(s, pos, decimals[c]!)
      else r.fail("an unexpected value")
    }
    r.col = nc - 1
    if (bytes[pos] !== CLOSE)
      r.fail(bytes[pos] === COMMA ? `the object has more than ${nc} keys` : "expected }")
    if (bytes[pos + 1] !== LF) r.fail(pos + 1 >= n ? "the last line has no LF" : "text after the object")
    pos += 2
    rows++
  }
  const columns = sinks.map((s) => (rows === bound ? s : s.slice(0, rows)))
  return { table, length: rows, columns }
}

export { Malformed }
