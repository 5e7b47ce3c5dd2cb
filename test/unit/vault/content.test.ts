import { expect } from 'chai';
import { Profile } from '../../../src/profile/types';
import { validateProfile } from '../../../src/profile/validate';
import { checkContent, CheckedContent, CONTENT_TYPES, deliverySource, resolveTechnicalId } from '../../../src/vault/content';

function profile(extra?: { [key: string]: unknown }): Profile {
  var raw: { [key: string]: unknown } = {
    name: 'op',
    vault: { endpoint: 'https://vault.example' },
    contentSource: 'IPTV',
    channels: { 'ch-1': { IPTV: 'iptv-tech-1', OTT: 'ott-tech-1' }, 'ch-ott-only': { OTT: 'ott-tech-9' } },
    blend: { iptvUriPattern: '^https?://(192\\.168\\.|gateway\\.local)' },
  };
  for (var k in extra || {}) raw[k] = extra![k];
  var result = validateProfile(raw);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.profile;
}

function checked(raw: unknown, p?: Profile): CheckedContent {
  var result = checkContent(raw, p || profile());
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.content;
}

function problems(raw: unknown, p?: Profile): string[] {
  var result = checkContent(raw, p || profile());
  if (result.ok) throw new Error('expected the content to be rejected');
  return result.problems;
}

var IPTV_URI = 'http://192.168.1.1:4022/udp/239.1.1.1:1234/manifest.mpd';
var OTT_URI = 'https://cdn.example/live/ch-1/manifest.mpd?token=abc';

describe('vault/content', function () {
  describe('checkContent', function () {
    it('accepts every content type and marks the event-relative ones', function () {
      var relative: { [type: string]: boolean } = {};
      CONTENT_TYPES.forEach(function (type) {
        var c = checked({ contentType: type, editorialId: 'e-1', programmeId: 'p-1' });
        relative[type] = c.eventRelative;
      });
      expect(relative).to.deep.equal({
        'live-event': true,
        'live-stcu-event': true,
        'start-over': true,
        ltcu: false,
        'npvr-event': false,
        'vod-ed': false,
      });
    });

    it('takes the content source from the profile unless the app gives one', function () {
      expect(checked({ contentType: 'vod-ed', editorialId: 'e' }).contentSource).to.equal('IPTV');
      expect(checked({ contentType: 'vod-ed', editorialId: 'e', contentSource: 'OTT' }).contentSource).to.equal('OTT');
    });

    it('requires programmeId for live-event only', function () {
      expect(problems({ contentType: 'live-event', editorialId: 'ch-1' })).to.deep.equal(['programmeId: is required']);
      expect(checked({ contentType: 'start-over', editorialId: 'e' }).programmeId).to.equal(null);
    });

    it('lists every problem of a content description, naming the fields', function () {
      expect(problems({ contentType: 'movie', contentSource: 'DVB', editorialId: '', technicalId: 5, programmeId: null, eventStart: -1 })).to.deep.equal([
        'contentType: must be one of live-event, live-stcu-event, start-over, ltcu, npvr-event, vod-ed',
        'contentSource: must be one of IPTV, OTT, Blend',
        'editorialId: must be a non-empty string, at most 256 characters',
        'technicalId: must be a non-empty string, at most 256 characters',
        'eventStart: must be epoch milliseconds',
      ]);
      expect(problems(null)).to.deep.equal(['content: must be an object']);
      expect(problems({ contentType: 'vod-ed' })).to.deep.equal(['editorialId: is required']);
    });

    it('refuses Blend when the profile has no IPTV URI rule', function () {
      var noRule = profile({ blend: {}, contentSource: 'OTT' });
      expect(problems({ contentType: 'vod-ed', editorialId: 'e', contentSource: 'Blend' }, noRule)).to.deep.equal([
        'blend.iptvUriPattern: is required for Blend',
      ]);
    });

    it('lists unknown keys without rejecting the content', function () {
      var result = checkContent({ contentType: 'vod-ed', editorialId: 'e', channelName: 'x' }, profile());
      expect(result.ok && result.unknownKeys).to.deep.equal(['channelName']);
    });
  });

  describe('technicalId', function () {
    var p = profile();

    it('takes the IPTV technical ID from the channel map for IPTV', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'ch-1', programmeId: 'p', contentSource: 'IPTV' }, p);
      expect(resolveTechnicalId(c, p, null, null)).to.deep.equal({ ok: true, technicalId: 'iptv-tech-1' });
    });

    it('takes the OTT technical ID, a different one, for OTT', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'ch-1', programmeId: 'p', contentSource: 'OTT' }, p);
      expect(resolveTechnicalId(c, p, OTT_URI, null)).to.deep.equal({ ok: true, technicalId: 'ott-tech-1' });
    });

    it('lets the technicalId the app gives win over the channel map', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'ch-1', programmeId: 'p', technicalId: 'app-tech' }, p);
      expect(resolveTechnicalId(c, p, IPTV_URI, 'dvb://1.2.3')).to.deep.equal({ ok: true, technicalId: 'app-tech' });
    });

    it('decides Blend by the profile URI rule: the IPTV ID for a gateway URI, the OTT ID for a CDN URI', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'ch-1', programmeId: 'p', contentSource: 'Blend' }, p);
      expect(deliverySource(c, p, IPTV_URI)).to.equal('IPTV');
      expect(deliverySource(c, p, OTT_URI)).to.equal('OTT');
      expect(deliverySource(c, p, null)).to.equal(null);
      expect(resolveTechnicalId(c, p, IPTV_URI, null)).to.deep.equal({ ok: true, technicalId: 'iptv-tech-1' });
      expect(resolveTechnicalId(c, p, OTT_URI, null)).to.deep.equal({ ok: true, technicalId: 'ott-tech-1' });
      expect(c.contentSource).to.equal('Blend');
    });

    it('uses the tuned broadcast service on IPTV when the channel map has nothing', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'ch-unmapped', programmeId: 'p', contentSource: 'IPTV' }, p);
      expect(resolveTechnicalId(c, p, null, 'dvb://1.2.3')).to.deep.equal({ ok: true, technicalId: 'dvb://1.2.3' });
      var ott = checked({ contentType: 'live-event', editorialId: 'ch-unmapped', programmeId: 'p', contentSource: 'OTT' }, p);
      expect(resolveTechnicalId(ott, p, OTT_URI, 'dvb://1.2.3').ok).to.equal(false);
    });

    it('rejects a live-event whose technical ID cannot be resolved, naming the field', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'ch-ott-only', programmeId: 'p', contentSource: 'IPTV' }, p);
      var result = resolveTechnicalId(c, p, IPTV_URI, null);
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.problem).to.match(/^technicalId: none for editorialId "ch-ott-only" on IPTV/);
    });

    it('tells a Blend path not known yet (no URI) from a content problem', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'ch-ott-only', programmeId: 'p', contentSource: 'Blend' }, p);
      expect(resolveTechnicalId(c, p, null, null)).to.include({ ok: false, uriNeeded: true });
      var unmapped = checked({ contentType: 'live-event', editorialId: 'ch-unmapped', programmeId: 'p', contentSource: 'Blend' }, p);
      expect(resolveTechnicalId(unmapped, p, OTT_URI, null)).to.include({ ok: false, uriNeeded: false });
    });

    it('does not require a technical ID for other content types', function () {
      var c = checked({ contentType: 'vod-ed', editorialId: 'movie-1' }, p);
      expect(resolveTechnicalId(c, p, OTT_URI, null)).to.deep.equal({ ok: true, technicalId: null });
    });

    it('does not take a channel map entry inherited from Object.prototype', function () {
      var c = checked({ contentType: 'live-event', editorialId: 'toString', programmeId: 'p' }, p);
      expect(resolveTechnicalId(c, p, null, null).ok).to.equal(false);
    });
  });
});
