// `make bench` only: measurements in the browser (see bench/), not tests.
const base = require('./playwright.config.js');

module.exports = { ...base, testDir: './bench', timeout: 300_000 };
