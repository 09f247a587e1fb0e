/**
 * Per-table column plans shared by the encoders: a small integer kind per column and the
 * batch's columns split by storage (numbers, codes, strings) so hot loops index monomorphic
 * arrays.
 */
import { type Batch, Calendar, Table } from "@retail-datagen/core"

export const INT = 0
export const CENTS = 1
export const FLOAT = 2
export const TIMESTAMP = 3
export const DATE = 4
export const BOOL = 5
export const ID = 6
export const ENUM = 7
export const STRING = 8

const KIND_CODES: Record<Table.Kind, number> = {
  int: INT,
  cents: CENTS,
  float: FLOAT,
  timestamp: TIMESTAMP,
  date: DATE,
  bool: BOOL,
  id: ID,
  enum: ENUM,
  string: STRING
}

/** Kind codes of a table's columns, in order. */
export const kinds = (table: Table.Table): Int32Array =>
  Int32Array.from(table.columns, (c) => KIND_CODES[c.type.kind])

const EMPTY_F64 = new Float64Array(0)
const EMPTY_U16 = new Uint16Array(0)
const EMPTY_STR: ReadonlyArray<string> = []

/** A batch's columns by storage; the unused slots of each array hold empty placeholders. */
export interface Views {
  readonly f64: Array<Float64Array>
  readonly u16: Array<Uint16Array>
  readonly str: Array<ReadonlyArray<string>>
}

/**
 * Splits a batch's columns by storage after checking that the batch belongs to `table` (same
 * column names and kinds) and that every column has the expected array type and length.
 */
export const views = (table: Table.Table, batch: Batch.Batch): Views => {
  const cols = table.columns
  const other = batch.table.columns
  if (
    batch.table !== table &&
    (batch.table.name !== table.name ||
      other.length !== cols.length ||
      other.some((c, i) => c.name !== cols[i]!.name || c.type.kind !== cols[i]!.type.kind))
  ) {
    throw new TypeError(`a batch of ${batch.table.name} cannot be written as ${table.name}: columns differ`)
  }
  if (batch.columns.length !== cols.length) {
    throw new TypeError(`batch of ${table.name} has ${batch.columns.length} columns, expected ${cols.length}`)
  }
  const f64: Array<Float64Array> = []
  const u16: Array<Uint16Array> = []
  const str: Array<ReadonlyArray<string>> = []
  cols.forEach((c, i) => {
    const data = batch.columns[i]!
    const kind = c.type.kind
    const expected = Table.isNumeric(kind)
      ? "Float64Array"
      : kind === "string"
        ? "string array"
        : "Uint16Array"
    const ok = Table.isNumeric(kind)
      ? data instanceof Float64Array
      : kind === "string"
        ? Array.isArray(data)
        : data instanceof Uint16Array
    if (!ok) throw new TypeError(`column ${table.name}.${c.name} (${kind}) must be a ${expected}`)
    if (data.length < batch.length) {
      throw new TypeError(
        `column ${table.name}.${c.name} has ${data.length} values, expected ${batch.length}`
      )
    }
    f64.push(data instanceof Float64Array ? data : EMPTY_F64)
    u16.push(data instanceof Uint16Array ? data : EMPTY_U16)
    str.push(Array.isArray(data) ? (data as ReadonlyArray<string>) : EMPTY_STR)
  })
  return { f64, u16, str }
}

/** The error thrown when a value lies outside its column's domain. */
export const badValue = (
  table: Table.Table,
  column: number,
  row: number,
  value: unknown,
  what: string
): RangeError =>
  new RangeError(`${table.name}.${table.columns[column]!.name} row ${row}: ${String(value)} is not ${what}`)

/** First and last epoch days with a `YYYY-MM-DD` text (years 0…9999, as `Calendar.format`). */
export const MIN_DAY = Calendar.fromYmd(0, 1, 1)
export const MAX_DAY = Calendar.fromYmd(9999, 12, 31)
/** Whether `d` is an integer epoch day within the writable range. */
export const isDay = (d: number): boolean => Number.isInteger(d) && d >= MIN_DAY && d <= MAX_DAY
/** Whether `ts` is a timestamp in whole seconds whose day is within the writable range. */
export const isTimestamp = (ts: number): boolean =>
  Number.isInteger(ts) && ts >= MIN_DAY * 86400 && ts < (MAX_DAY + 1) * 86400

/** Latin-1 bytes of a day's `YYYY-MM-DD` text followed by `suffix`. */
export const dayBytes = (day: number, suffix: string): Uint8Array =>
  new Uint8Array(Buffer.from(`${Calendar.format(day)}${suffix}`, "latin1"))

/** Length of a `YYYY-MM-DD` text. */
export const MAX_DATE_LENGTH = 10
