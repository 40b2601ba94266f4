// A service written in another language for the proxy tests: Node.js, no npm dependency. It knows nothing of
// Ldfi.Testing; like any OpenTelemetry-instrumented service it forwards the W3C traceparent and baggage headers of the
// request it serves to the calls it makes (unless DROP_BAGGAGE=1).
//   GET  /health              200
//   POST /count, GET /count   a counter (POST is not idempotent)
//   ANY  /call/{name}/{path}  calls service {name} (address from services__{name}__http__0) at /{path}, once, with a
//                             TIMEOUT_MS timeout; answers {"status":n} or {"error":"timeout"|"unreachable"}
const http = require('http');
let count = 0;
const timeoutMs = Number(process.env.TIMEOUT_MS || 1000);

async function call(req, res, name, path) {
  const base = process.env[`services__${name}__http__0`];
  const headers = {};
  for (const h of process.env.DROP_BAGGAGE === '1' ? ['traceparent'] : ['traceparent', 'baggage']) {
    if (req.headers[h]) headers[h] = req.headers[h];
  }
  let body;
  try {
    const answer = await fetch(`${base}/${path}`, { method: req.method, headers, signal: AbortSignal.timeout(timeoutMs) });
    await answer.text();
    body = { status: answer.status };
  } catch (e) {
    body = { error: e.name === 'TimeoutError' ? 'timeout' : 'unreachable' };
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'call' && parts.length >= 2) return void call(req, res, parts[1], parts.slice(2).join('/'));
  if (parts[0] === 'count') {
    if (req.method === 'POST') count++;
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count }));
  }
  res.writeHead(parts[0] === 'health' || parts.length === 0 ? 200 : 404).end();
}).listen(Number(process.env.PORT), '127.0.0.1');
