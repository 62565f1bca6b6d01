// Importing from the browser: a bad file is refused row by row with nothing written; a
// good one is checked, then imported with a progress bar.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./session');

const SITES_HEADER = 'Name,Status,Facility,Region,Tenant,Time Zone,Description';

function csv(name, lines) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n') + '\r\n') };
}

test('a bad file shows its errors by file, line and column, and nothing is imported', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('link', { name: 'Import' }).click();
  await page.getByLabel('Format').selectOption('netbox');
  await page.getByLabel('CSV files').setInputFiles([
    csv('sites.csv', [SITES_HEADER, 'E2E Lab,Active,,,,,', 'E2E Annex,Exploded,,,,,']),
    csv('racks.csv', ['Name,Site,Location,Status,Role,Tenant,Height (U),Description,Colour', 'R1,E2E Lab,,Active,,,42,,red']),
  ]);
  await page.getByRole('button', { name: 'Check files' }).click();
  const problems = page.getByRole('table', { name: 'Problems in the files' });
  await expect(problems.getByRole('row', { name: /sites\.csv 3 Status/ })).toBeVisible();
  await expect(problems.getByRole('row', { name: /racks\.csv 1 Colour/ })).toContainText('unknown column');
  await expect(page.getByRole('status').filter({ hasText: 'Some rows are refused' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import \d+ CIs/ })).toHaveCount(0);
  await page.screenshot({ path: '../docs/import-errors.png', fullPage: true });
});

test('a good file is checked, then imported with a progress bar, and importing it again changes nothing', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis/import');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const files = [
    csv('sites.csv', [SITES_HEADER, 'E2E Lab,Active,LAB,,,,', 'E2E Annex,Planned,ANX,,,,']),
    csv('racks.csv', ['Name,Site,Location,Status,Role,Tenant,Height (U),Description', 'E2E Rack,E2E Lab,,Active,,,42,']),
  ];
  await page.getByLabel('Format').selectOption('netbox');
  await page.getByLabel('CSV files').setInputFiles(files);
  await page.getByRole('button', { name: 'Check files' }).click();
  const rows = page.getByRole('table', { name: 'Rows' });
  await expect(rows.getByRole('row', { name: /E2E Rack located in E2E Lab/ })).toContainText('Create');
  await page.getByRole('button', { name: 'Import 3 CIs and 1 relation' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  await expect(page.locator('#import-progress')).toHaveAttribute('value', '4');

  await page.getByLabel('Format').selectOption('netbox');
  await page.getByLabel('CSV files').setInputFiles(files);
  await page.getByRole('button', { name: 'Check files' }).click();
  await expect(page.getByText('CIs: 0 create, 0 update, 3 unchanged, 0 refused')).toBeVisible();

  await page.goto(page.url().replace('/cis/import', '/cis?q=e2e+rack'));
  const table = page.getByRole('table', { name: 'Configuration items' });
  await table.getByRole('link', { name: 'E2E Rack' }).click();
  await expect(page.getByRole('region', { name: 'Relations' })).toContainText('E2E Lab');
});

test('a Trellis CSV in the columns of the export creates CIs, an owner team and a relation', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis/import');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByLabel('Format')).toHaveValue('trellis');
  await page.getByLabel('CSV files').setInputFiles([
    csv('cis.csv', [
      'Name,Class,Status,Environment,Criticality,Owner,Tags,Description',
      'E2E Ledger,Application,Active,Production,2,E2E Finance Team,finance,Books every payment',
      'E2E Ledger DB,Database,Active,Production,1,Database Administration,,Ledger storage',
    ]),
    csv('relations.csv', ['Source,Relation,Target', 'E2E Ledger,depends on,E2E Ledger DB']),
  ]);
  await page.getByRole('button', { name: 'Check files' }).click();
  await expect(page.getByText('New owner teams: E2E Finance Team')).toBeVisible();
  const rows = page.getByRole('table', { name: 'Rows' });
  await expect(rows.getByRole('row', { name: /E2E Ledger depends on E2E Ledger DB/ })).toContainText('Create');
  await page.getByRole('button', { name: 'Import 2 CIs and 1 relation' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();

  await page.goto(page.url().replace('/cis/import', '/cis?q=e2e+ledger'));
  const table = page.getByRole('table', { name: 'Configuration items' });
  await table.getByRole('link', { name: 'E2E Ledger', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Relations' })).toContainText('E2E Ledger DB');
  await expect(page.getByText('E2E Finance Team').first()).toBeVisible();
});
