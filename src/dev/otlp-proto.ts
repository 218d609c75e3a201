/**
 * OTLP `http/protobuf` decoding with protobufjs (the library the OTel JS gRPC exporters use)
 * over the official opentelemetry-proto definitions, shipped as a JSON descriptor in
 * `./proto/otlp.json` (opentelemetry-proto v1.11.0: the collector request messages and what they
 * reference, gRPC services and file options dropped; regenerate with protobufjs
 * `root.loadSync([...service protos]).toJSON()`).
 *
 * The output mirrors the OTLP/JSON shape that `normalise.ts` reads: camelCase names, 64-bit
 * integers as decimal strings, enums as numbers and bytes as base64 (ids included, which
 * `otlp-json.ts#id` turns into hex), so one normaliser serves both encodings.
 */
import { createRequire } from 'node:module';
import protobuf from 'protobufjs/light.js';
import type { INamespace, Type } from 'protobufjs';
import type { OtlpSignal } from './receiver-types.js';

const REQUEST_TYPES: Record<OtlpSignal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  metrics: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  logs: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
};

// toObject in the OTLP/JSON spirit; `defaults: false` keeps absent fields absent.
const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: false,
};

let types: Record<OtlpSignal, Type> | undefined;

/** Loaded on first use: the receiver only pays for protobuf when a protobuf body arrives. */
function requestType(signal: OtlpSignal): Type {
  if (!types) {
    const descriptor = createRequire(import.meta.url)('./proto/otlp.json') as INamespace;
    const root = protobuf.Root.fromJSON(descriptor);
    types = {
      traces: root.lookupType(REQUEST_TYPES.traces),
      metrics: root.lookupType(REQUEST_TYPES.metrics),
      logs: root.lookupType(REQUEST_TYPES.logs),
    };
  }
  return types[signal];
}

/**
 * Decodes an `Export{Trace,Metrics,Logs}ServiceRequest` in the protobuf wire format into the
 * OTLP/JSON shape. Unknown fields are skipped (newer senders); nesting is bounded by protobufjs
 * (100 levels).
 *
 * @param body - the decompressed request body
 * @param signal - which request message the body holds
 * @returns a plain object (`{ resourceSpans: [...] }`, …)
 * @throws Error from protobufjs on truncated or malformed input (the caller answers 400)
 * @example
 * const request = decodeOtlpProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!, 'traces');
 * normaliseTraces(request); // ReceivedSpan[]
 */
export function decodeOtlpProtobuf(body: Uint8Array, signal: OtlpSignal): Record<string, unknown> {
  const type = requestType(signal);
  return type.toObject(type.decode(body), TO_OBJECT);
}
