import request from 'supertest';
import { observedApp, settle } from './support';

/** The route label of the access line of the only request to `path`. */
async function labelOf(path: string, method: 'get' | 'post' = 'get'): Promise<unknown> {
  const app = observedApp();
  await request(app.handler)[method](path);
  await settle();
  const lines = app.access().filter((l) => l.path === path);
  expect(lines).toHaveLength(1);
  return lines[0]?.route;
}

describe('the route label of an access line', () => {
  it('keeps the API mount path when the matched route fails (Express has reset baseUrl by then)', async () => {
    expect(await labelOf('/api/v1/booklets/nothing-here')).toBe('/api/v1/booklets/:slug');
  });

  it('writes the mount path in lower case when the address used capitals', async () => {
    expect(await labelOf('/API/V1/booklets')).toBe('/api/v1/booklets');
  });

  it('names a page of the editor under /admin, from a router mounted inside the admin router', async () => {
    expect(await labelOf('/admin/login')).toBe('/admin/login');
  });

  it('is "unmatched" when no route matched, even under a mount path', async () => {
    expect(await labelOf('/api/v1/no-such-thing')).toBe('unmatched');
    expect(await labelOf('/no/such/page')).toBe('unmatched');
  });
});
