/**
 * Consumes an async stream of items with up to `lanes` handled at once, in
 * arrival order: a network source keeps every worker busy without reading
 * ahead more than `lanes` items (memory stays bounded).
 */
export async function inLanes<T>(
  items: AsyncIterable<T>,
  lanes: number,
  handle: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const item of items) {
    const task: Promise<void> = handle(item).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= lanes) await Promise.race(running);
  }
  await Promise.all(running);
}
