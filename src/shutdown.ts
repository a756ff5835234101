/**
 * Every entry point (bot, worker, simulators, the local world) stops the same way: on SIGINT or
 * SIGTERM it closes what it runs, then exits 0, or 1 if closing failed.
 */
export function closeOnSignal(close: () => Promise<unknown>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
