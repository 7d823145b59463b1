/**
 * A service made of concurrent tasks (spec 1.4 step 5-6: the HTTP server and the Kafka consumer): when any
 * task ends, for whatever reason, all are stopped; the exit code is the sum of a base code (1 when a task
 * failed) and the stop-failure codes of the tasks whose stop failed (the aggregator: 3 consumer, 4 server).
 * Then `close` runs (storages, pools) and `stopped` resolves with the code.
 */
import type { Logger } from 'pino';
import { EXIT } from './exit-codes.js';
import type { RunningService } from './shell.js';

export interface Task {
  name: string;
  /** Settles when the task ends by itself; a rejection is a task failure (exit 1). */
  done?: Promise<unknown>;
  stop(): Promise<unknown>;
  /** Added to the exit code when stop() fails. */
  stopFailureCode?: number;
}

export function superviseTasks(tasks: Task[], logger: Logger, close: () => Promise<void> = async () => {}): RunningService {
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((r) => {
    resolveStopped = r;
  });
  let stopping: Promise<number> | null = null;
  const stopWith = (reason: string, baseCode: number): Promise<number> => {
    if (stopping) return stopping;
    stopping = (async () => {
      logger.info({ reason }, 'stopping the service');
      let code = baseCode;
      const results = await Promise.allSettled(tasks.map((t) => t.stop()));
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          logger.error({ err: result.reason }, `${tasks[i].name} stop failed`);
          code += tasks[i].stopFailureCode ?? EXIT.error;
        }
      });
      try {
        await close();
      } catch (err) {
        logger.error({ err }, 'closing the service failed');
      }
      resolveStopped(code);
      return code;
    })();
    return stopping;
  };
  for (const task of tasks) {
    task.done?.then(
      () => void stopWith(`${task.name} finished`, EXIT.ok),
      (err: unknown) => {
        logger.error({ err }, `${task.name} failed`);
        void stopWith(`${task.name} failed`, EXIT.error);
      },
    );
  }
  return { stopped, stop: (reason = 'stop requested') => stopWith(reason, EXIT.ok) };
}
