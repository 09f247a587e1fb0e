/**
 * @retail-datagen/testkit — test helpers for plugin authors.
 */
export * as Arbitraries from "./Arbitraries.js"
export * as Splits from "./Splits.js"
