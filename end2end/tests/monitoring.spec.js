// Monitoring for real: a TCP check on a listener this test opens and closes, and a
// wallboard on a TV (no session, only the board link) that follows it by push.
const { test, expect } = require('@playwright/test');
const net = require('node:net');
const { base, signIn } = require('./session');

/// A TCP listener on loopback that can be stopped and started again on its port.
function listener() {
  let server = null;
  let port = 0;
  const start = () => new Promise((resolve) => {
    server = net.createServer((socket) => socket.end());
    server.listen(port, '127.0.0.1', () => {
      port = server.address().port;
      resolve();
    });
  });
  const stop = () => new Promise((resolve) => server.close(() => resolve()));
  return { start, stop, port: () => port };
}

async function call(page, endpoint, form) {
  const response = await page.request.post(`${base()}/api/${endpoint}`, {
    form,
    headers: { origin: base() },
  });
  expect(response.ok(), `${endpoint}: ${await response.text()}`).toBeTruthy();
  return response.json();
}

test('a wallboard shows a service go Down when its check target stops, and come back, without a reload', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const target = listener();
  await target.start();

  await signIn(page, 'alice@demo.trellis', '/monitoring');
  // A service of its own, resting on one CI, so the rest of the demo estate is untouched.
  const ci = {
    'input[class]': 'application', 'input[status]': 'Active', 'input[environment]': 'Production',
    'input[criticality]': '2', 'input[owner]': 'Applications', 'input[description]': '', 'input[tags]': '',
  };
  const app = await call(page, 'cmdb/create', { ...ci, 'input[name]': 'Storefront API' });
  const service = await call(page, 'cmdb/create', {
    ...ci, 'input[name]': 'Storefront', 'input[class]': 'business_service', 'input[criticality]': '1',
  });
  await call(page, 'cmdb/relate', {
    'input[ci]': service.id, 'input[relation]': 'depends_on:out', 'input[other]': 'Storefront API',
  });

  // The check, through the CI page's form.
  await page.goto(`${base()}/cis/${app.id}`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByText('Add a check').click();
  await page.getByLabel('Name', { exact: true }).fill('Port');
  await page.getByLabel('Kind', { exact: true }).selectOption('tcp');
  await page.getByLabel('URL, or host:port for TCP').fill(`127.0.0.1:${target.port()}`);
  await page.getByLabel('Every (seconds)').fill('1');
  await page.getByLabel('Timeout (ms)').fill('500');
  await page.getByLabel('Retries before a change').fill('0');
  await page.getByRole('button', { name: 'Add check' }).click();
  const row = page.locator('tr[data-check="Port"]');
  await expect(row.locator('.status')).toHaveText(/OK/, { timeout: 15_000 });

  // The board, and its read-only link for the TV.
  await page.goto(`${base()}/monitoring/boards`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Name', { exact: true }).fill('Storefront floor');
  await page.getByLabel('Storefront', { exact: true }).check();
  await page.getByLabel('Checks failing', { exact: true }).check();
  await page.getByLabel('Services down', { exact: true }).check();
  await page.getByRole('button', { name: 'Create wallboard' }).click();
  const boardRow = page.getByRole('row', { name: /Storefront floor/ });
  await boardRow.getByRole('button', { name: 'Issue link' }).click();
  const link = await page.locator('code.token').innerText();
  expect(link).toMatch(/^\/wallboard\/storefront_floor\?token=brd_/);

  const tv = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const screen = await tv.newPage();
  await screen.goto(`${base()}${link}`);
  await expect(screen.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const tile = screen.locator('li.tile[data-service="Storefront"]');
  await expect(tile.locator('.status').first()).toHaveText(/Operational/);
  await expect(screen.locator('.updated')).toHaveText(/Updated \d+ s ago/);

  // Nobody reloads the TV from here on: everything arrives by push.
  let reloads = 0;
  screen.on('framenavigated', () => { reloads += 1; });
  await target.stop();
  await expect(tile.locator('.status').first()).toHaveText(/Down/, { timeout: 20_000 });
  await expect(tile).toContainText('Storefront API');
  const failing = screen.locator('li.kpi[data-kpi="checks_failing"]');
  await expect(failing.locator('.kpi-value')).toHaveText('1');
  await expect(failing.locator('.status')).toHaveText(/Critical/);
  await expect(screen.locator('li.kpi[data-kpi="services_down"] .kpi-value')).toHaveText('1');
  await screen.screenshot({ path: '../docs/wallboard.png' });

  await target.start();
  await expect(tile.locator('.status').first()).toHaveText(/Operational/, { timeout: 20_000 });
  expect(reloads).toBe(0);

  await page.goto(`${base()}/monitoring`);
  await expect(page.getByRole('heading', { name: 'Service status' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Events' })).toContainText('Storefront is Down');
  await page.screenshot({ path: '../docs/monitoring.png', fullPage: true });

  // Clean up: the check would go Critical once this test's listener is gone.
  await page.goto(`${base()}/cis/${app.id}`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // The check reports every second and the page re-renders its row each time; a click
  // that lands on a row being replaced can be lost (known, see the README), so try again.
  await expect(async () => {
    await page.getByRole('button', { name: 'Remove check Port' }).click({ timeout: 2_000 });
    await expect(page.locator('tr[data-check="Port"]')).toHaveCount(0, { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await target.stop();
  await tv.close();
});

test('a turning wallboard shows one view at a time, in turn', async ({ page }) => {
  await signIn(page, 'alice@demo.trellis', '/monitoring/boards');
  await call(page, 'monitoring/create-board', {
    'input[name]': 'Lobby', 'input[kpis][]': 'alerts_firing', 'input[events]': 'on', 'input[rotate_s]': '5',
  });
  await page.goto(`${base()}/wallboard/lobby`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const turning = page.locator('.turning');
  await expect(turning).toHaveText(/of 3$/);
  // Each view in turn, one at a time, without a reload.
  for (const [view, shown] of [['Services', 'ul.service-tiles'], ['Key figures', 'ul.kpis'], ['Latest events', 'section.board-events']]) {
    await expect(turning).toHaveText(new RegExp(`^${view} · `), { timeout: 16_000 });
    await expect(page.locator(shown)).toBeVisible();
    await expect(page.locator('ul.service-tiles, ul.kpis, section.board-events')).toHaveCount(1);
  }
});

test('maintenance is scheduled and removed on a CI page', async ({ page }) => {
  await signIn(page, 'alice@demo.trellis', '/cis/srv_a004');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByText('Schedule maintenance').click();
  await page.getByLabel('Starts (UTC)').fill('2031-12-01T22:00');
  await page.getByLabel('Ends (UTC)').fill('2031-12-01T20:00');
  await page.getByLabel('Reason').fill('Firmware upgrade');
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(page.getByText('The window must end after it starts.')).toBeVisible();

  await page.getByLabel('Ends (UTC)').fill('2031-12-02T02:00');
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  const window = page.locator('li[data-window="Firmware upgrade"]');
  await expect(window).toContainText('Scheduled');
  await expect(window).toContainText('2031-12-01 22:00 UTC to 2031-12-02 02:00 UTC');

  await window.getByRole('button', { name: /Remove the window/ }).click();
  await expect(window).toHaveCount(0);
});
