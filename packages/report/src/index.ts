/**
 * @retail-datagen/report — the realism report of a dataset on disk: figures computed with DuckDB,
 * the behavioural targets of the data contract as pass/fail rows, and a self-contained HTML page.
 */

export * as Diff from "./Diff.js"
export * as Figures from "./Figures.js"
export * as Html from "./Html.js"
export * as Report from "./Report.js"
export * as ReportError from "./ReportError.js"
export * as Svg from "./Svg.js"
export * as Targets from "./Targets.js"
