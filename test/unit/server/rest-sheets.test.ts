/**
 * The Sheets API v4 over HTTP on the playground: the local Workspace's Sheets model answers as the token's person,
 * writes land in the same cells SpreadsheetApp sees, and errors keep Google's shape.
 */
import { fakePlayground, serve, type Fixture, type Running } from './helpers';

let fx: Fixture;
let srv: Running;
let auth: Record<string, string>;

beforeEach(async () => {
  fx = await fakePlayground();
  srv = await serve(fx.p);
  const html = await (await fetch(`${srv.base}/tokens`, { method: 'POST', body: new URLSearchParams({ as: 'ada@acme.test' }) })).text();
  auth = { Authorization: `Bearer ${/<pre id="token">([^<]+)<\/pre>/.exec(html)![1]}`, 'Content-Type': 'application/json' };
});
afterEach(async () => {
  await srv.close();
  await fx.cleanup();
});

const url = (path: string) => `${srv.base}/v4/spreadsheets/${encodeURIComponent(fx.p.spreadsheetId)}${path}`;

it('values.update, append and batchUpdate write the cells SpreadsheetApp sees; values.get and batchGet read them', async () => {
  const range = encodeURIComponent("'Directory'!K1:L2");
  const put = await fetch(url(`/values/${range}?valueInputOption=RAW`), {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({
      values: [
        ['a', '=1+1'],
        [3, true],
      ],
    }),
  });
  expect(put.status).toBe(200);
  expect(await put.json()).toEqual(expect.objectContaining({ updatedRange: 'Directory!K1:L2', updatedCells: 4 }));
  expect(fx.p.ws.sheets.get(fx.p.spreadsheetId).values('Directory')[0]!.slice(10, 12)).toEqual(['a', '=1+1']);

  const app = await fetch(url(`/values/${encodeURIComponent('Directory!K1')}:append?valueInputOption=RAW`), {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ values: [['b', 'c']] }),
  });
  expect((await app.json()).updates.updatedRange).toBe('Directory!K3:L3');
  const batch = await fetch(url('/values:batchUpdate'), {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ valueInputOption: 'RAW', data: [{ range: 'Directory!M1', values: [['m']] }] }),
  });
  expect((await batch.json()).totalUpdatedCells).toBe(1);

  const got = await (
    await fetch(url(`/values:batchGet?ranges=${encodeURIComponent('Directory!K1:M3')}&valueRenderOption=UNFORMATTED_VALUE`), {
      headers: auth,
    })
  ).json();
  expect(got.valueRanges[0].values).toEqual([
    ['a', '=1+1', 'm'],
    [3, true],
    ['b', 'c'],
  ]);
  const one = await (await fetch(url(`/values/${encodeURIComponent('Directory!K3')}`), { headers: auth })).json();
  expect(one).toEqual({ range: 'Directory!K3', majorDimension: 'ROWS', values: [['b']] });
});

it("errors keep Google's shape: a bad range is 400, an unknown spreadsheet 404, no token 401, another person without access 403", async () => {
  const bad = await fetch(url(`/values/${encodeURIComponent('Nope!A1')}`), { headers: auth });
  expect([bad.status, (await bad.json()).error.status]).toEqual([400, 'INVALID_ARGUMENT']);
  const missing = await fetch(`${srv.base}/v4/spreadsheets/nope`, { headers: auth });
  expect([missing.status, (await missing.json()).error.message]).toEqual([404, 'Requested entity was not found.']);
  const anon = await fetch(url(''));
  expect(anon.status).toBe(401);
  const html = await (await fetch(`${srv.base}/tokens`, { method: 'POST', body: new URLSearchParams({ as: 'rita@acme.test' }) })).text();
  const rita = await fetch(url(''), { headers: { Authorization: `Bearer ${/<pre id="token">([^<]+)<\/pre>/.exec(html)![1]}` } });
  expect([rita.status, (await rita.json()).error.message]).toEqual([403, 'The caller does not have permission']);
});
