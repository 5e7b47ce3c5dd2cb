import { expect } from 'chai';
import {
  clean,
  deliveryChange,
  describeDevice,
  engineOf,
  formatAge,
  formatBitrate,
  formatSeconds,
  maskId,
  OverlaySnapshot,
  overlayRows,
} from '../../../src/overlay/format';
import { DeviceInfo } from '../../../src/platform/platform';

var STATUS = { queued: 2, sent: 10, retrying: 0, dropped: 3, overflowed: 1, refused: 2, rejected: 0 };

function snapshot(extra?: Partial<OverlaySnapshot>): OverlaySnapshot {
  var base: OverlaySnapshot = {
    now: 100000,
    agentVersion: '0.1.0',
    device: { platform: 'tizen', engine: 'Chromium 85', model: 'UE55', firmware: null },
    identity: { deviceId: 'device-0123456789', accountId: 'acc-4242', userId: 'u-7' },
    appSessionId: '11111111-2222-4333-8444-555555555555',
    playbackSessionId: '66666666-7777-4888-9999-aaaaaaaabbbb',
    playerVersion: 'shaka-player/v4.16.50',
    content: { contentType: 'live-event', contentSource: 'IPTV', editorialId: 'bbc-one', technicalId: '239.100.1.1', programmeId: 'prog-1200' },
    live: {
      selectedBandwidth: 1200000,
      streamBandwidth: 1200000,
      throughput: 9500000,
      throughputAverage: 10000000,
      bufferedAheadSeconds: 12.04,
      droppedFrames: 3,
      decodedFrames: 1500,
      positionSeconds: 61.5,
      uri: 'https://cdn.example/live/manifest.mpd?token=secret#frag',
    },
    error: { text: '1001 NETWORK.BAD_HTTP_STATUS critical: https://cdn.example/seg.m4s?token=secret 404', at: 40000 },
    status: STATUS,
    delivery: { text: 'ok, 3 records sent', at: 97000 },
  };
  for (var key in extra || {}) (base as any)[key] = (extra as any)[key];
  return base;
}

function valueOf(s: OverlaySnapshot, key: string): string {
  var row = overlayRows(s).filter(function (r) {
    return r.key === key;
  })[0];
  return row ? row.value : '(no row ' + key + ')';
}

describe('overlay formatting', function () {
  it('masks an ID to its last 4 characters and hides a short one whole', function () {
    expect(maskId('device-0123456789')).to.equal('****6789');
    expect(maskId('abcd')).to.equal('****');
    expect(maskId('')).to.equal('-');
    expect(maskId(null)).to.equal('-');
  });

  it('formats bit rates, seconds and ages for a glance across the room', function () {
    expect(formatBitrate(1234567)).to.equal('1.23 Mbit/s');
    expect(formatBitrate(400000)).to.equal('400 kbit/s');
    expect(formatBitrate(512)).to.equal('512 bit/s');
    expect(formatBitrate(null)).to.equal('-');
    expect(formatBitrate(NaN)).to.equal('-');
    expect(formatSeconds(12.04)).to.equal('12.0 s');
    expect(formatSeconds(null)).to.equal('-');
    expect(formatAge(1000, 1200)).to.equal('just now');
    expect(formatAge(1000, 13000)).to.equal('12 s ago');
    expect(formatAge(0, 300000)).to.equal('5 min ago');
  });

  it('cleans text to one bounded line without query strings', function () {
    expect(clean('a\nb  c')).to.equal('a b c');
    expect(clean('GET https://x.example/a?token=secret&b=1 failed')).to.equal('GET https://x.example/a  failed');
    expect(clean('x'.repeat(200), 10)).to.equal('xxxxxxxxx~');
  });

  it('tells the last delivery from how the counters moved, worst news first', function () {
    var before = { queued: 3, sent: 10, retrying: 0, overflowed: 0, refused: 0 };
    expect(deliveryChange(before, before)).to.equal(null);
    expect(deliveryChange(before, { queued: 0, sent: 13, retrying: 0, overflowed: 0, refused: 0 })).to.equal('ok, 3 records sent');
    expect(deliveryChange(before, { queued: 3, sent: 10, retrying: 3, overflowed: 0, refused: 0 })).to.match(/^failed .*3 records wait for a retry$/);
    expect(deliveryChange(before, { queued: 0, sent: 10, retrying: 0, overflowed: 0, refused: 3 })).to.match(
      /^refused by the collector \(HTTP 4xx\), 3 records dropped$/
    );
    expect(deliveryChange(before, { queued: 150, sent: 10, retrying: 0, overflowed: 2, refused: 0 })).to.equal('queue full, 2 oldest records dropped');
  });

  it('shows platform, masked identity and sessions, content IDs, live values, queue and delivery', function () {
    var s = snapshot();
    expect(valueOf(s, 'platform')).to.equal('tizen Chromium 85 UE55');
    expect(valueOf(s, 'identity')).to.equal('device ****6789  account ****4242  user ****');
    expect(valueOf(s, 'sessions')).to.equal('app ****5555  playback ****bbbb');
    expect(valueOf(s, 'content')).to.equal('live-event IPTV');
    expect(valueOf(s, 'contentIds')).to.equal('editorial bbc-one technical 239.100.1.1 programme prog-1200');
    expect(valueOf(s, 'bitrate')).to.equal('selected 1.20 Mbit/s  stream 1.20 Mbit/s');
    expect(valueOf(s, 'throughput')).to.equal('9.50 Mbit/s  avg 10.00 Mbit/s');
    expect(valueOf(s, 'buffer')).to.equal('12.0 s  position 61.5 s');
    expect(valueOf(s, 'frames')).to.equal('3 dropped of 1500');
    expect(valueOf(s, 'queue')).to.equal('queued 2  sent 10  retrying 0');
    expect(valueOf(s, 'drops')).to.equal('dropped 3 (overflow 1, refused 2)  rejected 0');
    expect(valueOf(s, 'delivery')).to.equal('ok, 3 records sent, 3 s ago');
    expect(valueOf(s, 'error')).to.equal('1001 NETWORK.BAD_HTTP_STATUS critical: https://cdn.example/seg.m4s  404, 60 s ago');
  });

  it('never shows a URI query, a fragment or a full identity', function () {
    var text = overlayRows(snapshot())
      .map(function (r) {
        return r.value;
      })
      .join('\n');
    expect(text).to.not.match(/\?|#|token|secret/);
    expect(text).to.not.contain('device-0123456789');
    expect(text).to.not.contain('acc-4242');
    expect(valueOf(snapshot(), 'uri')).to.equal('https://cdn.example/live/manifest.mpd');
  });

  it('says what is missing instead of showing blanks', function () {
    var s = snapshot({ identity: {}, content: null, live: null, error: null, delivery: null, playbackSessionId: null, playerVersion: null });
    expect(valueOf(s, 'identity')).to.equal('-');
    expect(valueOf(s, 'content')).to.equal('none (not tracked, or rejected)');
    expect(valueOf(s, 'bitrate')).to.equal('no playback tracked');
    expect(valueOf(s, 'error')).to.equal('none');
    expect(valueOf(s, 'delivery')).to.equal('nothing sent yet');
    expect(valueOf(s, 'sessions')).to.equal('app ****5555  playback -');
  });
});

describe('overlay/engineOf', () => {
  var cases: Array<[string, string | null]> = [
    ['Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/38.0.2125.122 Safari/537.36 WebAppManager', 'Chromium 38'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 8.0) AppleWebKit/537.36 (KHTML, like Gecko) 108.0.5359.1/8.0 TV Safari/537.36', 'Chromium 108'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.5) AppleWebKit/537.36 (KHTML, like Gecko) 69.0.3497.106.1/5.5 TV Safari/537.36', 'Chromium 69'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Chrome/63.0.3239.84 Safari/537.36', 'Chromium 63'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36', 'Chromium 63'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 TV Safari/537.36', 'Chromium 56'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 3.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/3.0 TV Safari/538.1', 'Chromium 47'],
    ['Mozilla/5.0 (SMART-TV; Linux; Tizen 2.4.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/2.4.0 TV Safari/538.1', 'WebKit 538'],
    ['Mozilla/5.0 (SMART-TV; Linux; Tizen 2.3) AppleWebkit/538.1 (KHTML, like Gecko) SamsungBrowser/1.0 TV Safari/538.1', 'WebKit 538'],
    ['Opera/9.80 (Linux mips; U; HbbTV/1.1.1 (;Panasonic;VIERA 2011;1.261;;) ; en) Presto/2.9.167 Version/11.50', null],
    ['', null],
  ];
  cases.forEach(([ua, engine]) => {
    it((engine || 'null') + ' from ' + (ua.slice(0, 60) || 'an empty user agent'), () => {
      expect(engineOf(ua)).to.equal(engine);
    });
  });
});

describe('overlay/describeDevice', () => {
  it('formats the platform info: empty or missing parts null, others strings; engine from the user agent', () => {
    var platform = (info: DeviceInfo | null) => ({ name: 'webos' as const, info: () => info });
    expect(describeDevice(platform({ model: 'OLED55C1', firmware: '03.21.30' }), 'Mozilla/5.0 Chrome/79.0 Safari/537.36')).to.deep.equal({
      platform: 'webos',
      engine: 'Chromium 79',
      model: 'OLED55C1',
      firmware: '03.21.30',
    });
    expect(describeDevice(platform({ model: 55, firmware: '' }), undefined)).to.deep.equal({ platform: 'webos', engine: null, model: '55', firmware: null });
    expect(describeDevice(platform(null), '')).to.deep.equal({ platform: 'webos', engine: null, model: null, firmware: null });
  });
});
