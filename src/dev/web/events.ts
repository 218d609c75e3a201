/**
 * Server-sent events for live pages: one `update` event per quarter second at most, naming the
 * traces that changed and whether logs or metrics arrived; pages then fetch what they show.
 * Bounded: a capped number of subscribers, and a subscriber that stops reading is dropped.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What changed since the last event.
 *
 * @example
 * hub.notify({ traces: ['4bf92f3577b34da6a3ce929d0e0e4736'], logs: true });
 */
export interface Change {
  traces?: Iterable<string>;
  logs?: boolean;
  metrics?: boolean;
}

const MAX_IDS_PER_EVENT = 200;
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Fans changes out to `EventSource` subscribers.
 *
 * @example
 * const hub = new EventHub();
 * if (path === '/api/events') hub.subscribe(req, res);
 * receiver.onData(() => hub.notify({ logs: true }));
 */
export class EventHub {
  private readonly _clients = new Set<ServerResponse>();
  private readonly _traces = new Set<string>();
  private _logs = false;
  private _metrics = false;
  private _timer: NodeJS.Timeout | undefined;
  private _heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly _maxClients = 32,
    private readonly _flushMs = 250,
  ) {}

  /** Number of open subscriptions. */
  get size(): number {
    return this._clients.size;
  }

  /** Answers `req` with an event stream (or 503 when full). */
  subscribe(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    if (this._clients.size >= this._maxClients) {
      res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`too many live pages open (${this._maxClients}); close some tabs\n`);
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    this._clients.add(res);
    req.socket.setTimeout(0);
    res.on('close', () => {
      this._clients.delete(res);
      if (this._clients.size === 0) this._stopHeartbeat();
    });
    this._heartbeat ??= setInterval(() => this._broadcast(': keep-alive\n\n'), 15_000);
    this._heartbeat.unref();
  }

  /** Queues a change; subscribers hear of it within `flushMs`. */
  notify({ traces = [], logs = false, metrics = false }: Change): void {
    if (this._clients.size === 0) return;
    for (const id of traces) if (this._traces.size <= MAX_IDS_PER_EVENT) this._traces.add(id);
    this._logs ||= logs;
    this._metrics ||= metrics;
    this._timer ??= setTimeout(() => this._flush(), this._flushMs);
    this._timer.unref();
  }

  /** Ends every subscription. */
  close(): void {
    clearTimeout(this._timer);
    this._stopHeartbeat();
    for (const res of this._clients) res.end();
    this._clients.clear();
  }

  private _flush(): void {
    this._timer = undefined;
    const ids = [...this._traces];
    const data = {
      traces: ids.slice(0, MAX_IDS_PER_EVENT),
      more: ids.length > MAX_IDS_PER_EVENT,
      logs: this._logs,
      metrics: this._metrics,
    };
    this._traces.clear();
    this._logs = false;
    this._metrics = false;
    this._broadcast(`event: update\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private _broadcast(text: string): void {
    for (const res of this._clients) {
      // A tab that stopped reading (a frozen background tab) must not grow our memory.
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      else res.write(text);
    }
  }

  private _stopHeartbeat(): void {
    clearInterval(this._heartbeat);
    this._heartbeat = undefined;
  }
}
