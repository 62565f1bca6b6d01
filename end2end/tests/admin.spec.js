// Admins manage people: create a user with roles and teams, disable them, and read
// the audit log of what they did.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

const PASSWORD = 'a long enough password';

test('an admin creates a user, the user signs in, and disabling them signs them out', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'alice@demo.trellis', '/cis');
  await expect(admin.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await admin.getByRole('link', { name: 'Admin', exact: true }).click();
  await expect(admin.getByRole('table', { name: 'Users' })).toContainText('Conor Configuration');

  await admin.getByRole('button', { name: 'New user' }).click();
  const form = admin.getByRole('form', { name: 'New user' });
  await form.getByLabel('Name').fill('Nina Network');
  await form.getByLabel('Email').fill('nina@example.com');
  await form.getByLabel('First password').fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByText('Choose at least one role.')).toBeVisible();
  await expect(form.getByText('Use at least 12 characters.')).toBeVisible();

  await form.getByRole('group', { name: 'Roles' }).getByLabel('Viewer').check();
  await form.getByRole('group', { name: 'Teams' }).getByLabel('Network').check();
  await form.getByLabel(/^Manager/).selectOption({ label: 'Cara CAB' });
  await form.getByLabel('First password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create user' }).click();
  const users = admin.getByRole('table', { name: 'Users' });
  const row = users.getByRole('row', { name: /Nina Network/ });
  await expect(row).toContainText('Viewer');
  await expect(row).toContainText('Network');
  await expect(row).toContainText('Active');
  await admin.screenshot({ path: '../docs/admin-users.png', fullPage: true });

  const nina = await (await browser.newContext()).newPage();
  await signIn(nina, 'nina@example.com', '/cis', PASSWORD);
  await expect(nina.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(nina.getByRole('table', { name: 'Configuration items' })).toBeVisible();
  await expect(nina.getByRole('button', { name: 'New CI' })).toHaveCount(0);
  await expect(nina.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);

  await row.getByRole('link', { name: 'Nina Network' }).click();
  await expect(admin.getByRole('heading', { name: 'Nina Network' })).toBeVisible();
  await expect(admin.getByLabel(/^Manager/)).toHaveValue('cara');
  await admin.getByLabel('Disabled').check();
  await admin.getByRole('button', { name: 'Save user' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(admin.locator('.panel-header')).toContainText('Disabled');
  // The history on the page shows the change, field by field.
  await expect(admin.getByRole('region', { name: 'History' })).toContainText('disabled');

  await nina.goto(base() + '/cis');
  await expect(nina).toHaveURL(/\/login/);
});

test('the audit log filters changes by table and shows who did what', async ({ page }) => {
  await signIn(page, 'alice@demo.trellis', '/admin/teams');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByLabel('Name').fill('Storage');
  await form.getByLabel('Description').fill('SAN and backup');
  await form.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('table', { name: 'Teams' })).toContainText('SAN and backup');

  await page.getByRole('link', { name: 'Audit log' }).click();
  const filters = page.getByRole('form', { name: 'Filter the audit log' });
  await filters.getByLabel('Table').selectOption('team');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/table=team/);
  const log = page.getByRole('table', { name: 'Audit log' });
  await expect(log.getByRole('row', { name: /Storage/ })).toContainText('Alice Admin');
  await expect(log).not.toContainText('Configuration items');
  await page.screenshot({ path: '../docs/audit-log.png', fullPage: true });

  await filters.getByLabel('From').fill('2026-05-02');
  await filters.getByLabel('To').fill('2026-05-01');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('The last day comes before the first.')).toBeVisible();
});

test('people without the admin role cannot open the admin pages', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/admin/users');
  await expect(page.getByRole('alert')).toContainText('Your role does not allow this.');
  await expect(page.getByRole('table', { name: 'Users' })).toHaveCount(0);
});
