/**
 * @retail-datagen/stream-nats — the NATS JetStream sink of the live stream, in a package of its
 * own so that users who never stream to NATS never install its client.
 */
export * as NatsSink from "./NatsSink.js"
