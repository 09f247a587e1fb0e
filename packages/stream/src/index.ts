/**
 * @retail-datagen/stream — the live event stream: a batch run's rows as events (DATA-CONTRACT §7)
 * in EventTS order, paced or flat out, delivered at least once to a sink with checkpoints,
 * capped retries and dead letters.
 */
export * as Checkpoint from "./Checkpoint.js"
export * as Event from "./Event.js"
export * as Live from "./Live.js"
export * as Mapping from "./Mapping.js"
export * as Pacing from "./Pacing.js"
export * as Retry from "./Retry.js"
export * as Sink from "./Sink.js"
export * as Sse from "./Sse.js"
export * as StreamError from "./StreamError.js"
