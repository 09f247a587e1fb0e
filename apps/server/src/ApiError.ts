/**
 * The error documents of the API: every failure is `{ error, message, path? }` — `error` names
 * the kind, `message` says what is wrong in one sentence, `path` names the bad field (`config.volume.stores`,
 * `end`) when there is one. A configuration rejected as a whole lists every problem in `problems`.
 *
 * @example
 * import { ApiError } from "@retail-datagen/server"
 * ApiError.notFound("run r-20240101-0001 not found")
 */
import { HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"

/** One bad field: its path and what is wrong with it (the CLI's configuration messages). */
export const Problem = Schema.Struct({ path: Schema.String, message: Schema.String })
export interface Problem extends Schema.Schema.Type<typeof Problem> {}

const fields = <const Tag extends string>(tag: Tag) => ({
  error: Schema.Literal(tag),
  message: Schema.String,
  path: Schema.optional(Schema.String)
})

/** 400: a malformed body, parameter or configuration. */
export class BadRequest extends Schema.Class<BadRequest>("BadRequest")(
  { ...fields("BadRequest"), problems: Schema.optional(Schema.Array(Problem)) },
  HttpApiSchema.annotations({ status: 400 })
) {}

/** 401: a mutating route or a download without the server's bearer token. */
export class Unauthorized extends Schema.Class<Unauthorized>("Unauthorized")(
  fields("Unauthorized"),
  HttpApiSchema.annotations({ status: 401 })
) {}

/** 404: no such run, table or file. */
export class NotFound extends Schema.Class<NotFound>("NotFound")(
  fields("NotFound"),
  HttpApiSchema.annotations({ status: 404 })
) {}

/** 409: the run is not in a state that allows the request (e.g. continue a running run). */
export class Conflict extends Schema.Class<Conflict>("Conflict")(
  fields("Conflict"),
  HttpApiSchema.annotations({ status: 409 })
) {}

/** 413: the request body is larger than the server accepts. */
export class PayloadTooLarge extends Schema.Class<PayloadTooLarge>("PayloadTooLarge")(
  fields("PayloadTooLarge"),
  HttpApiSchema.annotations({ status: 413 })
) {}

/** 416: a `Range` header outside the file. */
export class RangeNotSatisfiable extends Schema.Class<RangeNotSatisfiable>("RangeNotSatisfiable")(
  fields("RangeNotSatisfiable"),
  HttpApiSchema.annotations({ status: 416 })
) {}

/** 429: the queue of pending runs is full (`--max-queue`). */
export class TooManyRequests extends Schema.Class<TooManyRequests>("TooManyRequests")(
  fields("TooManyRequests"),
  HttpApiSchema.annotations({ status: 429 })
) {}

/** Every error document. */
export type ApiError =
  | BadRequest
  | Unauthorized
  | NotFound
  | Conflict
  | PayloadTooLarge
  | RangeNotSatisfiable
  | TooManyRequests

const opt = (path: string | undefined) => (path === undefined ? {} : { path })

/** A 400 naming `path`. */
export const badRequest = (message: string, path?: string, problems?: ReadonlyArray<Problem>): BadRequest =>
  new BadRequest({
    error: "BadRequest",
    message,
    ...opt(path),
    ...(problems === undefined ? {} : { problems })
  })

/** A 401. */
export const unauthorized = (): Unauthorized =>
  new Unauthorized({
    error: "Unauthorized",
    message: "this route needs the server's token: send `Authorization: Bearer <token>`"
  })

/** A 404. */
export const notFound = (message: string, path?: string): NotFound =>
  new NotFound({ error: "NotFound", message, ...opt(path) })

/** A 409. */
export const conflict = (message: string): Conflict => new Conflict({ error: "Conflict", message })

/** A 413. */
export const payloadTooLarge = (limit: number): PayloadTooLarge =>
  new PayloadTooLarge({ error: "PayloadTooLarge", message: `the request body is larger than ${limit} bytes` })

/** A 416. */
export const rangeNotSatisfiable = (size: number): RangeNotSatisfiable =>
  new RangeNotSatisfiable({
    error: "RangeNotSatisfiable",
    message: `the range is outside the file (${size} bytes)`,
    path: "Range"
  })

/** A 429. */
export const tooManyRequests = (queued: number): TooManyRequests =>
  new TooManyRequests({
    error: "TooManyRequests",
    message: `the queue is full (${queued} runs pending); retry when a run has finished`
  })
