import { RenderPacing } from '../../../src/rendering/pdf/pacing';

describe('pacing of a render thread', () => {
  it('lets a thread with share 1 start the next job at once', () => {
    const pacing = new RenderPacing(1);
    pacing.rendered(1000, 1040);
    expect(pacing.waitAt(1040)).toBe(0);
  });

  it('rests as long as the render took with share 0.5, so back-to-back renders take half a core', () => {
    const pacing = new RenderPacing(0.5);
    pacing.rendered(1000, 1040);
    expect(pacing.waitAt(1040)).toBe(40); // a job queued behind it
    expect(pacing.waitAt(1070)).toBe(10);
    expect(pacing.waitAt(1080)).toBe(0); // rested
    expect(pacing.waitAt(5000)).toBe(0); // a lone render later never waits
  });

  it('rests three times the render with share 0.25', () => {
    const pacing = new RenderPacing(0.25);
    pacing.rendered(0, 20);
    expect(pacing.waitAt(20)).toBe(60);
    expect(pacing.restAfter(0)).toBe(0);
  });

  it.each([0, -0.5, 1.5, Number.NaN])('refuses a share of %p', (share) => {
    expect(() => new RenderPacing(share)).toThrow(RangeError);
  });
});
