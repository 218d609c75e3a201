/**
 * The SDK's log processor: records from any other source (here the logs API, as
 * @opentelemetry/winston-transport uses it for an app's own logger) are redacted before the
 * exporting processor sees them; records Sightline redacted already pass untouched (no second
 * pass over every Sightline log record).
 */
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logging/index.js';
import { createRedactor } from '../../src/core/redaction/index.js';
import { SIGHTLINE_SCOPE } from '../../src/core/telemetry/attributes.js';
import { markRedacted } from '../../src/core/telemetry/redacted-records.js';
import { RedactingLogRecordProcessor } from '../../src/sdk/redacting-log-processor.js';
import { LineSink } from './helpers.js';

const exporter = new InMemoryLogRecordExporter();
const provider = new LoggerProvider({
  processors: [new RedactingLogRecordProcessor(), new SimpleLogRecordProcessor({ exporter })],
});
logs.setGlobalLoggerProvider(provider);

beforeEach(() => exporter.reset());
afterAll(async () => {
  await provider.shutdown();
  logs.disable();
});

const exported = () => exporter.getFinishedLogRecords();

describe('RedactingLogRecordProcessor', () => {
  it('redacts the body and attributes of records from other loggers', () => {
    provider.getLogger('app').emit({
      body: 'login password=hunter2 from jane@example.com',
      attributes: {
        email: 'jane@example.com',
        token: 'abc123',
        nested: { password: 'hunter2', ok: 1 },
        'exception.message': 'bad secret=s3cr3t',
        count: 2,
      },
    });
    const [record] = exported();
    expect(record?.body).toBe('login password=[REDACTED] from [EMAIL]');
    expect(record?.attributes).toEqual({
      email: '[EMAIL]',
      token: '[REDACTED]',
      nested: { password: '[REDACTED]', ok: 1 },
      'exception.message': 'bad secret=[REDACTED]',
      count: 2,
    });
  });

  it("leaves records of Sightline's logger and its own scope as they are", () => {
    // Content the processor would redact: it stays, so the processor did not touch them.
    provider.getLogger('app').emit({
      body: 'marked jane@example.com',
      context: markRedacted(context.active()),
    });
    provider.getLogger(SIGHTLINE_SCOPE).emit({ body: 'own scope jane@example.com' });
    expect(exported().map((record) => record.body)).toEqual([
      'marked jane@example.com',
      'own scope jane@example.com',
    ]);
  });

  it("exports Sightline's logger records redacted exactly once", () => {
    const logger = createLogger({ serviceName: 'svc', stream: new LineSink(), pretty: false });
    logger.info('login password=hunter2', { email: 'jane@example.com' });
    const [record] = exported();
    expect(record?.body).toBe('login password=[REDACTED]');
    expect(record?.attributes['email']).toBe('[EMAIL]');
  });

  it('uses a given redactor instead of the default one', () => {
    const processor = new RedactingLogRecordProcessor(createRedactor({ keys: ['pin'] }));
    const own = new InMemoryLogRecordExporter();
    const custom = new LoggerProvider({
      processors: [processor, new SimpleLogRecordProcessor({ exporter: own })],
    });
    custom.getLogger('app').emit({ body: 'x', attributes: { pin: '1234' }, context: ROOT_CONTEXT });
    expect(own.getFinishedLogRecords()[0]?.attributes['pin']).toBe('[REDACTED]');
  });
});
