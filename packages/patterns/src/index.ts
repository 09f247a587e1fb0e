/**
 * @retail-datagen/patterns — demand patterns: seasons, holidays computed per year, day of week,
 * hour of day, store hours, weather and promotional events, combined by the `Patterns` facade.
 */
export * as Departments from "./Departments.js"
export * as Events from "./Events.js"
export * as Holidays from "./Holidays.js"
export * as Hourly from "./Hourly.js"
export * as Overrides from "./Overrides.js"
export * as Patterns from "./Patterns.js"
export * as PatternsService from "./PatternsService.js"
export * as Seasons from "./Seasons.js"
export * as StoreHours from "./StoreHours.js"
export * as Weather from "./Weather.js"
export * as Weekly from "./Weekly.js"
