/**
 * Decodes OTLP/HTTP request bodies (`http/protobuf` or `http/json`) into flattened records.
 */
import { decodeOtlpProtobuf } from './otlp-proto.js';
import { normaliseLogs, normaliseMetrics, normaliseTraces } from './normalise.js';
import type { ReceivedLog, ReceivedMetric, ReceivedSpan } from './model.js';
import type { OtlpSignal } from './receiver-types.js';

/**
 * The two OTLP/HTTP encodings.
 *
 * @example
 * const encoding: OtlpEncoding | undefined = encodingOf(req.headers['content-type']);
 */
export type OtlpEncoding = 'protobuf' | 'json';

/**
 * Error for a body that cannot be decoded (the receiver answers 400) or a content type it does
 * not support (415).
 *
 * @example
 * try { decodeTraces(body, type); } catch (e) { if (e instanceof OtlpDecodeError) e.status; }
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  constructor(
    message: string,
    /** HTTP status the receiver should answer with. */
    readonly status: 400 | 415 = 400,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Maps a `Content-Type` header to an OTLP encoding, or `undefined` when unsupported.
 *
 * @example
 * encodingOf('application/x-protobuf'); // 'protobuf'
 * encodingOf('application/json; charset=utf-8'); // 'json'
 */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function parse(body: Uint8Array, encoding: OtlpEncoding, signal: OtlpSignal): unknown {
  if (encoding === 'protobuf') return decodeOtlpProtobuf(body, signal);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  const json: unknown = text.trim() === '' ? {} : JSON.parse(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('expected a JSON object');
  }
  return json;
}

/**
 * Parses and normalises; anything that goes wrong past the content type — a truncated message,
 * bad JSON, nesting deep enough to exhaust the stack — is the sender's fault: 400, never 500.
 */
function decode<T>(
  body: Uint8Array,
  contentType: string | undefined,
  signal: OtlpSignal,
  normalise: (request: unknown) => T,
): T {
  const encoding = encodingOf(contentType);
  if (!encoding) {
    throw new OtlpDecodeError(`unsupported Content-Type ${JSON.stringify(contentType ?? '')}`, 415);
  }
  try {
    return normalise(parse(body, encoding, signal));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`cannot decode ${encoding} body: ${reason}`, 400, { cause: error });
  }
}

/**
 * Decodes an OTLP `ExportTraceServiceRequest` body into spans.
 *
 * @param body - the (already decompressed) request body
 * @param contentType - `application/x-protobuf` or `application/json`
 * @throws {OtlpDecodeError} on an unsupported content type or malformed body
 * @example
 * const spans = decodeTraces(ProtobufTraceSerializer.serializeRequest(sdkSpans)!, 'application/x-protobuf');
 */
export function decodeTraces(body: Uint8Array, contentType: string | undefined): ReceivedSpan[] {
  return decode(body, contentType, 'traces', normaliseTraces);
}

/**
 * Decodes an OTLP `ExportMetricsServiceRequest` body into metrics.
 *
 * @throws {OtlpDecodeError} on an unsupported content type or malformed body
 * @example
 * const metrics = decodeMetrics(body, 'application/json');
 */
export function decodeMetrics(body: Uint8Array, contentType: string | undefined): ReceivedMetric[] {
  return decode(body, contentType, 'metrics', normaliseMetrics);
}

/**
 * Decodes an OTLP `ExportLogsServiceRequest` body into log records.
 *
 * @throws {OtlpDecodeError} on an unsupported content type or malformed body
 * @example
 * const logs = decodeLogs(body, 'application/x-protobuf');
 */
export function decodeLogs(body: Uint8Array, contentType: string | undefined): ReceivedLog[] {
  return decode(body, contentType, 'logs', normaliseLogs);
}
