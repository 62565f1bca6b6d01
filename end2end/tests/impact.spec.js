// Relations and impact analysis: relate two new CIs, see what breaks, try a what-if,
// and delete a CI with its relations.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./session');

async function createCi(page, name) {
  const form = page.getByRole('form', { name: 'New configuration item' });
  if (await form.count() === 0) {
    await page.getByRole('button', { name: 'New CI' }).click();
  }
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Class').selectOption({ label: 'Application' });
  await form.getByRole('button', { name: 'Create CI' }).click();
  await expect(form.getByRole('status')).toHaveText(`Created ${name}.`);
}

test('relate two CIs, open the impact view and see the path', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await createCi(page, 'Checkout');
  await createCi(page, 'Payments API');

  const table = page.getByRole('table', { name: 'Configuration items' });
  await table.getByRole('link', { name: 'Checkout', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  const add = page.getByRole('form', { name: 'Add a relation' });
  await add.getByLabel('This CI').selectOption({ label: 'depends on' });
  await add.getByLabel('Other CI').fill('Payments');
  // Suggestions arrive from the server as you type.
  await expect(page.locator('#relation-other-suggestions option[value="Payments API"]')).toHaveCount(1);
  await add.getByLabel('Other CI').fill('Payments API');
  await add.getByRole('button', { name: 'Add relation' }).click();
  const relations = page.getByRole('region', { name: 'Relations' });
  await expect(relations.getByRole('heading', { name: 'Checkout depends on' })).toBeVisible();
  await expect(relations.getByRole('link', { name: 'Payments API' })).toBeVisible();

  // Relating it to itself is refused, next to the field.
  await add.getByLabel('Other CI').fill('Checkout');
  await add.getByRole('button', { name: 'Add relation' }).click();
  await expect(add.getByText('A CI cannot be related to itself.')).toBeVisible();

  await relations.getByRole('link', { name: 'Payments API' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payments API' })).toBeVisible();
  await page.getByRole('link', { name: 'Impact analysis' }).click();
  const affected = page.getByRole('table', { name: 'Affected CIs' });
  const row = affected.getByRole('row', { name: /Checkout/ });
  await expect(row).toContainText('Payments API');
  await expect(row).toContainText('depends on');

  // What-if: the web server fails too.
  const picker = page.getByRole('form', { name: 'Failed CIs' });
  await picker.getByLabel('Add a failed CI').fill('Web Server');
  await expect(page.locator('#failed-ci-suggestions option[value="Web Server"]')).toHaveCount(1);
  await picker.getByRole('button', { name: 'Add' }).click();
  const services = page.getByRole('table', { name: 'Affected services' });
  await expect(services.getByRole('row', { name: /Website Hosting/ })).toContainText('Web Server');
  await expect(affected.getByRole('row', { name: /Checkout/ })).toBeVisible();
  await page.screenshot({ path: '../docs/impact.png', fullPage: true });
});

test('deleting a CI asks first, then removes it with its relations', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await createCi(page, 'Old Intranet');
  const table = page.getByRole('table', { name: 'Configuration items' });
  await table.getByRole('link', { name: 'Old Intranet', exact: true }).click();
  const add = page.getByRole('form', { name: 'Add a relation' });
  await add.getByLabel('Other CI').fill('Web Server');
  await add.getByRole('button', { name: 'Add relation' }).click();
  await expect(page.getByRole('region', { name: 'Relations' }).getByRole('link', { name: 'Web Server' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete Old Intranet?' });
  await expect(dialog).toContainText('Its one relation goes with it.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete CI' }).click();
  await expect(page).toHaveURL(/\/cis$/);
  await expect(table.getByRole('link', { name: 'Old Intranet', exact: true })).toHaveCount(0);
  await expect(table.getByRole('link', { name: 'Web Server', exact: true })).toBeVisible();
});

test('a viewer can analyse impact but not change relations', async ({ page }) => {
  await signIn(page, 'vic@demo.trellis', '/cis/web_server');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByRole('form', { name: 'Add a relation' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Remove relation/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Impact analysis' }).click();
  await expect(page.getByRole('table', { name: 'Affected services' })).toContainText('Website Hosting');
});
