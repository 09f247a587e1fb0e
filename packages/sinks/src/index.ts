/**
 * @retail-datagen/sinks — fast CSV, NDJSON and Parquet writers for columnar batches, with
 * atomic partition commit.
 */
export * as AtomicFile from "./AtomicFile.js"
export * as Csv from "./Csv.js"
export * as Directory from "./Directory.js"
export * as Layout from "./Layout.js"
export * as Ndjson from "./Ndjson.js"
export * as Parquet from "./Parquet.js"
export * as Partition from "./Partition.js"
export * as Read from "./Read.js"
export * as SinkError from "./SinkError.js"
