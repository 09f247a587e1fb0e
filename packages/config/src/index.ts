/**
 * @retail-datagen/config — the run configuration: Schema, defaults, loading, merging and errors
 * that name the key path.
 */
export * as Config from "./Config.js"
