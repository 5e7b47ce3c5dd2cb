import { attempt } from '../core/guard';
import { Clock, HttpRequest, SendOutcome, Transport } from '../core/types';
import { hasOwn } from '../core/values';
import { classify } from './classify';

/**
 * XMLHttpRequest transport: the one request API every TV engine has (webOS 3 has neither fetch nor
 * sendBeacon). sendBeacon is used only for page hide and unload, where the page may not live long
 * enough to see a response.
 */
export function createXhrTransport(clock: Clock): Transport {
  return {
    send: function (request: HttpRequest, done: (outcome: SendOutcome) => void) {
      var finished = false;
      function finish(outcome: SendOutcome): void {
        if (finished) return;
        finished = true;
        done(outcome);
      }
      function network(): void {
        finish({ kind: 'retryable', status: 0, retryAfterMs: null });
      }
      var xhr: XMLHttpRequest;
      try {
        xhr = new XMLHttpRequest();
        xhr.open(request.method, request.url, true);
        xhr.timeout = request.timeoutMs;
        if (request.body !== null) xhr.setRequestHeader('Content-Type', request.contentType);
        for (var name in request.headers) if (hasOwn(request.headers, name)) xhr.setRequestHeader(name, request.headers[name]);
      } catch (e) {
        // A bad header or URL fails the same way every time: do not retry it.
        return finish({ kind: 'failure', status: 0 });
      }
      xhr.ontimeout = xhr.onerror = xhr.onabort = network;
      xhr.onreadystatechange = function () {
        if (xhr.readyState !== 4 || !xhr.status) return; // status 0: onerror/ontimeout follow
        var text = attempt(function () {
          return xhr.responseText || ''; // an engine may give null
        }, '');
        // All headers at once: asking for one the collector did not expose logs a console error in Chromium.
        var headers = headerReader(
          attempt(function () {
            return xhr.getAllResponseHeaders() || ''; // an engine may give null
          }, '')
        );
        finish(classify(xhr.status, text, headers, clock.now()));
      };
      try {
        xhr.send(request.body);
      } catch (e) {
        network();
      }
    },
    beacon: function (url: string, body: string) {
      // A string body goes as text/plain, which needs no CORS preflight. No sendBeacon (webOS 3): false.
      if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return false;
      return attempt(function () {
        return navigator.sendBeacon(url, body); // may throw (a body over the engine's limit): false
      }, false);
    },
  };
}

/**
 * Reads headers from getAllResponseHeaders() text ("Name: value" lines ending in CRLF), split once
 * per response: a header's value by name, any case; null when absent. A plain scan: a RegExp built
 * per header and response costs more than the answer.
 */
export function headerReader(all: string): (name: string) => string | null {
  var lines = all.split('\n');
  return function (name) {
    var wanted = name.toLowerCase() + ':';
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      // The value without the blanks before it or its line's CR.
      if (line.substring(0, wanted.length).toLowerCase() === wanted) return line.substring(wanted.length).replace(/^[ \t]+|\r$/g, '');
    }
    return null;
  };
}
