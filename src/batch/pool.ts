/**
 * Runs `work` over `items` with at most `concurrency` at a time, pulling the next item only when a
 * worker is free: a 100,000-item input never queues 100,000 closures, so memory stays flat.
 * `stopped()` is checked before each pull; items already taken are always finished.
 */
export async function runPool<T>(
  items: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : fromSync(items)[Symbol.asyncIterator]();
  let exhausted = false;
  // Pulls are serialised: async generators queue concurrent next() calls anyway, but explicitly
  // chaining them keeps "stopped" checks and the end of input race-free.
  let pulling: Promise<unknown> = Promise.resolve();
  const next = (): Promise<IteratorResult<T>> => {
    const pull = pulling.then(() => (exhausted || stopped() ? ({ done: true, value: undefined } as IteratorResult<T>) : iterator.next()));
    pulling = pull.catch(() => undefined);
    return pull.then((r) => {
      if (r.done) exhausted = true;
      return r;
    });
  };
  const worker = async () => {
    for (let r = await next(); !r.done; r = await next()) await work(r.value);
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  } finally {
    if (!exhausted || stopped()) await iterator.return?.(undefined);
  }
}

async function* fromSync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
