import { expect } from 'chai';
import * as sinon from 'sinon';
import { UUID_PATTERN } from '../../../src/core/ids';
import { persistencePlugin } from '../../../src/delivery/persist';
import { tizen } from '../../../src/platform/tizen';
import { ContentDescription } from '../../../src/vault/content';
import { contractProblems } from '../../helpers/contract';
import { FakeWindow, trackedPlayer, START, startAgent, TestAgent } from '../../helpers/env';
import { CRITICAL, FakePlayer, shakaError } from '../../helpers/fake-player';
import { ok } from '../../helpers/scripted-transport';

var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };

describe('agent envelope', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  function tracked(content?: ContentDescription): Promise<FakePlayer> {
    return trackedPlayer(t.agent, content || VOD);
  }

  function deliver(): void {
    t.agent.flush();
    timers.tick(5000);
  }

  describe('sequence and eventId', function () {
    it('numbers records +1 per record per activity across the app session, with a new eventId each', async function () {
      t = startAgent(timers);
      var a = await tracked();
      var b = await tracked({ contentType: 'ltcu', editorialId: 'show-2' });
      timers.tick(60000);
      a.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      timers.tick(60000);
      b.emit('error', { detail: shakaError(CRITICAL, 1, 1002) });
      timers.tick(60000);
      deliver();
      var metrics = t.transport.delivered('playback_metrics');
      var errors = t.transport.delivered('playerError');
      expect(metrics.map((r) => r.sequence).sort((x, y) => x - y)).to.deep.equal([1, 2, 3, 4, 5, 6]);
      expect(errors.map((r) => r.sequence)).to.deep.equal([1, 2]);
      var ids = metrics.concat(errors).map((r) => r.eventId);
      ids.forEach((id) => expect(id).to.match(UUID_PATTERN));
      expect(new Set(ids).size).to.equal(ids.length);
      expect(t.transport.delivered().every((r) => r.metadata.appSessionId === t.agent.appSessionId)).to.equal(true);
    });
  });

  describe('timestamp', function () {
    it('stamps the time the record was taken, in ISO 8601 UTC', async function () {
      t = startAgent(timers);
      await tracked();
      timers.tick(60000);
      timers.tick(200000);
      deliver();
      expect(t.transport.delivered('playback_metrics')[0].timestamp).to.equal(new Date(START + 60000).toISOString());
    });

    it('corrects the device clock by the skew learnt from the collector Date header', async function () {
      t = startAgent(timers);
      var serverAhead = 3600 * 1000;
      var header = new Date(START + 60000 + 50 + serverAhead).toUTCString(); // whole seconds
      t.transport.then(ok(header));
      await tracked();
      timers.tick(60000);
      deliver(); // answered at START + 60050 with the server an hour ahead
      timers.tick(55000);
      deliver();
      var stamps = t.transport.delivered('playback_metrics').map((r) => r.timestamp);
      expect(stamps[0]).to.equal(new Date(START + 60000).toISOString());
      var skew = Date.parse(header) - (START + 60050);
      expect(skew).to.be.closeTo(serverAhead, 1000);
      expect(stamps[1]).to.equal(new Date(START + 120000 + skew).toISOString());
    });

    it('ignores a Date header within 2 s of the device clock', async function () {
      t = startAgent(timers);
      t.transport.then(ok(new Date(START + 60050 + 1000).toUTCString()));
      await tracked();
      timers.tick(60000);
      deliver();
      timers.tick(55000);
      deliver();
      expect(t.transport.delivered('playback_metrics')[1].timestamp).to.equal(new Date(START + 120000).toISOString());
    });
  });

  describe('identity', function () {
    it('uses the stored device UUID (persistence add-on), the app session as sessionId, and omits what nobody knows', async function () {
      t = startAgent(timers, undefined, { plugins: [persistencePlugin] });
      await tracked();
      timers.tick(60000);
      deliver();
      var r = t.transport.delivered()[0];
      expect(r.deviceId).to.match(UUID_PATTERN);
      expect(r).not.to.have.property('accountId');
      expect(r).not.to.have.property('userId');
      expect(r.sessionId).to.equal(t.agent.appSessionId);
      expect(contractProblems(r)).to.deep.equal([]);
    });

    it('without persistence (the lean core), gives a random deviceId for the page life, and stores nothing', async function () {
      t = startAgent(timers);
      await tracked();
      timers.tick(60000);
      deliver();
      var r = t.transport.delivered()[0];
      expect(r.deviceId).to.match(UUID_PATTERN);
      expect(r.sessionId).to.equal(t.agent.appSessionId);
      expect(contractProblems(r)).to.deep.equal([]);
    });

    it("takes the TV add-on's vendor ID over the stored UUID", async function () {
      var win = Object.assign(new FakeWindow(), { webapis: { productinfo: { getDuid: () => 'DUID-42' } } });
      t = startAgent(timers, undefined, { platform: 'tizen', window: win, plugins: [{ name: 'tizen', platform: tizen }, persistencePlugin] });
      await tracked();
      timers.tick(60000);
      deliver();
      expect(t.transport.delivered()[0].deviceId).to.equal('DUID-42');
    });

    it('lets the identity the app gives win over the platform', async function () {
      t = startAgent(timers, undefined, { identity: { deviceId: 'app-device', accountId: 'acc-1', userId: 'user-1', sessionId: 'login-9' } });
      await tracked();
      timers.tick(60000);
      deliver();
      var r = t.transport.delivered()[0];
      expect([r.deviceId, r.accountId, r.userId, r.sessionId]).to.deep.equal(['app-device', 'acc-1', 'user-1', 'login-9']);
    });

    it('ignores empty or non-string identity values with a warning', async function () {
      t = startAgent(timers, undefined, { identity: { deviceId: '', accountId: 42 as any, userId: 'user-1' }, plugins: [persistencePlugin] });
      await tracked();
      timers.tick(60000);
      deliver();
      var r = t.transport.delivered()[0];
      expect(r.deviceId).to.match(UUID_PATTERN);
      expect(r).not.to.have.property('accountId');
      expect(r.userId).to.equal('user-1');
      expect(t.logger.messages('warn').join('\n')).to.contain('identity.accountId: must be a non-empty string');
    });
  });
});
