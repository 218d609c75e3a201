import { afterEach, beforeEach } from 'vitest';
import { startReceiver, type Receiver } from '../../src/dev/index.js';
import type { Child } from './child.js';

/** A test's loopback OTLP receiver and the child process it spawned, if any. */
export interface ReceiverAndChild {
  receiver: Receiver;
  child: Child | undefined;
}

/**
 * For child-process tests: starts a loopback OTLP receiver before each test, and after it kills
 * the child the test stored in `child` and closes the receiver.
 *
 * @example
 * ```ts
 * const harness = useReceiverAndChild();
 * it('exports', async () => {
 *   harness.child = spawnNode(APP, [], { OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url });
 * });
 * ```
 */
export function useReceiverAndChild(): ReceiverAndChild {
  const harness = {} as ReceiverAndChild;
  beforeEach(async () => {
    harness.receiver = await startReceiver({ port: 0 });
  });
  afterEach(async () => {
    harness.child?.kill('SIGKILL');
    harness.child = undefined;
    await harness.receiver.close();
  });
  return harness;
}
