/**
 * HTTP plumbing of the receiver: bounded body reading, gzip, and the OTLP paths.
 */
import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { OtlpSignal } from './receiver-types.js';

const gunzipAsync = promisify(gunzip);

/**
 * An error the receiver answers with `status` and the message as plain text.
 *
 * @example
 * throw new HttpError(415, 'unsupported Content-Encoding br');
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body, failing with 413 as soon as it passes `limit` bytes.
 *
 * @example
 * const raw = await readBody(req, 16 * 1024 * 1024);
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, `body of ${declared} bytes exceeds ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, `body exceeds ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Undoes `Content-Encoding: gzip` (415 for other encodings), bounded by the same `limit`.
 *
 * @example
 * const body = await decompress(req, raw, 16 * 1024 * 1024);
 */
export async function decompress(
  req: IncomingMessage,
  body: Buffer,
  limit: number,
): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body;
  if (encoding !== 'gzip') throw new HttpError(415, `unsupported Content-Encoding ${encoding}`);
  try {
    // maxOutputLength bounds a gzip bomb to the same limit as a plain body.
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `decompressed body exceeds ${limit} bytes`);
    }
    throw new HttpError(400, `invalid gzip body: ${(error as Error).message}`);
  }
}

/**
 * The OTLP/HTTP paths and the signal each receives.
 *
 * @example
 * const signal: OtlpSignal | undefined = OTLP_PATHS[new URL(req.url, base).pathname];
 */
export const OTLP_PATHS: Record<string, OtlpSignal> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};
