// The HTTP ceiling: a bare node:http server that reads a JSON body and answers a small JSON body.
import { createServer } from 'node:http';

const reply = JSON.stringify({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '2819c223',
  userName: 'bjensen',
});
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (body) JSON.parse(body);
    res.writeHead(201, {
      'content-type': 'application/scim+json',
      'content-length': Buffer.byteLength(reply),
    });
    res.end(reply);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare http listening on http://127.0.0.1:${server.address().port}\n`);
});
