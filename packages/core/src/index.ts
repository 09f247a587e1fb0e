/**
 * @retail-datagen/core — the primitives every other package builds on.
 */
export * as Batch from "./Batch.js"
export * as Calendar from "./Calendar.js"
export * as Distribution from "./Distribution.js"
export * as Hash from "./Hash.js"
export * as Ids from "./Ids.js"
export * as Money from "./Money.js"
export * as Plugin from "./Plugin.js"
export * as Rng from "./Rng.js"
export * as Services from "./Services.js"
export * as Table from "./Table.js"
export * as Timestamp from "./Timestamp.js"
