// Assets: an asset Asha registers goes from Ordered to Disposed through the page, which
// offers only the moves its state allows; the server refuses any other.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

test('an asset goes from Ordered to Disposed, and an invalid move is neither offered nor accepted', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'asha@demo.trellis', '/assets/new');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'New asset' });
  await form.getByLabel('Starts as').selectOption('Ordered');
  await form.getByLabel('Name', { exact: true }).fill('Playwright laptop');
  await form.getByLabel('Category').fill('Laptop');
  await form.getByLabel('Purchase date').fill('2025-01-01');
  await form.getByLabel('Cost', { exact: true }).fill('1200');
  await form.getByLabel('Depreciation').selectOption('straight_line');
  await form.getByLabel('Useful life (months)').fill('24');
  // A warranty that ends before the purchase is refused, next to its field.
  await form.getByLabel('Warranty ends').fill('2024-06-30');
  await form.getByRole('button', { name: 'Register asset' }).click();
  await expect(page.getByText('The warranty cannot end before the purchase date.')).toBeVisible();
  await form.getByLabel('Warranty ends').fill('2027-01-01');
  await form.getByRole('button', { name: 'Register asset' }).click();
  await page.waitForURL(/\/assets\/a\d+$/);
  const key = new URL(page.url()).pathname.split('/').pop();

  const lifecycle = page.getByRole('region', { name: 'Lifecycle' });
  const badge = lifecycle.locator('.status').first();
  const actions = lifecycle.getByRole('group', { name: 'Lifecycle actions' });
  await expect(badge).toHaveText(/Ordered/);
  // Only what an order allows is offered: no Deploy, no Dispose.
  await expect(actions.getByRole('button', { name: 'Receive into stock' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Deploy' })).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Dispose' })).toHaveCount(0);
  // And the server refuses it when asked directly, changing nothing.
  const refused = await page.request.post(`${base()}/api/assets/move`, {
    form: { id: key, version: '1', to: 'In Use' },
    headers: { origin: base() },
  });
  expect(refused.status()).toBe(422);
  expect(await refused.text()).toContain('cannot become In Use');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(badge).toHaveText(/Ordered/);

  // Book value on a chosen day, reckoned in the browser: half of 1,200 after a year.
  await page.getByLabel('Book value on').fill('2026-01-01');
  await expect(page.locator('[data-book-value="chosen"]')).toHaveText('EUR 600.00');
  // Or at the end of a fiscal year (calendar years in the demo), one click away.
  const lastYearEnd = `${new Date().getUTCFullYear() - 1}-12-31`;
  await page.getByRole('button', { name: `End of last fiscal year (${lastYearEnd})` }).click();
  await expect(page.getByLabel('Book value on')).toHaveValue(lastYearEnd);

  await actions.getByRole('button', { name: 'Receive into stock' }).click();
  await expect(badge).toHaveText(/In Stock/);
  await lifecycle.getByLabel('Check out to').selectOption({ label: 'Sam Service Desk' });
  await lifecycle.getByRole('button', { name: 'Check out' }).click();
  await expect(lifecycle.getByText('checked out to Sam Service Desk')).toBeVisible();
  await expect(badge).toHaveText(/In Use/);
  await actions.getByRole('button', { name: 'Check in' }).click();
  await expect(badge).toHaveText(/In Stock/);
  await actions.getByRole('button', { name: 'Deploy' }).click();
  await expect(badge).toHaveText(/In Use/);
  await lifecycle.getByLabel('Note for the timeline (optional)').fill('Fan noise');
  await actions.getByRole('button', { name: 'Send to maintenance' }).click();
  await expect(badge).toHaveText(/In Maintenance/);
  await actions.getByRole('button', { name: 'Back in use' }).click();
  await expect(badge).toHaveText(/In Use/);
  await actions.getByRole('button', { name: 'Retire' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Retire this asset?' });
  await expect(confirm.getByText('No Active CI depends on it.')).toBeVisible();
  await confirm.getByRole('button', { name: 'Retire anyway' }).click();
  await expect(badge).toHaveText(/Retired/);
  await actions.getByRole('button', { name: 'Dispose' }).click();
  await expect(badge).toHaveText(/Disposed/);
  await expect(actions.getByRole('button')).toHaveCount(0);

  const timeline = page.getByRole('list', { name: 'Lifecycle timeline' });
  await expect(timeline.getByRole('listitem')).toHaveCount(9);
  await expect(timeline).toContainText('Fan noise');
  await expect(timeline).toContainText('Checked out');
  await page.screenshot({ path: '../docs/asset.png', fullPage: true });
});

test('retiring a server that backs an Active CI names the services it would affect', async ({ page }) => {
  await signIn(page, 'asha@demo.trellis', '/assets/a002');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('list', { name: 'Contracts covering this asset' }))
    .toContainText('Support PSP-88341 with Dell Technologies until 2027-06-15');
  const lifecycle = page.getByRole('region', { name: 'Lifecycle' });
  await lifecycle.getByRole('button', { name: 'Retire' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Retire this asset?' });
  await expect(confirm.getByRole('list', { name: 'Affected services' })).toContainText('Website Hosting');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(lifecycle.locator('.status').first()).toHaveText(/In Use/);

  await page.goto(`${base()}/assets`);
  await expect(page.getByRole('table', { name: 'Assets' })).toContainText('A007');
  await page.screenshot({ path: '../docs/assets.png', fullPage: true });

  // Showback: the Database Service rests on A004 and A005 through the dependency graph.
  await page.getByRole('link', { name: 'Costs' }).click();
  await page.waitForURL(/\/assets\/costs/);
  const byService = page.getByRole('table', { name: 'Cost by service' });
  await expect(byService.getByRole('row', { name: /Database Service/ })).toContainText('EUR 29,625.00');
  await page.getByLabel('From').fill('2025-01-01');
  await page.getByLabel('To (not included)').fill('2026-01-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/from=2025-01-01/);
  await expect(page.getByLabel('From')).toHaveValue('2025-01-01');
  await page.screenshot({ path: '../docs/asset-costs.png', fullPage: true });
});

test('a contract added on the suppliers page shows in the expiry report', async ({ page }) => {
  const inDays = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await signIn(page, 'asha@demo.trellis', '/assets/suppliers');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'New contract' });
  await form.getByLabel('Supplier').selectOption({ label: 'Axians' });
  await form.getByLabel('Kind').selectOption('Warranty');
  await form.getByLabel('Reference').fill('AX-WARR-9');
  await form.getByLabel('Starts', { exact: true }).fill(inDays(-30));
  await form.getByLabel('Ends', { exact: true }).fill(inDays(10));
  await form.getByLabel(/^Covers \(asset tags/).fill('A003, A999');
  await form.getByRole('button', { name: 'Add contract' }).click();
  await expect(form.getByText('No asset is tagged A999.')).toBeVisible();
  await form.getByLabel(/^Covers \(asset tags/).fill('A003');
  await form.getByRole('button', { name: 'Add contract' }).click();
  const contracts = page.getByRole('table', { name: 'Contracts with Axians' });
  await expect(contracts).toContainText('AX-WARR-9');
  await page.screenshot({ path: '../docs/suppliers.png', fullPage: true });

  await page.getByRole('link', { name: 'Expiring soon' }).click();
  await page.waitForURL(/\/assets\/expiring/);
  const row = page.getByRole('row', { name: /AX-WARR-9/ });
  await expect(row).toContainText('Warranty contract');
  await expect(row.locator('.status')).toHaveText(/in 10 days/);
  await page.screenshot({ path: '../docs/expiring.png', fullPage: true });

  // Asset Managers are reminded, live, and can mark it read.
  await page.goto(`${base()}/notifications`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const notices = page.getByRole('list', { name: 'Notifications' });
  await expect(notices).toContainText('Warranty contract of Axians AX-WARR-9 ends in 10 days');
  await page.screenshot({ path: '../docs/notifications.png' });
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('heading', { name: '0 unread' })).toBeVisible();
});
