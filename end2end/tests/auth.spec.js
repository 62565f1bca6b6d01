// Sign-in, roles in the UI, and sign-out, as a person meets them.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

test('an anonymous visitor is sent to sign in and then to the page they wanted', async ({ page }) => {
  await page.goto(base() + '/cis/database');
  await expect(page).toHaveURL(/\/login\?next=%2Fcis%2Fdatabase$/);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const form = page.getByRole('form', { name: 'Sign in to Trellis' });
  await form.getByLabel('Email').fill('vic@demo.trellis');
  await form.getByLabel('Password').fill('wrong password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');

  await form.getByLabel('Password').fill('trellis-demo');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Database' })).toBeVisible();
  await expect(page.getByText('Vic Viewer')).toBeVisible();
});

test('a viewer sees no buttons for changes they may not make', async ({ page }) => {
  await signIn(page, 'vic@demo.trellis', '/cis');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByRole('table', { name: 'Configuration items' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New CI' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Database', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Database' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, 'conor@demo.trellis', '/cis');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(base() + '/cis');
  await expect(page).toHaveURL(/\/login\?next=%2Fcis$/);
});

test('people can see where they are signed in and end another browser', async ({ browser }) => {
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext()).newPage();
  await signIn(phone, 'sam@demo.trellis', '/cis');
  await signIn(laptop, 'sam@demo.trellis', '/cis');
  await expect(laptop.locator('body[data-hydrated="true"]')).toHaveCount(1);

  await laptop.getByRole('link', { name: 'Sam Service Desk' }).click();
  const table = laptop.getByRole('table', { name: 'Sessions' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('This browser');
  await table.getByRole('button', { name: 'End session' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);

  await phone.goto(base() + '/cis');
  await expect(phone).toHaveURL(/\/login/);
});
