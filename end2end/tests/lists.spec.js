// The inventory at work: search, filter, sort, select many, export; the service
// portfolio and its map.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

test('search, filter and sort the inventory, and the URL keeps the view', async ({ page }) => {
  await signIn(page, 'vic@demo.trellis', '/cis');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const filters = page.getByRole('search', { name: 'Filter configuration items' });
  const table = page.getByRole('table', { name: 'Configuration items' });

  await filters.getByLabel('Search').fill('postgres');
  await filters.getByLabel('Search').press('Enter');
  await expect(page).toHaveURL(/q=postgres/);
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('link', { name: 'Database', exact: true })).toBeVisible();

  await page.goto(base() + '/cis');
  await filters.getByLabel('Class').selectOption({ label: 'Server' });
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/class=server/);
  await expect(table.getByRole('row')).toHaveCount(3);

  await table.getByRole('link', { name: 'Name' }).click();
  await expect(table.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('row').nth(1)).toContainText('SRV-A004');
  await expect(page).toHaveURL(/class=server.*dir=desc/);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = require('fs').readFileSync(file, 'utf8');
  expect(csv.split('\n')[0]).toContain('Name,Class,Status');
  expect(csv).toContain('SRV-A004');
  expect(csv).not.toContain('Web Server');
  await page.screenshot({ path: '../docs/inventory-filtered.png', fullPage: true });
});

test('select several CIs and change their status at once, and delete after confirming', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis?tag=network');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const table = page.getByRole('table', { name: 'Configuration items' });
  await table.getByLabel('Select RTR-A003').check();
  await table.getByLabel('Select SW-A006').check();
  const bar = page.getByRole('region', { name: 'Selected CIs' });
  await expect(bar).toContainText('2 selected');
  await bar.getByLabel('Set status').selectOption('Maintenance');
  await bar.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changed 2 CIs.' })).toBeVisible();
  await expect(table.getByRole('row', { name: /RTR-A003/ })).toContainText('Maintenance');
  await expect(table.getByRole('row', { name: /SW-A006/ })).toContainText('Maintenance');

  // Delete one after a confirmation.
  await page.getByRole('button', { name: 'New CI' }).click();
  const form = page.getByRole('form', { name: 'New configuration item' });
  await form.getByLabel('Name').fill('Spare switch');
  await form.getByLabel('Class').selectOption({ label: 'Switch' });
  await form.getByLabel('Tags').fill('network');
  await form.getByRole('button', { name: 'Create CI' }).click();
  await table.getByLabel('Select Spare switch').check();
  await bar.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm delete' });
  await expect(confirm).toContainText('Delete 1 CIs');
  await confirm.getByRole('button', { name: 'Delete them' }).click();
  await expect(table.getByRole('link', { name: 'Spare switch' })).toHaveCount(0);
});

test('the service portfolio leads to a map, where a click opens a CI', async ({ page }) => {
  await signIn(page, 'olga@demo.trellis', '/services');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const services = page.getByRole('table', { name: 'Business services' });
  const hosting = services.getByRole('row', { name: /Website Hosting/ });
  await expect(hosting).toContainText('Live');
  await hosting.getByRole('link', { name: 'Map' }).click();

  const map = page.getByRole('group', { name: 'Service map of Website Hosting' });
  await expect(map).toBeVisible();
  for (const name of ['Website Hosting', 'Web Server', 'SRV-A002', 'RTR-A003']) {
    await expect(map.getByRole('link', { name: new RegExp(` ${name}, `) })).toBeVisible();
  }
  await page.getByLabel('Simulate failure of').selectOption({ label: 'SRV-A002' });
  await expect(page).toHaveURL(/failed=srv_a002/);
  await expect(map.locator('.node.impacted')).not.toHaveCount(0);
  await expect(map.locator('.edge.hot')).not.toHaveCount(0);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.screenshot({ path: '../docs/service-map.png', fullPage: true });

  // Drag to pan and scroll to zoom: the view follows once each gesture ends, and a drag
  // that ends on a CI does not open it.
  const viewBox = async () => (await map.getAttribute('viewBox')).split(' ').map(Number);
  const [x0, , w0] = await viewBox();
  const box = await map.boundingBox();
  await page.mouse.move(box.x + 8, box.y + 8);
  await page.mouse.down();
  await page.mouse.move(box.x + 108, box.y + 58, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await viewBox())[0]).toBeLessThan(x0);
  await expect(map).not.toHaveAttribute('style', /transform/);
  await page.mouse.wheel(0, -120);
  await expect.poll(async () => (await viewBox())[2]).toBeLessThan(w0);
  const node = map.getByRole('link', { name: / Web Server, / });
  const at = await node.boundingBox();
  await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
  await page.mouse.down();
  await page.mouse.move(at.x + at.width / 2 + 40, at.y + at.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(page).toHaveURL(/\/map\//);

  await map.getByRole('link', { name: / Web Server, / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Web Server' })).toBeVisible();
});
