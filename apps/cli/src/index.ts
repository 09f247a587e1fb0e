/**
 * retail-datagen — the command line. The modules are exported for tests and for embedding the
 * commands elsewhere; the executable is `dist/bin.js`.
 */
export * as Cli from "./Cli.js"
export * as Help from "./Help.js"
export * as Facts from "./Commands/Facts.js"
export * as Generate from "./Commands/Generate.js"
export * as Init from "./Commands/Init.js"
export * as Master from "./Commands/Master.js"
export * as Merge from "./Commands/Merge.js"
export * as Validate from "./Commands/Validate.js"
export * as Failure from "./Failure.js"
export * as Output from "./Output.js"
export * as Plan from "./Plan.js"
export * as Summary from "./Summary.js"
