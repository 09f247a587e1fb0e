/**
 * @retail-datagen/example-plugin-returns — product returns that follow the receipts.
 */
export * as Returns from "./Returns.js"
export { plugins } from "./Returns.js"
