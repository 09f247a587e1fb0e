/**
 * @retail-datagen/validation — the invariants of the data contract as reusable checks, over
 * in-memory batches and datasets on disk.
 */
export * as Contract from "./Contract.js"
export * as Determinism from "./Determinism.js"
export * as Report from "./Report.js"
export * as Rules from "./Rules.js"
export * as Validate from "./Validate.js"
