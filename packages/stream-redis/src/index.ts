/**
 * @retail-datagen/stream-redis — the Redis Streams sink of the live stream, in a package of its
 * own so that users who never stream to Redis never install its client.
 */
export * as RedisSink from "./RedisSink.js"
