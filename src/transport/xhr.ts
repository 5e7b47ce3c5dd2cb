import { Clock, HttpRequest, SendOutcome, Transport } from '../core/types';
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
      var xhr: XMLHttpRequest;
      try {
        xhr = new XMLHttpRequest();
        xhr.open(request.method, request.url, true);
        xhr.timeout = request.timeoutMs;
        if (request.body !== null) xhr.setRequestHeader('Content-Type', request.contentType);
        for (var name in request.headers) {
          if (Object.prototype.hasOwnProperty.call(request.headers, name)) {
            xhr.setRequestHeader(name, request.headers[name]);
          }
        }
      } catch (e) {
        // A bad header or URL fails the same way every time: do not retry it.
        finish({ kind: 'failure', status: 0 });
        return;
      }
      var network = function () {
        finish({ kind: 'retryable', status: 0, retryAfterMs: null });
      };
      xhr.ontimeout = network;
      xhr.onerror = network;
      xhr.onabort = network;
      xhr.onreadystatechange = function () {
        if (xhr.readyState !== 4 || xhr.status === 0) return; // status 0: onerror/ontimeout follow
        var text = '';
        try {
          text = typeof xhr.responseText === 'string' ? xhr.responseText : '';
        } catch (e) {
          text = '';
        }
        finish(classify(xhr.status, text, header(xhr, 'Retry-After'), header(xhr, 'Date'), clock.now()));
      };
      try {
        xhr.send(request.body);
      } catch (e) {
        network();
      }
    },
    beacon: function (url: string, body: string) {
      var nav = typeof navigator !== 'undefined' ? navigator : null;
      if (!nav || typeof nav.sendBeacon !== 'function') return false;
      try {
        // A string body goes as text/plain, which needs no CORS preflight.
        return nav.sendBeacon(url, body);
      } catch (e) {
        return false;
      }
    },
  };
}

function header(xhr: XMLHttpRequest, name: string): string | null {
  try {
    return xhr.getResponseHeader(name);
  } catch (e) {
    return null;
  }
}
