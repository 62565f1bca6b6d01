const fs = require('node:fs');
const path = require('node:path');

module.exports = async () => {
  const state = path.join(__dirname, 'test-results', '.server.json');
  if (!fs.existsSync(state)) return;
  const { pid } = JSON.parse(fs.readFileSync(state, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
