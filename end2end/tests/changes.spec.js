// Changes: a Normal change raised, assessed and sent to the CAB, approved by a CAB member,
// shown on the calendar, and warned of a change that clashes with it.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

// `YYYY-MM-DDTHH:MM` in UTC, `days` from today at `hour`.
function at(days, hour, minute = 0) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, minute, 0, 0);
  return d.toISOString().slice(0, 16);
}

test('a normal change is approved by the CAB, shown on the calendar, and warned of a clash', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const [starts, ends] = [at(9, 22), at(9, 23, 30)];
  await signIn(page, 'chris@demo.trellis', '/changes/new');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'New change' });
  await form.getByLabel('Type').selectOption('Normal');
  await form.getByLabel('Title').fill('Upgrade PostgreSQL to 16');
  await form.getByLabel(/CIs and services it touches/).fill('SAN-A005');
  await form.getByLabel('Window starts (UTC)').fill(starts);
  await form.getByLabel('Window ends (UTC)').fill(ends);
  await form.getByLabel('Who would an outage affect?').selectOption({ label: 'Everyone or customers' });
  await form.getByLabel('Has this change been done before?').selectOption({ label: 'Once or twice' });
  await form.getByLabel('How hard is backing it out?').selectOption({ label: 'Possible with effort' });
  await form.getByLabel('Does it need downtime?').selectOption({ label: 'Within the window' });
  await form.getByLabel('How many teams take part?').selectOption({ label: 'One' });
  await form.getByLabel('Implementation plan').fill('Fail over to the replica, upgrade, fail back.');
  await form.getByLabel('Backout plan').fill('Restore the pre-upgrade snapshot.');
  await form.getByLabel('Test plan').fill('Run the application smoke tests against the new version.');
  await form.getByRole('button', { name: 'Raise change' }).click();
  await page.waitForURL(/\/changes\/CHG\d{7}$/);
  const number = page.url().split('/').pop();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const header = page.locator('.page-header h1');
  await expect(header).toContainText('Draft');
  // Impact computed from the CMDB: the storage array carries the database service.
  await expect(page.locator('[data-field="services"]')).toContainText('Database Service');
  await expect(page.getByText('Medium (8)')).toBeVisible();

  const moves = () => page.getByRole('group', { name: 'Moves' });
  await expect(moves().getByRole('button', { name: 'Schedule' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop watching' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Chris Change');
  await moves().getByRole('button', { name: 'Submit for assessment' }).click();
  await expect(header).toContainText('Assessment');
  await moves().getByRole('button', { name: 'Send to CAB' }).click();
  await expect(header).toContainText('CAB Approval');
  await expect(page.getByText('Waiting for the CAB\'s decision.')).toBeVisible();

  // A CAB member approves, from another browser.
  const cab = await browser.newContext();
  const cara = await cab.newPage();
  await signIn(cara, 'cara@demo.trellis', `/changes/${number}`);
  await expect(cara.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const vote = cara.getByRole('form', { name: 'CAB vote' });
  await vote.getByLabel('Comment for the board').fill('Backout plan tested last quarter.');
  await vote.getByRole('button', { name: 'Approve' }).click();
  await expect(cara.locator('.page-header h1')).toContainText('Scheduled');
  await cab.close();
  // Chris sees the decision live.
  await expect(header).toContainText('Scheduled');
  await expect(page.getByRole('list', { name: 'CAB votes' })).toContainText('Cara CAB');

  // Another change on the same array in an overlapping window: both are warned.
  const other = await page.request.post(`${base()}/api/changes/open`, {
    form: {
      'input[kind]': 'Normal', 'input[title]': 'Replace SAN controller',
      'input[cis]': 'SAN-A005', 'input[starts_at]': at(9, 23), 'input[ends_at]': at(10, 1),
    },
    headers: { origin: base() },
  });
  expect(other.ok()).toBeTruthy();
  const clash = await other.json();
  await expect(page.locator(`[data-clash="${clash}"]`)).toContainText('also touches SAN-A005');
  await page.screenshot({ path: '../docs/change.png', fullPage: true });

  // Today's calendar marks today.
  await page.getByRole('link', { name: 'Calendar' }).first().click();
  await expect(page.locator('td[aria-current="date"]')).toHaveAttribute('data-day', at(0, 0).slice(0, 10));
  await page.goto(`${base()}/changes/calendar?date=${starts.slice(0, 10)}`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const day = page.locator(`td[data-day="${starts.slice(0, 10)}"]`);
  await expect(day.locator(`a[href="/changes/${number}"]`)).toContainText(`Conflict with ${clash}`);
  await page.getByRole('link', { name: 'Week', exact: true }).click();
  await expect(page.locator('table.calendar.week')).toBeVisible();
  await expect(page.locator(`td[data-day="${starts.slice(0, 10)}"]`)).toContainText('Upgrade PostgreSQL to 16');
  await page.getByRole('link', { name: 'Month', exact: true }).click();
  await expect(page.locator('table.calendar.week')).toHaveCount(0);
  // A freeze the morning of the change: the day is shaded and names it.
  const freeze = page.getByRole('form', { name: 'Plan a freeze' });
  await freeze.getByLabel('Freeze name').fill('Payroll run');
  await freeze.getByLabel('Starts (UTC)').fill(at(9, 0));
  await freeze.getByLabel('Ends (UTC)').fill(at(9, 6));
  await freeze.getByRole('button', { name: 'Plan freeze' }).click();
  await expect(day).toContainText('Freeze: Payroll run');
  await expect(day).toHaveClass(/frozen/);
  await expect(page.getByRole('list', { name: 'Freezes' })).toContainText('Payroll run');
  await page.screenshot({ path: '../docs/change-calendar.png', fullPage: true });

  // Cancelling the clashing change clears the warning.
  const version = (await (await page.request.post(`${base()}/api/changes/get`, { form: { number: clash }, headers: { origin: base() } })).json()).version;
  const cancelled = await page.request.post(`${base()}/api/changes/move`, {
    form: { number: clash, version: String(version), to: 'Cancelled' }, headers: { origin: base() },
  });
  expect(cancelled.ok()).toBeTruthy();
  await expect(day.locator(`a[href="/changes/${number}"]`)).not.toContainText('Conflict');
});
