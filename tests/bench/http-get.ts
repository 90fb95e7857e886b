import { Agent, get } from 'node:http';

// The benchmark's HTTP client for many small GETs: node:http over kept-alive connections. fetch
// (undici's WHATWG Request, Response and streams) cost the client 2.5 ms of CPU per search against
// 1.5 ms for the SQL baseline's pg client, on the same 2 cores as the server it measures; the
// table's last column shows what each client costs now.

const agent = new Agent({ keepAlive: true, maxSockets: 100 });

/**
 * GETs `url` with the cookie; the status and the body as text. A kept-alive connection the server
 * closed while idle (after its keep-alive timeout, between two parts of a benchmark) can be picked
 * for a request before this busy process has read its close: that request alone is sent again, as
 * Node's documentation of request.reusedSocket advises. A server that went down still fails.
 */
export function httpGet(url: string, cookie: string, retried = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, headers: { Cookie: cookie } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && request.reusedSocket && error.code === 'ECONNRESET') resolve(httpGet(url, cookie, true));
      else reject(error);
    });
  });
}
