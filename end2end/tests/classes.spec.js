// Classes are data: an attribute added in the browser shows up in the CI form at once.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./session');

test('a Configuration Manager adds an attribute and the CI form asks for it', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('link', { name: 'Classes' }).click();
  await page.getByRole('table', { name: 'Classes' }).getByRole('link', { name: 'Database', exact: true }).click();
  const add = page.getByRole('form', { name: 'Add an attribute' });
  await add.getByLabel('Attribute').fill('Backup window');
  await add.getByLabel('Type').selectOption('text');
  await add.getByRole('button', { name: 'Add attribute' }).click();
  await expect(page.getByRole('region', { name: 'Database attributes' })).toContainText('Backup window');
  await page.screenshot({ path: '../docs/classes.png', fullPage: true });

  await page.getByRole('link', { name: 'Configuration items' }).click();
  await page.getByRole('button', { name: 'New CI' }).click();
  const form = page.getByRole('form', { name: 'New configuration item' });
  await form.getByLabel('Name').fill('Reporting DB');
  await form.getByLabel('Class').selectOption({ label: 'Database' });
  await form.getByLabel('Engine').selectOption('PostgreSQL');
  await form.getByLabel('Backup window').fill('01:00-03:00');
  await form.getByRole('button', { name: 'Create CI' }).click();
  await form.getByRole('link', { name: 'Reporting DB' }).click();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('01:00-03:00');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('PostgreSQL');
});

test('a redundancy group and a new relation type are defined in the browser', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis/groups');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const form = page.getByRole('form', { name: 'New or changed group' });
  await form.getByLabel('Group name').fill('App tier');
  await form.getByLabel('Member CIs').fill('LT-A001\nFW-A007');
  await form.getByRole('button', { name: 'Save group' }).click();
  const groups = page.getByRole('table', { name: 'Redundancy groups' });
  await expect(groups.getByRole('row', { name: /App tier/ })).toContainText('all 2 have failed');

  const types = page.getByRole('form', { name: 'New relation type' });
  await types.getByLabel('Read from the source').fill('replicates to');
  await types.getByLabel('Read from the target').fill('replica of');
  await types.getByLabel('A failure travels').selectOption('none');
  await types.getByRole('button', { name: 'Add relation type' }).click();
  await expect(page.getByRole('table', { name: 'Relation types' })).toContainText('replica of');
  await page.screenshot({ path: '../docs/redundancy.png', fullPage: true });
});
