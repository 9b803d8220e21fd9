/**
 * Whether `promise` resolved within `ms` (a rejection is thrown, as awaiting it would); the
 * timer never outlives the answer. The launcher's stop steps wait this way for processes that
 * may never exit.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
