/**
 * The tables the validator knows, as plain data: names, contract columns, the documented extra
 * columns some checks read, and the order in which tables are fed.
 *
 * @example
 * import { Contract } from "@retail-datagen/validation"
 * Contract.columns("receipts") // ["TraceId", "EventTS", "StoreID", …]
 */
import * as S from "./internal/spec.js"

/** Dimension tables in feed order (each after the tables it references). */
export const MASTER_ORDER: ReadonlyArray<string> = S.MASTER.map((t) => t.name)

/** Fact tables in the order they are fed within a day (receipts before receipt_lines). */
export const FACT_ORDER: ReadonlyArray<string> = S.FACTS.map((t) => t.name)

/** Contract columns of a table, in order; throws a `RangeError` for an unknown table. */
export const columns = (table: string): ReadonlyArray<string> =>
  spec(table)
    .columns.filter((c) => !c.extra)
    .map((c) => c.name)

/** Documented extra columns the checks use when present (e.g. stores DCID, OpenHour, CloseHour, TaxRate). */
export const extras = (table: string): ReadonlyArray<string> =>
  spec(table)
    .columns.filter((c) => c.extra)
    .map((c) => c.name)

/** Values accepted for products_master.Taxability (`TAXABLE`/`true` are taxed at the store's TaxRate). */
export const TAXABILITY: ReadonlyArray<string> = S.TAXABILITY

const spec = (table: string): S.TableSpec => {
  const t = S.byName.get(table)
  if (t === undefined) throw new RangeError(`unknown table ${table}`)
  return t
}
