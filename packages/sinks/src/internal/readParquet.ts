/**
 * The inverse of the Parquet writer: DuckDB reads the file (`read_parquet`, file order kept) and
 * a SELECT turns each typed column back into the raw value the writer scanned — doubles for
 * numeric kinds (`'NaN'` for null), codes for bools and enums (`NULL_CODE` for null), strings
 * (`""` for null) — so the JS side only copies chunk vectors into typed arrays.
 */
import { type Batch, Table } from "@retail-datagen/core"
import * as Duck from "./Duck.js"
import { sqlType } from "./ParquetWriter.js"

/** A file whose schema or values the Parquet writer cannot have written. */
export class Malformed extends Error {
  constructor(
    readonly row: number | undefined,
    readonly column: string | undefined,
    readonly detail: string
  ) {
    super(
      `${row === undefined ? "" : `row ${row + 1}, `}${column === undefined ? "" : `column ${column}: `}${detail}`
    )
  }
}

const NAN = "CAST('NaN' AS DOUBLE)"

/** The SQL expression giving the raw value of column `name` of kind `type`; NULL flags a bad value. */
const raw = (type: Table.ColumnType, name: string): string => {
  const x = Duck.ident(name)
  switch (type.kind) {
    case "int":
      return `coalesce(CAST(${x} AS DOUBLE), ${NAN})`
    case "cents":
      return `coalesce(CAST(CAST(${x} * 100 AS BIGINT) AS DOUBLE), ${NAN})`
    case "float":
      return `coalesce(${x}, ${NAN})`
    case "timestamp":
      return `coalesce(CAST(epoch_us(${x}) // 1000000 AS DOUBLE), ${NAN})`
    case "date":
      return `coalesce(CAST(${x} - DATE '1970-01-01' AS DOUBLE), ${NAN})`
    case "bool":
      return `CASE WHEN ${x} IS NULL THEN ${Table.NULL_CODE} WHEN ${x} THEN 1 ELSE 0 END`
    case "id": {
      const p = Duck.literal(type.prefix)
      const digits = `substr(${x}, length(${p}) + 1)`
      return `CASE WHEN ${x} IS NULL THEN ${NAN} WHEN starts_with(${x}, ${p}) AND regexp_full_match(${digits}, '[0-9]+') THEN CAST(TRY_CAST(${digits} AS BIGINT) AS DOUBLE) END`
    }
    case "enum":
      return `CASE WHEN ${x} IS NULL THEN ${Table.NULL_CODE} ELSE list_position([${type.values.map(Duck.literal).join(", ")}]::VARCHAR[], ${x}) - 1 END`
    case "string":
      return `coalesce(${x}, '')`
  }
}

/** The batch of `table` held by the Parquet file at `file`; throws a `Malformed` or DuckDB's error. */
export const decode = async (table: Table.Table, file: string): Promise<Batch.Batch> => {
  const connection = await Duck.connect()
  try {
    const source = `read_parquet(${Duck.literal(file)}, hive_partitioning = false)`
    const described = await connection.run(`DESCRIBE SELECT * FROM ${source}`)
    const found = (await described.getRowObjectsJS()).map(
      (r) => `${String(r.column_name)} ${String(r.column_type)}`
    )
    const expected = table.columns.map((c) => `${c.name} ${sqlType(c.type)}`)
    if (found.join(", ") !== expected.join(", ")) {
      throw new Malformed(
        undefined,
        undefined,
        `the schema is (${found.join(", ")}), expected (${expected.join(", ")})`
      )
    }
    const counted = await connection.run(`SELECT count(*) AS n FROM ${source}`)
    const n = Number((await counted.getRowObjectsJS())[0]!.n)
    const columns: Array<Float64Array | Uint16Array | Array<string>> = table.columns.map((c) =>
      Table.isNumeric(c.type.kind)
        ? new Float64Array(n)
        : c.type.kind === "string"
          ? new Array<string>(n)
          : new Uint16Array(n)
    )
    if (table.columns.length > 0 && n > 0) {
      const select = table.columns.map((c, i) => `${raw(c.type, c.name)} AS ${Duck.rawName(i)}`).join(", ")
      const result = await connection.stream(`SELECT ${select} FROM ${source}`)
      let row = 0
      for (
        let chunk = await result.fetchChunk();
        chunk !== null && chunk.rowCount > 0;
        chunk = await result.fetchChunk()
      ) {
        const m = chunk.rowCount
        if (row + m > n) throw new Malformed(undefined, undefined, `more rows than the ${n} counted`)
        table.columns.forEach((c, i) => {
          const vector = chunk.getColumnVector(i)
          const out = columns[i]!
          const codes = out instanceof Uint16Array
          for (let r = 0; r < m; r++) {
            const v = vector.getItem(r) as number | string | null
            if (v === null || (codes && v === -1)) {
              throw new Malformed(
                row + r,
                c.name,
                `a value that is not ${c.type.kind === "enum" ? "one of the column's values" : `an id ${JSON.stringify((c.type as { prefix: string }).prefix)} + digits`}`
              )
            }
            ;(out as Array<number | string>)[row + r] = v
          }
        })
        row += m
      }
      if (row !== n) throw new Malformed(undefined, undefined, `${row} rows read, ${n} counted`)
    }
    return { table, length: n, columns }
  } finally {
    connection.closeSync()
  }
}
