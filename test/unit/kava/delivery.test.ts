import { expect } from 'chai';
import * as sinon from 'sinon';
import { KavaEventType as E } from '../../../src/kava';
import { parseReply } from '../../../src/kava/delivery';
import { fail, ScriptedTransport } from '../../helpers/scripted-transport';
import { attempts, events, Kava, KAVA_ENDPOINT, loadMedia, parseRequest, play, START, startKava, types } from './fixture';

describe('kava delivery', function () {
  var timers: sinon.SinonFakeTimers;
  var k: Kava;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    k.agent.shutdown();
    timers.restore();
  });

  function kavaRequests() {
    return k.transport.requests().filter(function (r) {
      return r.url.indexOf(KAVA_ENDPOINT) === 0;
    });
  }

  it('GETs one event per request: <endpoint>?service=analytics&action=trackEvent&<URL-encoded params>', async function () {
    k = startKava(timers);
    await loadMedia(k);
    play(k);
    var requests = kavaRequests();
    expect(requests).to.have.length(3);
    requests.forEach(function (r) {
      expect(r.method).to.equal('GET');
      expect(r.body).to.equal(null);
      expect(r.url.indexOf(KAVA_ENDPOINT + '?service=analytics&action=trackEvent&eventType=')).to.equal(0);
      expect(r.url).to.not.match(/[^A-Za-z0-9\-_.!~*'()%&=?:/]/); // nothing left unencoded
    });
    expect(parseRequest(requests[0]).sessionId).to.equal(k.agent.appSessionId + ':1');
  });

  it('POSTs the same parameters as a form body when kava.method is POST', async function () {
    k = startKava(timers, { method: 'POST' });
    await loadMedia(k);
    var request = kavaRequests()[0];
    expect(request.method).to.equal('POST');
    expect(request.url).to.equal(KAVA_ENDPOINT + '?service=analytics&action=trackEvent');
    expect(request.contentType).to.equal('application/x-www-form-urlencoded');
    expect(request.body).to.match(/^eventType=1&partnerId=1234&entryId=/);
  });

  it('appends to an endpoint that already has a query', async function () {
    k = startKava(timers, { endpoint: KAVA_ENDPOINT + '?format=1' });
    await loadMedia(k);
    expect(kavaRequests()[0].url.indexOf(KAVA_ENDPOINT + '?format=1&service=analytics&action=trackEvent&eventType=1')).to.equal(0);
  });

  it('keeps sending after a refused (4xx) event, which is dropped with its index', async function () {
    var transport = new ScriptedTransport(0);
    transport.then(fail(400));
    k = startKava(timers, {}, { transport: transport });
    await loadMedia(k);
    play(k);
    expect(types(events(k))).to.deep.equal([E.PLAY_REQUEST, E.PLAY]);
    expect(
      attempts(k).map(function (e) {
        return e.eventIndex;
      })
    ).to.deep.equal(['1', '2', '3']);
  });

  it('uses sendBeacon on page hide only for POST (a beacon cannot GET)', async function () {
    var get = new ScriptedTransport(0);
    get.then({ kind: 'hang' });
    k = startKava(timers, {}, { transport: get });
    await loadMedia(k);
    play(k);
    k.window.hide();
    expect(get.beacons).to.have.length(0);
    k.agent.shutdown();

    var post = new ScriptedTransport(0);
    post.then({ kind: 'hang' });
    k = startKava(timers, { method: 'POST' }, { transport: post });
    await loadMedia(k);
    play(k);
    k.window.hide();
    var kavaBeacons = post.beacons.filter(function (b) {
      return b.url.indexOf(KAVA_ENDPOINT) === 0;
    });
    expect(
      kavaBeacons.map(function (b) {
        return parseRequest({ method: 'POST', url: b.url, body: b.body } as any).eventType;
      })
    ).to.deep.equal(['1', '2', '3']);
  });

  describe('reply parsing', function () {
    it('reads the JSON object or a bare time, and nothing from other bodies', function () {
      expect(parseReply('{"time":1763755200.25,"viewEventsEnabled":false}')).to.deep.equal({ time: 1763755200.25, viewEventsEnabled: false });
      expect(parseReply('1763755200')).to.deep.equal({ time: 1763755200 });
      expect(parseReply('')).to.equal(null);
      expect(parseReply('<html>')).to.equal(null);
      expect(parseReply('null')).to.equal(null);
      expect(parseReply('"ok"')).to.equal(null);
    });
  });
});
