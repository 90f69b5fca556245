import { describe, expect, it } from 'vitest';
import { requestDeadline } from '../../src/http/deadline.js';

describe('requestDeadline', () => {
  it("follows the source signal (the client's disconnect), with its reason", () => {
    const client = new AbortController();
    const d = requestDeadline(client.signal, 60_000);
    expect(d.signal.aborted).toBe(false);
    client.abort(new Error('client went away'));
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as Error).message).toBe('client went away');
    expect(d.expired).toBe(false);
    d.dispose();
  });

  it('fires after its time with a TimeoutError and says it expired', async () => {
    const d = requestDeadline(new AbortController().signal, 20);
    await new Promise((r) => setTimeout(r, 60));
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as DOMException).name).toBe('TimeoutError');
    expect(d.expired).toBe(true);
  });

  it('dispose() stops both the timer and the link to the source', async () => {
    const client = new AbortController();
    const d = requestDeadline(client.signal, 20);
    d.dispose();
    await new Promise((r) => setTimeout(r, 60));
    client.abort();
    expect(d.signal.aborted).toBe(false);
  });

  it('an already-aborted source aborts at once', () => {
    const d = requestDeadline(AbortSignal.abort('gone'), 60_000);
    expect(d.signal.aborted).toBe(true);
    d.dispose();
  });
});
