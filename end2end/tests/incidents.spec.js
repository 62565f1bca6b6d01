// Incidents: an agent logs one against a failing service, takes it, puts it on hold,
// resolves it; the page offers only the moves its state allows.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./session');

test('an incident is logged, taken, held, resolved and closed through its page', async ({ page }) => {
  await signIn(page, 'sam@demo.trellis', '/incidents');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByRole('link', { name: 'New incident' }).click();
  await page.waitForURL(/\/incidents\/new/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('Website checkout fails');
  await form.getByLabel('Caller').fill('Rory Requester');
  await form.getByRole('button', { name: 'Log incident' }).click();
  await expect(form.getByText('Choose a category.')).toBeVisible();
  await form.getByLabel('Category').selectOption('Software');
  await form.getByLabel('Impact').selectOption('1');
  await form.getByLabel('Urgency').selectOption('1');
  await form.getByLabel(/Affected CIs/).fill('Website Hosting');
  await form.getByLabel('Description').fill('Payment step times out for every customer.');
  await form.getByRole('button', { name: 'Log incident' }).click();
  await page.waitForURL(/\/incidents\/INC\d{7}$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const header = page.locator('.page-header h1');
  await expect(header).toContainText('P1');
  await expect(header).toContainText('New');

  const moves = page.getByRole('group', { name: 'Moves' });
  await expect(moves.getByRole('button', { name: 'Close' })).toHaveCount(0);
  await moves.getByRole('button', { name: 'Start work' }).click();
  await expect(page.getByText('Assign it to a person before work starts.')).toBeVisible();

  const assign = page.getByRole('form', { name: 'Assign incident' });
  await assign.getByLabel('Assignment group').selectOption({ label: 'Service Desk' });
  await assign.getByLabel('Assigned to').selectOption({ label: 'Sam Service Desk' });
  await assign.getByRole('button', { name: 'Assign' }).click();
  // The page reloads the incident, with its new version, once the assignment is saved.
  await expect(page.getByRole('list', { name: 'Incident timeline' })).toContainText('Assigned');
  await page.getByRole('group', { name: 'Moves' }).getByRole('button', { name: 'Start work' }).click();
  await expect(header).toContainText('In Progress');

  await page.getByLabel('Waiting for (to put on hold)').selectOption('Awaiting vendor');
  await page.getByRole('group', { name: 'Moves' }).getByRole('button', { name: 'Put on hold' }).click();
  await expect(header).toContainText('On Hold');
  await page.getByLabel('Comment or work note').fill('Payment provider ticket PP-2231');
  await page.getByRole('button', { name: 'Add work note' }).click();
  const timeline = page.getByRole('list', { name: 'Incident timeline' });
  await expect(timeline).toContainText('Work note (internal)');
  await expect(timeline).toContainText('PP-2231');

  await page.getByLabel('Resolution code (to resolve)').selectOption('Solved (permanently)');
  await page.getByLabel('Resolution notes (to resolve)').fill('Provider fixed their certificate');
  await page.getByLabel('Resolved at first contact').check();
  await page.getByRole('group', { name: 'Moves' }).getByRole('button', { name: 'Resolve' }).click();
  await expect(header).toContainText('Resolved');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Resolved at first contact');
  // A P1 gets a post-incident review once it is resolved.
  const review = page.getByRole('form', { name: 'Post-incident review' });
  await review.getByLabel('What happened, why, and what changes').fill('Certificate expired unnoticed; expiry is now monitored.');
  await review.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByRole('list', { name: 'Incident timeline' })).toContainText('Post-incident review');
  await page.screenshot({ path: '../docs/incident.png', fullPage: true });
  await page.getByRole('group', { name: 'Moves' }).getByRole('button', { name: 'Close' }).click();
  await expect(header).toContainText('Closed');
  await expect(page.getByText('None: this incident is final.')).toBeVisible();

  await page.getByRole('link', { name: 'Incidents', exact: true }).first().click();
  await page.waitForURL(/\/incidents$/);
  await page.getByLabel('State').selectOption('all');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('table', { name: 'Incidents' })).toContainText('Website checkout fails');
  await page.screenshot({ path: '../docs/incidents.png', fullPage: true });
});
