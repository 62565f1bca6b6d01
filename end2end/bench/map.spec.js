// `make bench` only: how smooth a 1,000-node service map is in Chromium. Imports a layered
// estate of 1,000 CIs under one service through the browser import, opens its map, then
// zooms and pans it for a few seconds while counting animation frames. The figures go to
// bench/results/map.md; nothing here fails on a number.
const { test, expect } = require('@playwright/test');
const fs = require('node:fs');
const { base, signIn } = require('../tests/session');

function csv(name, lines) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n') + '\r\n') };
}

/// One service, 20 applications, 180 app servers, 650 VMs, 150 hosts (1,001 CIs on the map),
/// and 40 racks and 9 sites they are located in.
function estate() {
  const cis = ['Name,Class,Status,Environment,Criticality,Owner,Tags,Description'];
  const rels = ['Source,Relation,Target'];
  const add = (name, cls, crit) => cis.push(`${name},${cls},Active,Production,${crit},Infrastructure,mapbench,`);
  add('MB Service', 'Business Service', 1);
  const layer = (prefix, cls, n) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`)
    .map((name) => (add(name, cls, 3), name));
  const apps = layer('MB App', 'Application', 20);
  const servers = layer('MB AS', 'Application Server', 180);
  const vms = layer('MB VM', 'Virtual Machine', 650);
  const hosts = layer('MB Host', 'Server', 150);
  const racks = layer('MB Rack', 'Rack', 40);
  const sites = layer('MB Site', 'Site', 9);
  apps.forEach((a) => rels.push(`MB Service,depends on,${a}`));
  servers.forEach((s, i) => rels.push(`${apps[i % apps.length]},runs on,${s}`));
  vms.forEach((v, i) => rels.push(`${servers[i % servers.length]},runs on,${v}`));
  vms.forEach((v, i) => rels.push(`${v},hosted on,${hosts[i % hosts.length]}`));
  hosts.forEach((h, i) => rels.push(`${h},located in,${racks[i % racks.length]}`));
  racks.forEach((r, i) => rels.push(`${r},located in,${sites[i % sites.length]}`));
  return [csv('cis.csv', cis), csv('relations.csv', rels)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

test('a 1,000-node service map stays smooth while zooming and panning', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, 'alice@demo.trellis', '/cis/import');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('CSV files').setInputFiles(estate());
  await page.getByRole('button', { name: 'Check files' }).click();
  await page.getByRole('button', { name: /^Import 1050 CIs/ }).click({ timeout: 120_000 });
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible({ timeout: 240_000 });

  await page.goto(`${base()}/cis?q=MB+Service`);
  await page.getByRole('table', { name: 'Configuration items' }).getByRole('link', { name: 'MB Service', exact: true }).click();
  const id = page.url().split('/cis/')[1];
  const opened = Date.now();
  await page.goto(`${base()}/map/${id}`);
  const map = page.locator('svg.service-map');
  await expect(map).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const firstPaint = Date.now() - opened;
  const nodes = await map.locator('g.node').count();

  // Count frames while the map is zoomed and dragged, as a person would.
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => { window.__frames.push(now - last); last = now; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const box = await map.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -120 : 120);
  await page.mouse.down();
  for (let i = 0; i < 60; i++) await page.mouse.move(box.x + box.width / 2 + i * 4, box.y + box.height / 2 + i * 2);
  await page.mouse.up();
  const frames = await page.evaluate(() => { window.__stop = true; return window.__frames.slice(1); });

  const p50 = percentile(frames, 0.5).toFixed(1);
  const p95 = percentile(frames, 0.95).toFixed(1);
  const worst = Math.max(...frames).toFixed(1);
  const report = [
    '# Service map in Chromium',
    '',
    `- date: ${new Date().toISOString().slice(0, 16)}Z`,
    `- map: ${nodes} nodes (one service and what it rests on, five layers), headless Chromium, 1280×800`,
    '',
    '| Measurement | Result | Goal |',
    '|---|---|---|',
    `| map page: navigation to a visible, interactive map | ${firstPaint} ms | — |`,
    `| frame time while zooming (20 wheel steps) and dragging (60 moves), ${frames.length} frames | p50 ${p50} ms, p95 ${p95} ms, worst ${worst} ms | smooth: p95 ≤ 50 ms (20 fps) |`,
    '',
  ].join('\n');
  fs.writeFileSync('../bench/results/map.md', report);
  console.log(report);
  expect(nodes).toBeGreaterThanOrEqual(1000);
});
