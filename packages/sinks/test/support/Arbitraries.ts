/**
 * Random tables and batches for property tests. `strict` keeps values that every format can
 * represent exactly (safe-integer ints, no lone surrogates, DuckDB-safe column names); otherwise
 * int and float columns also get fractions, huge values and infinities, and strings any UTF-16.
 */
import { type Batch, Calendar, Table } from "@retail-datagen/core"
import { FastCheck as fc } from "effect"

/** Years 0…9999: the days that have a `YYYY-MM-DD` text. */
const MIN_DAY = Calendar.fromYmd(0, 1, 1)
const MAX_DAY = Calendar.fromYmd(9999, 12, 31)

/** Strings that exercise quoting and encoding: commas, quotes, CR, LF, non-ASCII, emoji. */
const tricky = fc
  .array(
    fc.constantFrom("a", "b", "Z", " ", ",", '"', "\r", "\n", "é", "ß", "€", "😀", "\\", "\t", "\u0001", "'"),
    {
      maxLength: 12
    }
  )
  .map((xs) => xs.join(""))

const loneSurrogates = fc
  .array(fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 32, max: 126 })), {
    maxLength: 6
  })
  .map((cs) => String.fromCharCode(...cs))

const text = (strict: boolean): fc.Arbitrary<string> =>
  strict
    ? fc.oneof(tricky, fc.string({ unit: "binary", maxLength: 20 }), fc.string({ maxLength: 30 }))
    : fc.oneof(
        tricky,
        fc.string({ unit: "binary", maxLength: 20 }),
        fc.string({ maxLength: 30 }),
        loneSurrogates
      )

const prefix = fc.constantFrom("", "TRC", "RCP", "A,B", 'Q"', "é-", "X\nY")

const columnType = (strict: boolean): fc.Arbitrary<Table.ColumnType> =>
  fc.oneof(
    fc.constant(Table.int),
    fc.constant(Table.cents),
    fc.integer({ min: 0, max: 6 }).map(Table.float),
    fc.constant(Table.timestamp),
    fc.constant(Table.date),
    fc.constant(Table.bool),
    fc.tuple(prefix, fc.integer({ min: 0, max: 18 })).map(([p, w]) => Table.id(p, w)),
    // Strict: enum labels hold no NUL (a Parquet ENUM type is declared with SQL string literals).
    fc
      .uniqueArray(
        text(strict).filter((s) => !strict || !s.includes("\u0000")),
        { minLength: 1, maxLength: 6 }
      )
      .map(Table.enumOf),
    fc.constant(Table.string)
  )

const columnName = (strict: boolean): fc.Arbitrary<string> =>
  strict
    ? fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/)
    : fc.oneof(
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/),
        tricky.filter((s) => s.length > 0)
      )

/** A table of 1–9 columns of random kinds and unique names. */
export const table = (strict: boolean): fc.Arbitrary<Table.Table> =>
  fc
    .uniqueArray(fc.tuple(columnName(strict), columnType(strict)), {
      minLength: 1,
      maxLength: 9,
      selector: ([name]) => name.toLowerCase()
    })
    .map((cols) => ({ name: "t", columns: cols.map(([name, type]) => ({ name, type })) }))

const nan = fc.constant(Number.NaN)

const numberOf = (type: Table.ColumnType, strict: boolean): fc.Arbitrary<number> => {
  switch (type.kind) {
    case "int":
      return strict
        ? fc.oneof(nan, fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger())
        : fc.oneof(
            nan,
            fc.integer({ min: -1000, max: 1000 }),
            fc.maxSafeInteger(),
            fc.double(),
            fc.constant(-0)
          )
    case "cents":
      return fc.oneof(nan, fc.integer({ min: -100_000, max: 100_000 }), fc.maxSafeInteger())
    case "float":
      return strict
        ? fc.oneof(nan, fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }))
        : fc.oneof(
            nan,
            fc.double(),
            fc.double({ min: -1000, max: 1000 }),
            fc.constantFrom(0.5, 1.5, 2.5, -2.5, 1.005, 0.125, -0.001, 1e21, -0),
            fc.integer({ min: -100000, max: 100000 }).map((n) => n / 1000)
          )
    case "timestamp":
      return fc.oneof(
        nan,
        fc.integer({ min: 0, max: 4102444800 }),
        fc.integer({ min: MIN_DAY * 86400, max: (MAX_DAY + 1) * 86400 - 1 })
      )
    case "date":
      return fc.oneof(
        nan,
        fc.integer({ min: -25567, max: 47482 }),
        fc.integer({ min: MIN_DAY, max: MAX_DAY })
      )
    case "id":
      return fc.oneof(nan, fc.nat(), fc.maxSafeNat(), fc.integer({ min: 0, max: 999 }))
    default:
      throw new Error(`not numeric: ${type.kind}`)
  }
}

const codeOf = (type: Table.ColumnType): fc.Arbitrary<number> =>
  type.kind === "bool"
    ? fc.constantFrom(0, 1, Table.NULL_CODE)
    : fc.oneof(
        fc.constant(Table.NULL_CODE),
        fc.integer({ min: 0, max: (type as { values: ReadonlyArray<string> }).values.length - 1 })
      )

/** One batch of `table` with up to `maxRows` rows, nulls included. */
export const batch = (table: Table.Table, strict: boolean, maxRows = 40): fc.Arbitrary<Batch.Batch> =>
  fc.integer({ min: 0, max: maxRows }).chain((n) =>
    fc
      .tuple(
        ...table.columns.map((c): fc.Arbitrary<Batch.ColumnData> => {
          const k = c.type.kind
          if (Table.isNumeric(k)) {
            return fc
              .array(numberOf(c.type, strict), { minLength: n, maxLength: n })
              .map((xs) => Float64Array.from(xs))
          }
          if (k === "string")
            return fc.array(fc.oneof(fc.constant(""), text(strict)), { minLength: n, maxLength: n })
          return fc.array(codeOf(c.type), { minLength: n, maxLength: n }).map((xs) => Uint16Array.from(xs))
        })
      )
      .map((columns) => ({ table, length: n, columns }))
  )

/** A table and some batches of it. */
export const tableWithBatches = (
  strict: boolean,
  maxBatches = 3,
  maxRows = 40
): fc.Arbitrary<{ table: Table.Table; batches: Array<Batch.Batch> }> =>
  table(strict).chain((t) =>
    fc
      .array(batch(t, strict, maxRows), { minLength: 1, maxLength: maxBatches })
      .map((batches) => ({ table: t, batches }))
  )
