import { diag, DiagLogLevel, trace, type DiagLogger, type Span } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Writable } from 'node:stream';

/** Real SDK pipeline: global tracer (AsyncLocalStorage context) + global logger provider. */
export interface Otel {
  exporter: InMemoryLogRecordExporter;
  records(): ReadableLogRecord[];
  inSpan<T>(name: string, fn: (span: Span) => T): T;
  shutdown(): Promise<void>;
}

/**
 * Installs the SDK once per test file. The OTel transport caches its delegate logger, so the
 * provider must stay the same for the whole file; tests reset the exporter instead.
 */
export function installOtel(): Otel {
  const exporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  const tracerProvider = new NodeTracerProvider();
  tracerProvider.register();
  const tracer = trace.getTracer('sightline-logging-test');
  return {
    exporter,
    records: () => exporter.getFinishedLogRecords(),
    inSpan: (name, fn) =>
      tracer.startActiveSpan(name, (span) => {
        try {
          return fn(span);
        } finally {
          span.end();
        }
      }),
    shutdown: async () => {
      await loggerProvider.shutdown();
      await tracerProvider.shutdown();
      logs.disable();
      trace.disable();
    },
  };
}

/** A Writable that keeps every line written to it. */
export class LineSink extends Writable {
  readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  /** The raw text split into lines (no trailing empty line). */
  get lines(): string[] {
    return this.chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0);
  }

  /** Every line parsed as JSON. */
  get json(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  reset(): void {
    this.chunks.length = 0;
  }
}

/** Captures `diag` output at all levels until `restore()`. */
export function captureDiag(): { messages: { level: string; text: string }[]; restore(): void } {
  const messages: { level: string; text: string }[] = [];
  const make =
    (level: string) =>
    (text: string, ...args: unknown[]) => {
      messages.push({ level, text: [text, ...args.map(String)].join(' ') });
    };
  const logger: DiagLogger = {
    error: make('error'),
    warn: make('warn'),
    info: make('info'),
    debug: make('debug'),
    verbose: make('verbose'),
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return { messages, restore: () => diag.disable() };
}
