// Problems and known errors: a problem recorded from an incident, analysed with five whys,
// published as a known error, then suggested to the next agent who logs a similar incident.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

test('a problem from an incident becomes a known error that the incident form suggests', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, 'priya@demo.trellis', '/incidents/new');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('Checkout times out');
  await form.getByLabel('Caller').fill('Rory Requester');
  await form.getByLabel('Category').selectOption('Software');
  await form.getByLabel(/Affected CIs/).fill('Database');
  await form.getByRole('button', { name: 'Log incident' }).click();
  await page.waitForURL(/\/incidents\/INC\d{7}$/);
  const incident = page.url().split('/').pop();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  await page.getByRole('link', { name: 'Record a problem' }).click();
  await page.waitForURL(/\/problems\/new\?incident=INC\d{7}$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const record = page.getByRole('form', { name: 'New problem' });
  await expect(record.getByLabel(/Incidents it explains/)).toHaveValue(incident);
  await record.getByLabel('Title').fill('Checkout stalls under load');
  await record.getByLabel(/Affected CIs/).fill('Database');
  await record.getByLabel('Assigned to').selectOption({ label: 'Priya Problem' });
  await record.getByRole('button', { name: 'Record problem' }).click();
  await page.waitForURL(/\/problems\/PRB\d{7}$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const header = page.locator('.page-header h1');
  await expect(header).toContainText('New');
  await expect(page.getByRole('list', { name: 'Linked incidents' })).toContainText(incident);

  // Only the moves of the table are offered.
  const moves = () => page.getByRole('group', { name: 'Moves' });
  await expect(moves().getByRole('button', { name: 'Publish known error' })).toHaveCount(0);
  await moves().getByRole('button', { name: 'Investigate' }).click();
  await expect(header).toContainText('Investigating');
  await moves().getByRole('button', { name: 'Publish known error' }).click();
  await expect(page.getByText('Record the root cause before publishing the known error.')).toBeVisible();

  const analysis = page.getByRole('form', { name: 'Root cause analysis' });
  await analysis.getByLabel('Why 1?').fill('Checkout waits for a database connection');
  await analysis.getByLabel('Why 2?').fill('The connection pool is exhausted at peak');
  await analysis.getByLabel('Root cause').fill("Connection pool sized for last year's traffic");
  await analysis.getByLabel('Workaround').fill('Restart the application server to free connections');
  await analysis.getByRole('button', { name: 'Save analysis' }).click();
  await expect(page.getByRole('list', { name: 'Problem timeline' })).toContainText('Root cause analysis');
  await moves().getByRole('button', { name: 'Publish known error' }).click();
  await expect(header).toContainText('Known Error');
  await page.screenshot({ path: '../docs/problem.png', fullPage: true });

  // The next agent: the known error shows up as the CI is named and the symptom typed.
  await page.goto(`${base()}/incidents/new`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const next = page.getByRole('form', { name: 'New incident' });
  const suggestions = page.getByRole('list', { name: 'Suggested known errors' });
  await next.getByLabel('Title').fill('Checkout slow aga');
  await expect(suggestions).toContainText('Checkout stalls under load');
  await expect(suggestions).toContainText('Restart the application server');
  await next.getByLabel('Title').fill('Printer jam');
  await expect(suggestions).toHaveCount(0);
  await next.getByLabel(/Affected CIs/).fill('Database');
  await expect(suggestions).toContainText('Matched on');
  await expect(suggestions).toContainText('CI');
  await page.screenshot({ path: '../docs/known-error-suggestion.png', fullPage: true });

  await page.goto(`${base()}/problems/known-errors?q=pool`);
  await expect(page.getByRole('list', { name: 'Known errors' })).toContainText('Checkout stalls under load');
});
