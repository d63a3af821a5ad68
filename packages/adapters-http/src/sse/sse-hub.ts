import type { FastifyReply, FastifyRequest } from 'fastify';

/** One server-sent event. */
export interface SseMessage {
  readonly id?: string;
  readonly event?: string;
  readonly data: unknown;
}

/** An open `text/event-stream` response. */
export interface SseStream {
  /** Writes an event (no-op once closed). */
  send(message: SseMessage): void;
  /** Runs `cleanup` once, when the client goes away or the server closes the stream. */
  onClose(cleanup: () => void): void;
  /** Ends the response. */
  close(): void;
}

function frame(message: SseMessage): string {
  const lines: string[] = [];
  if (message.id !== undefined) lines.push(`id: ${message.id.replace(/[\r\n]/g, '')}`);
  if (message.event !== undefined) lines.push(`event: ${message.event.replace(/[\r\n]/g, '')}`);
  lines.push(`data: ${JSON.stringify(message.data)}`);
  return `${lines.join('\n')}\n\n`;
}

/**
 * Keeps the server's open event streams: writes the SSE framing, a comment every `heartbeatMs` so
 * proxies keep the connection, and closes every stream when the server shuts down (so
 * `app.close()` can drain).
 */
export class SseHub {
  private readonly open = new Set<SseStream>();

  constructor(private readonly heartbeatMs: number) {}

  /** Number of streams open now. */
  get size(): number {
    return this.open.size;
  }

  /** Takes over the response and starts the event stream. */
  start(request: FastifyRequest, reply: FastifyReply): SseStream {
    reply.hijack();
    const raw = reply.raw;
    const headers = { ...reply.getHeaders() } as Record<string, string | number | readonly string[]>;
    delete headers['content-length'];
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n: connected\n\n');
    const cleanups: (() => void)[] = [];
    let closed = false;
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();
    const stream: SseStream = {
      send: (message) => {
        if (!closed) raw.write(frame(message));
      },
      onClose: (cleanup) => {
        if (closed) cleanup();
        else cleanups.push(cleanup);
      },
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        this.open.delete(stream);
        for (const cleanup of cleanups.splice(0)) {
          try {
            cleanup();
          } catch (error) {
            request.log.warn({ err: error }, 'event stream cleanup failed');
          }
        }
        if (!raw.writableEnded) raw.end();
      },
    };
    this.open.add(stream);
    raw.on('close', () => stream.close());
    return stream;
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const stream of [...this.open]) stream.close();
  }
}
