// The default entry is the lossless one, and every record carries a deviceId: the app's, the
// platform's vendor ID, the stored device UUID, else a random UUID kept for the page's life.
import { expect } from 'chai';
import * as sinon from 'sinon';
import { AgentPlugin } from '../../../src/agent/plugin';
import { UUID_PATTERN } from '../../../src/core/ids';
import { Storage } from '../../../src/core/types';
import { persistencePlugin } from '../../../src/delivery/persist';
import { createAgent as createDefaultAgent } from '../../../src/index';
import { ContentDescription } from '../../../src/vault/content';
import { FakeWindow, flushPromises, seededRandom, START, startAgent, TestAgent, throwingStorage, trackedPlayer } from '../../helpers/env';
import { CRITICAL, FakePlayer, shakaError } from '../../helpers/fake-player';
import { retry, ScriptedTransport } from '../../helpers/scripted-transport';

var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };

/** An app-given storage: a plain map, as the app would hand the agent. */
function mapStorage(): Storage & { data: { [key: string]: string } } {
  var data: { [key: string]: string } = {};
  return {
    data: data,
    get: (key) => (Object.prototype.hasOwnProperty.call(data, key) ? data[key] : null),
    set: (key, value) => {
      data[key] = value;
      return true;
    },
    remove: (key) => {
      delete data[key];
    },
  };
}

/** A TV add-on whose vendor never answers the device ID: the platform gives up after a second. */
var SILENT_VENDOR: AgentPlugin = {
  name: 'tizen',
  platform: {
    name: 'tizen',
    detect: () => true,
    vendor: () => ({ id: function () {} }) as any,
  },
};

describe('agent deviceId and the default (lossless) entry', function () {
  var timers: sinon.SinonFakeTimers;
  var agents: TestAgent[];

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    agents = [];
  });
  afterEach(function () {
    agents.forEach((t) => t.agent.shutdown());
    timers.tick(3600000);
    timers.restore();
  });

  function start(options: { [key: string]: any } = {}, create?: typeof createDefaultAgent): TestAgent {
    var t = startAgent(timers, undefined, { random: seededRandom(agents.length + 1), ...options }, create);
    agents.push(t);
    return t;
  }

  /** A playback with an error and a metrics interval, delivered: every record the agent sent. */
  async function errorAndMetrics(t: TestAgent): Promise<any[]> {
    var player = await trackedPlayer(t.agent, VOD);
    player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
    timers.tick(60000);
    t.agent.flush();
    timers.tick(5000);
    return t.transport.delivered();
  }

  describe('lean core, without the persistence add-on', function () {
    it('gives every playerError and playback_metrics record one random UUID kept for the page life', async function () {
      var first = await errorAndMetrics(start());
      expect(first.map((r) => r.activityName).sort()).to.deep.equal(['playback_metrics', 'playerError']);
      first.forEach((r) => expect(r.deviceId).to.match(UUID_PATTERN));
      expect(first[0].deviceId).to.equal(first[1].deviceId);
      var second = await errorAndMetrics(start()); // another page life
      expect(second[0].deviceId).to.match(UUID_PATTERN);
      expect(second[0].deviceId).not.to.equal(first[0].deviceId);
    });

    it('lets the app identity win over the page-life UUID', async function () {
      var records = await errorAndMetrics(start({ identity: { deviceId: 'app-device' } }));
      expect(records.map((r) => r.deviceId)).to.deep.equal(['app-device', 'app-device']);
    });
  });

  it('with the persistence add-on and storage that throws, still gives every record one UUID', async function () {
    var records = await errorAndMetrics(start({ storage: throwingStorage(), plugins: [persistencePlugin] }));
    records.forEach((r) => expect(r.deviceId).to.match(UUID_PATTERN));
    expect(records[0].deviceId).to.equal(records[1].deviceId);
  });

  it('gives a playerError raised while the vendor ID is still being asked for a deviceId', async function () {
    var win = new FakeWindow();
    var t = start({ platform: 'tizen', window: win, plugins: [SILENT_VENDOR, persistencePlugin], storage: mapStorage() });
    var player = new FakePlayer();
    t.agent.track(player, VOD);
    player.load('https://cdn.example/missing.mpd');
    player.rejectLoad(shakaError(CRITICAL, 1, 1001));
    await flushPromises();
    t.agent.flush();
    timers.tick(500); // before the platform gives up on the vendor (1 s)
    var errors = t.transport.delivered('playerError');
    expect(errors).to.have.length(1);
    expect(errors[0].deviceId).to.match(UUID_PATTERN);
  });

  describe('the default entry (index: the bundle a <script> or an import loads)', function () {
    it('is lossless with no plugin: what a run could not deliver goes at the next start, under the stored device UUID', async function () {
      var storage = mapStorage();
      var down = new ScriptedTransport();
      down.fallback = retry(503);
      down.beaconAccepts = false;
      var win = new FakeWindow();
      var first = start({ storage: storage, transport: down, window: win }, createDefaultAgent);
      var player = await trackedPlayer(first.agent, VOD);
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      timers.tick(60000);
      win.pageHide(); // the app exits: the queues go to storage
      expect(storage.data['queue'], 'queues in storage').to.be.a('string');
      var queued = first.agent.status().queued;
      expect(queued).to.be.at.least(2);

      var second = start({ storage: storage }, createDefaultAgent); // the next start, the collector back
      expect(second.agent.status().queued).to.equal(queued);
      second.agent.flush();
      timers.tick(5000);
      var delivered = second.transport.delivered();
      expect(delivered.filter((r) => r.metadata.appSessionId === first.agent.appSessionId)).to.have.length(queued);
      var deviceIds = delivered.map((r) => r.deviceId);
      expect(deviceIds[0]).to.match(UUID_PATTERN);
      expect(deviceIds[0]).to.equal(storage.data['device']);
      expect(new Set(deviceIds).size).to.equal(1);
    });

    it("takes the app's own persistence plugin when given one", async function () {
      var calls = 0;
      var own: AgentPlugin = {
        name: 'own-persistence',
        persistence: function () {
          calls++;
          return persistencePlugin.persistence!.apply(null, arguments as any);
        },
      };
      start({ storage: mapStorage(), plugins: [own] }, createDefaultAgent);
      expect(calls).to.equal(1);
    });
  });
});
