// The shop's gateway in Node.js (no npm dependency), a port of Shop.Gateway's product page and checkout. It knows
// nothing of Ldfi.Testing: like any OpenTelemetry-instrumented service, it forwards the W3C trace context (traceparent,
// tracestate, baggage) of the request it serves to the calls it makes. Addresses come from Aspire-style variables
// (services__inventory__http__0=…), the port from PORT; timeouts are the C# gateway's defaults.
const http = require('http');
const ms = (name, fallback) => Number(process.env[name] || fallback);
const ATTEMPT = ms('ATTEMPT_TIMEOUT_MS', 2000), OPTIONAL = ms('OPTIONAL_TIMEOUT_MS', 500), CHECKOUT = ms('CHECKOUT_TIMEOUT_MS', 30000);
const cache = new Map(); // last known good product data, served when no catalog answers

function call(req, service, path, timeout, init = {}) {
  const headers = { ...init.headers };
  for (const h of ['traceparent', 'tracestate', 'baggage']) if (req.headers[h]) headers[h] = req.headers[h];
  return fetch(`${process.env[`services__${service}__http__0`]}/${path}`, { ...init, headers, signal: AbortSignal.timeout(timeout) });
}

// A 404 may be replication lag: both copies are asked before a product is declared unknown.
async function readProduct(req, service, sku) {
  try {
    const res = await call(req, service, `products/${encodeURIComponent(sku)}`, ATTEMPT);
    if (res.status === 404) return { notFound: true };
    return res.ok ? { product: await res.json() } : {};
  } catch { return {}; }
}

async function optional(req, service, path, timeout) {
  try {
    const res = await call(req, service, path, timeout);
    return res.ok ? await res.json() : null;
  } catch { return null; }
}

async function productPage(req, res, sku) {
  const stock = optional(req, 'inventory', `stock/${encodeURIComponent(sku)}`, ATTEMPT);
  const recommendations = optional(req, 'recommendations', `recommendations/${encodeURIComponent(sku)}`, OPTIONAL);
  const degraded = [];
  let read = await readProduct(req, 'inventory', sku), product = read.product;
  if (!product) {
    const replica = await readProduct(req, 'inventory-replica', sku);
    if ((product = replica.product)) degraded.push('catalog-replica');
    else if ((product = cache.get(sku))) degraded.push('catalog-cache');
    else return send(res, read.notFound && replica.notFound ? 404 : 503, read.notFound && replica.notFound ? null : problem(503, 'The catalog is unavailable right now.'));
  }
  cache.set(sku, product);
  const [level, also] = await Promise.all([stock, recommendations]);
  if (!level) degraded.push('stock');
  if (!also) degraded.push('recommendations');
  send(res, 200, { product, available: level ? level.available : null, recommendations: also || [], degraded });
}

// Placing an order is not idempotent: never retried, only bounded.
async function checkout(req, res, body) {
  try {
    const answer = await call(req, 'orders', 'orders', CHECKOUT, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const text = await answer.text();
    if (answer.status === 201) return send(res, 201, JSON.parse(text));
    if (answer.status >= 400 && answer.status < 500) return send(res, answer.status, problem(answer.status, detail(text)));
    send(res, 503, problem(503, 'Checkout is unavailable right now; please try again.'));
  } catch (e) {
    if (e.name === 'TimeoutError') return send(res, 504, problem(504, 'Checkout took too long; check your orders before trying again.'));
    send(res, 503, problem(503, 'Checkout is unavailable right now; please try again.'));
  }
}

const problem = (status, text) => ({ status, detail: text });
const detail = (text) => { try { return JSON.parse(text).detail; } catch { return null; } };
const send = (res, status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(body === null ? undefined : JSON.stringify(body));

http.createServer((req, res) => {
  const parts = new URL(req.url, 'http://localhost').pathname.split('/').filter(Boolean);
  if (req.method === 'GET' && parts[0] === 'products' && parts.length === 2) return void productPage(req, res, decodeURIComponent(parts[1]));
  if (req.method === 'POST' && parts[0] === 'checkout') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c)).on('end', () => checkout(req, res, Buffer.concat(chunks)));
    return;
  }
  send(res, parts[0] === 'health' ? 200 : 404, null);
}).listen(Number(process.env.PORT), '127.0.0.1');
