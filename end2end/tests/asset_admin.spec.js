// Running the asset register: importing assets from a spreadsheet with a dry run, planning
// maintenance on an asset (its CI is in Maintenance meanwhile), and editing a supplier.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

const COLUMNS = ['Tag', 'Name', 'Category', 'State', 'Manufacturer', 'Model', 'Serial number', 'Owner',
  'Location', 'Supplier', 'Purchase order', 'Purchase date', 'Cost', 'Currency', 'Depreciation',
  'Useful life (months)', 'Warranty end', 'End of life', 'CI', 'Notes'];

function row(cells) {
  return COLUMNS.map((c) => cells[c] ?? '').join(',');
}

test('assets import from a spreadsheet after a dry run that refuses bad rows', async ({ page }) => {
  await signIn(page, 'asha@demo.trellis', '/assets');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', /\/api\/assets\/export\.csv/);
  await page.getByRole('link', { name: 'Import' }).click();
  await page.waitForURL(/\/assets\/import/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const file = (lines) => ({
    name: 'assets.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([COLUMNS.join(','), ...lines].join('\n') + '\n'),
  });
  const good = row({ Tag: 'E2E-1', Name: 'E2E docking station', Category: 'Docking Station', State: 'In Stock', 'Purchase date': '2026-01-05', Cost: '189.00' });
  const bad = row({ Name: 'E2E broken', Category: 'Laptop', 'Purchase date': '2026-01-05', Cost: '-1' });
  await page.getByLabel('CSV files').setInputFiles([file([good, bad])]);
  await page.getByRole('button', { name: 'Check files' }).click();
  const rows = page.getByRole('table', { name: 'Rows' });
  await expect(rows.getByRole('row', { name: /E2E broken/ })).toContainText('Cost: A cost cannot be negative.');
  await expect(page.getByRole('button', { name: /^Import / })).toHaveCount(0);

  await page.getByLabel('CSV files').setInputFiles([file([good])]);
  await page.getByRole('button', { name: 'Check files' }).click();
  await page.getByRole('button', { name: 'Import 1 asset' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  await page.screenshot({ path: '../docs/asset-import.png', fullPage: true });
  await page.goto(`${base()}/assets?q=e2e`);
  await expect(page.getByRole('table', { name: 'Assets' })).toContainText('E2E docking station');
});

test('maintenance planned on an asset puts its CI in Maintenance until it is removed', async ({ page }) => {
  const utc = (hours) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);
  await signIn(page, 'asha@demo.trellis', '/assets/a007');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const panel = page.getByRole('region', { name: 'Maintenance windows' });
  await panel.getByText('Schedule maintenance').click();
  await panel.getByLabel('Starts (UTC)').fill(utc(-1));
  await panel.getByLabel('Ends (UTC)').fill(utc(2));
  await panel.getByLabel('Reason').fill('Firewall firmware');
  await panel.getByRole('button', { name: 'Schedule', exact: true }).click();
  const window = panel.locator('li[data-window="Firewall firmware"]');
  await expect(window).toContainText('In maintenance');

  await page.getByRole('link', { name: 'FW-A007' }).click();
  await page.waitForURL(/\/cis\/fw_a007/);
  const status = page.getByRole('region', { name: 'Details' }).locator('dd').first();
  await expect(status).toHaveText(/Maintenance/);
  await page.goBack();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.locator('li[data-window="Firewall firmware"]').getByRole('button', { name: /Remove the window/ }).click();
  await expect(page.locator('li[data-window="Firewall firmware"]')).toHaveCount(0);
  await page.goto(`${base()}/cis/fw_a007`);
  await expect(status).toHaveText(/Active/);
});

test('a supplier is edited on its own page and the list shows the change', async ({ page }) => {
  await signIn(page, 'asha@demo.trellis', '/assets/suppliers');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByRole('link', { name: 'Edit Bechtle' }).click();
  await page.waitForURL(/\/assets\/suppliers\/.+\/edit/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'Supplier' });
  await expect(form.getByLabel('Name')).toHaveValue('Bechtle');
  await form.getByLabel('Rating (1 to 5)').fill('9');
  await form.getByRole('button', { name: 'Save supplier' }).click();
  await expect(form.getByText('Rate from 1 (poor) to 5 (excellent)')).toBeVisible();
  await form.getByLabel('Rating (1 to 5)').fill('4');
  await form.getByRole('button', { name: 'Save supplier' }).click();
  await page.waitForURL(/\/assets\/suppliers$/);
  await expect(page.getByRole('region', { name: 'Bechtle' })).toContainText('(4 of 5)');
});

test('the later of two edits of an asset gets a field-by-field merge', async ({ browser }) => {
  const editor = async (email) => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, email, '/assets/a006/edit');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    return { page, form: page.getByRole('form', { name: 'Edit asset' }) };
  };
  const a = await editor('alice@demo.trellis');
  const b = await editor('asha@demo.trellis');
  await a.form.getByLabel('Location').fill('DC1 Rack B2');
  await a.form.getByRole('button', { name: 'Save' }).click();
  await a.page.waitForURL(/\/assets\/a006$/);

  await b.form.getByLabel('Location').fill('DC2 Rack C1');
  await b.form.getByLabel('Notes').fill('Spare PSU fitted');
  await b.form.getByRole('button', { name: 'Save' }).click();
  const conflicts = b.page.getByRole('table', { name: 'Conflicting fields' });
  const location = conflicts.getByRole('row', { name: /Location/ });
  await expect(location).toContainText('DC2 Rack C1');
  await expect(location).toContainText('DC1 Rack B2');
  await location.getByLabel('DC1 Rack B2').check();
  await b.page.getByRole('button', { name: 'Use these values' }).click();
  await expect(conflicts).toHaveCount(0);
  await expect(b.form.getByLabel('Location')).toHaveValue('DC1 Rack B2');
  await expect(b.form.getByLabel('Notes')).toHaveValue('Spare PSU fitted');
  await b.form.getByRole('button', { name: 'Save' }).click();
  await b.page.waitForURL(/\/assets\/a006$/);
  const details = b.page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('DC1 Rack B2');
  await expect(details).toContainText('Spare PSU fitted');
});
