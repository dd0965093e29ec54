/**
 * The one place timers are made. A repeating task never overlaps itself (a slow run skips the ticks it
 * overlaps) and never keeps the process alive; errors are logged, never thrown into the timer.
 */
export interface Repeating {
  stop(): void;
}

export function every(ms: number, task: () => unknown, options: { name?: string } = {}): Repeating {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (error) {
      console.error(`[runtime] ${options.name ?? 'task'} failed: ${(error as Error)?.message ?? error}`);
    } finally {
      running = false;
    }
  }, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Once after `ms`, unless stopped first. */
export function after(ms: number, task: () => unknown): Repeating {
  const timer = setTimeout(
    () =>
      void Promise.resolve()
        .then(task)
        .catch((error) => console.error(`[runtime] ${(error as Error)?.message ?? error}`)),
    ms,
  );
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}
