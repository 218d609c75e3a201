import { diag } from '@opentelemetry/api';

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type HandledSignal = keyof typeof SIGNAL_NUMBERS;

/**
 * Runs `task` but gives up after `timeoutMs`; resolves `true` when the task finished in time.
 * The timer is unref'd so it never keeps the process alive by itself.
 *
 * @example
 * ```ts
 * const finished = await withTimeout(() => provider.shutdown(), 2_000);
 * ```
 */
export async function withTimeout(
  task: () => Promise<unknown>,
  timeoutMs: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([
      task().then(
        () => true,
        (error: unknown) => {
          diag.debug('sightline: shutdown step failed', error);
          return true;
        },
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Installs SIGTERM/SIGINT/beforeExit handlers that flush and shut down within a bound.
 * After a signal the process exits with 128+signal only when no other listener for that signal
 * exists; otherwise exiting is left to the app (telemetry is flushed, the SDK keeps running
 * until `beforeExit`). Returns an uninstall function.
 *
 * @example
 * ```ts
 * const uninstall = installExitHandlers({ flush, shutdown });
 * ```
 */
export function installExitHandlers(sdk: {
  flush(): Promise<void>;
  shutdown(): Promise<{ timedOut: boolean }>;
}): () => void {
  const onSignal = (signal: HandledSignal) => {
    const appHandlesIt = process.listenerCount(signal) > 1;
    if (appHandlesIt) {
      void sdk.flush();
      return;
    }
    void sdk.shutdown().finally(() => process.exit(128 + SIGNAL_NUMBERS[signal]));
  };
  const onSigterm = () => onSignal('SIGTERM');
  const onSigint = () => onSignal('SIGINT');
  let exiting = false;
  const onBeforeExit = () => {
    if (exiting) return;
    exiting = true;
    void sdk.shutdown().then(({ timedOut }) => {
      // A hung exporter would keep retrying for seconds; the app had nothing left to do, so
      // exit now with the code it would have exited with.
      if (timedOut) process.exit();
    });
  };
  process.on('SIGTERM', onSigterm);
  process.on('SIGINT', onSigint);
  process.on('beforeExit', onBeforeExit);
  return () => {
    process.off('SIGTERM', onSigterm);
    process.off('SIGINT', onSigint);
    process.off('beforeExit', onBeforeExit);
  };
}
