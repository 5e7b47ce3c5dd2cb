/**
 * Script text for a vm context that stands in for a 2016 TV engine: the ES2015+ built-ins removed,
 * timers driven by `advance(ms)`, and an XMLHttpRequest that logs `requests` and answers 200.
 * Each bundle test adds what else its code touches (a player, DOM calls, navigator).
 */
export const REMOVE_ES2015 = `
  delete this.Promise; delete this.Map; delete this.Set; delete this.WeakMap; delete this.WeakSet;
  delete this.Symbol; delete this.Proxy; delete this.Reflect; delete this.URL; delete this.URLSearchParams;
  delete this.fetch; delete Object.assign; delete Object.entries; delete Object.values; delete Array.from;
  delete Array.of; delete Array.prototype.includes; delete Array.prototype.find; delete Array.prototype.findIndex;
  delete Array.prototype.fill; delete String.prototype.startsWith; delete String.prototype.endsWith;
  delete String.prototype.includes; delete String.prototype.repeat; delete String.prototype.padStart;
  delete Number.isFinite; delete Number.isNaN; delete Math.trunc; delete Math.sign;
`;

export function timersAndXhr(responseText: string): string {
  return `
  var timers = [], now = 0, timerId = 0;
  function setTimeout(fn, ms) { timers.push({ id: ++timerId, at: now + (ms || 0), fn: fn }); return timerId; }
  function clearTimeout(id) { for (var i = 0; i < timers.length; i++) if (timers[i].id === id) { timers.splice(i, 1); return; } }
  function advance(ms) {
    var end = now + ms;
    for (;;) {
      var next = null;
      for (var i = 0; i < timers.length; i++) if (timers[i].at <= end && (!next || timers[i].at < next.at)) next = timers[i];
      if (!next) break;
      timers.splice(timers.indexOf(next), 1);
      now = next.at;
      next.fn();
    }
    now = end;
  }
  var requests = [];
  function XMLHttpRequest() { this.readyState = 0; this.headers = {}; }
  XMLHttpRequest.prototype.open = function (method, url) { this.method = method; this.url = url; };
  XMLHttpRequest.prototype.setRequestHeader = function (k, v) { this.headers[k] = v; };
  XMLHttpRequest.prototype.getResponseHeader = function () { return null; };
  XMLHttpRequest.prototype.send = function (body) {
    var xhr = this;
    requests.push({ method: xhr.method, url: xhr.url, body: body, headers: xhr.headers });
    setTimeout(function () { xhr.readyState = 4; xhr.status = 200; xhr.responseText = ${JSON.stringify(responseText)}; xhr.onreadystatechange(); }, 30);
  };
`;
}
