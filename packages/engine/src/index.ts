/**
 * @retail-datagen/engine — the Effect orchestrator of fact-table plugins: registry and
 * dependency order, the day loop of a shard, progress events, cancellation, save/restore.
 */
export * as EngineError from "./EngineError.js"
export * as Progress from "./Progress.js"
export * as Registry from "./Registry.js"
export * as Run from "./Run.js"
