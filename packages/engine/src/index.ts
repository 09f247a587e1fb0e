/**
 * @retail-datagen/engine — the Effect orchestrator of fact-table plugins: registry and
 * dependency order, the day loop of a shard, progress events, cancellation, save/restore, and
 * the run pipeline that writes partitioned files with a manifest and resumes.
 */
export * as Days from "./Days.js"
export * as EngineError from "./EngineError.js"
export * as Manifest from "./Manifest.js"
export * as Merge from "./Merge.js"
export * as Pipeline from "./Pipeline.js"
export * as PipelineError from "./PipelineError.js"
export * as Progress from "./Progress.js"
export * as Registry from "./Registry.js"
export * as Run from "./Run.js"
export * as Workers from "./Workers.js"
