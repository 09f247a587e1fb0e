/**
 * @retail-datagen/server — the HTTP server of retail-datagen: start, watch, cancel, continue and
 * download generations, start and control live event streams, with an OpenAPI document and
 * Server-Sent Events of progress and of the streams' events.
 */
export * as Api from "./Api.js"
export * as ApiError from "./ApiError.js"
export * as Handlers from "./Handlers.js"
export * as RunStatus from "./RunStatus.js"
export * as Runs from "./Runs.js"
export * as Server from "./Server.js"
export * as Streams from "./Streams.js"
