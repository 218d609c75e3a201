/**
 * `service.name` of log lines comes from one place: the resource facts the SDK publishes, else
 * the same precedence applied to the environment and the app's package.json.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/logging/index.js';
import {
  chooseServiceName,
  getResourceFacts,
  publishResourceFacts,
  readAppPackage,
  resolveServiceName,
} from '../../src/core/telemetry/resource-facts.js';
import { LineSink } from './helpers.js';

// The registry is a documented global; tests remove what they published.
const clearResourceFacts = () =>
  void delete (globalThis as Record<symbol, unknown>)[Symbol.for('sightline.resource_facts')];

let sink: LineSink;
beforeEach(() => {
  sink = new LineSink();
  vi.stubEnv('OTEL_SERVICE_NAME', '');
  vi.stubEnv('OTEL_RESOURCE_ATTRIBUTES', '');
});
afterEach(() => {
  clearResourceFacts();
  vi.unstubAllEnvs();
});

describe('chooseServiceName', () => {
  it('prefers the explicit name, then the resource attribute, then package.json', () => {
    const app = { name: 'pkg' };
    expect(chooseServiceName({ serviceName: 'explicit', resourceAttributes: {}, app })).toBe(
      'explicit',
    );
    expect(chooseServiceName({ resourceAttributes: { 'service.name': 'attr' }, app })).toBe('attr');
    expect(chooseServiceName({ app })).toBe('pkg');
    expect(chooseServiceName({})).toBe('unknown_service:node');
  });
});

describe('resolveServiceName', () => {
  it('without an SDK: OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, package.json', () => {
    expect(resolveServiceName({ OTEL_SERVICE_NAME: ' env ' })).toBe('env');
    expect(
      resolveServiceName({ OTEL_RESOURCE_ATTRIBUTES: 'team=a, service.name=from%20attrs' }),
    ).toBe('from attrs');
    expect(resolveServiceName({})).toBe(readAppPackage().name ?? 'unknown_service:node');
  });

  it('with an SDK: the resource it published, whatever the environment says', () => {
    publishResourceFacts({ 'service.name': 'resource', 'service.version': '2.0.0', n: 1 });
    expect(resolveServiceName({ OTEL_SERVICE_NAME: 'env' })).toBe('resource');
    expect(getResourceFacts()?.attributes).toEqual({
      'service.name': 'resource',
      'service.version': '2.0.0',
    });
  });
});

describe('createLogger service.name', () => {
  it("follows the SDK's resource once published, even for a logger made earlier", () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-env');
    const early = createLogger({ stream: sink, pretty: false });
    early.info('before');
    publishResourceFacts({ 'service.name': 'from-resource' });
    early.info('after');
    createLogger({ stream: sink, pretty: false }).info('new');
    createLogger({ stream: sink, pretty: false, serviceName: 'explicit' }).info('explicit');
    expect(sink.json.map((line) => line['service.name'])).toEqual([
      'from-env',
      'from-resource',
      'from-resource',
      'explicit',
    ]);
  });
});
