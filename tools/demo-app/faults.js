/*
 * The npm start demo's "inject fault" entries (TV_TELEMETRY_SAMPLE.actions in profile.js): each
 * makes a real error through the local server's fault injection, so the agent reports what a TV
 * in the field would.
 *   corruptSegment   the next segment of the channel on screen arrives garbled: the player
 *                    stops with a MEDIA error (3016 and the like), reported as a playerError
 *   missingSegments  the next 6 segments of the channel on screen answer 404: a NETWORK error
 *                    (1001) once Shaka's retries are spent
 *   collectorOutage  the collector answers 503 for one minute: records wait in the agent's queue
 *                    and arrive, late but whole, once it is back (the dashboard's "faulted" figure)
 * Plain ES5 with XMLHttpRequest, like the sample app it plugs into.
 */
(function () {
  'use strict';

  function post(path, body, report, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', path, true);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.onload = function () {
      report(xhr.status === 200 ? done : 'fault injection refused: ' + xhr.status + ' ' + xhr.responseText);
    };
    xhr.onerror = function () {
      report('fault injection failed: the demo server did not answer');
    };
    xhr.send(body ? JSON.stringify(body) : null);
  }

  /** The token name of a /media/<token>/... URL: what the server counts and breaks streams by. */
  function tokenOf(stream) {
    var match = stream && /\/media\/([^\/~]+)/.exec(stream.url);
    return match ? match[1] : null;
  }

  function breakSegments(fault, what) {
    return function (stream, report) {
      var token = tokenOf(stream);
      if (!token) return report('play a channel first: the fault breaks the one on screen');
      post(
        '/_server/faults?token=' + encodeURIComponent(token) + '&fault=' + encodeURIComponent(fault),
        null,
        report,
        'fault armed: ' + what + ' of "' + (stream.title || stream.editorialId) + '"'
      );
    };
  }

  window.TV_TELEMETRY_SAMPLE_ACTIONS = {
    corruptSegment: breakSegments('corrupt:1=seg-*', 'the next segment garbled'),
    missingSegments: breakSegments('404:6=seg-*', '404 for the next 6 segments'),
    collectorOutage: function (stream, report) {
      post('/_collector/faults', { status: 503, forSeconds: 60 }, report, 'collector down for one minute (503)');
    },
  };
})();
