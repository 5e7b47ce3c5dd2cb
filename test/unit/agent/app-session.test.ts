import { expect } from 'chai';
import * as sinon from 'sinon';
import { trackedPlayer, START, startAgent, TestAgent } from '../../helpers/env';
import { FakePlayer } from '../../helpers/fake-player';

describe('agent app session', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    t = startAgent(timers, { vault: { metricsIntervalSeconds: 60 }, session: { resumeGapSeconds: 600 } });
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  function playing(): Promise<FakePlayer> {
    return trackedPlayer(t.agent, { contentType: 'vod-ed', editorialId: 'film-1' });
  }

  function sentRecords(): any[] {
    t.agent.flush();
    timers.tick(5000);
    return t.transport.delivered();
  }

  it('starts a new app session, with sequences from 1, when shown after being hidden longer than session.resumeGapSeconds', async function () {
    await playing();
    var first = t.agent.appSessionId;
    timers.tick(60000);
    t.window.hide();
    timers.tick(601000);
    t.window.show();
    expect(t.agent.appSessionId).to.not.equal(first);
    timers.tick(60000);
    var records = sentRecords().filter((r) => r.activityName === 'playback_metrics');
    var later = records.filter((r) => r.metadata.appSessionId === t.agent.appSessionId);
    expect(records.filter((r) => r.metadata.appSessionId === first).length).to.be.at.least(1);
    expect(later.map((r) => r.sequence)[0]).to.equal(1);
  });

  it('keeps the app session after a short hide', async function () {
    await playing();
    var first = t.agent.appSessionId;
    t.window.hide();
    timers.tick(599000);
    t.window.show();
    expect(t.agent.appSessionId).to.equal(first);
  });
});
