/**
 * Rings of fixed-width records in one Float64Array (queues of messages, the broadcast log):
 * growing one means unwrapping it, oldest record first, into an array twice the size.
 */

/**
 * A ring of `fieldsPerRecord`-number records whose oldest record is at slot `head`, copied into
 * a new array of twice the capacity with that record at slot 0. Every slot must be in use (the
 * ring is full when it grows), so the copy is the whole array rotated.
 */
export function grownRing(
  ring: Float64Array,
  head: number,
  fieldsPerRecord: number,
): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(ring.length * 2);
  const oldest = ring.subarray(head * fieldsPerRecord);
  grown.set(oldest, 0);
  grown.set(ring.subarray(0, head * fieldsPerRecord), oldest.length);
  return grown;
}
