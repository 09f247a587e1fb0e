/**
 * @retail-datagen/scenario — what-if interventions as a Schema-checked document, compiled into
 * per-day lookups that the simulation's plugins apply (see docs/scenarios.md).
 */
export * as Scenario from "./Scenario.js"
