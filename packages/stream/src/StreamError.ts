/**
 * The errors of the live stream, as data; each `message` names the sink, file or option and what
 * to do.
 */
import { Schema } from "effect"

/** A sink could not take events now (broker down, connection lost): retried with backoff. */
export class SinkUnavailable extends Schema.TaggedError<SinkUnavailable>()("SinkUnavailable", {
  sink: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.sink}: ${this.reason}`
  }
}

/** A sink stayed unavailable for longer than the retry budget (`--max-retry-time`). */
export class RetriesExhausted extends Schema.TaggedError<RetriesExhausted>()("RetriesExhausted", {
  sink: Schema.String,
  seconds: Schema.Number,
  retries: Schema.Number,
  reason: Schema.String,
  /** The sink was never reached (its first connection). */
  connecting: Schema.optional(Schema.Boolean)
}) {
  override get message(): string {
    if (this.connecting === true) {
      return `${this.sink}: could not connect for ${this.seconds} s (${this.retries} retries; last error: ${this.reason}); is the broker running at that address? (--max-retry-time sets how long to wait)`
    }
    return `${this.sink} stayed unavailable for ${this.seconds} s (${this.retries} retries; last error: ${this.reason}); the stream stopped after its last acknowledged event and resumes from there when started again`
  }
}

/** A checkpoint belongs to another stream (other configuration or start). */
export class CheckpointMismatch extends Schema.TaggedError<CheckpointMismatch>()("CheckpointMismatch", {
  where: Schema.String,
  found: Schema.String,
  expected: Schema.String
}) {
  override get message(): string {
    return `the checkpoint in ${this.where} belongs to another stream (${this.found}, this one is ${this.expected}); use another output or remove the checkpoint to start over`
  }
}

/** A bad option (names it). */
export class InvalidStreamOption extends Schema.TaggedError<InvalidStreamOption>()("InvalidStreamOption", {
  option: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.option}: ${this.reason}`
  }
}

/** A local file (dead letters, cursor, output) could not be written. */
export class StreamIoError extends Schema.TaggedError<StreamIoError>()("StreamIoError", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.path}: ${this.reason}`
  }
}

export type StreamError =
  | SinkUnavailable
  | RetriesExhausted
  | CheckpointMismatch
  | InvalidStreamOption
  | StreamIoError
