// Incidents: an agent logs one against a failing service, takes it, puts it on hold,
// resolves it; the page offers only the moves its state allows.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

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

  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop watching' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Sam Service Desk');

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

  // Up to a manager: Sam has none on record, so the Incident Managers hear of it and follow it.
  await page.locator('summary', { hasText: 'Escalate' }).click();
  const escalate = page.getByRole('form', { name: 'Escalate incident' });
  await escalate.getByLabel(/A manager \(hierarchical\)/).check();
  await escalate.getByLabel('Why').fill('Checkout is down for every customer.');
  await escalate.getByRole('button', { name: 'Escalate' }).click();
  await expect(header).toContainText('Escalated');
  await expect(timeline).toContainText('Hierarchical escalation to Ian Incident: Checkout is down for every customer.');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Ian Incident');

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

async function call(page, endpoint, form) {
  const response = await page.request.post(`${base()}/api/${endpoint}`, {
    form,
    headers: { origin: base() },
  });
  expect(response.ok(), `${endpoint}: ${await response.text()}`).toBeTruthy();
  return response.json();
}

test('a failing CI raises an incident with its affected services, which an agent resolves', async ({ page }) => {
  test.setTimeout(90_000);
  // A port nobody listens on: a TCP check against it fails at once.
  const net = require('node:net');
  const closed = await new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  // Start with nothing unread, so the bell's count is this test's own.
  await signIn(page, 'alice@demo.trellis', '/notifications');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const bell = page.locator('.user-menu a.bell');
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAttribute('aria-label', 'Notifications, 0 unread');

  // A service of its own on one CI that Alice owns, so the demo estate is untouched.
  const ci = {
    'input[class]': 'application', 'input[status]': 'Active', 'input[environment]': 'Production',
    'input[criticality]': '3', 'input[owner]': 'Alice Admin', 'input[description]': '', 'input[tags]': '',
  };
  const app = await call(page, 'cmdb/create', { ...ci, 'input[name]': 'Payroll API' });
  const service = await call(page, 'cmdb/create', {
    ...ci, 'input[name]': 'Payroll', 'input[class]': 'business_service', 'input[criticality]': '2',
  });
  await call(page, 'cmdb/relate', {
    'input[ci]': service.id, 'input[relation]': 'depends_on:out', 'input[other]': 'Payroll API',
  });
  try {
    await page.goto(`${base()}/cis/${app.id}`);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await page.getByText('Add a check').click();
    await page.getByLabel('Name', { exact: true }).fill('Agent port');
    await page.getByLabel('Kind', { exact: true }).selectOption('tcp');
    await page.getByLabel('URL, or host:port for TCP').fill(`127.0.0.1:${closed}`);
    await page.getByLabel('Every (seconds)').fill('2');
    await page.getByLabel('Timeout (ms)').fill('500');
    await page.getByLabel('Retries before a change').fill('0');
    await page.getByRole('button', { name: 'Add check' }).click();
    await expect(page.locator('tr[data-check="Agent port"] .status')).toHaveText(/Critical/, { timeout: 15_000 });

    // The CI is Critical and a service needs it: an incident, live.
    await page.getByRole('link', { name: 'Incidents', exact: true }).first().click();
    await page.waitForURL(/\/incidents$/);
    const row = page.getByRole('row', { name: /Payroll API is Critical/ });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('row', { name: /Payroll API is Critical/ })).toHaveCount(1);
    // Alice owns the CI: the bell counts her notification, without a reload.
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 1 unread');
    await expect(bell.locator('.count')).toHaveText('1');
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/incidents\/INC\d{7}$/);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    const details = page.getByRole('region', { name: 'Details' });
    await expect(details).toContainText('Raised by monitoring');
    await expect(details.locator('[data-field="services"]')).toHaveText(/Payroll/);
    const header = page.locator('.page-header h1');
    // Criticality 2 (Medium impact) and Critical (High urgency): P2.
    await expect(header).toContainText('P2');
    await page.screenshot({ path: '../docs/incident-raised.png', fullPage: true });

    const assign = page.getByRole('form', { name: 'Assign incident' });
    await assign.getByLabel('Assignment group').selectOption({ label: 'Applications' });
    await assign.getByLabel('Assigned to').selectOption({ label: 'Alice Admin' });
    await assign.getByRole('button', { name: 'Assign' }).click();
    await expect(page.getByRole('list', { name: 'Incident timeline' })).toContainText('Assigned');
    await page.getByRole('group', { name: 'Moves' }).getByRole('button', { name: 'Start work' }).click();
    await expect(header).toContainText('In Progress');
    await page.getByLabel('Resolution code (to resolve)').selectOption('Solved (permanently)');
    await page.getByLabel('Resolution notes (to resolve)').fill('Agent restarted on the host');
    await page.getByRole('group', { name: 'Moves' }).getByRole('button', { name: 'Resolve' }).click();
    await expect(header).toContainText('Resolved');
    const number = page.url().split('/').pop();

    // Remove the check; the incident hears that the check is no longer Critical.
    await page.goto(`${base()}/cis/${app.id}`);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await expect(async () => {
      await page.getByRole('button', { name: 'Remove check Agent port' }).click({ timeout: 2_000 });
      await expect(page.locator('tr[data-check="Agent port"]')).toHaveCount(0, { timeout: 3_000 });
    }).toPass({ timeout: 20_000 });
    await page.goto(`${base()}/incidents/${number}`);
    await expect(page.getByRole('list', { name: 'Incident timeline' }))
      // The page may have been made a moment before the note: it reloads once it listens.
      .toContainText('Monitoring: the checks are no longer Critical.', { timeout: 15_000 });
  } finally {
    // Whatever happened, no failing check is left behind for the tests after this one.
    const { checks } = await call(page, 'monitoring/ci', { ci: app.id });
    for (const check of checks) {
      await call(page, 'monitoring/delete-check', { id: check.id });
    }
  }
});
