import { expect } from 'chai';
import { faultMatches, parseToken, TokenSyntaxError } from '../../server/media/token-options';

describe('media token options', () => {
  it('reads the name and no options from a plain token', () => {
    expect(parseToken('abc-1')).to.deep.equal({ name: 'abc-1', faults: [] });
  });

  it('reads a rate in bit/s with k and m multipliers as bytes per second', () => {
    expect(parseToken('a~rate=200k').bytesPerSecond).to.equal(25_000);
    expect(parseToken('a~rate=1.5m').bytesPerSecond).to.equal(187_500);
    expect(parseToken('a~rate=64000').bytesPerSecond).to.equal(8_000);
  });

  it('reads several faults, with and without counts, and a delay', () => {
    expect(parseToken('a~404=seg-1-3.m4s~corrupt:2=seg-*~503:1=manifest.mpd~delay=150')).to.deep.equal({
      name: 'a',
      delayMs: 150,
      faults: [
        { action: 404, pattern: 'seg-1-3.m4s', count: undefined },
        { action: 'corrupt', pattern: 'seg-*', count: 2 },
        { action: 503, pattern: 'manifest.mpd', count: 1 },
      ],
    });
  });

  it('refuses unknown options, bad values and bad names', () => {
    for (const token of ['a~rate=fast', 'a~delay=soon', 'a~teapot=x', 'a~404', 'a~404:0=x', 'a~999=x', 'a b', '']) {
      expect(() => parseToken(token), token).to.throw(TokenSyntaxError);
    }
  });

  it('matches globs against the file name, or the path tail when they hold a slash', () => {
    const fault = (pattern: string) => ({ action: 404, pattern });
    expect(faultMatches(fault('seg-1-*'), 'vod-dash/seg-1-3.m4s')).to.equal(true);
    expect(faultMatches(fault('seg-1-*'), 'vod-dash/seg-0-3.m4s')).to.equal(false);
    expect(faultMatches(fault('*.m3u8'), 'vod-hls/v90/index.m3u8')).to.equal(true);
    expect(faultMatches(fault('v90/seg-003.ts'), 'vod-hls/v90/seg-003.ts')).to.equal(true);
    expect(faultMatches(fault('v90/seg-003.ts'), 'vod-hls/v180/seg-003.ts')).to.equal(false);
    expect(faultMatches(fault('seg-1-3.m4s'), 'vod-dash/seg-1-3.m4s.bak')).to.equal(false);
    expect(faultMatches(fault('manifest.mpd'), 'live/manifest.mpd')).to.equal(true);
  });
});
