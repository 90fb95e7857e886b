import type { Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

import { API_VERSION } from './openapi.ts';

// Requests Node's HTTP parser refuses never reach the app: Node answers them itself, with no body
// (431 for headers over --max-http-header-size). Here they get the same problem+json as every other
// refusal. The connection is closed after it: what follows on it cannot be parsed.

const STATUS_BY_CODE: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request was not received in time.' },
};
const MALFORMED = { status: 400, detail: 'The request is not valid HTTP.' };

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that went away, or a response already begun on this socket (checked as Node's own
    // handler does): nothing can be answered.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, detail } = STATUS_BY_CODE[error.code ?? ''] ?? MALFORMED;
    const title = STATUS_CODES[status] ?? 'Bad request';
    const body = JSON.stringify({ type: 'about:blank', title, status, detail });
    socket.end(
      [
        `HTTP/1.1 ${status} ${title}`,
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `API-Version: ${API_VERSION}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
