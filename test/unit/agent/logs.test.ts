// The agent's log lines, from a run that goes through every kind of problem with a recording
// logger: one line each, naming the field or the HTTP status, and never a token or a URI query.
import { expect } from 'chai';
import * as sinon from 'sinon';
import { AgentPlugin } from '../../../src/agent/plugin';
import { flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { CRITICAL, FakePlayer, REQUEST_SEGMENT, shakaError } from '../../helpers/fake-player';
import { fail, retry } from '../../helpers/scripted-transport';

var SECRETS = ['AUTH-SECRET', 'HEADER-SECRET', 'QUERY-SECRET', 'KS-SECRET', 'PLUGIN-SECRET'];

/** A plugin that throws with a URL carrying a token, as a careless sink might. */
var throwingPlugin: AgentPlugin = {
  name: 'careless',
  start: function () {
    return {
      track: function () {
        throw new Error('cannot fetch https://sink.example/cfg?ks=PLUGIN-SECRET\n  at track (plugin.js:1)');
      },
      destroy: function () {},
    };
  },
};

describe('agent log lines', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    timers.restore();
  });

  async function problematicRun(): Promise<string[]> {
    t = startAgent(
      timers,
      { vault: { headers: { 'X-Api-Key': 'HEADER-SECRET' }, flushIntervalSeconds: 5 }, errors: { maxPerMinute: 60 } },
      { identity: { accountId: 'acc-1', userId: 42 as any }, plugins: [throwingPlugin] }
    );
    t.agent.setAuthToken('AUTH-SECRET');
    t.transport.then(fail(400), retry(503), retry(0), fail(401));

    var player = new FakePlayer();
    t.agent.track({} as any, { contentType: 'vod-ed', editorialId: 'x' }); // not a player
    t.agent.track(new FakePlayer(), { contentType: 'live-event', editorialId: 'no-such-channel', programmeId: 'p' }); // no technicalId
    t.agent.track(new FakePlayer(), { contentType: 'movie', editorialId: 'y' } as any); // bad contentType
    t.agent.track(player, { contentType: 'vod-ed', editorialId: 'film', ks: 'KS-SECRET', colour: 'red' } as any); // unknown key
    player.load('https://cdn.example/film.mpd?token=QUERY-SECRET');
    player.resolveLoad();
    await flushPromises();
    player.download(REQUEST_SEGMENT, 100000, 100);
    player.emit('error', { detail: shakaError(CRITICAL, 1, 1001, ['https://cdn.example/seg.m4s?token=QUERY-SECRET', 404]) });
    for (var i = 0; i < 30; i++) {
      player.play(5);
      timers.tick(5000);
      await flushPromises();
    }
    t.agent.debugOverlay(true); // no overlay plugin
    t.agent.shutdown();
    timers.tick(60000);
    return t.logger.lines.map((l) => l.level + ' ' + l.message);
  }

  it('writes one line per problem, naming the field or the HTTP status', async function () {
    var lines = await problematicRun();
    var text = lines.join('\n');
    for (var expected of [
      /warn tv-telemetry: identity\.userId: /,
      /error tv-telemetry: track: not a Shaka player/,
      /error tv-telemetry: content rejected.*technicalId/,
      /error tv-telemetry: content rejected.*contentType/,
      /warn tv-telemetry: content: unknown keys ignored: colour/,
      /error tv-telemetry: .*HTTP 400/,
      /warn tv-telemetry: .*HTTP 503, retry/,
      /warn tv-telemetry: .*network error, retry/,
      /error tv-telemetry: .*HTTP 401/,
      /error tv-telemetry: internal error in plugin track: cannot fetch https:\/\/sink\.example\/cfg /,
      /warn tv-telemetry: debugOverlay: no overlay plugin/,
    ])
      expect(text).to.match(expected);
    for (var line of lines) expect(line, line).to.not.contain('\n');
  });

  it('never logs a token, a header value or a URI with its query', async function () {
    var lines = await problematicRun();
    for (var line of lines) {
      expect(line, line).to.not.contain('?');
      expect(line, line).to.not.match(/Bearer|Authorization/i);
      for (var secret of SECRETS) expect(line, line).to.not.contain(secret);
    }
  });
});
