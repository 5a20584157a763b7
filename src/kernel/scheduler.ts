// Recurring background work (mail delivery, clean-ups, later reminders and expiries). Each job keeps
// its state in the database, so it is idempotent and survives a restart; this only paces it.
import type { Logger } from 'pino';

export interface Scheduler {
  /** Runs `job` every `seconds`; with `atStart`, also once right after the start (work a crash left). */
  every(name: string, seconds: number, job: () => Promise<unknown>, options?: { atStart?: boolean }): void;
  stop(): Promise<void>;
}

export function createScheduler(logger: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  return {
    every(name, seconds, job, options = {}) {
      if (seconds <= 0) return;
      let busy = false;
      const tick = () => {
        if (busy || stopped) return;
        busy = true;
        const run = job()
          .catch((error: unknown) => logger.warn({ job: name, err: error instanceof Error ? error.message : String(error) }, 'scheduled job failed'))
          .finally(() => {
            busy = false;
            running.delete(run);
          });
        running.add(run);
      };
      const timer = setInterval(tick, seconds * 1000);
      timer.unref();
      timers.push(timer);
      if (options.atStart) {
        const first = setTimeout(tick, 1_000);
        first.unref();
        timers.push(first);
      }
    },
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
}
