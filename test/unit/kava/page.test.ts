import { expect } from 'chai';
import { base64, connectionOverheadMs, connectionType, libraryLoadMs, pageReferrer, soundMode, tabMode, viewabilityMode } from '../../../src/kava/page';
import { FakeMedia } from './fixture';

/** Replaces globals for one test and puts them back (the page module reads them at call time). */
function withGlobals(values: { [name: string]: unknown }, fn: () => void): void {
  var g = globalThis as any;
  var saved: { [name: string]: PropertyDescriptor | undefined } = {};
  for (var name in values) {
    saved[name] = Object.getOwnPropertyDescriptor(g, name);
    Object.defineProperty(g, name, { value: values[name], configurable: true, writable: true });
  }
  try {
    fn();
  } finally {
    for (var restored in saved) {
      if (saved[restored]) Object.defineProperty(g, restored, saved[restored]!);
      else delete g[restored];
    }
  }
}

describe('kava page reads', function () {
  describe('base64', function () {
    it('encodes UTF-8 like btoa, with or without btoa', function () {
      var samples = ['', 'f', 'fo', 'foo', 'https://tv.example/app?x=1&y=ü€😀'];
      var expected = samples.map(function (s) {
        return Buffer.from(s, 'utf8').toString('base64');
      });
      expect(samples.map(base64)).to.deep.equal(expected);
      withGlobals({ btoa: undefined }, function () {
        expect(samples.map(base64)).to.deep.equal(expected);
      });
    });
  });

  describe('referrer', function () {
    it('is document.referrer, else document.URL, base64 by default and raw on request', function () {
      withGlobals({ document: { referrer: 'https://portal.example/home', URL: 'https://app.example/' } }, function () {
        expect(pageReferrer('base64')).to.equal(Buffer.from('https://portal.example/home').toString('base64'));
        expect(pageReferrer('raw')).to.equal('https://portal.example/home');
      });
      withGlobals({ document: { referrer: '', URL: 'http://app.example/tv' } }, function () {
        expect(pageReferrer('raw')).to.equal('http://app.example/tv');
      });
    });

    it('is left out unless it starts with http:// or https:// (packaged TV apps, no document)', function () {
      withGlobals({ document: { referrer: '', URL: 'file:///opt/usr/apps/x/index.html' } }, function () {
        expect(pageReferrer('base64')).to.equal(null);
      });
      withGlobals({ document: { referrer: 'dvb://1.2.3', URL: 'app://x' } }, function () {
        expect(pageReferrer('raw')).to.equal(null);
      });
      withGlobals({ document: undefined }, function () {
        expect(pageReferrer('raw')).to.equal(null);
      });
    });
  });

  it('reads navigator.connection.effectiveType where the engine has it', function () {
    withGlobals({ navigator: { connection: { effectiveType: '3g' } } }, function () {
      expect(connectionType()).to.equal('3g');
    });
    withGlobals({ navigator: { userAgent: 'Tizen' } }, function () {
      expect(connectionType()).to.equal(null);
    });
    withGlobals({ navigator: undefined }, function () {
      expect(connectionType()).to.equal(null);
    });
  });

  it('tells tab, sound and viewability modes', function () {
    var media = new FakeMedia();
    withGlobals({ document: { hidden: true }, window: { innerWidth: 1920, innerHeight: 1080 } }, function () {
      expect(tabMode()).to.equal(1);
      expect(viewabilityMode(media as any)).to.equal(1);
    });
    withGlobals({ document: { hidden: false }, window: { innerWidth: 1920, innerHeight: 1080 } }, function () {
      expect(tabMode()).to.equal(2);
      media.rect = { left: 0, top: 0, right: 1920, bottom: 1080, width: 1920, height: 1080 };
      expect(viewabilityMode(media as any)).to.equal(2);
      media.rect = { left: 0, top: 700, right: 1920, bottom: 1780, width: 1920, height: 1080 }; // a third in view
      expect(viewabilityMode(media as any)).to.equal(1);
      media.rect = { left: -100, top: 300, right: 1820, bottom: 1380, width: 1920, height: 1080 }; // most in view
      expect(viewabilityMode(media as any)).to.equal(2);
      expect(viewabilityMode(null)).to.equal(2);
    });
    expect(soundMode(media as any)).to.equal(2);
    media.muted = true;
    expect(soundMode(media as any)).to.equal(1);
    media.muted = false;
    media.volume = 0;
    expect(soundMode(media as any)).to.equal(1);
  });

  describe('resource timing', function () {
    function entry(name: string, dns: number, connectEnd: number, duration?: number) {
      return { name: name, domainLookupStart: dns, connectEnd: connectEnd, duration: duration || 0 };
    }

    it('takes the longest DNS+TCP+TLS time among the segments that allow timing details', function () {
      var entries: { [url: string]: any[] } = {
        'https://cdn/a.m4s': [entry('a', 100, 180), entry('a', 500, 500)], // the latest: a reused connection
        'https://cdn/b.m4s': [entry('b', 200, 260)],
        'https://other/c.m4s': [entry('c', 0, 0)], // cross-origin without Timing-Allow-Origin
      };
      var perf = {
        getEntriesByName: function (url: string) {
          return entries[url] || [];
        },
      };
      withGlobals({ performance: perf }, function () {
        expect(connectionOverheadMs(['https://cdn/a.m4s', 'https://cdn/b.m4s', 'https://other/c.m4s'])).to.equal(60);
        expect(connectionOverheadMs(['https://cdn/a.m4s'])).to.equal(0);
        expect(connectionOverheadMs(['https://other/c.m4s', 'https://cdn/missing.m4s'])).to.equal(null);
        expect(connectionOverheadMs([])).to.equal(null);
      });
      withGlobals(
        {
          performance: {
            now: function () {
              return 0;
            },
          },
        },
        function () {
          expect(connectionOverheadMs(['https://cdn/a.m4s'])).to.equal(null);
        }
      );
    });

    it('finds the Shaka library load time', function () {
      var perf = {
        getEntriesByType: function () {
          return [entry('https://app/main.js', 0, 0, 50), entry('https://cdn/shaka-player.compiled.js', 0, 0, 230.5)];
        },
      };
      withGlobals({ performance: perf }, function () {
        expect(libraryLoadMs()).to.equal(230.5);
      });
      withGlobals({ performance: undefined }, function () {
        expect(libraryLoadMs()).to.equal(null);
      });
    });
  });
});
