// The first vertical slice: the CI list is server-rendered, and after hydration
// the create form works without a reload and shows errors next to fields.
const { test, expect } = require('@playwright/test');

const { base, signIn } = require('./session');

const DEMO_CIS = ['Web Server', 'Database', 'Application Server', 'Firewall'];

async function openHydrated(page, path) {
  await signIn(page, 'alice@demo.trellis', path);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

test('the server-rendered list shows the demo CIs without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'vic@demo.trellis', '/cis');
  const table = page.getByRole('table', { name: 'Configuration items' });
  for (const name of DEMO_CIS) {
    await expect(table.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(0);
  await context.close();
});

test('creating a CI shows it in the list without a reload', async ({ page }) => {
  await openHydrated(page, '/cis');
  await page.evaluate(() => { window.__noReload = true; });

  await page.getByRole('button', { name: 'New CI' }).click();
  const form = page.getByRole('form', { name: 'New configuration item' });
  await form.getByLabel('Name').fill('e2e-app-01');
  await form.getByLabel('Class').selectOption({ label: 'Application' });
  await form.getByLabel('Environment').selectOption('Staging');
  await form.getByRole('button', { name: 'Create CI' }).click();

  const table = page.getByRole('table', { name: 'Configuration items' });
  await expect(table.getByRole('link', { name: 'e2e-app-01', exact: true })).toBeVisible();
  await expect(form.getByRole('status')).toHaveText('Created e2e-app-01.');
  await expect(form.getByLabel('Name')).toHaveValue('');
  expect(await page.evaluate(() => window.__noReload)).toBe(true);

  await page.getByRole('button', { name: 'New CI' }).click();
  await expect(form).toHaveCount(0);
  await page.screenshot({ path: '../docs/screenshot-inventory.png', fullPage: true });
});

test('a duplicate name is refused next to the name field', async ({ page }) => {
  await openHydrated(page, '/cis');
  await page.getByRole('button', { name: 'New CI' }).click();
  const form = page.getByRole('form', { name: 'New configuration item' });
  await form.getByLabel('Name').fill('web server');
  await form.getByLabel('Class').selectOption({ label: 'Server' });
  await form.getByRole('button', { name: 'Create CI' }).click();

  const name = form.getByLabel('Name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('#ci-name-error')).toHaveText(/already exists/);
  await expect(name).toHaveAttribute('aria-describedby', 'ci-name-error');
  await page.screenshot({ path: '../docs/screenshot-validation.png' });
});

test('a CI page shows its relations and can be edited', async ({ page }) => {
  await openHydrated(page, '/cis');
  await page.getByRole('link', { name: 'Database', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Database' })).toBeVisible();
  const relations = page.getByRole('region', { name: 'Relations' });
  await expect(relations.getByRole('heading', { name: 'Database depends on' })).toBeVisible();
  await expect(relations.getByRole('link', { name: 'Web Server' })).toBeVisible();
  await expect(relations.getByRole('link', { name: 'Database Service' })).toBeVisible();

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const form = page.getByRole('form', { name: 'Edit configuration item' });
  await form.getByLabel('Status').selectOption('Maintenance');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Database' })).toBeVisible();
  await expect(page.locator('.status').first()).toContainText('Maintenance');
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem').first()).toContainText('Alice Admin changed');
  await expect(history.locator('del').first()).toHaveText('Active');
  await expect(history.locator('ins').first()).toHaveText('Maintenance');
  await page.screenshot({ path: '../docs/screenshot-ci.png', fullPage: true });
});

test('unknown pages get a 404 page with a way back', async ({ page }) => {
  await signIn(page, 'vic@demo.trellis', '/cis');
  const response = await page.goto(base() + '/no/such/page');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Inventory' }).first()).toBeVisible();
});
