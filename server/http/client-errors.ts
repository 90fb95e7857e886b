import type { Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

import type { ProblemTitle } from '../../shared/vocabulary.ts';
import { Problem } from '../errors.ts';
import { API_VERSION } from './openapi.ts';

// Requests Node's HTTP parser refuses never reach the app: Node answers them itself, with no body
// (431 for headers over --max-http-header-size, 408 past its request or headers timeout). Here they
// get the same problem+json as every other refusal, `code` included. The connection is closed after
// it: what follows on it cannot be parsed.
//
// No app page is there to word the code: a browser that sent too many cookies shows this body as it
// is. So besides the developers' English `detail` it carries `detailNl`, the same in Dutch for that
// person (the product's language; the request's Accept-Language was not read).

interface Refusal {
  status: number;
  title: ProblemTitle;
  detail: string;
  detailNl: string;
}

const REFUSAL_BY_ERROR: Record<string, Refusal> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request header fields too large',
    detail: 'The request headers are too large.',
    detailNl: 'Het verzoek had te veel of te grote cookies of kopregels. Wis de cookies van deze site en probeer het opnieuw.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request timeout',
    detail: 'The request was not received in time.',
    detailNl: 'Het verzoek kwam niet op tijd helemaal aan. Controleer de verbinding en probeer het opnieuw.',
  },
};
const MALFORMED: Refusal = {
  status: 400,
  title: 'Request refused',
  detail: 'The request is not valid HTTP.',
  detailNl: 'Het verzoek was geen geldig HTTP en is geweigerd.',
};

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that went away, or a response already begun on this socket (checked as Node's own
    // handler does): nothing can be answered.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, title, detail, detailNl } = REFUSAL_BY_ERROR[error.code ?? ''] ?? MALFORMED;
    // A Problem like any other, for its code (errors.ts makes it from the title).
    const { code } = new Problem(status, title, detail);
    const body = JSON.stringify({ type: 'about:blank', title, code, status, detail, detailNl });
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}`,
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
