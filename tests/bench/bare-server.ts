import { createServer } from 'node:http';
import { Server } from 'socket.io';

// The floor for the fanout benchmark: a socket.io server that broadcasts a payload as soon as it
// is asked, with no database, no rooms and no authentication.

const http = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/emit') {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    // Answer first, then broadcast: the sender's clock starts at the response, as it does for
    // the product, whose event is read and emitted after its transaction committed.
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}', () => io.emit('place:changed', JSON.parse(body)));
  });
});
const io = new Server(http, { serveClient: false });
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = http.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
