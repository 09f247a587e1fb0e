/**
 * @retail-datagen/generator — the library of a whole run: configuration → master data →
 * fact-table plugins → partitioned files, with manifest, resume, progress and validation.
 */
export * as Generator from "./Generator.js"
export * as GeneratorError from "./GeneratorError.js"
export * as Lock from "./Lock.js"
export * as MasterData from "./MasterData.js"
export * as Plugins from "./Plugins.js"
export * as Progress from "./Progress.js"
