import type { Meter } from '@opentelemetry/api';
import { ATTR_CPU_MODE, METRIC_PROCESS_CPU_TIME, METRIC_PROCESS_MEMORY_USAGE } from './semconv.js';

/**
 * Registers `process.cpu.time` (s, by `cpu.mode`) and `process.memory.usage` (By, RSS):
 * the guidelines' "resource usage", without the host-metrics package and its system probes.
 * Observed only when the metric reader collects, so they cost nothing between exports.
 *
 * @example
 * ```ts
 * registerProcessMetrics(metrics.getMeter('sightline'));
 * ```
 */
export function registerProcessMetrics(meter: Meter): void {
  const cpu = meter.createObservableCounter(METRIC_PROCESS_CPU_TIME, {
    unit: 's',
    description: 'Total CPU seconds consumed by the process, by mode.',
  });
  cpu.addCallback((result) => {
    const usage = process.cpuUsage();
    result.observe(usage.user / 1e6, { [ATTR_CPU_MODE]: 'user' });
    result.observe(usage.system / 1e6, { [ATTR_CPU_MODE]: 'system' });
  });
  const memory = meter.createObservableUpDownCounter(METRIC_PROCESS_MEMORY_USAGE, {
    unit: 'By',
    description: 'Resident set size of the process.',
  });
  memory.addCallback((result) => result.observe(process.memoryUsage.rss()));
}
