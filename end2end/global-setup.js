// Starts the Trellis server on port 0 with a fresh in-memory database and waits
// until it answers /readyz. The address goes to the tests through BASE_URL.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const STATE = path.join(__dirname, 'test-results', '.server.json');

module.exports = async () => {
  const bin = process.env.TRELLIS_BIN;
  if (!bin || !fs.existsSync(bin)) throw new Error(`TRELLIS_BIN not found: ${bin}`);
  const server = spawn(bin, [], {
    env: {
      ...process.env,
      TRELLIS_ADDR: '127.0.0.1:0',
      TRELLIS_DB: 'mem://',
      // The specs sign the same demo users in many times a minute.
      TRELLIS_LOGIN_LIMIT: '1000',
      TRELLIS_SITE_ROOT: process.env.TRELLIS_SITE,
      RUST_LOG: process.env.RUST_LOG || 'warn,server=info,app=info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    let seen = '';
    const watch = (chunk) => {
      process.stderr.write(chunk);
      seen += chunk.toString();
      const match = seen.match(/listening on (http:\/\/[0-9.:]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    server.stdout.on('data', watch);
    server.stderr.on('data', watch);
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${seen}`)));
  });
  // Keep the server's log visible; without a reader its pipe would fill and block it.
  server.stdout.removeAllListeners('data');
  server.stderr.removeAllListeners('data');
  server.stdout.on('data', (c) => process.stderr.write(c));
  server.stderr.on('data', (c) => process.stderr.write(c));
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  fs.mkdirSync(path.dirname(STATE), { recursive: true });
  fs.writeFileSync(STATE, JSON.stringify({ pid: server.pid, url }));
  process.env.BASE_URL = url;
  server.unref();
};
