/** The client's restart policy: a window of time, not a count per session. */
import * as assert from 'assert';
import { RestartPolicy } from '../../client/src/restartPolicy';

describe('restart policy', () => {
  it('restarts until five crashes within three minutes, then stops', () => {
    let now = 0;
    const policy = new RestartPolicy(5, 180_000, () => now);
    for (let i = 0; i < 4; i++) {
      now += 10_000;
      assert.strictEqual(policy.crashed(), true, `crash ${i + 1}`);
    }
    now += 10_000;
    assert.strictEqual(policy.crashed(), false, 'the fifth within the window');
  });

  it('restarts again once earlier crashes are out of the window: one bad hour does not end the day', () => {
    let now = 0;
    const policy = new RestartPolicy(5, 180_000, () => now);
    for (let i = 0; i < 20; i++) {
      now += 60_000; // one crash a minute: never five within three minutes
      assert.strictEqual(policy.crashed(), true, `crash ${i + 1}`);
    }
    assert.strictEqual(policy.recent, 3);
  });
});
