// The knowledge base: an agent writes an article in Markdown with a preview, publishes it,
// and a requester finds it by search and says it helped.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

test('an agent publishes an article that a requester finds and marks helpful', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await signIn(page, 'sam@demo.trellis', '/kb');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByRole('link', { name: 'New article' }).click();
  await page.waitForURL(/\/kb\/new$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'New article' });
  await form.getByLabel('Title').fill('Reset a VPN token');
  await form.getByLabel(/Categories/).fill('VPN, Access');
  await form.getByLabel('Review on').fill('2027-06-01');
  await form.getByLabel('Article (Markdown)').fill(
    '## When the token is out of sync\n\n1. Open **Settings → Security**\n2. Choose *Resync token*\n\n<script>alert(1)</script>',
  );
  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { name: 'When the token is out of sync' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('Settings → Security');
  await expect(preview.locator('script')).toHaveCount(0);
  await form.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/kb\/KB\d{7}$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const header = page.locator('.page-header h1');
  await expect(header).toContainText('Draft');
  await page.getByRole('group', { name: 'Moves' }).getByRole('button', { name: 'Publish' }).click();
  await expect(header).toContainText('Published');
  const number = page.url().split('/').pop();

  // A requester, in another browser: finds it by search, reads it, says it helped.
  const other = await browser.newContext();
  const reader = await other.newPage();
  await signIn(reader, 'rory@demo.trellis', '/kb?q=token');
  await expect(reader.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await reader.getByRole('table', { name: 'Articles' }).getByRole('link', { name: number }).click();
  await reader.waitForURL(new RegExp(`/kb/${number}$`));
  await expect(reader.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(reader.getByRole('heading', { name: 'When the token is out of sync' })).toBeVisible();
  await expect(reader.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await reader.getByRole('group', { name: 'Did this help?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(reader.getByRole('complementary')).toContainText('1 of 1 readers');
  // The agent's page hears of the vote without a reload.
  await expect(page.getByRole('complementary')).toContainText('1 of 1 readers');
  await reader.screenshot({ path: '../docs/knowledge.png', fullPage: true });
  await other.close();
});
