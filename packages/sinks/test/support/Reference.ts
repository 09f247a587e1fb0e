/**
 * Straightforward reference encoders built from `Batch.text` / `Batch.cell`: one string per
 * cell, RFC 4180 quoting by the rule, the whole output as one string. Slow and obviously right.
 */
import { Batch, type Table } from "@retail-datagen/core"

const rfc4180 = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.split('"').join('""')}"` : s)

export const csv = (table: Table.Table, batches: ReadonlyArray<Batch.Batch>, header = true): Buffer => {
  let out = header ? `${table.columns.map((c) => rfc4180(c.name)).join(",")}\n` : ""
  for (const b of batches) {
    for (let r = 0; r < b.length; r++) {
      out += `${table.columns.map((_, c) => rfc4180(Batch.text(b, r, c))).join(",")}\n`
    }
  }
  return Buffer.from(out, "utf8")
}

/** The JSON text of a cell: numbers as their CSV text, strings quoted, null for null/non-finite. */
export const jsonValue = (b: Batch.Batch, r: number, c: number): string => {
  const type = b.table.columns[c]!.type
  const v = Batch.cell(b, r, c)
  if (v === null) return "null"
  switch (type.kind) {
    case "int":
    case "float":
      return Number.isFinite(v) ? Batch.text(b, r, c) : "null"
    case "cents":
    case "bool":
      return Batch.text(b, r, c)
    default:
      return JSON.stringify(type.kind === "enum" || type.kind === "string" ? v : Batch.text(b, r, c))
  }
}

export const ndjson = (table: Table.Table, batches: ReadonlyArray<Batch.Batch>): Buffer => {
  let out = ""
  for (const b of batches) {
    for (let r = 0; r < b.length; r++) {
      out += `{${table.columns.map((col, c) => `${JSON.stringify(col.name)}:${jsonValue(b, r, c)}`).join(",")}}\n`
    }
  }
  return Buffer.from(out, "utf8")
}
