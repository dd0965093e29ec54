import { expect, test } from './fixtures';
import { demo, signIn } from './support';

test('the GraphQL explorer streams a key’s calls within a second, and answers queries with the session', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, demo.partnerAdmin);
  await page.goto('/keys/new');
  const name = `GraphQL e2e ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'Test' }).check();
  await page.getByRole('checkbox', { name: 'usage:read' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = await page.getByRole('textbox', { name: 'API key', exact: true }).inputValue();

  // A query with the session: the explorer sends JSON with the cookie, never a key.
  await page.goto('/reference/graphql');
  await page.getByLabel('Query').fill('{ viewer { kind user { role } } }');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Result')).toContainText('"role": "partner_admin"');

  // One of the portal's own operations goes by its persisted id, the way a session sends every document outside the explorer.
  await page.getByLabel('Example').selectOption('Viewer');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('status')).toContainText('sent by its persisted id');
  await expect(page.getByLabel('Result')).toContainText('"kind": "user"');
  await expect(page.getByLabel('Result')).toContainText('"role": "partner_admin"');

  // The live subscription with the key pasted (kept in the page's memory only).
  await page.getByLabel('API key', { exact: true }).fill(secret);
  await page.getByLabel('Query').fill('subscription { requestLogged { requestId endpoint statusCode } }');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('status')).toContainText('200');
  // The page notes when each text of the result appears (its clock and ours are the same machine's), so the
  // delay is measured from the call's answer to the event on screen, not by how often the test looks.
  await page.getByLabel('Result').evaluate((result) => {
    const seen: { at: number; text: string }[] = [];
    (window as unknown as { seenResults: typeof seen }).seenResults = seen;
    new MutationObserver(() => seen.push({ at: Date.now(), text: result.textContent ?? '' })).observe(result, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  const seenAt = (requestId: string) =>
    page.evaluate(
      (id) => (window as unknown as { seenResults: { at: number; text: string }[] }).seenResults.find((s) => s.text.includes(id))?.at ?? null,
      requestId,
    );
  // The stream is open once it answered 200; the subscription starts listening as its first event is read,
  // so a call made in between may go unseen: then the next one is the measure.
  let delay: number | null = null;
  for (let attempt = 0; attempt < 5 && delay === null; attempt++) {
    const call = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
    const answeredAt = Date.now();
    const requestId = call.headers()['x-request-id']!;
    await expect
      .poll(() => seenAt(requestId), { timeout: 3_000 })
      .not.toBeNull()
      .catch(() => {});
    const at = await seenAt(requestId);
    if (at !== null) delay = at - answeredAt;
  }
  expect(delay, 'a call reaches the explorer’s subscription').not.toBeNull();
  expect(delay!).toBeLessThan(1_000);
  await page.getByRole('button', { name: 'Stop' }).click();

  // The server's HTML of the explorer carries no credential of any kind.
  const html = await (await page.request.get('/reference/graphql')).text();
  expect(html).not.toMatch(/pp_(test|live)_[0-9A-Za-z]{10,}/);
});
