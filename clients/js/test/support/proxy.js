// A small HTTP proxy in front of the gateway that misbehaves on demand, as a load balancer or a
// network might: it answers submissions 503 with Retry-After, or holds an event stream after its
// first event and later cuts it.
import { createServer, request as forward } from 'node:http';

export async function startProxy(target) {
  const upstream = new URL(target);
  const state = {
    /** Submissions still to answer 503 + Retry-After: 1 before passing them on. */
    failSubmits: 0,
    /** When set, the next event stream is held after its first event until cutHeldStreams(). */
    holdNextStream: false,
    /** Every request seen: method, path, headers, and whether it reached the gateway. */
    seen: [],
    held: [],
  };
  const server = createServer((req, res) => {
    const entry = { method: req.method, path: req.url, headers: req.headers, forwarded: false };
    state.seen.push(entry);
    if (req.method === 'POST' && req.url === '/v1/invoices' && state.failSubmits > 0) {
      state.failSubmits--;
      req.resume();
      res.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': '1' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'proxy says: busy' }));
      return;
    }
    entry.forwarded = true;
    const outgoing = forward({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: upstream.host },
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      const streaming = (answer.headers['content-type'] ?? '').startsWith('text/event-stream');
      if (streaming && state.holdNextStream) {
        state.holdNextStream = false;
        let text = '';
        let holding = false;
        state.held.push(res);
        answer.on('data', (chunk) => {
          if (holding) return; // Dropped, as a connection that went dead would lose them.
          text += chunk;
          const end = text.indexOf('\n\n');
          if (end >= 0) {
            res.write(text.slice(0, end + 2));
            holding = true;
          }
        });
        res.on('close', () => answer.destroy());
        return;
      }
      answer.pipe(res);
      res.on('close', () => answer.destroy());
    });
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    /** Drops every held stream's connection, as a network failure would. */
    cutHeldStreams() {
      for (const res of state.held.splice(0)) res.destroy();
    },
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}
