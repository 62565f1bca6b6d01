// Two people editing the same CI: the second save is never silently lost.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./session');

async function editor(browser, email, path = '/cis/firewall/edit') {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, path);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  return { page, form: page.getByRole('form', { name: 'Edit configuration item' }) };
}

test('the later of two simultaneous edits gets a field-by-field merge', async ({ browser }) => {
  const a = await editor(browser, 'alice@demo.trellis');
  const b = await editor(browser, 'conor@demo.trellis');

  await a.form.getByLabel('Status').selectOption('Degraded');
  await a.form.getByRole('button', { name: 'Save' }).click();
  await expect(a.page.getByRole('heading', { level: 1, name: 'Firewall' })).toBeVisible();

  await b.form.getByLabel('Status').selectOption('Retired');
  await b.form.getByLabel('Owner').fill('Service Desk');
  await b.form.getByRole('button', { name: 'Save' }).click();

  const conflicts = b.page.getByRole('table', { name: 'Conflicting fields' });
  await expect(conflicts).toBeVisible();
  const status = conflicts.getByRole('row', { name: /Status/ });
  await expect(status).toContainText('Retired');
  await expect(status).toContainText('Degraded');
  await b.page.screenshot({ path: '../docs/screenshot-conflict.png' });

  await status.getByLabel('Degraded').check();
  await b.page.getByRole('button', { name: 'Use these values' }).click();
  await expect(conflicts).toHaveCount(0);
  await expect(b.form.getByLabel('Status')).toHaveValue('Degraded');
  await expect(b.form.getByLabel('Owner')).toHaveValue('Service Desk');
  await b.form.getByRole('button', { name: 'Save' }).click();

  await expect(b.page.getByRole('heading', { level: 1, name: 'Firewall' })).toBeVisible();
  const details = b.page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Degraded');
  await expect(details).toContainText('Service Desk');
});

test('a change made by one person appears on another person\'s open page without a reload', async ({ browser }) => {
  const watcher = await (await browser.newContext()).newPage();
  await signIn(watcher, 'vic@demo.trellis', '/cis/web_server');
  await expect(watcher.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await watcher.evaluate(() => { window.__noReload = true; });

  const a = await editor(browser, 'alice@demo.trellis', '/cis/web_server/edit');
  await a.form.getByLabel('Owner').fill('Change Advisory Board');
  await a.form.getByRole('button', { name: 'Save' }).click();
  await expect(a.page.getByRole('heading', { level: 1, name: 'Web Server' })).toBeVisible();

  const details = watcher.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Change Advisory Board', { timeout: 3000 });
  await expect(watcher.getByRole('region', { name: 'History' })).toContainText('Alice Admin changed');
  expect(await watcher.evaluate(() => window.__noReload)).toBe(true);
});

test('a record page shows who else is viewing and who is editing it', async ({ browser }) => {
  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, 'vic@demo.trellis', '/cis/application_server');
  await expect(viewer.locator('body[data-hydrated="true"]')).toHaveCount(1);

  const b = await editor(browser, 'conor@demo.trellis', '/cis/application_server/edit');
  await expect(b.page.getByRole('status').filter({ hasText: 'Also here' })).toContainText('Vic Viewer (viewing)');
  await expect(viewer.getByRole('status').filter({ hasText: 'Also here' }))
    .toContainText('Conor Configuration (editing)', { timeout: 5000 });
  await viewer.screenshot({ path: '../docs/screenshot-presence.png' });

  await b.page.getByRole('link', { name: 'Cancel' }).click();
  await expect(viewer.getByRole('status').filter({ hasText: 'Also here' }))
    .toContainText('Conor Configuration (viewing)', { timeout: 5000 });
});
