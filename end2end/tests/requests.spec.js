// Service requests and self-service: a requester orders from the portal's catalog and
// watches the request move live as an approver decides and a fulfiller finishes its
// tasks; reports a problem; and an admin defines a catalog item's form as data.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./session');

test('a requester orders a catalog item and sees its status change live', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, 'rory@demo.trellis', '/portal');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // The top bar offers a requester only what they may use.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Portal' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Inventory' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Requests' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Reports' })).toHaveCount(0);

  await page.getByRole('list', { name: 'Catalog' }).getByRole('link', { name: 'New laptop' }).click();
  await page.waitForURL(/\/portal\/order\/new_laptop$/);
  await expect(page.getByText('Any Asset Manager approves it first.')).toBeVisible();
  const form = page.getByRole('form', { name: 'Order New laptop' });
  // Sent empty, the server names what is missing.
  await form.evaluate((f) => f.setAttribute('novalidate', ''));
  await form.getByRole('button', { name: 'Submit request' }).click();
  await expect(form.getByText('Choose model.')).toBeVisible();
  await form.getByLabel('Model (required)').selectOption('Developer 16-inch');
  await form.getByLabel('Needed by (required)').fill('2027-01-15');
  await form.getByLabel('Why do you need it? (required)').fill('I join the platform team on Monday.');
  await form.getByRole('button', { name: 'Submit request' }).click();
  await page.waitForURL(/\/requests\/REQ\d{7}$/);
  const number = page.url().split('/').pop();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const header = page.locator('.page-header h1');
  await expect(header).toContainText('Awaiting approval');
  await expect(page.locator('[data-field="approval"]')).toHaveText('Waiting for any asset manager');
  await expect(page.getByText('0 of 3 tasks done')).toBeVisible();

  // Asha (Asset Manager) approves from another browser; Rory's page follows by itself.
  const other = await browser.newContext();
  const asha = await other.newPage();
  await signIn(asha, 'asha@demo.trellis', `/requests/${number}`);
  await expect(asha.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // She sees the fulfilment clock of the item's service, standing still until approval;
  // the requester does not.
  const clocks = asha.getByRole('region', { name: 'SLA · Internal Application' });
  const clock = clocks.locator('[data-clock="fulfilment"]');
  await expect(clock).toContainText('of 30h business time');
  await expect(clock).toContainText('Paused while awaiting approval');
  await expect(page.locator('.sla-clocks')).toHaveCount(0);
  const decide = asha.getByRole('form', { name: 'Decide the request' });
  await decide.getByLabel('Approve').check();
  await decide.getByLabel(/Note to the requester/).fill('Take one from stock.');
  await decide.getByRole('button', { name: 'Submit decision' }).click();
  await expect(asha.locator('.page-header h1')).toContainText('In fulfilment');
  await expect(clock).not.toContainText('Paused');
  await expect(header).toContainText('In fulfilment', { timeout: 15_000 });
  await expect(page.locator('[data-field="approval"]')).toHaveText('Approved by Asha Asset');

  // She finishes the tasks; the last one closes the request.
  for (const task of [1, 2]) {
    await asha.getByRole('form', { name: `Finish task ${task}` }).getByRole('button', { name: 'Mark done' }).click();
    await expect(asha.locator(`tr[data-task="${task}"]`)).toContainText('Done');
  }
  await expect(page.getByText('2 of 3 tasks done')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: '../docs/request.png', fullPage: true });
  await asha.getByRole('form', { name: 'Finish task 3' }).getByLabel('Note on task 3').fill('Handed over at the desk.');
  await asha.getByRole('form', { name: 'Finish task 3' }).getByRole('button', { name: 'Mark done' }).click();
  await expect(header).toContainText('Closed', { timeout: 15_000 });
  await expect(page.getByText('3 of 3 tasks done')).toBeVisible();
  await other.close();

  await page.goto(`${base()}/`);
  await page.waitForURL(/\/portal$/);
  const row = page.getByRole('table', { name: 'My requests' }).locator(`tr[data-number="${number}"]`);
  await expect(row).toContainText('Closed');
  await expect(row).toContainText('3 of 3 tasks done');
});

test('a requester reports a problem and finds it under their requests', async ({ page }) => {
  await signIn(page, 'rory@demo.trellis', '/portal');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'Report a problem' });
  await form.getByLabel('What is wrong?').fill('The website shows an error page');
  await form.getByLabel('What kind of problem?').selectOption('Software');
  await form.getByLabel('Which service?').selectOption('Website Hosting');
  await form.getByLabel('How badly does it hurt?').selectOption({ label: 'I cannot work' });
  await form.getByLabel(/Details/).fill('Every page says 502 since 9:00.');
  await form.getByRole('button', { name: 'Report problem' }).click();
  const thanks = page.getByRole('status').filter({ hasText: 'is logged' });
  await expect(thanks).toBeVisible();
  const number = (await thanks.textContent()).match(/INC\d{7}/)[0];
  const row = page.getByRole('table', { name: 'My requests' }).locator(`tr[data-number="${number}"]`);
  await expect(row).toContainText('The website shows an error page');
  await expect(row).toContainText('New');
  // The form is cleared for the next report.
  await expect(form.getByLabel('What is wrong?')).toHaveValue('');
  await page.screenshot({ path: '../docs/portal.png', fullPage: true });

  // Their own incident, as they see it: the state, what was said, room to add more.
  await row.getByRole('link', { name: number }).click();
  await page.waitForURL(new RegExp(`/portal/incidents/${number}$`));
  await expect(page.locator('.page-header h1')).toContainText('New');
  const comment = page.getByRole('form', { name: 'Comment on the incident' });
  await comment.getByLabel('Comment for the service desk').fill('It works on my phone, not on my laptop.');
  await comment.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.getByRole('list', { name: 'Incident timeline' })).toContainText('It works on my phone, not on my laptop.');
});

test('an admin defines a catalog item whose form previews as it is typed', async ({ page }) => {
  await signIn(page, 'alice@demo.trellis', '/requests/catalog/new');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByRole('form', { name: 'Catalog item' });
  await form.getByLabel('Name').fill('Desk phone');
  await form.getByLabel('Category').fill('Hardware');
  const definition = form.getByLabel(/Order form/);
  await definition.fill('Extension* : number\nHeadset : colour');
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('Line 2: \u201ccolour\u201d is not a kind');
  await definition.fill('Extension* : number\nHeadset : yes/no');
  await expect(preview.getByLabel('Extension (required)')).toBeVisible();
  await expect(preview.getByLabel('Headset')).toBeVisible();
  await form.getByLabel('Fulfilled by team').selectOption({ label: 'Service Desk' });
  await form.getByLabel(/Fulfilment tasks/).fill('Order the phone\nPlug it in');
  // A fulfilment target counts in the hours of a service's SLA, so it needs the service.
  await form.getByLabel(/Fulfilment target/).fill('8h');
  await form.getByRole('button', { name: 'Save item' }).click();
  await expect(form.getByText('Choose the service whose SLA hours the fulfilment target counts in.')).toBeVisible();
  const service = form.getByLabel('Business service');
  await expect(service.locator('option[value="website_hosting"]')).toHaveText(/^Website Hosting · SLA /);
  await service.selectOption('website_hosting');
  await form.getByRole('button', { name: 'Save item' }).click();
  await page.waitForURL(/\/requests\/catalog$/);
  const row = page.getByRole('table', { name: 'Catalog items' }).getByRole('row', { name: /Desk phone/ });
  await expect(row).toContainText('No approval');
  await expect(row).toContainText('8h · Website Hosting');
  await expect(row).toContainText('Yes');
});
